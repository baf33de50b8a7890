"""Modelled placement figures in words: a figure with its plausible range, and an answer in
children rounded to whole children ("about 3 more (2-3)").

Pure functions of numbers, shared by the distance view, the profile and the snapshot, so that
a figure reads the same wherever it is shown. Shares are fractions 0-1; children are counts
that may be fractional (the model spreads children over LAs).
"""

from __future__ import annotations

import math

NO_FIGURE = "no figure"


def _finite(*values) -> bool:
    return all(v is not None and isinstance(v, (int, float)) and math.isfinite(v) for v in values)


def pct_range(value, low=None, high=None, digits: int = 0) -> str:
    """A share (0-1) as a percentage with its range: ``pct_range(0.615, 0.55, 0.66)`` is
    '62% (55-66%)'. Without a range (or a range that rounds to the figure) the figure alone."""
    if not _finite(value):
        return NO_FIGURE
    text = f"{value * 100:.{digits}f}%"
    if not _finite(low, high):
        return text
    lo, hi = f"{min(low, value) * 100:.{digits}f}", f"{max(high, value) * 100:.{digits}f}"
    return text if lo == hi else f"{text} ({lo}-{hi}%)"


def miles_range(value, low=None, high=None, digits: int = 1) -> str:
    """A distance with its range: '45.5 miles (25.6-50.2)'."""
    if not _finite(value):
        return NO_FIGURE
    text = f"{value:.{digits}f} miles"
    if not _finite(low, high):
        return text
    lo, hi = f"{min(low, value):.{digits}f}", f"{max(high, value):.{digits}f}"
    return text if lo == hi else f"{text} ({lo}-{hi})"


def children_text(value, low=None, high=None) -> str:
    """A modelled number of children, whole, with its range: '91 (67-123)'."""
    if not _finite(value):
        return NO_FIGURE
    text = f"{round(value):,}"
    if not _finite(low, high):
        return text
    lo, hi = math.floor(min(low, value)), math.ceil(max(high, value))
    return text if lo == hi else f"{text} ({lo:,}-{hi:,})"


def whole(x: float) -> int:
    """Round half away from zero (2.5 -> 3, -2.5 -> -3)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def change_bounds(change: float, low: float, high: float) -> tuple[int, int]:
    """The range of a change in whole children, rounded outwards so that it holds every value
    of the unrounded range (2.6-2.9 is 2-3)."""
    lo, hi = min(low, change), max(high, change)
    return math.floor(lo + 1e-9), math.ceil(hi - 1e-9)


def children_change(change, low=None, high=None) -> str:
    """A change in children in words, whole children, with its range:
    'about 3 more (2-3)', 'about 2 fewer (0-2)', 'about 2 fewer (3 fewer to 2 more)',
    'less than 1 more (0-1)', 'no change'."""
    if not _finite(change):
        return NO_FIGURE
    if not _finite(low, high):
        low = high = change
    c = whole(change)
    lo, hi = change_bounds(change, low, high)
    if c == 0:
        if lo == hi == 0:
            return "no change"
        word = "less than 1 more" if change >= 0 else "less than 1 fewer"
    else:
        word = f"about {abs(c):,} {'more' if c > 0 else 'fewer'}"
    if lo == hi:
        return word
    if lo >= 0 and change >= 0:
        span = f"{lo:,}-{hi:,}"
    elif hi <= 0 and change <= 0:
        span = f"{-hi:,}-{-lo:,}"
    elif lo >= 0:  # a negative change within a range at or above zero cannot happen; kept plain
        span = f"{lo:,} to {hi:,} more"
    elif hi <= 0:
        span = f"{-hi:,} to {-lo:,} fewer"
    else:
        span = f"{-lo:,} fewer to {hi:,} more"
    return f"{word} ({span})"


def places_change(change) -> str:
    """A change in places (whole numbers): '50 more places', '20 fewer places'."""
    if not _finite(change) or round(change) == 0:
        return "no change in places"
    n = round(change)
    return f"{abs(n):,} {'more' if n > 0 else 'fewer'} place{'s' if abs(n) != 1 else ''}"


def gap_change(change) -> str:
    """The change in the gap (children minus places), which places move one for one: derived, exact."""
    if not _finite(change) or round(change) == 0:
        return "the gap (children minus places) does not change"
    n = round(change)
    return f"the gap (children minus places) {'rises' if n > 0 else 'falls'} by {abs(n):,}"
