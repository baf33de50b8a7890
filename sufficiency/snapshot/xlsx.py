"""The snapshot as an Excel workbook (openpyxl).

An "About" sheet, then one sheet per table: header in row 1, frozen, bold; every table an
Excel table with filters; numbers as numbers with number formats; codes and notes as text;
column widths set. Every cell goes through :func:`sufficiency.snapshot.safety.safe_frame`.
"""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..formats import EXCEL, UNIT_KINDS
from ..safety import neutralise
from .about import About
from .common import ROW_KINDS
from .safety import is_number, safe_frame

#: Number formats by kind of column (see ``frame.attrs['formats']`` in snapshot.tables).
NUMBER_FORMATS = EXCEL
DEFAULT_FLOAT = "#,##0.0#"
DEFAULT_INT = "#,##0"
MIN_WIDTH, MAX_WIDTH = 8, 60
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_name(sheet: str, used: set[str]) -> str:
    """An Excel table name (letters, digits, underscores; starts with a letter), unique."""
    base = "tbl_" + (re.sub(r"[^A-Za-z0-9]+", "_", sheet).strip("_") or "table")
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name.lower())
    return name


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip().strip("'")[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:28]} {n}", n + 1
    used.add(title.lower())
    return title


def _unique_headers(columns) -> list[str]:
    seen, out = {}, []
    for c in columns:
        c = str(c) if str(c).strip() else "Column"
        n = seen.get(c.lower(), 0)
        seen[c.lower()] = n + 1
        out.append(c if n == 0 else f"{c} ({n + 1})")
    return out


def _format_of(kind: str | None, value) -> str:
    if kind in NUMBER_FORMATS:
        return NUMBER_FORMATS[kind]
    return DEFAULT_INT if float(value).is_integer() else DEFAULT_FLOAT


def write_table(ws, frame: pd.DataFrame, *, start_row: int = 1, used_tables: set[str], name: str,
                freeze: bool = True) -> int:
    """Write ``frame`` (already safe) as an Excel table at ``start_row``; return the next free row."""
    formats = frame.attrs.get("formats", {})
    row_unit = formats.get("_rows")  # a column whose value (unit) sets each row's number format
    headers = _unique_headers(frame.columns)
    widths = [len(h) for h in headers]
    for j, h in enumerate(headers, 1):
        ws.cell(row=start_row, column=j, value=h).font = BOLD
    row_kinds = frame.attrs.get(ROW_KINDS)  # or the number format kind of each row
    records = frame.itertuples(index=False, name=None)
    r = start_row
    for r, record in enumerate(records, start_row + 1):
        unit_kind = UNIT_KINDS.get(record[list(frame.columns).index(row_unit)]) if row_unit in frame.columns else None
        if row_kinds is not None and r - start_row - 1 < len(row_kinds):
            unit_kind = row_kinds[r - start_row - 1]
        for j, value in enumerate(record, 1):
            cell = ws.cell(row=r, column=j, value=value)
            if is_number(value):
                cell.number_format = _format_of(unit_kind or formats.get(frame.columns[j - 1]), value)
                widths[j - 1] = max(widths[j - 1], len(f"{value:,.1f}"))
            elif value is not None:
                widths[j - 1] = max(widths[j - 1], len(str(value)))
    if len(frame):
        ref = f"A{start_row}:{get_column_letter(len(headers))}{r}"
        table = Table(displayName=table_name(name, used_tables), ref=ref, tableStyleInfo=STYLE)
        table.autoFilter = AutoFilter(ref=ref)
        ws.add_table(table)
    else:
        ws.cell(row=start_row + 1, column=1, value="No figures for the filters chosen.")
        r = start_row + 1
    for j, w in enumerate(widths, 1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, min(MAX_WIDTH, max(MIN_WIDTH, w + 2)))
    if freeze:
        ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    return r + 1


def _about_sheet(ws, about: About, used_tables: set[str]) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110
    r = 1
    for r, (label, value) in enumerate(about.rows(), 1):
        a = ws.cell(row=r, column=1, value=neutralise(label) or None)
        b = ws.cell(row=r, column=2, value=neutralise(value) or None)
        b.alignment = Alignment(wrap_text=True, vertical="top")
        a.alignment = Alignment(vertical="top")
        if label and not value:
            a.font = TITLE_FONT if r == 1 else BOLD
        if value.startswith("http"):
            b.hyperlink = value
            b.style = "Hyperlink"
    sources = safe_frame(about.sources)
    write_table(ws, sources, start_row=r + 2, used_tables=used_tables, name="Sources", freeze=False)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110


def workbook(tables: dict[str, pd.DataFrame], about: About) -> Workbook:
    wb = Workbook()
    used_sheets, used_tables = set(), set()
    ws = wb.active
    ws.title = sheet_title("About", used_sheets)
    _about_sheet(ws, about, used_tables)
    for name, frame in tables.items():
        ws = wb.create_sheet(sheet_title(name, used_sheets))
        write_table(ws, safe_frame(frame), used_tables=used_tables, name=name)
    wb.properties.title = neutralise(about.title)
    wb.properties.creator = "Children's homes placement sufficiency"
    return wb


def to_xlsx(tables: dict[str, pd.DataFrame], about: About) -> bytes:
    buf = io.BytesIO()
    workbook(tables, about).save(buf)
    return buf.getvalue()
