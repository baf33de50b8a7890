"""Cells safe to open in a spreadsheet (formula injection), for every export."""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: Every CSV export ends its rows with CRLF (RFC 4180). The csv writer quotes any cell that
#: holds a character of the line end, so a cell with a bare carriage return or a line feed
#: is always quoted and no spreadsheet starts a new row inside it.
CSV_LINE_END = "\r\n"


def neutralise(value):
    """``value`` safe to open in a spreadsheet: text starting with = + - @ tab or CR gets a
    leading single quote. Numbers, and text that is just a number (``-3.5``), are left."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value


def csv_text(frame) -> str:
    """CSV text of a frame whose cells are already neutralised: header row, no index, rows
    ended by :data:`CSV_LINE_END` so that line breaks inside a cell are quoted."""
    return frame.to_csv(index=False, lineterminator=CSV_LINE_END)
