"""What the views, exports and commands ask of the engine: one measure for a level, every
measure for one area, a trend, the years a measure has figures. All read
:func:`~sufficiency.engine.compute.measure_table` (or the modelled measures), so a figure
shown in two places is the same number.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, YEARS
from ..geography.lineage import codes_in_year
from ..geography.reorganisations import REGION_NAMES
from ..vocab import PROVISION_TYPES, SECTORS
from . import areas as A
from .compute import measure_arrays, measure_row, measure_table
from .modelled import modelled_table
from .projected import projected_table
from .registry import MEASURES, MODELLED_MEASURES, PROJECTED_MEASURES, TABLE_MEASURES

LEVELS = ("la", "region", "country")
REGION_CODES = tuple(sorted(REGION_NAMES))


def level_of(code: str) -> str:
    """'country' for England, 'region' for a region (E12), else 'la'."""
    if code == ENGLAND_CODE:
        return "country"
    return "region" if code in REGION_NAMES else "la"


def areas_for(code: str) -> A.Areas:
    """The areas value that holds ``code``'s figures: England, one region, or one LA."""
    kind = level_of(code)
    if kind == "country":
        return A.england()
    if kind == "region":
        return A.Areas(A.REGION, (code,))
    return A.one_la(code)


def table(data, year: int, sectors, types, areas: A.Areas, baseline: int | None = None, *, modelled: bool = False
          ) -> pd.DataFrame:
    """Every measure of ``areas`` (the modelled ones too when ``modelled``), with the projected ones."""
    out = measure_table(data, int(year), tuple(sectors), tuple(types), areas, baseline)
    projected = [projected_table(data, k, int(year), areas) for k in PROJECTED_MEASURES]
    out = pd.concat([out, *[p[[k, f"{k}__flag", f"{k}__basis", f"{k}__n"]].reindex(out.index)
                            for k, p in zip(PROJECTED_MEASURES, projected)]], axis=1)
    if modelled:
        parts = [modelled_table(data, k, int(year), tuple(sectors), areas) for k in MODELLED_MEASURES]
        out = pd.concat([out, *[p.reindex(out.index) for p in parts]], axis=1)
    return out


def column(data, key: str, year: int, sectors, types, areas: A.Areas, baseline: int | None = None) -> pd.DataFrame:
    """``key``'s value, flag, basis and coverage for ``areas`` (columns value, flag, basis, n, las;
    shared, read-only)."""
    return _column(data, key, int(year), tuple(sectors), tuple(types), areas, baseline)


@lru_cache(maxsize=2048)
def _column(data, key: str, year: int, sectors: tuple, types: tuple, areas: A.Areas, baseline: int | None) -> pd.DataFrame:
    if key in MODELLED_MEASURES:
        t = modelled_table(data, key, int(year), tuple(sectors), areas)
        index, cols = measure_arrays(data, year, sectors, types, areas, None)
        las = pd.Series(cols["las"], index=index).reindex(t.index).to_numpy()
        value, flag, basis, n = (t[c].to_numpy() for c in (key, f"{key}__flag", f"{key}__basis", f"{key}__n"))
        index = t.index
    elif key in PROJECTED_MEASURES:
        t = projected_table(data, key, int(year), areas)
        index, cols = measure_arrays(data, year, sectors, types, areas, None)
        las = pd.Series(cols["las"], index=index).reindex(t.index).to_numpy()
        value, flag, basis, n = (t[c].to_numpy() for c in (key, f"{key}__flag", f"{key}__basis", f"{key}__n"))
        index = t.index
    else:
        index, cols = measure_arrays(data, year, sectors, types, areas, baseline)
        value, flag, basis, n, las = (cols[c] for c in (key, f"{key}__flag", f"{key}__basis", f"{key}__n", "las"))
    out = pd.DataFrame({"value": value, "n": n, "las": las}, index=index)
    out["flag"] = pd.Series(flag, index=index, dtype=object)
    out["basis"] = pd.Series(basis, index=index, dtype=object)
    return out


def values(data, key: str, year: int, sectors, types, level: str = "la", baseline: int | None = None) -> pd.Series:
    """``key`` for every area of ``level`` ('la', 'region', 'country') in ``year``."""
    return column(data, key, year, sectors, types, A.level(level), baseline)["value"].rename(key)


def area_row(data, code: str, year: int, sectors, types, baseline: int | None = None, *, modelled: bool = True,
             areas: A.Areas | None = None) -> dict:
    """Every measure of one area (England, a region, an LA through its lineage, or the row
    ``code`` of ``areas``, e.g. a footprint), as a dict."""
    areas = areas or areas_for(code)
    row = measure_row(data, int(year), tuple(sectors), tuple(types), areas, code, baseline)
    if modelled:
        for key in MODELLED_MEASURES:
            t = modelled_table(data, key, int(year), tuple(sectors), areas)
            for column in (key, f"{key}__flag", f"{key}__basis", f"{key}__n"):
                value = t.at[code, column]
                row[column] = value.item() if hasattr(value, "item") else value
    return row


