"""``la_year``: one row per LA per year, supply beside demand.

``la_year`` holds every LA of each year's reporting geography (152/151/152/153), with
children's-home supply (homes, places, by sector, by grade; secure children's homes and
residential special schools as separate totals) and DfE demand. A home count of 0 is a
real zero (the lists are complete); DfE values are missing (NaN) with their code kept.

Regions and England are not summed here: the measure engine (:mod:`sufficiency.engine`)
computes every area's figures, with DfE's published regional and national rows.
"""

from __future__ import annotations

import pandas as pd

from ..config import YEARS
from ..vocab import SECTOR_SLUGS
from .supply import COUNT_COLUMNS as SUPPLY_COUNTS

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
