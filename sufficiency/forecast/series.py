"""Histories of forecast units from ``la_year``: a units x years matrix per column.

A unit's figure in a year is the sum of its member councils' figures that year (one council
for most units; predecessors or successors for a cluster, see ``units``). It is missing when
any member reported that year has no figure (a suppressed value stays missing, never zero).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import YEARS
from .units import ESTIMATE, Unit, lineage


@dataclass(frozen=True)
class Panel:
    """Values of one column for ``units`` (rows) and ``years`` (columns)."""

    units: tuple[Unit, ...]
    years: tuple[int, ...]
    values: np.ndarray  # float, NaN where missing
    estimated: np.ndarray  # bool: some member's figure was apportioned by DfE's population shares

    @property
    def codes(self) -> list[str]:
        return [u.code for u in self.units]

    def upto(self, origin: int) -> "Panel":
        """The panel cut at ``origin``: the only data a forecast from ``origin`` may see."""
        k = self.years.index(origin) + 1
        return Panel(self.units, self.years[:k], self.values[:, :k].copy(), self.estimated[:, :k].copy())

    def column(self, year: int) -> np.ndarray:
        return self.values[:, self.years.index(year)]


def _positions(keys: np.ndarray, lookup) -> np.ndarray:
    """``lookup(key)`` (an int, -1 where none) for every entry of ``keys``, computed once per distinct key."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    return np.array([lookup(k) for k in uniq], dtype=int)[inverse] if len(uniq) else np.zeros(0, int)


def panels(la_year: pd.DataFrame, columns, units: list[Unit], years=YEARS) -> dict[str, Panel]:
    """The units' figures of each of ``columns`` in each of ``years`` (rows placed once for all columns)."""
    member_of = {m: i for i, u in enumerate(units) for m in u.members}
    year_of = {y: j for j, y in enumerate(years)}
    row = _positions(la_year["la_code"].to_numpy(dtype=object).astype(str), lambda c: member_of.get(lineage(c), -1))
    col = _positions(la_year["year"].to_numpy().astype(int), lambda y: year_of.get(int(y), -1))
    keep = (row >= 0) & (col >= 0)
    row, col = row[keep], col[keep]
    shape = (len(units), len(years))
    present = np.zeros(shape)
    np.add.at(present, (row, col), 1)
    out = {}
    for column in columns:
        vals = pd.to_numeric(la_year[column], errors="coerce").to_numpy(dtype=float)[keep]
        flag = la_year.get(f"{column}_flag")
        est = flag.eq(ESTIMATE).to_numpy()[keep] if flag is not None else np.zeros(len(vals), bool)
        total = np.zeros(shape)
        missing = np.zeros(shape)
        estimated = np.zeros(shape, bool)
        np.add.at(total, (row, col), np.nan_to_num(vals))
        np.add.at(missing, (row, col), np.isnan(vals))
        np.logical_or.at(estimated, (row, col), est)
        values = np.where((present > 0) & (missing == 0), total, np.nan)
        out[column] = Panel(tuple(units), tuple(years), values, estimated)
    return out


def panel(la_year: pd.DataFrame, column: str, units: list[Unit], years=YEARS) -> Panel:
    """The units' figures of ``column`` in each of ``years``."""
    return panels(la_year, [column], units, years)[column]
