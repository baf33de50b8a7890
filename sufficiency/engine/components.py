"""The LA-level counts every measure is computed from, for one year and filter choice.

One row per LA of the year's reporting geography. Supply counts (Ofsted) follow the
sectors and provision types chosen; a count of homes is never missing (the lists are
complete, published or rebuilt). Demand counts (DfE) are floats, NaN where DfE gives a
code, with the code kept beside them.

``ch_children`` (children in children's homes, DfE FOI) is derived from a count and a
whole-number percentage, so it is rounded to whole children and labelled estimated.

The supply table is held once per data object as a dense array (LA x provision type x
sector x count) for each year, so a filter choice is a sum over two axes, not a groupby.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..vocab import PROVISION_TYPES, SECTOR_SLUGS, SECTORS
from .registry import GRADES

#: DfE columns of ``la_year`` (counts and the LA's own published percentages and rates).
DEMAND = (
    "population_0_17", "cla", "cla_rate_per_10k", "cla_ch", "ch_children", "ch_placed_outside_la",
    "ch_pct_outside_la", "ch_net_gain", "cla_over_20_miles", "cla_pct_over_20_miles", "cla_outside_la",
    "cla_pct_outside_la",
)
#: Supply counts that follow the sector and type filters.
SUPPLY = ("homes", "places", *(f"homes_{g}" for g in GRADES))
#: Counts of graded homes the rating shares are made of (they follow both filters).
GRADED_COUNTS = {
    "homes_inspected": tuple(f"homes_{g}" for g in GRADES),
    "homes_good_or_better": ("homes_outstanding", "homes_good"),
    "homes_ri_or_inadequate": ("homes_requires_improvement", "homes_inadequate"),
}
#: Supply counts by sector (they follow the type filter only).
BY_SECTOR = tuple(f"{m}_{SECTOR_SLUGS[s]}" for m in ("homes", "places") for s in SECTORS)
ESTIMATED_COUNTS = ("ch_children",)
TYPES = tuple(PROVISION_TYPES)


@dataclass(frozen=True, eq=False)
class YearBlock:
    """One year's LAs: their codes, regions, supply cube and DfE figures with flags."""

    codes: pd.Index
    regions: np.ndarray
    cube: np.ndarray  # LA x type x sector x SUPPLY
    demand: dict  # column -> float array
    flags: dict  # column -> object array (None where no code)


@lru_cache(maxsize=16)
def _blocks(data) -> dict[int, YearBlock]:
    la = data.la_year
    s = data.supply
    out = {}
    type_pos = {t: i for i, t in enumerate(TYPES)}
    sector_pos = {x: i for i, x in enumerate(SECTORS)}
    for year, t in la.groupby("year", sort=True):
        codes = pd.Index(t["la_code"].to_numpy(dtype=object), dtype=object, name="la_code")
        cube = np.zeros((len(codes), len(TYPES), len(SECTORS), len(SUPPLY)))
        sy = s[s["year"] == year]
        rows = codes.get_indexer(sy["la_code"].to_numpy(dtype=object))
        ok = rows >= 0
        ti = sy["provision_type"].map(type_pos).to_numpy()
        si = sy["sector"].map(sector_pos).to_numpy()
        vals = sy[list(SUPPLY)].to_numpy(dtype=float)
        np.add.at(cube, (rows[ok], ti[ok], si[ok]), vals[ok])
        demand, flags = {}, {}
        for col in DEMAND:
            v = t[col].to_numpy(dtype=float)
            demand[col] = np.round(v) if col in ESTIMATED_COUNTS else v
            f = t.get(f"{col}_flag")
            flags[col] = (np.array([x if isinstance(x, str) and x else None for x in f], dtype=object)
                          if f is not None else np.full(len(codes), None, dtype=object))
        out[int(year)] = YearBlock(codes, t["region_code"].to_numpy(dtype=object), cube, demand, flags)
    return out


def block(data, year: int) -> YearBlock:
    try:
        return _blocks(data)[int(year)]
    except KeyError:
        raise KeyError(f"no LAs in the tables for {year}") from None


@dataclass(frozen=True, eq=False)
class Components:
    """The counts of every LA of a year for one filter choice (arrays by LA position)."""

    codes: pd.Index
    regions: np.ndarray
    values: dict  # column -> float array
    flags: dict  # column -> object array

    def frame(self) -> pd.DataFrame:
        """The same as a DataFrame indexed by LA code (for tables shown on screen)."""
        return pd.DataFrame(self.values, index=self.codes)


@lru_cache(maxsize=4096)
def components(data, year: int, sectors: tuple, types: tuple) -> Components:
    """Supply for the filters beside DfE demand, one row per LA of ``year`` (shared, read-only)."""
    b = block(data, year)
    ti = [i for i, t in enumerate(TYPES) if t in set(types)]
    si = [i for i, x in enumerate(SECTORS) if x in set(sectors)]
    by_type = b.cube[:, ti].sum(axis=1)  # LA x sector x count
    chosen = by_type[:, si].sum(axis=1)  # LA x count
    values = dict(b.demand)
    for k, col in enumerate(SUPPLY):
        values[col] = chosen[:, k]
    for col, parts in GRADED_COUNTS.items():
        values[col] = sum(values[p] for p in parts)
    for k, sector in enumerate(SECTORS):
        values[f"homes_{SECTOR_SLUGS[sector]}"] = by_type[:, k, SUPPLY.index("homes")]
        values[f"places_{SECTOR_SLUGS[sector]}"] = by_type[:, k, SUPPLY.index("places")]
    return Components(b.codes, b.regions, values, b.flags)
