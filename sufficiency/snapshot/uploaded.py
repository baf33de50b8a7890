"""The upload panel's figures as a snapshot table.

The upload panel keeps only the suppressed, publishable distribution of an uploaded file in
the browser tab's memory (``sufficiency.app.sections.distance_panels.read_upload``).
:func:`uploads_from_store` turns what that store holds into the ``uploads`` argument of
:func:`sufficiency.snapshot.build_snapshot`: one table, "Uploaded placements", flagged as
uploaded so that every export suppresses its counts below 5 again and neutralises its text.
Nothing identifying goes in: not the file's name, encoding or notes, only the counts.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd

from ..uploads.stored import store_problem
from .safety import COUNT_COLUMNS, THRESHOLD, UPLOADED

NAME = "Uploaded placements"
TITLE = "Uploaded placements: children by distance from home (counts below 5 suppressed)"
CODE = "c"  # the upload panel's code for a suppressed count


def _count(value):
    """A count from the store: a whole number, or ``"c"`` when it was suppressed (or is not a count)."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool) and math.isfinite(float(value)):
        return int(value) if float(value).is_integer() else value
    if isinstance(value, str) and value.strip():
        return value
    return CODE


def _percent(count, percent):
    """A percentage, left out where its count is suppressed (so it cannot give the count away)."""
    if not isinstance(count, numbers.Number) or count < THRESHOLD:
        return None
    return percent if isinstance(percent, numbers.Number) and not isinstance(percent, bool) else None


def uploads_from_store(store) -> dict[str, pd.DataFrame] | None:
    """``{"Uploaded placements": table}`` for a store holding a readable upload, else None.

    The table has one row per figure (Figure, Detail, Children, % of children): every child
    in the file, each distance band, more than 20 and 50 miles, inside or outside the home LA
    and how distances were found. Suppressed counts read ``"c"``; the exports turn any count
    below 5 into ``"<5"``.
    """
    if store is None or store_problem(store) or not store.get("ok"):  # it comes back from the browser: only what the panel wrote
        return None
    figures = store.get("figures")
    if not isinstance(figures, dict) or figures.get("too_few"):
        return None
    rows = [("Children in the file", "", _count(figures.get("children")), None)]
    for band in figures.get("bands") or []:
        n = _count(band.get("children"))
        rows.append(("Distance from home", band.get("band"), n, _percent(n, band.get("percent"))))
    for miles, over in (figures.get("over") or {}).items():
        n = _count((over or {}).get("children"))
        rows.append(("Placed more than this distance from home", f"{miles} miles", n,
                     _percent(n, (over or {}).get("percent"))))
    for key, label in (("inside_home_la", "in the home LA"), ("outside_home_la", "in another LA"),
                       ("area_not_la", "home or placement area not an LA")):
        if key in figures:
            rows.append(("Placed", label, _count(figures[key]), None))
    for basis, n in (figures.get("basis") or {}).items():
        rows.append(("Distances found by", basis, _count(n), None))
    table = pd.DataFrame(rows, columns=["Figure", "Detail", "Children", "% of children"], dtype=object)
    table.attrs = {UPLOADED: True, COUNT_COLUMNS: ["Children"], "title": TITLE,
                   "formats": {"Children": "count", "% of children": "pct"}}
    return {NAME: table}
