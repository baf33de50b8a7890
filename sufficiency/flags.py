"""Why a figure is missing, in words: DfE's codes and the build's and engine's reasons.

A missing value is never a zero: it carries a flag (``c``, ``k``, ``x``, ``z`` as DfE
publishes them, or a reason such as 'not published'), and :func:`missing_text` says what
that flag means wherever a person reads it.
"""

from __future__ import annotations

import math

ESTIMATE = "estimate"  # a figure apportioned from a former council: a value, marked

CODE_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "k": "fewer than 1 (rounds to 0 but is not 0)",
    "z": "not applicable",
    "estimate": "estimate apportioned from a former council",
    "not published": "not published for this year",
    "not derivable": "cannot be derived from the published figures",
    "spreadsheet error": "error cell in the published spreadsheet",
    "not in panel": "not in the research panel",
}
#: DfE's own suppression and availability codes (kept as codes in every export).
DFE_CODES = ("c", "k", "x", "z")


def missing_text(flag) -> str:
    """How a missing value reads on screen: its code and what the code means."""
    if flag is None or (isinstance(flag, float) and math.isnan(flag)) or flag == "":
        return "no figure"
    flag = str(flag)
    meaning = CODE_MEANINGS.get(flag)
    if meaning is None:
        return flag
    return meaning if flag == meaning or " " in flag else f"[{flag}] {meaning}"
