"""How numbers read, declared once: on screen, in the report and in the CSV notes.

A number's *kind* (count, rate, pct, change, pct_change, year, miles) sets its decimals
and sign; :func:`number` writes it with thousands separators. A missing value reads as
its reason (:func:`sufficiency.flags.missing_text`). :func:`coverage_text` says how many
LAs a sum or ratio over LAs covers, so a partial sum is never read as a total.
Excel number formats for the same kinds are in :data:`EXCEL`.
"""

from __future__ import annotations

import math

from .flags import ESTIMATE, missing_text

#: kind -> (decimals, signed, suffix)
KINDS = {
    "count": (0, False, ""),
    "rate": (1, False, ""),
    "pct": (1, False, "%"),
    "change": (0, True, ""),
    "pct_change": (1, True, "%"),
    "year": (0, False, ""),
    "miles": (1, False, " miles"),
    "points": (1, True, " points"),
}
#: kind -> Excel number format of the snapshot workbook
EXCEL = {
    "count": "#,##0",
    "rate": "#,##0.0",
    "pct": '0.0"%"',
    "change": "+#,##0;-#,##0;0",
    "pct_change": '+0.0"%";-0.0"%";0.0"%"',
    "year": "0",
    "miles": "#,##0.0",
    "points": "+0.0;-0.0;0.0",
}
#: The unit words of older tables, as kinds (a kind is its own unit).
UNIT_KINDS = {**{k: k for k in KINDS}, "per10k": "rate"}


def is_number(value) -> bool:
    try:
        return value is not None and not isinstance(value, bool) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def number(value, kind: str = "count", *, signed: bool | None = None, decimals: int | None = None) -> str:
    """``value`` as text: ``1,234``, ``13.8``, ``21.0%``, ``+73``; 'no figure' if missing."""
    if not is_number(value):
        return "no figure"
    digits, sign, suffix = KINDS.get(kind, KINDS["count"])
    if decimals is not None:
        digits = decimals
    if signed is not None:
        sign = signed
    value = float(value)
    if digits == 0:
        value = round(value)
        if value == 0:
            value = 0.0  # no "-0"
    text = format(value, ("+" if sign and value != 0 else "") + f",.{digits}f")
    return text + suffix


def coverage_text(n, las) -> str | None:
    """'sum of 104 of 153 LAs; 49 without a figure' when a figure covers only some LAs."""
    if not is_number(n) or not is_number(las) or int(las) <= 1 or int(n) >= int(las):
        return None
    n, las = int(n), int(las)
    return f"{n} of {las} LAs; {las - n} without a figure"


def display(value, kind: str, flag=None, n=None, las=None, *, signed: bool | None = None) -> str:
    """A figure as a person reads it: the number (or the reason it is missing), marked as an
    estimate where it is one, with its coverage when it covers only some LAs."""
    if not is_number(value):
        return missing_text(flag)
    text = number(value, kind, signed=signed)
    notes = []
    if flag == ESTIMATE:
        notes.append("estimate")
    cover = coverage_text(n, las)
    if cover:
        notes.append(cover)
    return f"{text} ({'; '.join(notes)})" if notes else text
