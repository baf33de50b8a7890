"""Helpers shared by the snapshot's tables: the area, codes in cells, table metadata."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..engine.registry import MEASURES
from ..flags import ESTIMATE
from ..formats import is_number
from ..geography.lineage import codes_in_year


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str  # 'la', 'region', 'country' or 'footprint'
    region: str | None  # the region code of an LA (of a footprint whose LAs share one)
    year: int  # the year shown (an LA that did not exist in the year chosen: its nearest year)
    areas: object = None  # the engine's areas of a footprint (None: the code's own)

    @property
    def file_code(self) -> str:
        """The code as a file name can hold it."""
        return self.code.replace("footprint:", "footprint-").replace(",", "-")[:60]


#: ``frame.attrs`` key: the number format kind of each row (a table whose rows are measures).
ROW_KINDS = "row_kinds"


def _finish(frame: pd.DataFrame, title: str, formats: dict) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.attrs = {"title": title, "formats": {k: v for k, v in formats.items() if k in frame.columns or k == "_rows"}}
    return frame


def _with_codes(values, flags) -> list:
    """Values with each missing one replaced by its DfE/build code (text), if it has one."""
    out = []
    for v, f in zip(values, flags):
        if not is_number(v):
            out.append(f if isinstance(f, str) and f and f != ESTIMATE else None)
        else:
            out.append(float(v))
    return out


def _key(state) -> tuple:
    return tuple(state.sectors), tuple(state.provision_types)


def _codes(area: Area, data):
    """``codes_in_year(year)`` of an LA area (its codes through reorganisations), else None."""
    if area.level == "footprint":
        from ..engine.areas import members

        return lambda y: sorted(set(members(data, area.areas, int(y))["la_code"]))
    if area.level != "la":
        return None
    return lambda y: codes_in_year(area.code, int(y), data.gazetteer)


def coverage_notes(frame: pd.DataFrame, keys) -> list[str]:
    """For each row of an engine table, the figures that cover only some LAs, in words."""
    out = []
    for _, row in frame.iterrows():
        parts = []
        for key in keys:
            n, las = row.get(f"{key}__n", np.nan), row.get("las", np.nan)
            if is_number(n) and is_number(las) and 0 < n < las:
                parts.append(f"{MEASURES[key].label}: {int(n)} of {int(las)} LAs")
        out.append("; ".join(parts))
    return out
