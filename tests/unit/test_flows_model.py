"""The flow model's candidates, propensities, cross-validation, ranges and answers in children,
on small made-up tables (tests/unit/flows_toy.py) and hand-made shapes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from sufficiency.distance import METRES_PER_MILE, disc_distance_cdf, disc_within, polygon_within
from sufficiency.distance.polygons import within_polygon_distances
from sufficiency.flows import (
    CANDIDATES, CH_MODELLED, DEFAULT_MODEL, RANGED_FIGURES, counts, figure_label, figure_ranges, footprint, gravity,
    held_out, latest_observed, observed_series, run_scenario, run_year, sufficiency_test,
)
from sufficiency.flows.characteristics import la_characteristics
from sufficiency.flows.inputs import places
from sufficiency.flows.propensity import fit_propensity, predict
from tests.unit.flows_toy import CODES, toy_data

FORMS = ("exponential", "power")


@pytest.fixture()
def toy():
    return toy_data()


@pytest.fixture(scope="module")
def big():
    """40 LAs: enough published LAs for every propensity and the regression in each fold."""
    return toy_data(11, 40)


def test_grid_distances_match_the_closed_forms_of_a_square_and_a_disc():
    side = 10 * METRES_PER_MILE
    mean, q = within_polygon_distances(box(0, 0, side, side))
    assert mean == pytest.approx(0.521405 * 10, rel=0.01)  # mean distance in a unit square: 0.5214...
    radius = 6 * METRES_PER_MILE
    mean, q = within_polygon_distances(Point(0, 0).buffer(radius, 256))
    assert mean == pytest.approx(128 * 6 / (45 * np.pi), rel=0.01)
    assert q[0] == 0 and np.all(np.diff(q) >= 0) and q[-1] <= 12.0
    assert disc_distance_cdf(q[10], 6.0) == pytest.approx(0.5, abs=0.01)  # the median


def test_polygon_within_distribution_interpolates_its_quantiles(toy):
    area = toy.gazetteer["area_km2"].to_numpy()
    poly = polygon_within(CODES, area, toy.la_distances)
    disc = disc_within(CODES, area)
    t = np.array([0.0, 1.0, 5.0, 10.0, 20.0, 50.0])
    np.testing.assert_allclose(poly.cdf(t), disc.cdf(t), atol=0.02)  # linear between 5 % steps
    assert (poly.cdf([0.0]) == 0).all() and (poly.cdf([1e6]) == 1).all()
    assert poly.share_over(20.0) == pytest.approx(1 - poly.cdf([20.0])[:, 0])
    with pytest.raises(ValueError, match="no within-LA distances"):
        polygon_within([*CODES, "E06099999"], [*area, 10.0], toy.la_distances)


def _problem(seed=3, n=30):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 150, (n, 2))
    miles = np.linalg.norm(xy[:, None] - xy[None], axis=-1)
    np.fill_diagonal(miles, rng.uniform(2, 10, n))
    o = rng.uniform(1, 40, n)
    d = rng.uniform(1, 60, n)
    d *= o.sum() / d.sum()
    return o, d, miles


@pytest.mark.parametrize("form", FORMS)
def test_own_la_total_is_met_inside_the_balancing_with_both_margins(form):
    o, d, miles = _problem()
    k = gravity.decay_matrix(miles, 0.08 if form == "exponential" else 2.0, form)
    inside = 0.3 * o.sum()
    a, b, g, _ = gravity.balance_own_total(o, d, k, inside)
    m = gravity.own_total_flows(a, k, b, g)
    np.testing.assert_allclose(m.sum(axis=1), o, rtol=1e-3)
    np.testing.assert_allclose(m.sum(axis=0), d, rtol=1e-3)
    assert np.trace(m) == pytest.approx(inside, rel=1e-6)
    with pytest.raises(ValueError, match="cannot all be placed"):
        gravity.balance_own_total(o, d, k, 2 * o.sum())


def test_fixed_diagonal_flows_keep_the_diagonal_and_both_margins():
    o, d, miles = _problem(5)
    t = 0.4 * np.minimum(o, d)
    m, _ = gravity.flows_with_diagonal(o, d, gravity.decay_matrix(miles, 2.2, "power"), t)
    np.testing.assert_allclose(np.diag(m), t)
    np.testing.assert_allclose(m.sum(axis=1), o, rtol=1e-3)
    np.testing.assert_allclose(m.sum(axis=0), d, rtol=1e-3)
    with pytest.raises(ValueError, match="diagonal"):
        gravity.flows_with_diagonal(o, d, np.ones_like(miles), o + d)


@pytest.mark.parametrize("form", FORMS)
def test_over_relaxed_balancing_gives_the_plain_ipf_answer(form):
    o, d, miles = _problem(11, 60)
    k = gravity.decay_matrix(miles, 0.12 if form == "exponential" else 2.3, form)
    a1, b1, it1 = gravity.balance(o, d, k, omega=1.0)
    a2, b2, it2 = gravity.balance(o, d, k)
    np.testing.assert_allclose(a1[:, None] * k * b1, a2[:, None] * k * b2, rtol=1e-6, atol=1e-9)
    assert it2 <= it1


@pytest.mark.parametrize("model", list(CANDIDATES))
@pytest.mark.parametrize("year", [2020, 2021])
def test_every_candidate_hits_its_national_targets_and_keeps_the_margins(big, model, year):
    r = run_year(big, year, model=model)
    assert r.calibrated and r.model == model
    assert abs(r.shares["share_over_20"] - r.target) < 0.005
    np.testing.assert_allclose(r.matrix.sum(axis=1), r.origins["children"], rtol=1e-3)
    np.testing.assert_allclose(r.matrix.sum(axis=0), r.capacity, rtol=1e-3)
    outside = 1 - np.trace(r.matrix) / r.matrix.sum()
    nd = big.national_distance
    target = nd.loc[(nd["year"] == year) & (nd["placement_group"] == "Secure homes and children's homes"),
                    "share_outside_la_of_known"]
    if CANDIDATES[model].own != "none":
        assert r.outside_target == pytest.approx(float(target.iloc[0]))
        assert abs(outside - r.outside_target) < 0.005
    else:
        assert np.isnan(r.outside_target)


def test_years_without_national_figures_borrow_the_parameters_and_refit_nothing_observed(toy):
    r25 = run_year(toy, 2025)
    r21 = run_year(toy, 2021)
    assert not r25.calibrated and r25.decay == r21.decay and r25.decay_year == 2021
    assert r25.params.propensity is r21.params.propensity  # 2025 has no FOI figures: 2021's fit


def test_propensity_fit_recovers_known_coefficients():
    rng = np.random.default_rng(0)
    n = 400
    X = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n)}, index=[f"L{i}" for i in range(n)])
    eta = -0.5 + 0.8 * X["x1"] - 0.4 * X["x2"] + rng.normal(scale=0.3, size=n)
    children = rng.integers(40, 200, n)
    inside = rng.binomial(children, 1 / (1 + np.exp(-eta)))
    obs = pd.DataFrame({"inside": inside, "outside": children - inside}, index=X.index)
    p = fit_propensity(X, obs, ("x1", "x2"), 2024)
    np.testing.assert_allclose(p.coef, [-0.5, 0.8, -0.4], atol=0.08)
    assert 0.03 < p.tau2 < 0.2 and p.n == n
    share, low, high = predict(p, X, children.astype(float), np.full(n, 1e9))
    assert np.all(low <= share / children + 1e-12) and np.all(share / children <= high + 1e-12)
    covered = ((inside / children >= low) & (inside / children <= high)).mean()
    assert 0.7 < covered < 0.9  # an 80 % range


def test_characteristics_are_computed_from_inputs_only():
    miles = np.array([[2.0, 10.0, 40.0], [10.0, 3.0, 30.0], [40.0, 30.0, 4.0]])
    X = la_characteristics(["A", "B", "C"], [10.0, 20.0, 0.0], [5.0, 30.0, 8.0], [2.0, 40.0, 0.0],
                           [100.0, 400.0, 900.0], [1e4, 2e4, 3e4], miles, [0.2, 0.5, 0.0])
    assert X.loc["A", "la_places_per_child"] == pytest.approx(0.2)
    assert X.loc["B", "la_places_per_child"] == 1.0  # at most 1
    assert X.loc["A", "log_nearby_places_per_child"] == pytest.approx(np.log(30.5 / 10))
    assert X.loc["A", "gravity_logit"] == pytest.approx(np.log(0.2 / 0.8))
    assert X.loc["C"].isna().all()  # no children


def _with_figure(data, code, year, outside_pct):
    ly = data.la_year.copy()
    at = (ly["la_code"] == code) & (ly["year"] == year)
    children = float(ly.loc[at, "ch_children"].iloc[0])
    ly.loc[at, "ch_pct_outside_la"] = outside_pct
    ly.loc[at, "ch_placed_outside_la"] = round(outside_pct / 100 * children)
    return replace(data, la_year=ly)


@pytest.mark.parametrize("model", [DEFAULT_MODEL, "gravity_propensity_all", "regression"])
def test_cross_validation_never_lets_an_las_own_figure_into_its_prediction(big, model):
    code = CODES[6]
    base = held_out(big, 2020, model).set_index("la_code")
    shuffled = held_out(_with_figure(big, code, 2020, 5.0), 2020, model).set_index("la_code")
    assert shuffled.loc[code, "observed"] == 5.0
    assert shuffled.loc[code, "predicted"] == pytest.approx(base.loc[code, "predicted"], abs=1e-9)
    assert shuffled.loc[code, ["low", "high"]].tolist() == pytest.approx(base.loc[code, ["low", "high"]].tolist())
    others = base.index[(base.index != code) & (base["fold"] != base.loc[code, "fold"])]
    moved = (shuffled.loc[others, "predicted"] - base.loc[others, "predicted"]).abs()
    assert moved.max() > 1e-6  # the figure is used, for the LAs of the other folds
    full = run_year(big, 2020)
    changed = run_year(_with_figure(big, code, 2020, 5.0), 2020)
    assert not np.allclose(np.diag(full.matrix), np.diag(changed.matrix))  # the full fit does use it


def test_held_out_baselines_and_candidates_cover_every_published_la(big):
    for model in [*CANDIDATES, "constant_share", "regression"]:
        h = held_out(big, 2021, model)
        assert len(h) == 38 and h["predicted"].between(0, 100).all()
    const = held_out(big, 2021, "constant_share")
    assert const.groupby("fold")["predicted"].nunique().eq(1).all()
    assert held_out(big, 2025, DEFAULT_MODEL).empty


@pytest.mark.parametrize("by", ["la", "region", "england"])
def test_every_ranged_figure_has_a_range_around_it(toy, by):
    t = figure_ranges(toy, 2020, by)
    for fig in RANGED_FIGURES:
        ok = t[fig].notna()
        assert (t.loc[ok, f"{fig}_low"] <= t.loc[ok, fig] + 1e-12).all()
        assert (t.loc[ok, fig] <= t.loc[ok, f"{fig}_high"] + 1e-12).all()
    assert set(t["basis"]) == {"modelled"}
    if by == "la":
        assert (t["share_outside_la_high"] - t["share_outside_la_low"]).max() > 0.01
    if by == "england":  # calibrated to DfE's national split and share over 20 miles
        row = t.iloc[0]
        assert row["share_over_20_high"] - row["share_over_20_low"] < 0.005
        assert row["share_outside_la_high"] - row["share_outside_la_low"] < 0.005


def test_footprint_places_its_children_within_or_outside_it(toy):
    f = footprint(toy, 2020, CODES[:3])
    assert f["within_area"] + f["outside_area"] == pytest.approx(f["children"])
    assert f["inside_own_la"] <= f["within_area"] + 1e-9
    assert f["within_area_low"] <= f["within_area"] <= f["within_area_high"]
    assert f["share_outside_area"] == pytest.approx(f["outside_area"] / f["children"])
    assert f["numerically_sufficient"] == (f["places"] >= f["children"])
    assert f["basis"]["within_area"] == "modelled" and f["basis"]["numerically_sufficient"] == "derived"
    whole = counts(run_year(toy, 2020), CODES)
    assert whole["outside_area"] == pytest.approx(0.0, abs=1e-6) and whole["from_elsewhere"] == pytest.approx(0, abs=1e-6)
    assert sufficiency_test(120.0, 100.0) == {"numerically_sufficient": False, "shortfall": 20.0}
    assert sufficiency_test(80.0, 100.0) == {"numerically_sufficient": True, "shortfall": 0.0}
    with pytest.raises(KeyError):
        counts(run_year(toy, 2020), ["E06099999"])


def test_scenario_answers_in_children_with_ranges(toy):
    code = CODES[2]
    s = run_scenario(toy, 2020, code, 30, footprint=CODES[:4])
    c = s.children.set_index("area_code")
    assert list(c.index) == [code, "E12000001", "E92000001", "footprint"]
    row = c.loc[code]
    assert row["places_change"] == 30 and row["gap_change"] == pytest.approx(-30)
    assert row["inside_own_la_change"] > 0  # more of its children placed at home
    for fig in ("inside_own_la", "within_20", "over_50", "within_area"):
        assert (c[f"{fig}_change_low"] <= c[f"{fig}_change"] + 1e-9).all()
        assert (c[f"{fig}_change"] <= c[f"{fig}_change_high"] + 1e-9).all()
    assert c.loc["E92000001", "within_area_change"] == pytest.approx(0.0, abs=1e-6)
    assert c.loc["E92000001", "children"] == pytest.approx(s.before.origins["children"].sum())
    quick = run_scenario(toy, 2020, code, 30, ranges=False).children.set_index("area_code")
    assert (quick["over_50_change_low"] == quick["over_50_change"]).all()


def test_sector_slices_add_up_to_all_sectors(toy):
    full = run_year(toy, 2020)
    parts = sum(run_year(toy, 2020, sectors=[s]).matrix for s in ("Local authority", "Private"))
    np.testing.assert_allclose(parts, full.matrix, rtol=1e-9, atol=1e-12)


def test_short_break_only_places_are_left_out(toy):
    with_sb = places(toy.supply, 2020, CODES, ["Local authority"])
    without = places(toy.supply, 2020, CODES, ["Local authority"], toy.short_break_places)
    assert with_sb[CODES[0]] - without[CODES[0]] == 1 and (with_sb[CODES[1:]] == without[CODES[1:]]).all()
    assert run_year(toy, 2020).places[CODES[0]] == places(toy.supply, 2020, CODES).loc[CODES[0]] - 1
    assert run_year(toy, 2020, model="gravity_polygon").places[CODES[0]] == places(toy.supply, 2020, CODES).loc[CODES[0]]


def test_observed_series_keeps_codes_and_derives_children_placed_in(toy):
    one = observed_series(toy.la_year, CODES[3]).set_index("year")
    assert list(one.index) == [2020, 2021]  # 2025 has no FOI figures anywhere
    assert one.loc[2020, "placed_in"] == one.loc[2020, "net_gain"] + one.loc[2020, "placed_outside"]
    assert set(one["basis"]) == {"observed"}
    pair = observed_series(toy.la_year, [CODES[0], CODES[1]]).set_index("year")  # CODES[1] is suppressed
    assert np.isnan(pair.loc[2020, "placed_outside"]) and pair.loc[2020, "placed_outside_flag"] == "c"
    assert pair.loc[2020, "placed_outside_las_missing"] == 1
    assert pair.loc[2020, "placed_outside_published_sum"] == one.loc[2020, "placed_outside"] * 0 + \
        observed_series(toy.la_year, CODES[0]).set_index("year").loc[2020, "placed_outside"]
    assert pair.loc[2020, "net_gain"] == -9.0  # both published: -5 + -4
    latest = latest_observed(one.reset_index())
    assert latest["net_gain"]["year"] == 2021 and latest["placed_outside"]["value"] == one.loc[2021, "placed_outside"]
    assert "observed" in latest["net_gain"]["label"]


def test_figure_labels_say_which_children():
    assert figure_label("share_over_20") == "Placed more than 20 miles from home: " + CH_MODELLED
