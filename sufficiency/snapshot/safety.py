"""What every snapshot export does to a table before writing it.

* Counts below 5 in a table that came from an upload are suppressed (shown as ``"<5"``),
  because uploaded figures come from a council's own child-level data.
* Every text cell, and every header, is neutralised against spreadsheet formulas with the
  project's single guard, :func:`sufficiency.safety.neutralise`. Numbers are left as numbers.
* DfE suppression codes (``c``, ``k``, ``x``, ``z``...) are text and stay as they are.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ..safety import neutralise

SUPPRESSED = "<5"
THRESHOLD = 5
UPLOADED = "uploaded"  # frame.attrs key: True when the table comes from uploaded data
COUNT_COLUMNS = "count_columns"  # frame.attrs key: the columns holding counts (default: integer columns)


def is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _count_like(series: pd.Series) -> bool:
    """Whether a column holds counts: its cells are numbers (not text; codes such as 'c'
    allowed) and every finite one is a whole number, none negative (a column with negative
    numbers is a change or a balance: name it in ``count_columns`` to suppress it)."""
    nums = [v for v in series if is_number(v) and math.isfinite(float(v))]
    text = [v for v in series if isinstance(v, str) and len(v) > 2]
    return bool(nums) and not text and all(float(v).is_integer() and v >= 0 for v in nums)


def suppress_small(frame: pd.DataFrame, columns=None, threshold: int = THRESHOLD) -> pd.DataFrame:
    """A copy of ``frame`` in which every count below ``threshold`` (0 to 4 by default) in
    ``columns`` reads ``"<5"``. ``columns`` defaults to ``frame.attrs['count_columns']``, else
    every column whose numbers are all whole. Numeric text such as ``"3"`` counts too;
    other text (codes, names) and missing cells are left."""
    out = frame.copy().astype(object)
    if columns is None:
        columns = frame.attrs.get(COUNT_COLUMNS)
    if columns is None:
        columns = [c for c in out.columns if _count_like(out[c])]

    def cell(value):
        number = value
        if isinstance(value, str):
            try:
                number = float(value.strip().replace(",", ""))
            except ValueError:
                return value
        if is_number(number) and math.isfinite(float(number)) and float(number) < threshold:
            return SUPPRESSED
        return value

    for col in columns:
        if col in out.columns:
            out[col] = out[col].map(cell)
    out.attrs = {**frame.attrs, COUNT_COLUMNS: list(columns)}
    return out


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` ready to write: uploads suppressed, text cells and headers neutralised,
    missing values as None. Numbers stay numbers."""
    src = suppress_small(frame) if frame.attrs.get(UPLOADED) else frame
    def cell(v):
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and not math.isfinite(v)):
            return None
        return neutralise(v.item() if isinstance(v, np.generic) else v)

    out = pd.DataFrame({i: pd.Series([cell(v) for v in src.iloc[:, i]], dtype=object) for i in range(src.shape[1])})
    out.columns = [neutralise(str(c)) for c in src.columns]
    out.attrs = dict(frame.attrs)
    if "formats" in out.attrs:
        out.attrs["formats"] = {neutralise(str(k)): v for k, v in frame.attrs["formats"].items()}
    return out
