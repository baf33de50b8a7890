"""An LA's profile: headline figures against its region, England and its statistical
neighbours, and its trend through council reorganisations.

Pure functions of the app tables (:class:`sufficiency.store.AppData`) and the filter
choices. A missing DfE figure stays missing, with the reason DfE or the build gives for it
(``c``, ``x``, ``k``, ``z``, ``estimate``, ``not published``...), never a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from ..geography.reorganisations import CHANGES
from ..vocab import SECTOR_SLUGS, SECTORS

ESTIMATE = "estimate"  # a figure apportioned from a former council: a value, marked
FOI_LAST_YEAR = 2024  # DfE FOI 2024-0040813 (children in children's homes) covers 2014-2024
CODE_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "k": "fewer than 1 (rounds to 0 but is not 0)",
    "z": "not applicable",
    "estimate": "estimate apportioned from a former council",
    "not published": "not published for this year",
    "not derivable": "cannot be derived from the published figures",
    "spreadsheet error": "error cell in the published spreadsheet",
    "not in panel": "not in the research panel",
}


def missing_text(flag) -> str:
    """How a missing value reads on screen: its code and what the code means."""
    if flag is None or (isinstance(flag, float) and math.isnan(flag)) or flag == "":
        return "no figure"
    flag = str(flag)
    meaning = CODE_MEANINGS.get(flag)
    if meaning is None:
        return flag
    return meaning if flag == meaning or " " in flag else f"[{flag}] {meaning}"


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    unit: str  # "count", "per10k" or "pct"
    flag_of: str | None = None  # the la_year flag column explaining a missing LA value


HEADLINES: tuple[Headline, ...] = (
    Headline("homes", "Children's homes", "count"),
    Headline("places", "Registered places", "count"),
    *(Headline(f"places_{SECTOR_SLUGS[s]}", f"Registered places: {s.lower()} sector", "count") for s in SECTORS),
    Headline("places_per_10k", "Registered places per 10,000 children", "per10k", "population_0_17_flag"),
    Headline("cla", "Children looked after", "count", "cla_flag"),
    Headline("cla_per_10k", "Children looked after per 10,000 children", "per10k", "cla_flag"),
    Headline("ch_children", "Children from this area in children's homes", "count", "ch_children_flag"),
    Headline("gap", "Gap: children in children's homes minus registered places", "count", "ch_children_flag"),
    Headline("gap_per_10k", "Gap per 10,000 children", "per10k", "ch_children_flag"),
    Headline("pct_over_20_miles", "Children looked after placed more than 20 miles from home", "pct", "cla_pct_over_20_miles_flag"),
    Headline("pct_outside_la", "Children looked after placed outside the local authority", "pct", "cla_pct_outside_la_flag"),
    Headline("ch_placed_outside_la", "Children from this area in children's homes placed outside the local authority (observed)",
             "count", "ch_placed_outside_la_flag"),
    Headline("ch_pct_outside_la", "Children from this area in children's homes placed outside the local authority, % (observed)",
             "pct", "ch_pct_outside_la_flag"),
    Headline("ch_net_gain", "Net gain: other areas' children placed in children's homes here minus this area's "
             "children placed in homes elsewhere (observed)", "count", "ch_net_gain_flag"),
)
#: The observed FOI figures on children in children's homes (``sufficiency.flows.observed``).
OBSERVED_CH = ("ch_placed_outside_la", "ch_pct_outside_la", "ch_net_gain")
HEADLINE_BY_KEY = {h.key: h for h in HEADLINES}


def fmt(value, unit: str, flag=None) -> str:
    """A value for a table cell or a headline; a missing value shows its reason."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return missing_text(flag)
    if flag == ESTIMATE:
        return fmt(value, unit) + " (estimate)"
    if unit == "pct":
        return f"{value:.1f}%"
    if unit == "per10k":
        return f"{value:,.1f}"
    return f"{round(value):,}"


# --- geography ------------------------------------------------------------------------


def resolve_la(la: str | None, area: str | None, gazetteer: pd.DataFrame) -> str | None:
    """The LA a profile is for: ``la``, else ``area`` if it is an LA; an earlier code of a
    council that was recoded or merged resolves to the current council."""
    codes = dict(zip(gazetteer["code"], gazetteer["current_code"]))
    for code in (la, area):
        if code and code in codes:
            current = codes[code]
            return current if isinstance(current, str) and current else code
    return None


