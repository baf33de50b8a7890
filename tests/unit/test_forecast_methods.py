"""Forecast building blocks on hand-made figures whose answers are known by hand.

``tests/fixtures/forecast/three_las.csv`` (see its README): A grows by 10 a year, B is flat,
C falls by 10 a year, 2014-2020.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sufficiency.forecast import methods as M
from sufficiency.forecast.aggregate import Calibration, component_quantile, lookup, sum_interval
from sufficiency.forecast.areas import ComponentSet, interval
from sufficiency.forecast.calibration import GROWTH, calibrate, common_weight, growth_exponent
from sufficiency.forecast.engine import components, interval_scale, mase_scale, scale_floor
from sufficiency.forecast.series import panel
from sufficiency.forecast.units import units_at
from sufficiency.forecast.vocab import PROBS

A, B, C = "E06000001", "E06000002", "E06000003"
H = (1, 2, 3, 4, 5)
P = np.array(PROBS)


@pytest.fixture(scope="module")
def toy(fixtures_dir) -> pd.DataFrame:
    return pd.read_csv(fixtures_dir / "forecast" / "three_las.csv", dtype={"la_code": str, "region_code": str,
                                                                            "cla_flag": str, "cla_uasc_flag": str})


def test_units_of_the_toy_data_are_its_three_councils(toy):
    assert [u.code for u in units_at(toy, 2020)] == [A, B, C]


def test_naive_and_drift_by_hand_and_their_sums(toy):
    naive = components(toy, "cla", 2020, "naive")
    drift = components(toy, "cla", 2020, "drift")
    assert naive.ids == [A, B, C]
    np.testing.assert_allclose(naive.median, [[160] * 5, [50] * 5, [140] * 5])
    np.testing.assert_allclose(drift.median, [[170, 180, 190, 200, 210], [50] * 5, [130, 120, 110, 100, 90]])
    # the sum of the three (a footprint, their region, England) is 350 at every horizon, by either method
    np.testing.assert_allclose(naive.median.sum(axis=0), 350)
    np.testing.assert_allclose(drift.median.sum(axis=0), 350)


def test_a_forecast_reads_nothing_after_its_origin(toy):
    later = toy.copy()
    later.loc[later["year"] > 2018, ["cla", "cla_uasc"]] *= 5
    for method in ("naive", "drift", "combined", "split"):
        np.testing.assert_array_equal(components(toy, "cla", 2018, method).median,
                                      components(later, "cla", 2018, method).median)


def test_a_suppressed_figure_at_the_origin_means_no_forecast_not_a_zero(toy):
    cut = toy.copy()
    hit = (cut["year"] == 2020) & (cut["la_code"] == B)
    cut.loc[hit, "cla"], cut.loc[hit, "cla_flag"] = np.nan, "c"
    comp = components(cut, "cla", 2020, "naive")
    assert comp.ids == [A, C]
    assert "no published figure for 31 March 2020" in comp.excluded[B]
    assert np.isnan(panel(cut, "cla", units_at(cut, 2020)).values[1, -1])  # kept missing, never 0


def test_supply_is_forecast_by_sector_and_summed(toy):
    comp = components(toy, "homes", 2020, "naive")
    assert len(comp.ids) == 3 * 4 and f"{B}|local_authority" in comp.ids
    by_unit = pd.Series(comp.median[:, 0]).groupby(comp.unit_of).sum()
    assert by_unit.to_dict() == {A: 5.0, B: 2.0, C: 4.0}  # the 2020 totals


def test_uasc_are_forecast_apart_only_where_they_are_a_twentieth_or_more(toy):
    units, years = units_at(toy, 2020), tuple(range(2014, 2021))
    hist, uasc = panel(toy, "cla", units, years), panel(toy, "cla_uasc", units, years)
    split = M.split_uasc(hist, H, uasc)
    assert np.isfinite(split).all()
    whole = M.combined(hist, H)
    other = M.combined(M._other_children(hist, uasc), H)
    np.testing.assert_allclose(split[0], other[0] + 32)  # A: a fifth are UASC, held at their 32
    np.testing.assert_allclose(split[1:], whole[1:])  # B: 4% UASC (under 5%); C: UASC suppressed
    assert M.split_units(hist, uasc).tolist() == [True, False, False]


def test_an_interval_from_a_known_error_distribution():
    # errors uniform on [-1, 1]: the p quantile is 2p - 1
    cal = Calibration("toy", np.tile(2 * P - 1, (5, 1)), np.zeros(5), log=False)
    lo80 = component_quantile(np.array([10.0]), np.array([2.0]), cal, 0, 0.1)
    hi95 = component_quantile(np.array([10.0]), np.array([2.0]), cal, 0, 0.975)
    assert lo80[0] == pytest.approx(10 - 2 * 0.8) and hi95[0] == pytest.approx(10 + 2 * 0.95)
    (one,) = sum_interval([(cal, ["x"], np.array([[10.0]]), np.array([2.0]), 1.0)], [1])
    assert (one["lo80"], one["median"], one["hi80"]) == pytest.approx((8.4, 10.0, 11.6))
    # relative errors: a child count of 99 is log1p 100; 10% of the error's spread either side
    rel = Calibration("toy", np.tile(2 * P - 1, (5, 1)), np.zeros(5), log=True)
    got = component_quantile(np.array([99.0]), np.array([0.1]), rel, 0, 0.9)
    assert got[0] == pytest.approx(100 * np.exp(0.08) - 1)


def test_a_sum_of_two_independent_uniform_errors_is_triangular():
    cal = Calibration("toy", np.tile(2 * P - 1, (5, 1)), np.zeros(5), log=False)
    (row,) = sum_interval([(cal, ["a", "b"], np.array([[10.0], [10.0]]), np.array([2.0, 2.0]), 1.0)], [1])
    # the sum of two uniform(-2, 2) is triangular on [-4, 4]: its 10% point is -4 + 4 * sqrt(0.2)
    assert row["median"] == 20.0
    assert row["lo80"] == pytest.approx(20 - 4 + 4 * np.sqrt(0.2), abs=0.2)
    assert row["hi80"] == pytest.approx(20 + 4 - 4 * np.sqrt(0.2), abs=0.2)
    # fully common errors: the sum moves as one, twice a single interval
    common = Calibration("toy", np.tile(2 * P - 1, (5, 1)), np.full(5, 0.99), log=False)
    (both,) = sum_interval([(common, ["a", "b"], np.array([[10.0], [10.0]]), np.array([2.0, 2.0]), 1.0)], [1])
    assert (both["lo80"], both["hi80"]) == pytest.approx((20 - 3.2, 20 + 3.2), abs=0.15)


def test_a_footprint_is_the_sum_of_its_councils_and_its_draws_depend_only_on_them():
    cal = Calibration("toy", np.tile(2 * P - 1, (5, 1)), np.zeros(5), log=False)
    cs = ComponentSet("homes", "naive", 2020, ("a", "b", "c"), ("a", "b", "c"), ("all",) * 3, {}, np.array(
        [[1.0] * 5, [2.0] * 5, [3.0] * 5]), np.array([1.0, 1.0, 1.0]), cal)
    ab = interval(cs, ["a", "b"])
    assert [r["median"] for r in ab] == [3.0] * 5
    assert interval(cs, ["b", "a"]) == ab  # order of the footprint does not matter


def test_lookup_is_linear_interpolation_in_the_quantile_table():
    rng = np.random.default_rng(1)
    table = np.sort(rng.normal(size=len(P)))
    u = np.concatenate([rng.uniform(size=500), [0.0, 0.001, 0.005, 0.5, 0.995, 0.999, 1.0]])
    np.testing.assert_allclose(lookup(u, table), np.interp(u, P, table), atol=1e-12)


def _rows(spread_by_horizon: dict[int, float], origins=(2017, 2018, 2019), n=60, target_offset=0) -> pd.DataFrame:
    e = np.linspace(-1, 1, n)
    out = []
    for o in origins:
        for h, spread in spread_by_horizon.items():
            out.append(pd.DataFrame({"method": "naive", "origin": o, "horizon": h, "target": o + h + target_offset,
                                     "component": [f"c{i}" for i in range(n)], "area_code": [f"c{i}" for i in range(n)],
                                     "sector": "all", "region_code": "E12000001", "median": 100.0,
                                     "actual": 100.0 + spread * e, "scale": 1.0}))
    return pd.concat(out, ignore_index=True)


def test_calibration_quantiles_and_the_growth_of_errors_with_the_horizon():
    rows = _rows({1: 1.0, 2: 2.0})  # spread doubles from one year to two: exponent 1
    cal = calibrate(rows, "toy", upto=2030)
    assert cal.quantiles[0, 0, PROBS.index(0.5)] == pytest.approx(0.0, abs=1e-9)
    assert cal.quantiles[0, 0, PROBS.index(0.9)] == pytest.approx(np.quantile(np.linspace(-1, 1, 60), 0.9))
    h, o, e = rows["horizon"].to_numpy(), rows["origin"].to_numpy(), (rows["actual"] - 100).to_numpy()
    assert growth_exponent(h, o, e, [1, 2]) == pytest.approx(1.0)
    assert growth_exponent(h, o, e, [1]) == GROWTH  # one horizon: a random walk's square root
    # horizon 3 has no errors: horizon 2's quantiles times (3 / 2) ** 1
    np.testing.assert_allclose(cal.quantiles[0, 2], cal.quantiles[0, 1] * 1.5)


def test_calibration_uses_only_errors_whose_target_is_at_or_before_the_origin():
    rows = pd.concat([_rows({1: 1.0}), _rows({1: 50.0}, origins=(2021,))], ignore_index=True)
    np.testing.assert_allclose(calibrate(rows, "toy", upto=2020).quantiles, calibrate(_rows({1: 1.0}), "toy", upto=2020).quantiles)
    assert calibrate(rows, "toy", upto=2020, first=2018).quantiles.shape == (1, 5, len(P))
    assert calibrate(rows, "toy", upto=2017) is None  # no target at or before 2017


def test_common_weight_from_the_sums_errors():
    origin = np.repeat([2018, 2019, 2020, 2021], 10)
    region = np.tile(np.array(["r1", "r2"] * 5, dtype=object), 4)
    sd = np.ones(40)
    mu = np.zeros(40)
    # every council wrong by the same amount, up one year and down the next: all common
    shared = np.repeat([1.0, -1.0, 1.0, -1.0], 10)
    assert common_weight(origin, region, shared, mu, sd) == pytest.approx(0.95)
    # errors that cancel within every region and year: nothing common
    cancel = np.tile([1.0, 1.0, -1.0, -1.0] * 2 + [1.0, -1.0], 4)
    assert common_weight(origin, region, cancel, mu, sd) == 0.0


def test_interval_scales_are_shrunk_towards_councils_of_the_same_size():
    rng = np.random.default_rng(3)
    series = np.exp(rng.uniform(3, 8, (30, 1)) + np.cumsum(rng.normal(0, 0.05, (30, 12)), axis=1))
    series[0, :-3] = np.nan  # a council with three years of figures: two changes against eleven
    own = mase_scale(series, log=True)
    shrunk = interval_scale(series, log=True)
    size = np.log1p(series[:, -1])
    typical = np.exp(np.polyval(np.polyfit(size, np.log(own), 1), size))
    # each scale moves part of the way from its own towards the typical one for its size ...
    part = (shrunk - own) / (typical - own)
    assert np.all((part > 0) & (part < 1))
    # ... the same part for the same number of changes, a larger part for the short series
    np.testing.assert_allclose(part[1:], part[1])
    k = part[1] * 11 / (1 - part[1])  # part = k / (n + k)
    assert part[0] == pytest.approx(k / (2 + k))
    # counts keep their own scale
    np.testing.assert_allclose(interval_scale(series, log=False), mase_scale(series, log=False))


def test_the_smallest_scale_is_one_unit_a_year():
    assert scale_floor(np.array([0.0]), log=True)[0] == pytest.approx(np.log(2))
    assert scale_floor(np.array([999.0]), log=True)[0] == pytest.approx(0.01)  # 1% beats log(1001/1000)
    assert scale_floor(np.array([5.0]), log=False)[0] == 1.0