@lru_cache(maxsize=64)
def years_with(data, key: str) -> tuple[int, ...]:
    """The years in which ``key`` has a value for at least one LA (every sector and type)."""
    out = []
    for year in YEARS:
        if MEASURES[key].needs_baseline:
            if year == YEARS[0]:
                continue
            s = values(data, key, year, SECTORS, tuple(PROVISION_TYPES), "la", YEARS[0])
        else:
            s = values(data, key, year, SECTORS, tuple(PROVISION_TYPES), "la")
        if np.isfinite(s.to_numpy(dtype=float)).any():
            out.append(year)
    return tuple(out)


@lru_cache(maxsize=4096)
def trend(data, code: str, sectors: tuple, types: tuple, areas: A.Areas | None = None) -> pd.DataFrame:
    """``code`` (an LA through its lineage, a region, England, or the row of ``areas``, e.g. a
    footprint) year by year, 2014-2025: one row per year that it has LAs, every table measure
    with flag, basis and coverage. ``codes`` names the LA codes summed each year."""
    group = areas is not None and areas.kind == A.GROUP
    areas = areas or areas_for(code)
    rows, years, codes = [], [], []
    for year in YEARS:
        row = measure_row(data, year, sectors, types, areas, code, None)
        if row["las"] == 0:
            continue
        rows.append(row)
        years.append(year)
        if group:
            codes.append(" + ".join(sorted(A.members(data, areas, year)["la_code"])))
        else:
            codes.append(" + ".join(codes_in_year(code, year, data.gazetteer)) if level_of(code) == "la" else code)
    out = _frame_of_rows(rows)
    out["year"] = np.array(years, dtype=np.int64)
    out["codes"] = pd.Series(codes, dtype=object)
    out.attrs["code"] = code
    return out


def _frame_of_rows(rows: list[dict]) -> pd.DataFrame:
    """Rows of :func:`measure_row` (the same keys) as one frame: its numbers one float block,
    its texts (flags, bases) one object block, in the rows' column order."""
    if not rows:
        return pd.DataFrame()
    columns = list(rows[0])
    numeric = [c for c in columns if isinstance(rows[0][c], (int, float, np.number))
               and not isinstance(rows[0][c], bool) and all(isinstance(r[c], (int, float, np.number)) for r in rows)]
    chosen = set(numeric)
    text = [c for c in columns if c not in chosen]
    nums = pd.DataFrame(np.array([[r[c] for c in numeric] for r in rows], dtype=float), columns=numeric)
    cells = np.array([[r[c] for c in text] for r in rows], dtype=object).reshape(len(rows), len(text))
    # as a frame of the rows would hold them: a text column's missing values NaN (None where all are)
    none = cells == None  # noqa: E711 (element-wise)
    cells[none & ~none.all(axis=0)] = np.nan
    texts = pd.DataFrame(cells, columns=text, dtype=object)
    return pd.concat([nums, texts], axis=1)[columns]


__all__ = ["LEVELS", "REGION_CODES", "TABLE_MEASURES", "area_row", "areas_for", "column", "level_of", "table", "trend",
           "values", "years_with"]


@lru_cache(maxsize=512)
def region_series(data, sectors: tuple, types: tuple) -> pd.DataFrame:
    """Homes, places and places per 10,000 children by region and year, with England, and
    each region's share of England's homes and places (%)."""
    rows = []
    for year in YEARS:
        for areas in (A.regions(), A.england()):
            index, cols = measure_arrays(data, year, sectors, types, areas, None)
            for i, code in enumerate(index):
                rows.append({"year": year, "region_code": code, "region": REGION_NAMES.get(code, "England"),
                             "homes": int(cols["homes"][i]), "places": int(cols["places"][i]),
                             "places_per_10k": float(cols["places_per_10k"][i])})
    out = pd.DataFrame(rows)
    total = out[out["region_code"] == ENGLAND_CODE].set_index("year")
    for what in ("homes", "places"):
        denom = out["year"].map(total[what]).replace(0, np.nan)
        out[f"share_{what}"] = (out[what] / denom * 100).round(2)
    return out


@lru_cache(maxsize=128)
def region_change(data, baseline: int, year: int, sectors: tuple, types: tuple) -> pd.DataFrame:
    """Homes and places by region and England in ``baseline`` and ``year``: change and % change."""
    s = region_series(data, sectors, types).set_index(["region_code", "year"])
    rows = []
    for code in (*REGION_CODES, ENGLAND_CODE):
        row = {"region_code": code, "region": REGION_NAMES.get(code, "England")}
        for what in ("homes", "places"):
            b, a = int(s.at[(code, baseline), what]), int(s.at[(code, year), what])
            row[f"{what}_{baseline}"] = b
            row[f"{what}_{year}"] = a
            row[f"{what}_change"] = a - b
            row[f"{what}_pct_change"] = round((a - b) / b * 100, 1) if b else np.nan
        rows.append(row)
    return pd.DataFrame(rows)
