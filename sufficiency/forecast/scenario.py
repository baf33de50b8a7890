"""The scenario planner over time: the projected gap with places added from a year onwards.

``gap_with_places(data, footprint, added, from_year)`` returns, for each projected year, the
gap (children in secure homes and children's homes minus registered places) before and after
``added`` places open in ``from_year`` and stay open, with the gap's 80% and 95% intervals
(the added places are certain: the interval shifts with them). ``distances`` is the hook for
the placement-flow model: a callable ``(year, added_places_that_year) -> dict`` whose result
(e.g. modelled shares placed over 20 and 50 miles) is merged into each year's row.
"""

from __future__ import annotations

from typing import Callable

from .query import forecast


def gap_with_places(data, codes, added: float, from_year: int, horizon: int = 5,
                    distances: Callable[[int, float], dict] | None = None) -> list[dict]:
    base = forecast(data, "gap", footprint=list(codes), horizon=horizon)
    return shift_gap(base["points"], added, from_year, distances)


def shift_gap(points: list[dict], added: float, from_year: int,
              distances: Callable[[int, float], dict] | None = None) -> list[dict]:
    """The gap's ``points`` (the command line's JSON ``points``) with ``added`` places open from
    ``from_year``: each year's gap before and after, the intervals shifted by the places."""
    rows = []
    for p in points:
        extra = added if p["year"] >= from_year else 0.0
        row = {"year": p["year"], "added_places": extra, "gap_before": p["median"],
               **{k: round(p[k] - extra, 1) for k in ("median", "lo80", "hi80", "lo95", "hi95")}}
        if distances is not None:
            row.update(distances(p["year"], extra))
        rows.append(row)
    return rows
