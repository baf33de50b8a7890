"""DfE cells: numbers, suppression codes and the checks every DfE reader shares.

A DfE cell is either a number or a code saying why there is none. Codes are kept as codes
(the value becomes NaN and the code goes into a ``flag``); a code is never read as zero.

Current codes (DfE data guidance): ``c`` suppressed, ``k`` rounds to 0 but is not 0,
``x`` not available, ``z`` not applicable. The 2013-2017 SFR tables used ``x`` for
suppressed and ``..`` for not available: their codes are rewritten to the current ones
(``x`` -> ``c``, ``..`` -> ``x``) with a counted fix, so that one flag column means one
thing across all years.

Every reader turns its file into a *long* frame with :data:`LONG_COLUMNS`: one row per
area, year and measure, with the file line each value came from.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, FixLog, MissingColumn, UnknownLabel
from .tabular import RawTable

#: What each flag means (codes as DfE publishes them today, plus missing-value reasons).
FLAG_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "k": "rounds to 0 but is not 0",
    "x": "not available",
    "z": "not applicable",
    "..": "not available (older DfE tables)",
    "not published": "no official figure for this LA and year in the files read",
    "not derivable": "cannot be derived from the published figures",
    "spreadsheet error": "the published cell holds a spreadsheet error",
    "estimate": "estimate apportioned from the council(s) DfE reports at 31 March of a reorganisation year "
    "(the value is present; see apportioned_from)",
}
ESTIMATE = "estimate"  # the one flag that goes with a value
CURRENT_CODES = ("c", "k", "x", "z")
SFR_CODES = {"x": "c", "..": "x"}  # SFR symbol -> current code

LONG_COLUMNS = ["year", "level", "area_code", "measure", "value", "flag", "file", "line"]
LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def require_columns(table: RawTable, columns: list[str] | tuple[str, ...]) -> None:
    """Stop with a clear message if ``table`` lacks one of ``columns``."""
    have = set(table.frame.columns)
    for col in columns:
        if col not in have:
            raise MissingColumn(
                f"the header on line {table.header_line} has no '{col}' column",
                file=table.label,
                row=table.header_line,
                column=col,
                hint="The file may be a different DfE table or a changed release; "
                f"expected columns: {', '.join(columns)}",
            )


def parse_cells(
    table: RawTable,
    column: str,
    *,
    codes: tuple[str, ...] = CURRENT_CODES,
    fixes: FixLog | None = None,
    rows: pd.Index | None = None,
    sfr: bool = False,
) -> tuple[pd.Series, pd.Series]:
    """Read ``column`` as numbers: returns ``(values, flags)`` aligned to the frame.

    Numbers give a float and flag NaN; a known code gives NaN and the code as flag.
    Anything else stops the build naming the file, its line, the column and the value,
    except the spreadsheet error ``#VALUE!``, which becomes a counted fix.
    """
    cells = table.frame[column] if rows is None else table.frame.loc[rows, column]
    text = cells.astype(str).str.strip()
    is_num = text.str.match(_NUMBER.pattern)
    values = pd.to_numeric(text.where(is_num), errors="coerce").astype(float)
    flags = pd.Series(np.nan, index=text.index, dtype=object)
    known = text.isin(codes)
    flags[known] = text[known]
    excel = text.str.startswith("#") & text.str.endswith("!")
    if excel.any():
        flags[excel] = "spreadsheet error"
        if fixes is not None:
            first = excel.idxmax()
            fixes.add(
                table.source,
                f"spreadsheet error cell read as missing ('spreadsheet error') in {column}",
                int(excel.sum()),
                f"line {table.line_of(first)}: {text[first]!r}",
            )
    bad = ~(is_num | known | excel)
    if bad.any():
        first = bad.idxmax()
        raise UnknownLabel(
            f"unknown suppression symbol {text[first]!r}",
            file=table.label,
            row=table.line_of(first),
            column=column,
            value=text[first],
            hint=f"Known DfE codes are {', '.join(repr(c) for c in codes)}; "
            "check the release's data guidance and add the new code to dfe_values.py",
        )
    if sfr:
        flags = sfr_to_current(flags, table.source, column, fixes)
    return values, flags


def sfr_to_current(flags: pd.Series, file: str | Path, column: str, fixes: FixLog | None) -> pd.Series:
    """Rewrite SFR-era codes to the current ones, counting each rewrite."""
    out = flags.copy()
    for old, new in SFR_CODES.items():
        hit = flags == old
        if hit.any():
            out[hit] = new
            if fixes is not None:
                fixes.add(file, f"SFR code '{old}' written as current DfE code '{new}'", int(hit.sum()))
    return out


def years_of(values: pd.Series, file: str | Path, lines: pd.Series, column: str = "time_period") -> pd.Series:
    """``values`` as integer years; a cell that is not a year stops with its row and value."""
    years = pd.to_numeric(values, errors="coerce")
    bad = years.isna() | (years % 1 != 0) | (years < 1990) | (years > 2100)
    if bad.any():
        first = bad.to_numpy().argmax()
        raise DataError(
            "the cell is not a year",
            file=file,
            row=int(lines.iloc[first]),
            column=column,
            value=values.iloc[first],
            hint="Expected a four-digit year such as 2024",
        )
    return years.astype(int)


def long_frame(
    year: pd.Series,
    level: pd.Series,
    area_code: pd.Series,
    measure: str | pd.Series,
    values: pd.Series,
    flags: pd.Series,
    file: str | Path,
    lines: pd.Series,
) -> pd.DataFrame:
    """Assemble a long frame (see :data:`LONG_COLUMNS`) from aligned series."""
    out = pd.DataFrame(
        {
            "year": years_of(year, file, lines).to_numpy(),
            "level": level.to_numpy(),
            "area_code": area_code.astype(str).to_numpy(),
            "measure": measure if isinstance(measure, str) else measure.to_numpy(),
            "value": values.astype(float).to_numpy(),
            "flag": flags.astype(object).to_numpy(),
            "file": Path(file).name,
            "line": lines.astype(int).to_numpy(),
        }
    )
    return out


def level_of(table: RawTable, column: str = "geographic_level") -> pd.Series:
    """Map DfE's geographic_level labels to 'national'/'regional'/'la', refusing others."""
    raw = table.frame[column]
    mapped = raw.map(LEVELS)
    if mapped.isna().any():
        first = mapped.isna().idxmax()
        raise UnknownLabel(
            f"unknown geographic level {raw[first]!r}",
            file=table.label,
            row=table.line_of(first),
            column=column,
            value=raw[first],
            hint="Expected National, Regional or Local authority",
        )
    return mapped


