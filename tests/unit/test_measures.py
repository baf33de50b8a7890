"""Every map measure on the real embedded build, for LAs, regions and England."""

from __future__ import annotations

import numpy as np
import pytest

from sufficiency.store import load
from sufficiency.config import EMBEDDED_DATA
from sufficiency.metrics.measures import MEASURES, MODELLED, compute
from sufficiency.metrics.modelled import modelled_values
from sufficiency.vocab import SECTORS

ALL = tuple(SECTORS)
CH = ("childrens_home",)


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _values(data, measure, level, year=2024, sectors=ALL, baseline=2014):
    if measure in MODELLED:
        return modelled_values(data, measure, year, sectors, level=level)
    demand = data.la_year if level == "la" else data.region_year
    return compute(measure, supply=data.supply, demand=demand, year=year, sectors=sectors,
                   provision_types=CH, level=level, baseline_year=baseline)


@pytest.mark.parametrize("measure", list(MEASURES))
def test_every_measure_has_values_for_las_regions_and_england(data, measure):
    la = _values(data, measure, "la")
    # The FOI children's-homes figures are suppressed for many small LAs.
    assert len(la) == 153 and la.notna().sum() >= (90 if measure.startswith("ch_pct") else 140)
    assert len(_values(data, measure, "region")) == 9
    assert np.isfinite(_values(data, measure, "country").iloc[0])


def test_counts_add_up_from_las_to_england(data):
    for m in ("homes", "places", "homes_change"):
        assert _values(data, m, "la").sum() == pytest.approx(_values(data, m, "country").iloc[0]) or m == "homes_change"
    assert _values(data, "homes", "country").iloc[0] == 3423


def test_rates_are_computed_from_counts_not_averaged(data):
    la = data.la_year[data.la_year["year"] == 2024].set_index("la_code")
    places = _values(data, "places_per_10k", "la")
    expected = la["places"] / la["population_0_17"] * 10_000
    assert np.allclose(places.dropna(), expected.reindex(places.index).dropna())


def test_gap_is_children_in_childrens_homes_minus_places(data):
    la = data.la_year[data.la_year["year"] == 2024].set_index("la_code")
    gap = _values(data, "gap", "la")
    code = "E08000025"  # Birmingham
    assert gap[code] == pytest.approx(la.loc[code, "ch_children"] - la.loc[code, "places"])


def test_rating_shares_are_complementary(data):
    good = _values(data, "pct_good_or_better", "la")
    bad = _values(data, "pct_ri_or_inadequate", "la")
    both = good.notna() & bad.notna()
    assert np.allclose(good[both] + bad[both], 100)


def test_sector_filter_changes_supply(data):
    private = _values(data, "homes", "country", sectors=("Private",)).iloc[0]
    la_run = _values(data, "homes", "country", sectors=("Local authority",)).iloc[0]
    assert private > 2 * la_run > 0
    assert _values(data, "homes", "country", sectors=()).iloc[0] == 0


def test_change_needs_a_baseline(data):
    with pytest.raises(ValueError):
        compute("homes_change", supply=data.supply, demand=data.la_year, year=2024, sectors=ALL,
                provision_types=CH, level="la")
    nw = _values(data, "homes_change", "region", year=2025)
    assert nw.idxmax() == "E12000002"  # the North West gains the most homes
