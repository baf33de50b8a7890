"""Stepping a list of open homes through joiners and leavers."""

from __future__ import annotations

import pandas as pd

from sufficiency.sources.ofsted_rebuild import shift_dated


def _events(rows):
    return pd.DataFrame(
        [{"urn": u, "event_date": pd.Timestamp(d), "joiner": j == "Join", "leaver": j == "Leave", "line": i}
         for i, (u, d, j) in enumerate(rows, start=2)]
    )


EVENTS = _events([
    ("A", "2014-05-01", "Join"),   # joined before Sept: in the Sept list, not open at 31 March
    ("B", "2014-06-01", "Leave"),  # left before Sept: open at 31 March
    ("C", "2014-05-01", "Join"),   # joined and left before Sept: in neither
    ("C", "2014-07-01", "Leave"),
    ("D", "2014-12-01", "Join"),   # joined after Sept: open at 31 March 2015
    ("E", "2015-02-01", "Leave"),  # left after Sept: not open at 31 March 2015
])
SEPT = {"A", "E", "F"}


def test_shift_backward():
    out = shift_dated(SEPT, EVENTS, pd.Timestamp("2014-09-30"), pd.Timestamp("2014-03-31"))
    assert out == {"B", "E", "F"}


def test_shift_forward():
    out = shift_dated(SEPT, EVENTS, pd.Timestamp("2014-09-30"), pd.Timestamp("2015-03-31"))
    assert out == {"A", "D", "F"}
