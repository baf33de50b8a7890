"""Read a published table as text, wherever its header line sits and whatever its encoding.

Official spreadsheets come as CSV (UTF-8 with BOM, or Windows-1252) or as ODS/XLSX
workbooks, with zero to a dozen title lines above the header. :func:`read_table` finds the
header as the first row holding a required column name (``URN`` for Ofsted files) and
returns every cell as a stripped string, plus each data row's line number in the file so
that messages can name the row a person would look at.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError, MissingColumn
from ..text_encoding import EncodingProblem, decode_text

WORKBOOK_SUFFIXES = {".ods", ".xlsx", ".xls", ".xlsm"}


@dataclass
class RawTable:
    """A table as published: string cells, normalised header names, file line numbers."""

    frame: pd.DataFrame  # all cells as str ("" for empty); columns = cleaned header names
    source: Path
    header_line: int  # 1-based line (or sheet row) of the header
    encoding: str | None  # None for workbooks
    sheet: str | None = None

    @property
    def label(self) -> str:
        return f"{self.source.name} [{self.sheet}]" if self.sheet else self.source.name

    def line_of(self, index: int) -> int:
        """The 1-based file line (or sheet row) of data row ``index``."""
        return int(self.frame.loc[index, "_line"])


def clean_header(cell: object) -> str:
    """Collapse embedded newlines and repeated spaces in a header cell."""
    return " ".join(str(cell).replace("\ufeff", "").split())


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (with or without BOM) or Windows-1252, never a mix of both."""
    try:
        return decode_text(data)
    except EncodingProblem as err:
        if err.kind == "mixed":
            raise DataError(
                err.describe(with_line=False), file=path, row=err.line,
                hint="Part of the file was saved in another encoding: save the whole file again as CSV UTF-8",
            ) from None
        raise DataError(
            "the file is neither UTF-8 nor Windows-1252 text", file=path, row=err.line,
            value=f"0x{err.byte:02X}", hint="Save it again as CSV (UTF-8) from the spreadsheet it came from",
        ) from None


def _rows_from_csv(path: Path) -> tuple[list[list[str]], str]:
    text, enc = decode(path.read_bytes(), path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader), enc
    except csv.Error as err:  # a field over the csv module's limit, or a NUL byte
        raise DataError(
            f"the file cannot be read as a CSV table ({err})",
            file=path,
            row=reader.line_num or None,
            hint="Check that this is the published CSV file and that it was not damaged",
        ) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _workbook_error(path: Path, err: Exception) -> DataError:
    detail = " ".join(str(err).split()) or type(err).__name__
    return DataError(
        f"the workbook cannot be read ({type(err).__name__}: {detail})",
        file=path,
        hint="The file may be cut short or damaged: download the release again",
    )


def _open_workbook(path: Path):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as err:
        raise _workbook_error(path, err) from None


def _rows_from_workbook(path: Path, sheet: str) -> list[list[str]]:
    from python_calamine import CalamineError

    wb = _open_workbook(path)
    if sheet not in wb.sheet_names:
        raise DataError(
            f"the workbook has no sheet '{sheet}' (it has: {', '.join(wb.sheet_names)})",
            file=path,
            hint="Check that this is the right release of the workbook",
        )
    try:
        cells = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as err:
        raise _workbook_error(path, err) from None
    return [[_cell_text(c) for c in row] for row in cells]


def sheet_names(path: str | Path) -> list[str]:
    return list(_open_workbook(Path(path)).sheet_names)


def read_table(
    path: str | Path,
    *,
    header_contains: str | tuple[str, ...] = "URN",
    sheet: str | None = None,
    max_search: int = 30,
) -> RawTable:
    """Read ``path`` (CSV, or ``sheet`` of a workbook) into a :class:`RawTable`.

    The header is the first of the top ``max_search`` rows that has a cell equal (ignoring
    case and spacing) to one of ``header_contains``. Fully empty rows and trailing empty
    columns are dropped; a ``_line`` column holds each row's line in the file.
    """
    path = Path(path)
    wanted = (header_contains,) if isinstance(header_contains, str) else tuple(header_contains)
    wanted_norm = {w.lower() for w in wanted}
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if sheet is None:
            raise DataError("a workbook needs a sheet name to read", file=path)
        rows, enc = _rows_from_workbook(path, sheet), None
    else:
        rows, enc = _rows_from_csv(path)

    header_idx = None
    for i, row in enumerate(rows[:max_search]):
        if any(clean_header(c).lower() in wanted_norm for c in row):
            header_idx = i
            break
    if header_idx is None:
        raise MissingColumn(
            f"no header row with a '{wanted[0]}' column in the first {max_search} lines",
            file=path if sheet is None else f"{path.name} [{sheet}]",
            hint="The file may not be the expected table, or its layout has changed",
        )

    header = [clean_header(c) for c in rows[header_idx]]
    while header and header[-1] == "":
        header.pop()
    # Name unnamed or repeated columns so that nothing is lost.
    seen: dict[str, int] = {}
    names = []
    for j, h in enumerate(header):
        h = h or f"column_{j + 1}"
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        names.append(h)

    width = len(names)
    body, lines = [], []
    for k, row in enumerate(rows[header_idx + 1 :], start=header_idx + 2):
        cells = [str(c).strip() for c in row[:width]]
        if not any(cells):
            continue
        cells += [""] * (width - len(cells))
        body.append(cells)
        lines.append(k)
    frame = pd.DataFrame(body, columns=names, dtype=object)
    frame["_line"] = lines
    return RawTable(frame=frame, source=path, header_line=header_idx + 1, encoding=enc, sheet=sheet)
