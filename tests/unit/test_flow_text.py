"""Modelled figures in words: ranges, whole children, rounding outwards, directions."""

from __future__ import annotations

import math

import pytest

from sufficiency.present import flow_text as ft


@pytest.mark.parametrize("args, expected", [
    ((0.615, 0.55, 0.66), "62% (55-66%)"),
    ((0.494, 0.494, 0.494), "49%"),  # calibrated: no width, no brackets
    ((0.2, None, None), "20%"),
    ((float("nan"), 0.1, 0.2), "no figure"),
    ((0.30, 0.35, 0.40), "30% (30-40%)"),  # a range never leaves out its own central figure
])
def test_a_share_reads_with_its_range(args, expected):
    assert ft.pct_range(*args) == expected


def test_miles_and_children_read_with_their_ranges():
    assert ft.miles_range(45.52, 25.62, 50.16) == "45.5 miles (25.6-50.2)"
    assert ft.children_text(414.2, 342.4, 445.0) == "414 (342-445)"
    assert ft.children_text(None) == "no figure"


@pytest.mark.parametrize("args, expected", [
    ((2.795, 2.58, 2.91), "about 3 more (2-3)"),
    ((-1.889, -1.889, -0.865), "about 2 fewer (0-2)"),
    ((-1.962, -2.595, 2.363), "about 2 fewer (3 fewer to 3 more)"),
    ((0.3, 0.1, 0.6), "less than 1 more (0-1)"),
    ((-0.3, -0.6, -0.1), "less than 1 fewer (0-1)"),
    ((0.0, 0.0, 0.0), "no change"),
    ((12.0, None, None), "about 12 more"),
    ((2.5, 2.5, 2.5), "about 3 more (2-3)"),
    ((float("nan"), 0, 1), "no figure"),
])
def test_a_change_in_children_is_whole_with_its_range(args, expected):
    assert ft.children_change(*args) == expected


def test_bounds_round_outwards_and_hold_the_unrounded_range():
    for change, lo, hi in ((2.795, 2.58, 2.91), (-15.3, -15.34, -1.07), (4.0, 4.0, 4.0), (0.2, -0.2, 0.9)):
        a, b = ft.change_bounds(change, lo, hi)
        assert a <= lo + 1e-9 and b >= hi - 1e-9 and a <= round(change) <= b
        assert all(isinstance(x, int) for x in (a, b))
    assert ft.change_bounds(4.0, 4.0, 4.0) == (4, 4)


def test_whole_rounds_half_away_from_zero():
    assert [ft.whole(x) for x in (2.5, -2.5, 0.49, -0.5)] == [3, -3, 0, -1]
    assert math.isclose(ft.whole(7.0), 7)


def test_places_and_gap_changes_in_words():
    assert ft.places_change(50) == "50 more places" and ft.places_change(-1) == "1 fewer place"
    assert ft.gap_change(-50) == "the gap (children minus places) falls by 50"
    assert ft.gap_change(30) == "the gap (children minus places) rises by 30"
    assert ft.gap_change(0) == "the gap (children minus places) does not change"
