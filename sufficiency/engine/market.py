"""The market's map measures: the HHI and the 5 largest owners' share of registered places.

For any set of areas of one year (the measure engine's member pairs: each area's LAs of the
year's reporting geography), computed from ``owner_supply``: an area's owners' places are
summed over its LAs first, then the shares and the index are taken (a region's or a
footprint's HHI is never an average of its LAs'). The arithmetic is
:func:`sufficiency.engine.concentration.area_owner_measures`, the same as the market view's.
Ofsted names owners from 2018: earlier years are "not published".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import lookup
from .concentration import area_owner_measures

NOT_PUBLISHED = "not published"
NO_PLACES = "no registered places of the kinds chosen"
#: measure engine formula argument -> (column of :func:`area_owner_measures`, scale)
COLUMNS = {"hhi": ("hhi", 1.0), "top5_share": ("top5_share", 100.0)}


@dataclass(frozen=True)
class _Rows:
    """The ``owner_supply`` rows of one year and filters as numbers: each row's LA (a
    position in ``las``), owner (a number, -1 where not published), places and homes."""

    las: pd.Index
    la: np.ndarray
    owner: np.ndarray
    places: np.ndarray
    homes: np.ndarray


@lru_cache(maxsize=32)
def _year_rows(data, year: int) -> tuple[_Rows, np.ndarray, np.ndarray] | None:
    """Every ``owner_supply`` row of ``year`` as numbers, with each row's sector and
    provision type; None for a year without owners."""
    t = data.owner_supply
    if t is None or t.empty:
        return None
    r = t.loc[t["year"] == int(year)]
    if r.empty:
        return None
    la, las = pd.factorize(r["la_code"].astype(object))
    owner, _ = pd.factorize(r["owner"])
    rows = _Rows(pd.Index(las, dtype=object), la, owner, r["places"].to_numpy(dtype=float),
                 r["homes"].to_numpy(dtype=float))
    return rows, r["sector"].to_numpy(dtype=object), r["provision_type"].to_numpy(dtype=object)


@lru_cache(maxsize=32)
def _la_positions(data, year: int) -> dict[str, int]:
    """LA code -> its position in ``_year_rows(data, year)``'s LAs."""
    return lookup.positions(_year_rows(data, year)[0].las)


@lru_cache(maxsize=4096)
def _rows(data, year: int, sectors: tuple, types: tuple) -> _Rows | None:
    """The rows of ``year`` and the filters; None for a year without owners."""
    whole = _year_rows(data, int(year))
    if whole is None:
        return None
    rows, sector, kind = whole
    keep = np.isin(sector, list(sectors)) & np.isin(kind, list(types))
    return _Rows(rows.las, rows.la[keep], rows.owner[keep], rows.places[keep], rows.homes[keep])


def market_values(data, year: int, sectors: tuple, types: tuple, la_codes: np.ndarray, group: np.ndarray,
                  size: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{formula argument: (values, flags)}`` for ``size`` areas whose member pairs are
    (``group[i]``: area position, ``la_codes[i]``: an LA code of the year). Values are NaN
    with a flag ("not published" before owners are named; no places of the kinds chosen)."""
    rows = _rows(data, int(year), tuple(sectors), tuple(types))
    out = {}
    if rows is None:
        for key in COLUMNS:
            out[key] = (np.full(size, np.nan), np.full(size, NOT_PUBLISHED, dtype=object))
        return out
    # every (area, row) pair of an area's LA: an LA in several areas counts in each
    pair_la = lookup.find(_la_positions(data, int(year)), la_codes)
    group = np.asarray(group, dtype=np.int64)
    ok = pair_la >= 0
    pair_la, pair_area = pair_la[ok], group[ok]
    by_la = np.argsort(pair_la, kind="stable")
    n_pairs = np.bincount(pair_la, minlength=len(rows.las))
    first = np.concatenate([[0], np.cumsum(n_pairs)[:-1]])
    repeat = n_pairs[rows.la]
    row = np.repeat(np.arange(len(rows.la)), repeat)
    within = np.arange(len(row)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    area = pair_area[by_la[first[rows.la[row]] + within]]
    measured = area_owner_measures(area, rows.owner[row], rows.places[row], rows.homes[row], size)
    for key, (col, scale) in COLUMNS.items():
        v = measured[col] * scale
        out[key] = (v, np.where(np.isnan(v), NO_PLACES, None).astype(object))
    return out
