"""What the upload panel keeps in the browser tab's memory, and the check of a store that
comes back from the browser.

The store is written by the upload callback (``sufficiency.app.sections.distance_panels``):
the suppressed figures of an accepted file, or the problems of a refused one. It comes back
with every request that reads it, so anything may be in it: :func:`store_problem` says what
is wrong with a value that is not a store the panel wrote, and the callbacks refuse it
(the upload panel with a 400, the snapshot by leaving the upload out).

Accepted::

    {"ok": True, "filename": str, "encoding": str, "notes": [str], "figures": {
        "children": int|None, "too_few": bool, "bands": [{"band": str, "from_miles": num,
        "to_miles": num|None, "children": int|None, "percent": num|None}],
        "over": {"20": {"children": int|None, "percent": num|None}, "50": {...}},
        "inside_home_la": int|None, "outside_home_la": int|None, "area_not_la": int|None,
        "basis": {str: int|None}}}

Refused::

    {"ok": False, "filename": str, "total": int, "issues": [{"line": int|None,
        "column": str|None, "value": str|None, "message": str}]}
"""

from __future__ import annotations

import math

MAX_ITEMS = 1000


def _count(v) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0)


def _number(v, *, none: bool = True) -> bool:
    if v is None:
        return none
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _text(v, *, none: bool = False) -> bool:
    return (none and v is None) or (isinstance(v, str) and len(v) <= 10_000)


def _list_of(v, check) -> bool:
    return isinstance(v, list) and len(v) <= MAX_ITEMS and all(check(x) for x in v)


def _band(b) -> bool:
    return (isinstance(b, dict) and _text(b.get("band")) and _number(b.get("from_miles"), none=False)
            and _number(b.get("to_miles")) and _count(b.get("children")) and _number(b.get("percent")))


def _share(s) -> bool:
    return isinstance(s, dict) and _count(s.get("children")) and _number(s.get("percent"))


def _figures(f) -> str | None:
    if not isinstance(f, dict) or not isinstance(f.get("too_few"), bool) or not _count(f.get("children")):
        return "'figures' is not the figures of an upload"
    if not _list_of(f.get("bands", []), _band):
        return "'figures.bands' is not a list of distance bands"
    over = f.get("over", {})
    if not isinstance(over, dict) or not all(isinstance(k, str) and _share(v) for k, v in over.items()):
        return "'figures.over' is not a set of shares over a distance"
    if not all(_count(f.get(k)) for k in ("inside_home_la", "outside_home_la", "area_not_la")):
        return "the counts inside and outside the home LA are not counts"
    basis = f.get("basis", {})
    if not isinstance(basis, dict) or not all(isinstance(k, str) and _count(v) for k, v in basis.items()):
        return "'figures.basis' is not a set of counts"
    return None


def _issue(i) -> bool:
    return (isinstance(i, dict) and (i.get("line") is None or _count(i.get("line"))) and _text(i.get("column"), none=True)
            and _text(i.get("value"), none=True) and _text(i.get("message")))


def store_problem(store) -> str | None:
    """None if ``store`` is empty or a store the upload panel wrote; else what is wrong with it."""
    if store is None:
        return None
    if not isinstance(store, dict) or not isinstance(store.get("ok"), bool) or not _text(store.get("filename")):
        return "the upload store is not an object with 'ok' and 'filename'"
    if store["ok"]:
        if not _text(store.get("encoding")) or not _list_of(store.get("notes", []), _text):
            return "the upload store has no text 'encoding' or 'notes'"
        return _figures(store.get("figures"))
    if not _count(store.get("total")) or not _list_of(store.get("issues"), _issue):
        return "the upload store's 'issues' are not a list of problems with a 'total'"
    return None
