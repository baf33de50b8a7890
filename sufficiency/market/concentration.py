"""How concentrated the ownership of registered places is, for any set of LAs.

Pure functions on the ``owner_supply`` table (owner x LA x year x sector x provision
type). An area is given by ``la_codes``: the LA codes of the year's reporting geography (one LA,
a region's LAs, a footprint), a function of the year giving them (for trends across
council reorganisations, see :mod:`sufficiency.market.areas`), or ``None`` for England. Shares are fractions (0-1) of all the area's
registered places in the chosen sectors and provision types, including places whose owner
is not published (those places belong to no owner, so the shares of the named owners add
up to less than 1 and the HHI is then a lower bound). Every figure here is derived from
Ofsted's lists (published or rebuilt: ``list_status``).

The Herfindahl-Hirschman index (HHI) is the sum over owners of the squared share in per
cent: 0 to 10,000 (one owner). Bands: :data:`HHI_BANDS`. The index arithmetic is in
:mod:`sufficiency.engine.concentration`, shared with the engine's map measures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from ..engine.concentration import (  # noqa: F401  (re-exported: the index arithmetic is the engine's)
    DEFAULT_BANDS,
    HHI_BANDS,
    MEASURE_COLUMNS,
    TOP,
    Bands,
    hhi,
    hhi_band,
    measures_by,
    top_share,
)
from ..vocab import NO_RATING_SLUG, RATING_SLUGS, SECTORS

#: The LAs of an area: codes, a function year -> codes, or None for England.
LaCodes = Iterable[str] | Callable[[int], Iterable[str]] | None

DEFAULT_TYPES = ("childrens_home",)
DEFAULT_THRESHOLD = 0.10
GRADE_COLUMNS = [f"homes_{g}" for g in (*RATING_SLUGS.values(), NO_RATING_SLUG)]


def codes_for(la_codes: LaCodes, year: int) -> list[str] | None:
    """The LA codes of an area in ``year`` (None for England)."""
    if la_codes is None:
        return None
    return list(la_codes(int(year)) if callable(la_codes) else la_codes)


def select(table: pd.DataFrame, year: int | Iterable[int] | None = None, la_codes: LaCodes = None,
           sectors: Iterable[str] | None = None, provision_types: Iterable[str] | None = DEFAULT_TYPES) -> pd.DataFrame:
    """The rows of ``table`` (``owner_supply`` or ``openings``) for the area, year(s), sectors and types."""
    t = table
    keep = pd.Series(True, index=t.index)
    years = None
    if year is not None:
        years = [int(year)] if isinstance(year, (int, np.integer)) else [int(y) for y in year]
        keep &= t["year"].isin(years)
    if la_codes is not None and not callable(la_codes):
        keep &= t["la_code"].isin(list(la_codes))
    keep &= t["sector"].isin(list(sectors) if sectors is not None else list(SECTORS))
    if provision_types is not None:
        keep &= t["provision_type"].isin(list(provision_types))
    out = t[keep]
    if callable(la_codes):  # the area's LAs of each year: one membership test on (year, LA) pairs
        ys = years if years is not None else sorted(int(y) for y in out["year"].unique())
        wanted = [(int(y), c) for y in ys for c in codes_for(la_codes, y)]
        if not wanted:  # the area had no LA in those years (a council created later, asked for before)
            return out.iloc[:0]
        pairs = pd.MultiIndex.from_tuples(wanted)
        out = out[pd.MultiIndex.from_arrays([out["year"].astype(int), out["la_code"]]).isin(pairs)]
    return out


def owner_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per named owner: homes, places, homes by grade, share of all places of ``rows``."""
    total = float(rows["places"].sum())
    named = rows[rows["owner"].notna()]
    cols = ["homes", "places", "homes_places_unknown", *GRADE_COLUMNS]
    out = named.groupby("owner")[cols].sum()
    out["share"] = out["places"] / total if total else np.nan
    out = out.reset_index().sort_values(["places", "homes", "owner"], ascending=[False, False, True], ignore_index=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def measures(rows: pd.DataFrame, scheme: str = DEFAULT_BANDS) -> dict:
    """Concentration of one area-year from its ``owner_supply`` rows."""
    if rows.empty:
        return {c: 0 for c in MEASURE_COLUMNS} | {"hhi": float("nan"), "hhi_band": None,
                                                  **{f"top{k}_share": float("nan") for k in TOP}}
    row = measures_by(rows.assign(_area=0), "_area", scheme).iloc[0]
    out = {c: row[c] for c in MEASURE_COLUMNS}
    for c in ("owners", "homes", "places", "homes_owner_unknown", "places_owner_unknown"):
        out[c] = int(out[c])
    for c in ("hhi", *[f"top{k}_share" for k in TOP]):
        out[c] = float(out[c])
    out["hhi_band"] = out["hhi_band"] if isinstance(out["hhi_band"], str) else None
    return out


def concentration(owner_supply: pd.DataFrame, year: int, la_codes: LaCodes = None,
                  sectors: Iterable[str] | None = None, provision_types: Iterable[str] | None = DEFAULT_TYPES,
                  scheme: str = DEFAULT_BANDS) -> dict:
    """Owners, HHI (0-10,000) and its band, top 1/5/10 shares (0-1) of one area in ``year``.

    Raises ``ValueError`` for a year without owners (Ofsted names owners from 2018).
    """
    _check_year(owner_supply, year)
    out = measures(select(owner_supply, year, la_codes, sectors, provision_types), scheme)
    out["year"] = int(year)
    out["list_status"] = _status(owner_supply, year)
    return out


def concentration_trend(owner_supply: pd.DataFrame, la_codes: LaCodes = None,
                        sectors: Iterable[str] | None = None, provision_types: Iterable[str] | None = DEFAULT_TYPES,
                        years: Iterable[int] | None = None, scheme: str = DEFAULT_BANDS) -> pd.DataFrame:
    """One row per year with owners: the :func:`concentration` measures of the area."""
    years = [int(y) for y in (sorted(owner_supply["year"].unique()) if years is None else sorted(years))]
    for y in years:
        _check_year(owner_supply, y)
    rows = select(owner_supply, years, la_codes, sectors, provision_types)
    out = measures_by(rows, "year", scheme).reindex(years)
    for c in ("owners", "homes", "places", "homes_owner_unknown", "places_owner_unknown"):
        out[c] = out[c].fillna(0).astype(int)
    out = out.rename_axis("year").reset_index()
    out.insert(1, "list_status", [_status(owner_supply, y) for y in years])
    return out[["year", "list_status", *MEASURE_COLUMNS]]


def concentration_by(owner_supply: pd.DataFrame, year: int, by: str = "la_code", sectors: Iterable[str] | None = None,
                     provision_types: Iterable[str] | None = DEFAULT_TYPES, scheme: str = DEFAULT_BANDS) -> pd.DataFrame:
    """The :func:`concentration` measures of every LA (``by="la_code"``) or region (``"region_code"``).

    LAs or regions without homes of the chosen kinds have no row (no places: no HHI).
    """
    _check_year(owner_supply, year)
    rows = select(owner_supply, year, None, sectors, provision_types)
    return measures_by(rows, by, scheme).reset_index()


def largest_owners(owner_supply: pd.DataFrame, year: int, la_codes: LaCodes = None, n: int | None = 10,
                   sectors: Iterable[str] | None = None, provision_types: Iterable[str] | None = DEFAULT_TYPES,
                   baseline: int | None = None) -> pd.DataFrame:
    """The ``n`` owners with most places in the area (all if ``n`` is None), largest first.

    Columns: rank, owner, homes, places, share (0-1 of the area's places), homes by grade,
    and with a ``baseline`` year: places_baseline, share_baseline, places_change_since_baseline,
    share_change_since_baseline (an owner absent in the baseline has 0 places then), the area's LAs taken
    in each year's geography when ``la_codes`` is a function of the year.
    """
    _check_year(owner_supply, year)
    now = owner_totals(select(owner_supply, year, la_codes, sectors, provision_types))
    if n is not None:
        now = now.head(n)
    if baseline is not None:
        _check_year(owner_supply, baseline)
        base = owner_totals(select(owner_supply, baseline, la_codes, sectors, provision_types)).set_index("owner")
        # numbers even where the baseline (or the year) has no homes of the chosen kinds
        now["places_baseline"] = pd.to_numeric(now["owner"].map(base["places"]), errors="coerce").fillna(0).astype(int)
        now["share_baseline"] = pd.to_numeric(now["owner"].map(base["share"]), errors="coerce").fillna(0.0)
        now["places_change_since_baseline"] = pd.to_numeric(now["places"]) - now["places_baseline"]
        now["share_change_since_baseline"] = pd.to_numeric(now["share"], errors="coerce") - now["share_baseline"]
    return now.drop(columns=["homes_places_unknown"]).reset_index(drop=True)


def owner_trend(owner_supply: pd.DataFrame, owners: Iterable[str], la_codes: LaCodes = None,
                sectors: Iterable[str] | None = None, provision_types: Iterable[str] | None = DEFAULT_TYPES,
                years: Iterable[int] | None = None) -> pd.DataFrame:
    """Places, homes and share of the area's places of each of ``owners``, year by year (0 when absent)."""
    owners = list(owners)
    years = sorted(owner_supply["year"].unique()) if years is None else sorted(years)
    rows = select(owner_supply, years, la_codes, sectors, provision_types)
    totals = rows.groupby("year")["places"].sum().reindex(years, fill_value=0)
    mine = rows[rows["owner"].isin(owners)].groupby(["owner", "year"])[["homes", "places"]].sum()
    grid = pd.MultiIndex.from_product([owners, years], names=["owner", "year"])
    out = mine.reindex(grid, fill_value=0).reset_index()
    total = out["year"].map(totals).astype(float)
    out["share"] = (out["places"] / total.replace(0, np.nan)).astype(float)
    out["list_status"] = out["year"].map(lambda y: _status(owner_supply, y))
    return out


def difficult_to_replace(owner_supply: pd.DataFrame, year: int, la_codes: LaCodes = None,
                         threshold: float = DEFAULT_THRESHOLD, sectors: Iterable[str] | None = None,
                         provision_types: Iterable[str] | None = DEFAULT_TYPES, baseline: int | None = None) -> pd.DataFrame:
    """Owners holding more than ``threshold`` (0-1) of the area's places: "difficult to replace" candidates.

    The columns of :func:`largest_owners` (rating mix: homes by grade; trend: change since
    ``baseline``, default the first year with owners), plus ``places_previous`` (year - 1,
    where there are owners that year) and ``pct_good_or_better`` (of homes with a grade).
    """
    if not 0 <= threshold < 1:
        raise ValueError(f"the share threshold must be between 0 and 1 (got {threshold})")
    first = int(owner_supply["year"].min())
    baseline = first if baseline is None else baseline
    out = largest_owners(owner_supply, year, la_codes, None, sectors, provision_types, baseline)
    out = out[out["share"] > threshold].reset_index(drop=True)
    if year - 1 >= first:
        prev = owner_totals(select(owner_supply, year - 1, la_codes, sectors, provision_types)).set_index("owner")
        out["places_previous"] = out["owner"].map(prev["places"]).fillna(0).astype(int)
    else:
        out["places_previous"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    graded = out[[f"homes_{g}" for g in RATING_SLUGS.values()]].sum(axis=1)
    good = out["homes_outstanding"] + out["homes_good"]
    out["pct_good_or_better"] = (good / graded.replace(0, np.nan) * 100).astype(float)
    out["threshold"] = threshold
    return out


def _status(owner_supply: pd.DataFrame, year: int) -> str:
    s = owner_supply.loc[owner_supply["year"] == year, "list_status"]
    return str(s.iloc[0]) if len(s) else ""


def _check_year(owner_supply: pd.DataFrame, year: int) -> None:
    years = set(int(y) for y in owner_supply["year"].unique())
    if int(year) not in years:
        first = min(years) if years else None
        raise ValueError(f"no owners for {year}: Ofsted names the owners of children's homes from {first}"
                         if first and year < first else f"no owners for {year} in the data")
