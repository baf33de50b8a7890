"""``la_year`` and ``region_year``: one row per area per year, supply beside demand.

``la_year`` holds every LA of each year's reporting geography (152/151/152/153), with
children's-home supply (homes, places, by sector, by grade; secure children's homes and
residential special schools as separate totals) and DfE demand. A home count of 0 is a
real zero (the lists are complete); DfE values are missing (NaN) with their code kept.

``region_year`` is ``la_year`` summed over the LAs of each region and of England: every
count equals the sum of its LAs (missing LA values are left out of the sum and counted in
``<measure>_las_missing``); rates and percentages are recomputed from the summed counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, YEARS
from ..vocab import SECTOR_SLUGS
from .supply import COUNT_COLUMNS as SUPPLY_COUNTS

#: Ratios recomputed for areas from their summed parts: column -> (numerator, denominator, scale).
RATIOS = {
    "cla_rate_per_10k": ("cla", "population_0_17", 10_000),
    "cla_pct_over_20_miles": ("cla_over_20_miles", "cla", 100),
    "cla_pct_outside_la": ("cla_outside_la", "cla", 100),
    "ch_pct_outside_la": ("ch_placed_outside_la", "ch_children", 100),
}


def supply_wide(supply: pd.DataFrame) -> pd.DataFrame:
    """Children's-home supply per LA-year, in total, by sector, plus secure and RSS totals."""
    keys = ["year", "la_code"]
    ch = supply[supply["provision_type"] == "childrens_home"]
    total = ch.groupby(keys)[SUPPLY_COUNTS].sum()
    by_sector = ch.pivot_table(index=keys, columns="sector", values=["homes", "places"], aggfunc="sum", fill_value=0)
    by_sector.columns = [f"{m}_{SECTOR_SLUGS[s]}" for m, s in by_sector.columns]
    for m in ("homes", "places"):
        for slug in SECTOR_SLUGS.values():
            if f"{m}_{slug}" not in by_sector:
                by_sector[f"{m}_{slug}"] = 0
    others = []
    for ptype, suffix in (("secure_childrens_home", "secure"), ("rss_childrens_home", "rss")):
        part = supply[supply["provision_type"] == ptype].groupby(keys)[["homes", "places"]].sum()
        others.append(part.add_suffix(f"_{suffix}"))
    return pd.concat([total, by_sector, *others], axis=1)


def build_la_year(supply: pd.DataFrame, demand: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        live = gazetteer[(gazetteer["start"] <= year) & (gazetteer["end"] >= year)]
        rows.append(pd.DataFrame({"year": year, "la_code": live["code"], "region_code": live["region_code"]}))
    grid = pd.concat(rows, ignore_index=True)
    wide = supply_wide(supply)
    stray = wide.index.difference(pd.MultiIndex.from_frame(grid[["year", "la_code"]]))
    if len(stray):
        raise ValueError(f"supply for LAs outside the year's geography: {list(stray)[:5]}")
    out = grid.merge(wide.reset_index(), on=["year", "la_code"], how="left")
    supply_cols = [c for c in wide.columns]
    out[supply_cols] = out[supply_cols].fillna(0).astype("int64")
    demand_cols = [c for c in demand.columns if c not in ("year", "la_code", "region_code")]
    out = out.merge(demand[["year", "la_code", *demand_cols]], on=["year", "la_code"], how="left", validate="one_to_one")
    return out.sort_values(["year", "la_code"]).reset_index(drop=True)


def _count_columns(la_year: pd.DataFrame) -> list[str]:
    return [
        c
        for c in la_year.columns
        if c not in ("year", "la_code", "region_code")
        and c not in RATIOS
        and pd.api.types.is_numeric_dtype(la_year[c])
        and "_pct_" not in c
        and "_rate_" not in c
    ]


def build_region_year(la_year: pd.DataFrame) -> pd.DataFrame:
    counts = _count_columns(la_year)
    parts = []
    for level, key in (("region", "region_code"), ("country", None)):
        frame = la_year.assign(area_code=la_year[key] if key else ENGLAND_CODE)
        grouped = frame.groupby(["year", "area_code"])
        summed = grouped[counts].sum(min_count=1)
        missing = grouped[counts].agg(lambda s: int(s.isna().sum()))
        missing = missing.loc[:, (missing > 0).any()].add_suffix("_las_missing")
        las = grouped.size().rename("las")
        part = pd.concat([las, summed, missing], axis=1).reset_index()
        part.insert(2, "level", level)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    for col, (num, den, scale) in RATIOS.items():
        if num in la_year and den in la_year:
            both = la_year[[num, den]].notna().all(axis=1)
            sub = la_year[both]
            by_region = sub.groupby(["year", "region_code"])[[num, den]].sum()
            by_country = sub.groupby("year")[[num, den]].sum()
            by_country.index = pd.MultiIndex.from_arrays([by_country.index, [ENGLAND_CODE] * len(by_country)])
            both_sums = pd.concat([by_region, by_country])
            both_sums.index.names = ["year", "area_code"]
            ratio = (both_sums[num] / both_sums[den].replace(0, np.nan) * scale).rename(col)
            out = out.merge(ratio.reset_index(), on=["year", "area_code"], how="left")
    for c in counts:
        if pd.api.types.is_integer_dtype(la_year[c]):
            out[c] = out[c].astype("int64")
    return out.sort_values(["year", "level", "area_code"]).reset_index(drop=True)


def region_change(region_year: pd.DataFrame, measures=("homes", "places")) -> pd.DataFrame:
    """Change in each measure by area between every pair of years (from < to)."""
    rows = []
    years = sorted(region_year["year"].unique())
    idx = region_year.set_index(["area_code", "year"])
    for m in measures:
        for i, y0 in enumerate(years):
            for y1 in years[i + 1 :]:
                a = idx.xs(y0, level="year")[m]
                b = idx.xs(y1, level="year")[m]
                frame = pd.DataFrame({"area_code": a.index, "measure": m, "from_year": y0, "to_year": y1, "from_value": a.values, "to_value": b.reindex(a.index).values})
                rows.append(frame)
    out = pd.concat(rows, ignore_index=True)
    out["change"] = out["to_value"] - out["from_value"]
    out["pct_change"] = (out["change"] / out["from_value"].replace(0, np.nan) * 100).round(2)
    return out
