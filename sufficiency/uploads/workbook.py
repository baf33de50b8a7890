"""Read the first sheet of an uploaded Excel workbook (.xlsx) as rows of text, safely.

Council placement extracts often live in Excel. The sheet is read with python-calamine
(fast), but only after checks that bound what reading it can cost, because a workbook of a
few kilobytes can claim far more than it holds:

* the workbook is a zip archive whose parts unpack to at most :data:`MAX_UNPACKED` bytes
  (the sizes are read from the archive's directory; reading never goes beyond them);
* the cells that hold a value reach at most row ``2 x max_rows + 1`` (the row cap, plus
  as many blank rows) and column :data:`MAX_COLUMNS`, and the rectangle they span holds at
  most :data:`MAX_CELLS` cells. calamine allocates that whole rectangle: one value at the
  last cell of a sheet (XFD1048576) would otherwise ask for 550 GB and stop the process.

The bound is found by scanning the sheet's XML for its ``<row>`` and ``<c>`` tags, stopping
at the first cell out of bounds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

MAX_UNPACKED = 64 * 1024 * 1024
MAX_COLUMNS = 32
MAX_CELLS = 1_000_010  # 100,001 rows of 10 columns
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*?)(/?)>")
_R_ATTR = re.compile(rb'\br="([A-Z]{0,3})(\d*)"')


class WorkbookProblem(ValueError):
    """Why the workbook cannot be read, in words for the person who uploaded it."""


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _first_sheet(zf: zipfile.ZipFile) -> tuple[str, str, int]:
    """(name, part path, number of sheets) of the workbook's first sheet."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        raise WorkbookProblem("it is not an Excel workbook (.xlsx): it has no list of sheets") from None
    sheets = book.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    if not sheets:
        raise WorkbookProblem("the workbook has no sheet")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall(f"{_PKG_REL}Relationship")}
    target = targets.get(sheets[0].get(f"{_REL}id"), "")
    part = target.lstrip("/") if target.startswith("/") else "xl/" + target
    if part not in zf.namelist():
        raise WorkbookProblem(f"the workbook's first sheet ('{sheets[0].get('name')}') is not a sheet of cells")
    return sheets[0].get("name") or "", part, len(sheets)


def _check_extent(xml: bytes, max_rows: int) -> None:
    """Refuse a sheet whose value cells reach beyond the bounds (see the module's notes)."""
    row_limit = 2 * max_rows + 1
    row = col = last_row = last_col = 0
    for match in _TAG.finditer(xml):
        tag, attrs, empty = match.groups()
        ref = _R_ATTR.search(attrs)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            col = 0
            continue
        if ref and ref.group(1):
            col = _column_number(ref.group(1))
            row = int(ref.group(2)) if ref.group(2) else row
        else:
            col += 1
        if empty:  # <c .../>: a formatted cell with no value, which takes no room
            continue
        if row > row_limit:
            raise WorkbookProblem(f"the sheet has values down to row {row:,}; the limit is {max_rows:,} rows")
        if col > MAX_COLUMNS:
            raise WorkbookProblem(f"the sheet has values in column {col:,}; the upload has 5 columns")
        last_row, last_col = max(last_row, row), max(last_col, col)
        if last_row * last_col > MAX_CELLS:
            raise WorkbookProblem(f"the sheet's values fill more than {MAX_CELLS:,} cells (down to row {last_row:,}, "
                                  f"across {last_col} columns)")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def sheet_rows(content: bytes, max_rows: int) -> tuple[str, int, Iterator[tuple[int, list[str]]]]:
    """``(sheet name, number of sheets, rows)`` of the workbook's first sheet: each row as
    ``(row number in the sheet, cells as text)``, with trailing empty cells left out."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookProblem("it is not an Excel workbook (.xlsx) that can be opened; a workbook protected by a "
                              "password cannot be read") from None
    if unpacked > MAX_UNPACKED:
        raise WorkbookProblem(f"it unpacks to {unpacked / 1024 / 1024:,.0f} MB; the limit is "
                              f"{MAX_UNPACKED // 1024 // 1024} MB")
    name, part, count = _first_sheet(zf)
    try:
        _check_extent(zf.read(part), max_rows)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise WorkbookProblem("the workbook is damaged: its first sheet cannot be unpacked") from None
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        cells = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(name).to_python(
            skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as err:
        raise WorkbookProblem(f"the workbook cannot be read ({type(err).__name__})") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(cells, start=1):
            texts = [_text(v) for v in row]
            while texts and not texts[-1].strip():
                texts.pop()
            yield number, texts

    return name, count, rows()