def lineage(code: str, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer rows of ``code`` and its predecessors (same ``current_code``), by start year."""
    row = gazetteer[gazetteer["code"] == code]
    current = row["current_code"].iloc[0] if len(row) else None
    if isinstance(current, str) and current:
        rows = gazetteer[gazetteer["current_code"] == current]
    else:
        rows = row
    return rows.sort_values(["start", "code"]).reset_index(drop=True)


def codes_in_year(code: str, year: int, gazetteer: pd.DataFrame) -> list[str]:
    rows = lineage(code, gazetteer)
    return list(rows.loc[(rows["start"] <= year) & (rows["end"] >= year), "code"])


def years_covered(code: str, gazetteer: pd.DataFrame) -> list[int]:
    rows = lineage(code, gazetteer)
    return [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if ((rows["start"] <= y) & (rows["end"] >= y)).any()]


def lineage_note(code: str, gazetteer: pd.DataFrame) -> str | None:
    """Plain words on how the trend of a reorganised council is linked, or None."""
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    rows = lineage(code, gazetteer)
    earlier = rows[rows["code"] != code]
    if not earlier.empty:
        start = int(rows.loc[rows["code"] == code, "start"].min())
        parts = [f"{names[c]} ({c}, to {int(e)})" for c, e in zip(earlier["code"], earlier["end"])]
        how = "combined" if len(parts) > 1 else "under its earlier code"
        text = (
            f"{names[code]} has had code {code} since {start}. The trend links it to "
            f"{' and '.join(parts)}, {how}, as the gazetteer's current code does."
        )
        if code == "E06000058":
            text += (
                " Christchurch was part of Dorset County Council until 2019, and that council's"
                " figures are not split, so the years before 2019 leave Christchurch out."
            )
        return text
    split = [c for c in CHANGES if code in c.new and c.kind == "split"]
    if split:
        c = split[0]
        return (
            f"{names[code]} was formed in {c.start} when the former council {names.get(c.old, c.old)} ({c.old}) was split. "
            f"The former council's figures cannot be divided between its successors, so the trend starts in {c.start}."
        )
    return None


def neighbour_model(year: int) -> str:
    """DfE's statistical neighbour model for a year: 2025 from 2023, 2021 before."""
    return "2025" if year >= 2023 else "2021"


def neighbours(code: str, year: int, neighbours_table: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """The LA's DfE statistical neighbours for ``year``: rank, code, name, closeness."""
    model = neighbour_model(year)
    own = set(lineage(code, gazetteer)["code"])
    models = neighbours_table["model"].astype(str)
    sel = neighbours_table[(models == model) & neighbours_table["la_code"].isin(own)]
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    out = sel.sort_values("rank")[["rank", "neighbour_code", "closeness"]].rename(columns={"neighbour_code": "code"})
    out.insert(2, "name", out["code"].map(names))
    return out.drop_duplicates("code").reset_index(drop=True)


# --- values ---------------------------------------------------------------------------


def _nan() -> float:
    return float("nan")


def _supply(supply: pd.DataFrame, year: int, sectors, types, *, codes=None, region=None) -> dict:
    sel = supply[(supply["year"] == year) & supply["provision_type"].isin(list(types))]
    if codes is not None:
        sel = sel[sel["la_code"].isin(codes)]
    elif region is not None:
        sel = sel[sel["region_code"] == region]
    chosen = sel[sel["sector"].isin(list(sectors))]
    out = {"homes": float(chosen["homes"].sum()), "places": float(chosen["places"].sum())}
    for sector in SECTORS:
        part = sel[sel["sector"] == sector]
        out[f"homes_{SECTOR_SLUGS[sector]}"] = float(part["homes"].sum())
        out[f"places_{SECTOR_SLUGS[sector]}"] = float(part["places"].sum())
    return out


def _sum(rows: pd.DataFrame, col: str) -> float:
    vals = rows[col]
    return float(vals.sum()) if len(vals) and vals.notna().all() else _nan()


def _flag(rows: pd.DataFrame, col: str | None):
    if col is None or col not in rows:
        return None
    flags = rows[col].dropna()
    return flags.iloc[0] if len(flags) else None


def _ch_children(rows: pd.DataFrame) -> tuple[float, str | None]:
    """Children in children's homes (FOI), else DfE's 'secure homes and children's homes'."""
    ch = rows["ch_children"] if "ch_children" in rows else pd.Series(dtype=float)
    if len(ch) and ch.notna().all():
        return float(ch.sum()), "FOI children's homes"
    cla_ch = rows["cla_ch"] if "cla_ch" in rows else pd.Series(dtype=float)
    if len(cla_ch) and cla_ch.notna().all():
        definition = rows["cla_ch_definition"].dropna() if "cla_ch_definition" in rows else pd.Series(dtype=str)
        return float(cla_ch.sum()), "DfE " + (definition.iloc[0] if len(definition) else "secure homes and children's homes")
    return _nan(), None


def area_values(kind: str, year: int, data, sectors=SECTORS, types=("childrens_home",), codes=None, area=None) -> dict:
    """Every headline value of one area in ``year``, with ``<key>_flag`` for missing LA values.

    ``kind`` is 'la' (``codes``: the LA codes in force that year, summed when a council is
    linked to several predecessors), 'region' or 'country' (``area``: the area code).
    """
    if kind == "la":
        rows = data.la_year[(data.la_year["year"] == year) & data.la_year["la_code"].isin(codes or [])]
        out = _supply(data.supply, year, sectors, types, codes=codes or [])
    else:
        rows = data.region_year[(data.region_year["year"] == year) & (data.region_year["area_code"] == area)]
        out = _supply(data.supply, year, sectors, types, region=area if kind == "region" else None)
    present = len(rows) > 0
    pop = _sum(rows, "population_0_17") if present else _nan()
    cla = _sum(rows, "cla") if present else _nan()
    ch, ch_source = _ch_children(rows) if present else (_nan(), None)
    out.update(
        population_0_17=pop,
        cla=cla,
        cla_per_10k=cla / pop * 10_000 if pop else _nan(),
        places_per_10k=out["places"] / pop * 10_000 if pop else _nan(),
        ch_children=ch,
        ch_source=ch_source,
        gap=ch - out["places"],
        gap_per_10k=(ch - out["places"]) / pop * 10_000 if pop else _nan(),
    )
    for key, pct, count in (
        ("pct_over_20_miles", "cla_pct_over_20_miles", "cla_over_20_miles"),
        ("pct_outside_la", "cla_pct_outside_la", "cla_outside_la"),
    ):
        if kind == "la" and len(rows) > 1:
            out[key] = _sum(rows, count) / cla * 100 if cla else _nan()
        else:
            out[key] = float(rows[pct].iloc[0]) if present and pd.notna(rows[pct].iloc[0]) else _nan()
    placed = _sum(rows, "ch_placed_outside_la") if present and "ch_placed_outside_la" in rows else _nan()
    out["ch_placed_outside_la"] = placed
    out["ch_net_gain"] = _sum(rows, "ch_net_gain") if present and "ch_net_gain" in rows else _nan()
    if kind == "la" and len(rows) > 1:
        children = _sum(rows, "ch_children")
        out["ch_pct_outside_la"] = placed / children * 100 if children else _nan()
    else:
        pct = rows["ch_pct_outside_la"] if present and "ch_pct_outside_la" in rows else pd.Series(dtype=float)
        out["ch_pct_outside_la"] = float(pct.iloc[0]) if len(pct) and pd.notna(pct.iloc[0]) else _nan()
    if not present:
        out["population_0_17"] = _nan()
    for h in HEADLINES:
        if h.flag_of and kind == "la" and _flag(rows, h.flag_of) == ESTIMATE:
            out[f"{h.key}_flag"] = ESTIMATE
        if h.flag_of and not np.isfinite(out[h.key]):
            flag = _flag(rows, h.flag_of) if kind == "la" else None
            if h.key in ("ch_children", "gap", "gap_per_10k") and flag == "not published" and kind == "la":
                flag = _flag(rows, "cla_ch_flag") or flag
            out[f"{h.key}_flag"] = flag or ("z" if kind == "la" and not present else "not published")
            if h.key in OBSERVED_CH and year > FOI_LAST_YEAR:
                out[f"{h.key}_flag"] = f"not published for {year}"
    return out


def headline_table(code: str, year: int, data, sectors=SECTORS, types=("childrens_home",)) -> pd.DataFrame:
    """One row per headline figure: the LA, its region, England and its neighbours' median."""
    gaz = data.gazetteer
    region = gaz.loc[gaz["code"] == code, "region_code"].iloc[0]
    la = area_values("la", year, data, sectors, types, codes=codes_in_year(code, year, gaz))
    reg = area_values("region", year, data, sectors, types, area=region)
    eng = area_values("country", year, data, sectors, types, area=ENGLAND_CODE)
    nbrs = [
        area_values("la", year, data, sectors, types, codes=codes_in_year(n, year, gaz))
        for n in neighbours(code, year, data.neighbours, gaz)["code"]
    ]
    rows = []
    for h in HEADLINES:
        vals = pd.Series([n[h.key] for n in nbrs], dtype=float).dropna()
        none_published = h.key in OBSERVED_CH and year > FOI_LAST_YEAR
        rows.append(
            {
                "key": h.key,
                "measure": h.label,
                "unit": h.unit,
                "la": la[h.key],
                "la_flag": la.get(f"{h.key}_flag"),
                "region": reg[h.key],
                "region_flag": reg.get(f"{h.key}_flag"),
                "england": eng[h.key],
                "england_flag": eng.get(f"{h.key}_flag"),
                "neighbours_median": float(vals.median()) if len(vals) else _nan(),
                "neighbours_flag": f"not published for {year}" if none_published and not len(vals) else None,
                "neighbours_with_value": int(len(vals)),
                "neighbours": len(nbrs),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["ch_source"] = la["ch_source"]
    return out


def trend_table(code: str, data, sectors=SECTORS, types=("childrens_home",)) -> pd.DataFrame:
    """The LA (linked through its predecessors), its region and England, year by year.

    Columns: year, area ('la', 'region', 'england'), codes, every headline key and
    ``<key>_flag`` for missing LA values.
    """
    gaz = data.gazetteer
    region = gaz.loc[gaz["code"] == code, "region_code"].iloc[0]
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        codes = codes_in_year(code, year, gaz)
        if codes:
            rows.append({"year": year, "area": "la", "codes": " + ".join(codes), **area_values("la", year, data, sectors, types, codes=codes)})
        rows.append({"year": year, "area": "region", "codes": region, **area_values("region", year, data, sectors, types, area=region)})
        rows.append({"year": year, "area": "england", "codes": ENGLAND_CODE, **area_values("country", year, data, sectors, types, area=ENGLAND_CODE)})
    return pd.DataFrame(rows)
