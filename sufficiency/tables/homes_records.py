"""Choose, for each home open at 31 March of a year, the records its attributes come from.

Every row of every Ofsted source is a dated record of a home: a list row is dated at the
list's date; an official joiner row at its registration date and a leaver row at its
closure date (kept inside the year of the file); a row of Goodair's research compilation
at its event date. For year Y:

* provision type, sector, LA name and the other attributes come from the year's own list
  (the complete list first, then the inspected-only list), otherwise from the record
  nearest 31 March Y; the research compilation is used only where no Ofsted record exists;
* places likewise, from the nearest record that has places (``places_source`` says which),
  and the owning organisation from the nearest record that names one (``owner_source``);
* ratings come from the year's own provider list when the home is in it, otherwise from
  the nearest earlier provider list, otherwise from a later list whose inspection took
  place on or before 31 March Y (``rating_source`` says which); never from an inspection
  after the date.
"""

from __future__ import annotations

import pandas as pd

from ..sources.ofsted_catalogue import DATED_JOINERS_LEAVERS, JOINERS_LEAVERS, PROVIDER_LEVEL, OfstedSource
from ..sources.ofsted_providers import RATING_COLUMNS

ATTRIBUTES = ["provision_type", "sector", "owner", "la_name", "constituency", "places", "registration_date",
              "short_breaks_only"]
OWN_LIST = "own list"


def _short_label(src: OfstedSource) -> str:
    if src.kind == JOINERS_LEAVERS:
        return f"joiners/leavers {src.year - 1}-{str(src.year)[2:]}"
    if src.kind == DATED_JOINERS_LEAVERS:
        return "research compilation (Goodair)"
    return f"list {src.date.isoformat()}"


def records(frames: dict[OfstedSource, pd.DataFrame]) -> pd.DataFrame:
    """All rows of all sources with their date, tier and source labels."""
    parts = []
    for src, f in frames.items():
        r = f.copy()
        if src.is_list:
            r["rec_date"] = pd.Timestamp(src.date)
        elif src.kind == JOINERS_LEAVERS:
            lo, hi = pd.Timestamp(src.start), pd.Timestamp(src.date)
            d = r.registration_date.where(r.joiner, r.closure_date)
            fallback = pd.Series(hi, index=r.index).where(r.joiner, lo)
            r["rec_date"] = d.fillna(fallback).clip(lo, hi)
        else:
            r["rec_date"] = r.event_date
        r["rec_date"] = r["rec_date"].astype("datetime64[ns]")
        r["tier"] = 1 if src.kind == DATED_JOINERS_LEAVERS else 0
        r["kind_rank"] = 0 if src.is_list else 1
        r["is_list"], r["complete"], r["rated"] = src.is_list, src.complete, src.kind == PROVIDER_LEVEL
        r["label"], r["short_label"] = src.label, _short_label(src)
        r["research"] = src.kind == DATED_JOINERS_LEAVERS
        parts.append(r)
    out = pd.concat(parts, ignore_index=True)
    out["places_src"] = out["short_label"].where(out.places.notna())
    out["owner_src"] = out["short_label"].where(out.owner.notna())
    return out


def _ordered(recs: pd.DataFrame, urns: set[str], year: int) -> pd.DataFrame:
    target = pd.Timestamp(year, 3, 31)
    sub = recs[recs.urn.isin(urns)].copy()
    own = sub.is_list & (sub.rec_date == target)
    sub["own_rank"] = 2
    sub.loc[own & ~sub.complete, "own_rank"] = 1
    sub.loc[own & sub.complete, "own_rank"] = 0
    sub["dist"] = (sub.rec_date - target).abs().dt.days
    sub = sub.sort_values(["urn", "own_rank", "tier", "dist", "kind_rank", "rec_date"], kind="stable")
    sub["own"] = own
    return sub


def ordered(recs: pd.DataFrame, urns: set[str], year: int) -> pd.DataFrame:
    """The records of ``urns``, each home's best record for ``year`` first."""
    return _ordered(recs, urns, year)


def attributes(ordered_recs: pd.DataFrame) -> pd.DataFrame:
    """One row per home: attributes from the nearest record (first non-missing value)."""
    sub = ordered_recs.copy()
    sub["places_src"] = sub.places_src.where(~(sub.own & sub.places.notna()), OWN_LIST)
    sub["owner_src"] = sub.owner_src.where(~(sub.own & sub.owner.notna()), OWN_LIST)
    main = sub.drop_duplicates("urn")[["urn", "label", "line", "rec_date", "research", "own"]]
    main = main.rename(columns={"label": "main_label", "line": "main_line", "rec_date": "main_date",
                                "research": "main_research", "own": "main_own"})
    firsts = sub.groupby("urn", sort=False)[ATTRIBUTES + ["places_src", "owner_src"]].first()
    out = main.set_index("urn").join(firsts)
    out["short_breaks_only"] = out["short_breaks_only"].astype("boolean")
    out["places"] = out["places"].astype("Int64")
    return out.rename(columns={"places_src": "places_source", "owner_src": "owner_source"})


def ratings(recs: pd.DataFrame, urns: set[str], year: int) -> pd.DataFrame:
    """One row per home that has a usable rated record: framework, ratings, date, source."""
    target = pd.Timestamp(year, 3, 31)
    sub = recs[recs.rated & recs.urn.isin(urns)].copy()
    sub["rank"] = 1
    sub.loc[sub.rec_date == target, "rank"] = 0
    later = sub.rec_date > target
    sub.loc[later, "rank"] = 2
    sub = sub[~later | (sub.inspection_date <= target)]
    sub["dist"] = (sub.rec_date - target).abs().dt.days
    sub = sub.sort_values(["urn", "rank", "dist"]).drop_duplicates("urn")
    sub["rating_source"] = sub.short_label.where(sub["rank"] > 0, OWN_LIST)
    cols = ["framework", *RATING_COLUMNS, "inspection_date", "rating_source"]
    return sub.set_index("urn")[cols]


def latest_records(recs: pd.DataFrame, urns: set[str]) -> pd.DataFrame:
    """Each home's latest Ofsted record (research rows only where nothing else exists)."""
    sub = recs[recs.urn.isin(urns)].sort_values(["urn", "tier", "rec_date"], ascending=[True, True, False])
    last = sub.drop_duplicates("urn").set_index("urn")
    cons = sub.dropna(subset=["constituency"]).drop_duplicates("urn").set_index("urn").constituency
    out = last[["la_name", "rec_date", "research", "label", "line"]].copy()
    out["constituency"] = cons.reindex(out.index)
    return out
