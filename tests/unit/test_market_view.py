"""The market on screen: the engine's market map measures, the threshold in the URL, the
openings by sector and the view's tables, on hand-made owner and openings tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sufficiency.app.callbacks import apply_change
from sufficiency.engine.market import NOT_PUBLISHED, NO_PLACES, market_values
from sufficiency.engine.registry import MAP_MEASURES, MEASURES
from sufficiency.market.openings import openings_trend, openings_trend_by_sector
from sufficiency.present.market import hhi_words
from sufficiency.snapshot.market_sheet import _formats
from sufficiency.state import ViewState, from_query
from sufficiency.tables.openings import build_openings

from .test_market_concentration import LA1, LA2, LA3, _table
from .test_openings import homes_table


class Data:
    """The one table the engine's market measures read."""

    def __init__(self, owner_supply: pd.DataFrame):
        self.owner_supply = owner_supply


CH = ("childrens_home",)
ALL = ("Local authority", "Private", "Voluntary", "Health authority")


def _hhi(places: dict, total: float) -> float:
    return sum((100 * p / total) ** 2 for p in places.values())


def test_market_measures_are_registered_for_the_map():
    for key in ("market_hhi", "market_top5_share"):
        assert key in MAP_MEASURES and MEASURES[key].group == "Market" and MEASURES[key].basis == "derived"
        assert MEASURES[key].follows_sectors and MEASURES[key].follows_types


def test_a_groups_hhi_comes_from_its_las_owners_summed_places_not_an_average():
    data = Data(_table())
    # areas: 0 = LA1 alone, 1 = LA2 alone, 2 = LA1 + LA2 (a footprint), 3 = LA3
    las = np.array([LA1, LA2, LA1, LA2, LA3], dtype=object)
    group = np.array([0, 1, 2, 2, 3])
    out = market_values(data, 2024, ALL, CH, las, group, 4)
    hhi, flag = out["hhi"]
    # 2024 children's homes: LA1 Alpha 20, Beta 10; LA2 Alpha 10, Council 12, unknown owner 4
    assert hhi[0] == pytest.approx(_hhi({"Alpha": 20, "Beta": 10}, 30))
    assert hhi[1] == pytest.approx(_hhi({"Alpha": 10, "Council": 12}, 26))  # the unknown owner's 4 places count
    both = _hhi({"Alpha": 30, "Beta": 10, "Council": 12}, 56)
    assert hhi[2] == pytest.approx(both)
    assert not math.isclose(hhi[2], (hhi[0] + hhi[1]) / 2)
    assert hhi[3] == pytest.approx(10_000) and list(flag) == [None] * 4
    top5, _ = out["top5_share"]
    assert top5[2] == pytest.approx(52 / 56 * 100)  # three named owners: all of theirs, in per cent


def test_market_measures_say_not_published_before_owners_and_why_an_area_has_none():
    data = Data(_table())
    las, group = np.array([LA1, LA3], dtype=object), np.array([0, 1])
    before = market_values(data, 2017, ALL, CH, las, group, 2)
    assert np.isnan(before["hhi"][0]).all() and list(before["hhi"][1]) == [NOT_PUBLISHED] * 2
    none = market_values(data, 2024, ("Voluntary",), CH, np.array([LA1], dtype=object), np.array([0]), 1)
    assert np.isnan(none["hhi"][0][0]) and none["hhi"][1][0] == NO_PLACES


def test_threshold_in_the_url_is_additive_and_forgiving():
    assert "market_threshold" not in ViewState().to_query()
    s = ViewState(view="market", market_threshold=25)
    assert "market_threshold=25" in s.to_query() and from_query(s.to_query()) == s
    assert from_query("?view=market").market_threshold == 10
    for bad in ("0", "51", "ten", "-3"):
        assert from_query(f"?view=market&market_threshold={bad}").market_threshold == 10
    new = apply_change(ViewState(view="market"), ("select", "market_threshold", "33"))
    assert new.market_threshold == 33 and new.view == "market"


def test_openings_by_sector_add_up_to_the_openings_of_the_sectors_together():
    openings = build_openings(homes_table())
    each = openings_trend_by_sector(openings, None, ["Private", "Voluntary", "Local authority"], None)
    together = openings_trend(openings, None, ["Private", "Voluntary", "Local authority"], None).set_index("year")
    summed = each.groupby("year")[["homes_opened", "places_opened", "homes_closed", "homes_change"]].sum()
    pd.testing.assert_frame_equal(summed, together[summed.columns], check_dtype=False)
    assert len(each) == len(together) * 3  # every year and sector, zeros included


def test_hhi_reads_with_its_cma_band():
    assert hhi_words(420) == "not concentrated (CMA bands: below 1,000)"
    assert hhi_words(1_000) == "concentrated (CMA bands: 1,000 to 2,000)"
    assert hhi_words(2_500) == "highly concentrated (CMA bands: above 2,000)"
    assert hhi_words(float("nan")) == "no places"


def test_market_sheet_number_formats_follow_the_headings():
    frame = pd.DataFrame({"Year": [2025], "Owner": ["A"], "Registered places": [3],
                          "Share of the area's registered places (%)": [12.5],
                          "Change in share since 2018 (percentage points)": [1.5], "Value": [1.0]})
    assert _formats(frame) == {"Year": "year", "Registered places": "count",
                               "Share of the area's registered places (%)": "pct",
                               "Change in share since 2018 (percentage points)": "points"}
