"""Concentration measures on a hand-made owner table, each figure worked out independently."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sufficiency.market.concentration import (
    HHI_BANDS,
    concentration,
    concentration_by,
    concentration_trend,
    difficult_to_replace,
    hhi,
    hhi_band,
    largest_owners,
    owner_trend,
    top_share,
)

LA1, LA2, LA3 = "E08000035", "E08000036", "E06000028"
R1, R2 = "E12000003", "E12000009"


def _table():
    rows = [
        # year, la, region, sector, type, owner, homes, places, grades (outstanding, good, ri, inadequate, none)
        (2024, LA1, R1, "Private", "childrens_home", "Alpha", 4, 20, (1, 2, 1, 0, 0)),
        (2024, LA1, R1, "Private", "childrens_home", "Beta", 2, 10, (0, 2, 0, 0, 0)),
        (2024, LA2, R1, "Private", "childrens_home", "Alpha", 2, 10, (0, 1, 0, 0, 1)),
        (2024, LA2, R1, "Local authority", "childrens_home", "Council", 3, 12, (0, 3, 0, 0, 0)),
        (2024, LA2, R1, "Private", "childrens_home", None, 1, 4, (0, 0, 0, 0, 1)),
        (2024, LA3, R2, "Voluntary", "childrens_home", "Gamma", 1, 4, (0, 0, 0, 1, 0)),
        (2024, LA1, R1, "Private", "rss_childrens_home", "Beta", 1, 40, (0, 1, 0, 0, 0)),
        (2025, LA1, R1, "Private", "childrens_home", "Alpha", 5, 25, (1, 3, 1, 0, 0)),
        (2025, LA1, R1, "Private", "childrens_home", "Beta", 1, 5, (0, 1, 0, 0, 0)),
        (2025, LA1, R1, "Private", "childrens_home", "Delta", 2, 10, (0, 0, 0, 0, 2)),
        (2025, LA3, R2, "Voluntary", "childrens_home", "Gamma", 2, 10, (0, 1, 1, 0, 0)),
    ]
    grades = ["homes_outstanding", "homes_good", "homes_requires_improvement", "homes_inadequate", "homes_no_rating"]
    out = pd.DataFrame(
        [(*r[:8], 0, *r[8]) for r in rows],
        columns=["year", "la_code", "region_code", "sector", "provision_type", "owner", "homes", "places",
                 "homes_places_unknown", *grades],
    )
    out["list_status"] = out["year"].map({2024: "rebuilt", 2025: "published"})
    return out


def test_hhi_and_top_shares_by_hand():
    assert hhi([0.5, 0.3, 0.2]) == pytest.approx(50**2 + 30**2 + 20**2)
    assert hhi([1.0]) == 10_000
    places = pd.Series({"a": 5, "b": 30, "c": 15})
    assert top_share(places, 50, 1) == pytest.approx(0.6)
    assert top_share(places, 50, 5) == pytest.approx(1.0)  # fewer owners than 5: all of them


def test_hhi_bands_at_their_thresholds():
    assert [hhi_band(v) for v in (999.9, 1_000, 2_000, 2_000.1)] == [
        "not concentrated", "concentrated", "concentrated", "highly concentrated"]
    assert [hhi_band(v, "doj") for v in (1_499, 1_500, 2_500, 2_501)] == [
        "unconcentrated", "moderately concentrated", "moderately concentrated", "highly concentrated"]
    assert hhi_band(float("nan")) is None
    assert {b.name for b in HHI_BANDS.values()} == {"CMA", "US DoJ/FTC"}


def test_concentration_of_england_children_homes_2024():
    c = concentration(_table(), 2024)
    # children's homes only: places 20+10+10+12+4+4 = 60; Alpha 30, Council 12, Beta 10, Gamma 4, unknown 4
    assert (c["owners"], c["homes"], c["places"], c["places_owner_unknown"], c["homes_owner_unknown"]) == (4, 13, 60, 4, 1)
    shares = [30 / 60, 12 / 60, 10 / 60, 4 / 60]
    assert c["hhi"] == pytest.approx(sum((100 * s) ** 2 for s in shares))
    assert c["top1_share"] == pytest.approx(0.5)
    assert c["top5_share"] == pytest.approx(56 / 60)  # the unknown owner's places are nobody's
    assert c["hhi_band"] == "highly concentrated"
    assert c["list_status"] == "rebuilt"


def test_concentration_of_an_la_a_sector_and_a_type():
    la1 = concentration(_table(), 2024, [LA1])
    assert (la1["owners"], la1["places"]) == (2, 30)
    assert la1["hhi"] == pytest.approx((100 * 20 / 30) ** 2 + (100 * 10 / 30) ** 2)
    private = concentration(_table(), 2024, sectors=["Private"])
    assert (private["owners"], private["places"]) == (2, 44)
    rss = concentration(_table(), 2024, provision_types=["rss_childrens_home"])
    assert (rss["owners"], rss["hhi"]) == (1, 10_000)
    both = concentration(_table(), 2024, [LA1], provision_types=["childrens_home", "rss_childrens_home"])
    assert both["places"] == 70 and both["top1_share"] == pytest.approx(50 / 70)


def test_an_area_given_by_year():
    codes = {2024: [LA2], 2025: [LA1]}
    trend = concentration_trend(_table(), codes.get)
    assert trend["places"].tolist() == [26, 40]
    assert trend["owners"].tolist() == [2, 3]
    assert list(trend.columns[:2]) == ["year", "list_status"]


def test_concentration_by_la_and_region():
    by_la = concentration_by(_table(), 2025).set_index("la_code")
    assert set(by_la.index) == {LA1, LA3}
    assert by_la.loc[LA3, "hhi"] == 10_000
    by_region = concentration_by(_table(), 2024, by="region_code").set_index("region_code")
    assert by_region.loc[R1, "places"] == 56


def test_largest_owners_with_change_since_a_baseline():
    t = largest_owners(_table(), 2025, None, n=2, baseline=2024)
    assert t["owner"].tolist() == ["Alpha", "Delta"]  # Delta and Gamma tie on places and homes: by name
    alpha = t.iloc[0]
    assert (alpha["rank"], alpha["places"], alpha["places_baseline"], alpha["places_change_since_baseline"]) == (1, 25, 30, -5)
    assert alpha["share"] == pytest.approx(25 / 50) and alpha["share_baseline"] == pytest.approx(30 / 60)
    assert alpha["homes_good"] == 3
    everyone = largest_owners(_table(), 2025, n=None, baseline=2024).set_index("owner")
    assert everyone.loc["Delta", "places_baseline"] == 0  # new in 2025
    assert math.isclose(everyone["share"].sum(), 1.0)


def test_difficult_to_replace_candidates_above_a_threshold():
    t = difficult_to_replace(_table(), 2025, [LA1], threshold=0.2)
    # LA1 2025: Alpha 25, Delta 10, Beta 5 of 40 places: shares 0.625, 0.25, 0.125
    assert t["owner"].tolist() == ["Alpha", "Delta"]
    assert t["places_previous"].tolist() == [20, 0]
    assert t["pct_good_or_better"].iloc[0] == pytest.approx(4 / 5 * 100)
    assert math.isnan(t["pct_good_or_better"].iloc[1])  # no graded home
    assert t["places_change_since_baseline"].tolist() == [5, 10]  # since the first year with owners
    assert difficult_to_replace(_table(), 2025, [LA1]).shape[0] == 3  # default 10%: all three
    with pytest.raises(ValueError):
        difficult_to_replace(_table(), 2025, threshold=1.5)


def test_owner_trend_fills_years_without_places():
    t = owner_trend(_table(), ["Delta", "Alpha"], [LA1])
    delta = t[t.owner == "Delta"].set_index("year")
    assert delta["places"].tolist() == [0, 10]
    assert delta.loc[2025, "share"] == pytest.approx(10 / 40)
    assert t[t.owner == "Alpha"]["share"].tolist() == pytest.approx([20 / 30, 25 / 40])


def test_years_without_owners_are_refused():
    with pytest.raises(ValueError, match="from 2024"):
        concentration(_table(), 2017)


def test_an_hhi_on_a_bands_edge_is_exactly_on_it():
    # 16 owners with 120 places between them (Devon's children's homes in 2018): the HHI is
    # 10,000 x 14,400 / 120^2 = 1,000 exactly, "concentrated" under the CMA bands; summing
    # squared fractional shares gives 999.9999999999999, "not concentrated"
    places = [20, 18, 16, 12, 10, 8, 7, 5, 4, 4, 4, 3, 3, 2, 2, 2]
    rows = pd.DataFrame({"year": 2024, "la_code": LA1, "region_code": R1, "sector": "Private",
                         "provision_type": "childrens_home", "owner": [f"Owner {i}" for i in range(len(places))],
                         "homes": 1, "places": places, "homes_places_unknown": 0, "list_status": "rebuilt"})
    c = concentration(rows, 2024)
    assert c["hhi"] == 1_000 and c["hhi_band"] == "concentrated"
