"""The modelled distance figures of the area a view is about, each with its plausible range
and the children it covers, computed once for the distance view, the profile, the map's hover
and the snapshot.

* an LA, a region or England: ``flows.figure_ranges`` at that level;
* a footprint (a set of LAs): ``flows.set_figures.set_figure_ranges`` of its LAs in the year.

Every figure here is modelled and covers children in children's homes (``flows.labels``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import flows
from ..config import ENGLAND_CODE
from ..flows.labels import ALL_CLA_OBSERVED, CH_MODELLED, CH_OBSERVED, FIGURES
from ..flows.set_figures import set_figure_ranges
from ..geography.reorganisations import REGION_NAMES
from . import flow_text as ft
from .areas import chosen, members_in_year

#: The modelled figures shown with a range, in the order shown.
SHOWN = ("share_over_20", "share_over_50", "share_outside_la", "mean_miles")


def level_of(code: str) -> str:
    if code == ENGLAND_CODE:
        return "england"
    return "region" if code in REGION_NAMES else "la"


@lru_cache(maxsize=1024)  # a small frame for each year, level and sector subset (540): every one fits
def level_ranges(data, year: int, level: str, sectors: tuple) -> pd.DataFrame:
    """``flows.figure_ranges`` of every area of ``level`` ('england', 'region', 'la'), indexed by area code."""
    return flows.figure_ranges(data, int(year), by=level, sectors=sectors).set_index("area_code")


@lru_cache(maxsize=64)
def _set_ranges(data, year: int, codes: tuple, sectors: tuple) -> dict:
    return set_figure_ranges(data, int(year), list(codes), sectors=sectors)


def figure_text(key: str, value, low, high) -> str:
    """A modelled figure with its range, in words ('62% (55-66%)', '45.5 miles (25.6-50.2)')."""
    if key == "mean_miles":
        return ft.miles_range(value, low, high)
    return ft.pct_range(value, low, high)


def rows_of(values: dict) -> pd.DataFrame:
    """``values`` (figure, figure_low, figure_high for ``SHOWN``) as one row per figure: key,
    Figure (with the children it covers), value, low, high, text, basis, covers."""
    rows = []
    for key in SHOWN:
        v, lo, hi = (float(values.get(k, np.nan)) for k in (key, f"{key}_low", f"{key}_high"))
        rows.append({"key": key, "figure": FIGURES[key], "value": v, "low": lo, "high": hi,
                     "text": figure_text(key, v, lo, hi), "basis": "modelled", "covers": CH_MODELLED})
    return pd.DataFrame(rows)


def area_values(data, year: int, code: str, sectors) -> dict:
    """The ranged figures of an LA, a region or England (``figure_ranges``' row as a dict)."""
    table = level_ranges(data, int(year), level_of(code), tuple(sectors))
    return table.loc[code].to_dict() if code in table.index else {}


def footprint_values(data, year: int, codes, sectors) -> dict:
    return _set_ranges(data, int(year), tuple(sorted(set(codes))), tuple(sectors))


def figures_for(data, year: int, code: str, sectors, codes=None) -> pd.DataFrame:
    """The ranged modelled figures (``rows_of``) of an LA, a region or England (``code``), or of
    the LAs ``codes`` of ``year`` (a footprint) when given; empty when the model cannot run."""
    if not sectors:
        return rows_of({}).iloc[0:0]
    try:
        values = (footprint_values(data, year, codes, sectors) if codes is not None
                  else area_values(data, year, code, sectors))
    except (KeyError, ValueError):
        return rows_of({}).iloc[0:0]
    return rows_of(values) if values else rows_of({}).iloc[0:0]


def modelled_figures(data, state) -> pd.DataFrame:
    """The ranged modelled figures of the view's area (its footprint when it has one), for
    the state's year and sectors."""
    area = chosen(state, data)
    codes = members_in_year(area, state.year, data) if area.is_footprint else None
    return figures_for(data, state.year, area.code, state.sectors, codes)


def la_range_text(data, year: int, sectors, miles: int) -> dict:
    """``{la_code: '55-66%'}``: each LA's plausible range of its share over ``miles`` (for the map's hover)."""
    t = level_ranges(data, int(year), "la", tuple(sectors))
    key = f"share_over_{miles}"
    out = {}
    for code, lo, hi in zip(t.index, t[f"{key}_low"], t[f"{key}_high"]):
        if np.isfinite(lo) and np.isfinite(hi):
            out[code] = f"{lo * 100:.0f}-{hi * 100:.0f}%"
    return out


def populations_note() -> str:
    """What the observed and modelled figures side by side each cover, in one sentence."""
    return (f"These figures cover different children: \"{ALL_CLA_OBSERVED}\" counts every child looked after in "
            f"every kind of placement, most of them fostered close to home; \"{CH_OBSERVED}\" and \"{CH_MODELLED}\" "
            "count only children living in children's homes, whose placements are further away. Compare a figure "
            "only with one that covers the same children.")