def area_codes(table: RawTable, level: pd.Series, la_col: str = "new_la_code") -> pd.Series:
    """The code of each row's area: LA code, region code or England."""
    f = table.frame
    code = pd.Series("E92000001", index=f.index, dtype=object)
    reg = level == "regional"
    code[reg] = f.loc[reg, "region_code"]
    la = level == "la"
    code[la] = f.loc[la, la_col]
    return code


_FLAG_PRIORITY = ("c", "k", "x", "..", "spreadsheet error", "not published", "z", "not derivable")


def _worst(*flags: pd.Series) -> pd.Series:
    """Per row, the most telling flag among ``flags`` (suppression before not-applicable)."""
    out = pd.Series(np.nan, index=flags[0].index, dtype=object)
    for code in reversed(_FLAG_PRIORITY):
        for f in flags:
            out[f == code] = code
    return out


def worst_code(flags: pd.Series | list) -> object:
    """The most telling of several flags of one value (suppression before not-applicable)."""
    present = [f for f in flags if isinstance(f, str)]
    for code in _FLAG_PRIORITY:
        if code in present:
            return code
    return present[0] if present else np.nan


def _mark_estimates(values: pd.Series, flags: pd.Series, inputs: list[pd.Series]) -> pd.Series:
    """A value derived from an estimate is an estimate."""
    est = pd.Series(False, index=values.index)
    for f in inputs:
        est |= (f == ESTIMATE).to_numpy()
    flags = flags.copy()
    flags[est & values.notna()] = ESTIMATE
    return flags


def sum_flagged(parts: list[tuple[pd.Series, pd.Series]]) -> tuple[pd.Series, pd.Series]:
    """Sum of several (values, flags) pairs: NaN with a flag if any part has none."""
    values = sum(v for v, _ in parts)
    flags = _worst(*[f for _, f in parts])
    values = values.where(flags.isna())
    return values, _mark_estimates(values, flags, [f for _, f in parts])


def pct_flagged(num: tuple[pd.Series, pd.Series], den: tuple[pd.Series, pd.Series]) -> tuple[pd.Series, pd.Series]:
    """``100 * num / den`` (unrounded) with flags carried over; 'not derivable' if den is 0."""
    flags = _worst(num[1], den[1])
    zero = flags.isna() & (den[0] == 0)
    flags[zero] = "not derivable"
    values = (100.0 * num[0] / den[0]).where(flags.isna())
    return values, _mark_estimates(values, flags, [num[1], den[1]])
