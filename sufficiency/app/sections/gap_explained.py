"""The gap explained where it is shown: what a negative gap means, and the area's net gain
(other areas' children placed in its children's homes minus its own placed elsewhere, DfE
FOI, observed) beside it, so that a council with more places than children, which still
sends most of its children elsewhere, reads as it is. Pure functions."""

from __future__ import annotations

from ...engine.registry import MEASURES
from ...formats import number

GAP, NET_GAIN = "gap", "ch_net_gain"


def net_gain_sentence(net_gain, year: int, *, reason: str | None = None) -> str:
    """What the net gain says about the gap: ``net_gain`` (children, or None / NaN when not
    published for ``year``; ``reason`` then says why)."""
    label = MEASURES[NET_GAIN].label
    text = number(net_gain, "change")
    if text == "no figure":
        return f"{label}: {reason}." if reason else f"{label}: no figure for {year}."
    if float(net_gain) > 0:
        meaning = "more of other areas' children live in its children's homes than its own children live in homes elsewhere"
    elif float(net_gain) < 0:
        meaning = "more of its own children live in children's homes elsewhere than other areas' children live in its homes"
    else:
        meaning = "as many other areas' children live in its homes as its own children live in homes elsewhere"
    return f"{label} at 31 March {year}: {text} children (observed): {meaning}."


def gap_explanation() -> str:
    """What a positive and a negative gap mean (the gap's note in the registry)."""
    return MEASURES[GAP].note
