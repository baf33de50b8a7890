"""The market's map measures: the HHI and the 5 largest owners' share of registered places.

For any set of areas of one year (the measure engine's member pairs: each area's LAs of the
year's reporting geography), computed from ``owner_supply``: an area's owners' places are
summed over its LAs first, then the shares and the index are taken (a region's or a
footprint's HHI is never an average of its LAs'). The arithmetic is
:func:`sufficiency.engine.concentration.measures_by`, the same as the market view's.
Ofsted names owners from 2018: earlier years are "not published".
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .concentration import measures_by

NOT_PUBLISHED = "not published"
NO_PLACES = "no registered places of the kinds chosen"
#: measure engine formula argument -> (column of :func:`measures_by`, scale)
COLUMNS = {"hhi": ("hhi", 1.0), "top5_share": ("top5_share", 100.0)}


@lru_cache(maxsize=64)
def _rows(data, year: int, sectors: tuple, types: tuple) -> pd.DataFrame | None:
    """The ``owner_supply`` rows of ``year`` and the filters (la_code, owner, places); None
    for a year without owners."""
    t = data.owner_supply
    if t is None or t.empty or int(year) not in set(t["year"].astype(int)):
        return None
    keep = (t["year"] == int(year)) & t["sector"].isin(list(sectors)) & t["provision_type"].isin(list(types))
    return t.loc[keep, ["la_code", "owner", "places", "homes"]].reset_index(drop=True)


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
    pairs = pd.DataFrame({"_area": np.asarray(group, dtype=int), "la_code": np.asarray(la_codes, dtype=object)})
    joined = pairs.merge(rows, on="la_code", how="inner")
    if joined.empty:
        measured = pd.DataFrame(index=pd.RangeIndex(size), columns=[c for c, _ in COLUMNS.values()], dtype=float)
    else:
        measured = measures_by(joined, "_area").reindex(pd.RangeIndex(size))
    for key, (col, scale) in COLUMNS.items():
        v = measured[col].to_numpy(dtype=float) * scale
        out[key] = (v, np.where(np.isnan(v), NO_PLACES, None).astype(object))
    return out
