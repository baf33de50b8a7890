"""The measure engine on the embedded build: every measure for LAs, regions and England,
the aggregation rules, continuity through code changes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import areas as A
from sufficiency.engine import queries
from sufficiency.engine.registry import MAP_MEASURES, MEASURES, MODELLED_MEASURES, PROJECTED_MEASURES, TABLE_MEASURES
from sufficiency.store import load
from sufficiency.vocab import SECTORS

ALL = tuple(SECTORS)
CH = ("childrens_home",)


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _values(data, measure, level, year=2024, sectors=ALL, baseline=2014):
    return queries.values(data, measure, year, sectors, CH, level, baseline if MEASURES[measure].needs_baseline else None)


def test_registry_declares_every_measure_once_with_a_basis_and_coverage():
    assert len(MEASURES) == len({m.key for m in MEASURES.values()})
    for m in MEASURES.values():
        assert m.basis in ("observed", "derived", "estimated", "modelled", "projected"), m.key
        assert m.kind in ("count", "rate", "pct", "change"), m.key
        assert m.covers_text and m.group and m.formula
    assert set(MODELLED_MEASURES) | set(PROJECTED_MEASURES) | set(TABLE_MEASURES) == set(MEASURES)
    assert set(MAP_MEASURES) <= set(MEASURES)


@pytest.mark.parametrize("measure", list(MAP_MEASURES))
def test_every_map_measure_has_values_for_las_regions_and_england(data, measure):
    if measure in PROJECTED_MEASURES:  # projected from the last year's figures only
        la = _values(data, measure, "la", year=2025)
        assert len(la) == 153 and la.notna().sum() >= 140
        assert len(_values(data, measure, "region", year=2025)) == 9
        assert np.isfinite(_values(data, measure, "country", year=2025).iloc[0])
        return
    la = _values(data, measure, "la")
    # The FOI figures are suppressed for many small LAs; no rating share from fewer than 5 inspected homes.
    least = 90 if MEASURES[measure].covers == "ch" else 120 if MEASURES[measure].group == "Quality" else 140
    assert len(la) == 153 and la.notna().sum() >= least
    assert len(_values(data, measure, "region")) == 9
    assert np.isfinite(_values(data, measure, "country").iloc[0])


def test_counts_add_up_from_las_to_england(data):
    for m in ("homes", "places"):
        assert _values(data, m, "la").sum() == _values(data, m, "country").iloc[0]
    assert _values(data, "homes", "country").iloc[0] == 3423


def test_rates_are_computed_from_counts_not_averaged(data):
    la = data.la_year[data.la_year["year"] == 2024].set_index("la_code")
    places = _values(data, "places_per_10k", "la")
    expected = la["places"] / la["population_0_17"] * 10_000
    assert np.allclose(places.dropna(), expected.reindex(places.index).dropna())


def test_an_las_percentages_and_rates_are_dfes_own(data):
    la = data.la_year[data.la_year["year"] == 2024].set_index("la_code")
    for measure, column in (("pct_over_20_miles", "cla_pct_over_20_miles"), ("cla_per_10k", "cla_rate_per_10k"),
                            ("ch_pct_outside_la", "ch_pct_outside_la")):
        got = _values(data, measure, "la")
        want = la[column].reindex(got.index)
        both = want.notna()
        assert np.allclose(got[both], want[both]), measure


def test_gap_is_children_in_childrens_homes_minus_places(data):
    la = data.la_year[data.la_year["year"] == 2024].set_index("la_code")
    gap = _values(data, "gap", "la")
    code = "E08000025"  # Birmingham
    assert gap[code] == round(la.loc[code, "ch_children"]) - la.loc[code, "places"]


def test_observed_counts_are_never_fractional(data):
    for year in (2016, 2021, 2024):
        for level in ("la", "region", "country"):
            t = queries.table(data, year, ALL, CH, A.level(level))
            for key in ("ch_children", "cla", "cla_ch", "gap", "homes", "places"):
                v = t[key].dropna().to_numpy()
                assert np.all(v == np.round(v)), (key, level, year)


def test_england_uses_dfes_published_figures(data):
    eng = queries.table(data, 2021, ALL, CH, A.england()).loc[ENGLAND_CODE]
    assert eng["cla"] == 80780 and eng["cla_ch"] == 7440 and eng["pct_over_20_miles"] == 21
    assert eng["ch_children"] == 7330 and eng["ch_children__basis"] == "estimated"  # 4,840 / 66%, to the nearest 10
    assert eng["gap"] == 7330 - eng["places"]
    assert eng["cla__n"] == eng["las"] == 152


def test_a_sum_without_a_published_figure_says_its_coverage(data):
    eng = queries.table(data, 2018, ALL, CH, A.england()).loc[ENGLAND_CODE]  # no published national figure for 2018
    assert eng["pct_over_20_miles__basis"] == "derived" and eng["pct_over_20_miles__n"] <= eng["las"]
    group = queries.table(data, 2024, ALL, CH, A.group(["E09000001", "E08000025"], "G")).loc["G"]  # City of London + Birmingham
    assert group["ch_children__n"] == 1 and group["las"] == 2  # City of London's FOI figure is suppressed
    assert group["gap"] == group["ch_children"] - queries.area_row(data, "E08000025", 2024, ALL, CH)["places"]


def test_rating_shares_are_complementary_and_need_five_inspected_homes(data):
    good = _values(data, "pct_good_or_better", "la")
    bad = _values(data, "pct_ri_or_inadequate", "la")
    both = good.notna() & bad.notna()
    assert np.allclose(good[both] + bad[both], 100)
    from sufficiency.engine.components import components

    t = queries.table(data, 2024, ALL, CH, A.every_la())
    c = components(data, 2024, ALL, CH).frame().reindex(t.index)
    inspected = sum(c[f"homes_{g}"] for g in ("outstanding", "good", "requires_improvement", "inadequate"))
    few = inspected < 5
    assert few.any() and t.loc[few, "pct_good_or_better"].isna().all()
    assert set(t.loc[few & (inspected > 0), "pct_good_or_better__flag"]) == {"fewer than 5 inspected homes"}


def test_sector_filter_changes_supply(data):
    private = _values(data, "homes", "country", sectors=("Private",)).iloc[0]
    la_run = _values(data, "homes", "country", sectors=("Local authority",)).iloc[0]
    assert private > 2 * la_run > 0
    assert _values(data, "homes", "country", sectors=()).iloc[0] == 0


def test_change_needs_a_baseline_and_follows_code_changes(data):
    no_base = queries.values(data, "homes_change", 2024, ALL, CH, "la", None)
    assert no_base.isna().all()
    nw = _values(data, "homes_change", "region", year=2025)
    assert nw.idxmax() == "E12000002"  # the North West gains the most homes
    t = queries.table(data, 2025, ALL, CH, A.every_la(), 2014)
    for code, before in (("E06000060", ["E10000002"]), ("E06000065", ["E10000023"]), ("E08000038", ["E08000016"]),
                         ("E06000058", ["E06000028", "E06000029"])):
        base = queries.table(data, 2014, ALL, CH, A.Areas(A.LA, tuple(before)))["homes"].sum()
        assert t.at[code, "homes_change"] == t.at[code, "homes"] - base, code
    assert math.isnan(t.at["E06000061", "homes_change"])  # North Northamptonshire: split, no change figure
    assert "split" in t.at["E06000061", "homes_change__flag"]


def test_one_las_group_equals_the_la_and_a_regions_las_equal_the_region(data):
    for year in (2017, 2021, 2025):
        la = queries.table(data, year, ALL, CH, A.every_la())
        one = queries.table(data, year, ALL, CH, A.group(["E08000025"], "G")).loc["G"]
        for key in TABLE_MEASURES:
            a, b = la.at["E08000025", key], one[key]
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), (key, year)


@pytest.mark.parametrize("measure", MODELLED_MEASURES)
def test_modelled_measures_by_level(data, measure):
    la = _values(data, measure, "la")
    assert la.notna().sum() > 140 and ((la.dropna() >= 0) & (la.dropna() <= 100)).all()
    assert len(_values(data, measure, "region")) == 9
    assert queries.values(data, measure, 2024, (), CH, "la").isna().all()


def test_the_quality_view_shows_the_maps_rating_share(data):
    from sufficiency.engine import quality as qm

    tr = qm.trend(data, "pct_ri_or_inadequate", ("Private",), CH, area="E12000005").set_index("year")
    region = queries.values(data, "pct_ri_or_inadequate", 2023, ("Private",), CH, "region")
    assert tr.at[2023, "share"] == region["E12000005"]
