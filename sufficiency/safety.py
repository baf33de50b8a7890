"""Cells safe to open in a spreadsheet (formula injection), for every export."""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value):
    """``value`` safe to open in a spreadsheet: text starting with = + - @ tab or CR gets a
    leading single quote. Numbers, and text that is just a number (``-3.5``), are left."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value
