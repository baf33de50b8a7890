"""Helpers shared by the snapshot's tables: the area, cached calls of the app's slower
functions, codes in cells, and table metadata."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from ..metrics import profile as pm


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str  # 'la', 'region' or 'country'
    region: str | None  # the region code of an LA
    year: int  # the year shown (an LA that did not exist in the year chosen: its nearest year)


def _finish(frame: pd.DataFrame, title: str, formats: dict) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.attrs = {"title": title, "formats": {k: v for k, v in formats.items() if k in frame.columns or k == "_rows"}}
    return frame


def _with_codes(values, flags) -> list:
    """Values with each missing one replaced by its DfE/build code (text), if it has one."""
    out = []
    for v, f in zip(values, flags):
        if v is None or not np.isfinite(float(v)):
            out.append(f if isinstance(f, str) and f and f != pm.ESTIMATE else None)
        else:
            out.append(float(v))
    return out


def _key(state) -> tuple:
    return tuple(state.sectors), tuple(state.provision_types)


class _DataKey:
    """Hashable handle on an AppData: equal when it holds the same table objects."""

    def __init__(self, data):
        self.data = data
        self.key = (str(data.folder), id(data.supply), id(data.la_year), id(data.region_year), id(data.gazetteer))

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _DataKey) and other.key == self.key


def _area_trend(handle: _DataKey, code: str, sectors: tuple, types: tuple) -> pd.DataFrame:
    """A region's or England's headline values year by year."""
    level = "country" if code == ENGLAND_CODE else "region"
    return pd.DataFrame([
        {"year": year, "code": code, "codes": code, **pm.area_values(level, year, handle.data, sectors, types, area=code)}
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    ])


_FUNCTIONS = {
    "area_trend": _area_trend,
    "trend_table": lambda h, code, sectors, types: pm.trend_table(code, h.data, sectors, types),
    "headline_table": lambda h, code, year, sectors, types: pm.headline_table(code, year, h.data, sectors, types),
}


@lru_cache(maxsize=128)
def _memo_cached(name: str, handle: _DataKey, *args) -> pd.DataFrame:
    return _FUNCTIONS[name](handle, *args)


def memo(name: str, data, *args) -> pd.DataFrame:
    """``name``'s table for ``data`` and ``args`` (hashable), cached: the app's profile and
    area functions are the slow part of a snapshot. A copy, so callers may change it."""
    out = _memo_cached(name, _DataKey(data), *args)
    copy = out.copy()
    copy.attrs = dict(out.attrs)
    return copy


def _codes(area: Area, data):
    """``codes_in_year(year)`` of an LA area (its codes through reorganisations), else None."""
    if area.level != "la":
        return None
    years = _lineage_codes(_DataKey(data), area.code)
    return lambda y: list(years.get(int(y), ()))


@lru_cache(maxsize=256)
def _lineage_codes(handle: _DataKey, code: str) -> dict:
    return {y: tuple(pm.codes_in_year(code, y, handle.data.gazetteer)) for y in range(FIRST_YEAR, LAST_YEAR + 1)}


