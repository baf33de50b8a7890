"""Flow model on small made-up tables: IPF margins, calibration, inputs, summaries, scenarios."""

from __future__ import annotations

import numpy as np
import pytest

from sufficiency.flows import (
    distribution,
    fit_report,
    ipf,
    modelled_la_figures,
    observed_figures,
    run_scenario,
    run_year,
    share_over,
    top_destinations,
    top_sources,
)
from sufficiency.flows import gravity
from sufficiency.flows.inputs import FROM_CLA, FROM_CLA_CH, MISSING, OBSERVED, origins, places
from sufficiency.flows.model import calibration_targets, decay_year_for
from tests.unit.flows_toy import toy_data

FORMS = ("exponential", "power")


@pytest.fixture()
def toy():
    return toy_data()


@pytest.mark.parametrize("form", FORMS)
def test_ipf_matches_both_margins_within_a_tenth_of_a_percent(form):
    rng = np.random.default_rng(3)
    n = 40
    xy = rng.uniform(0, 200, (n, 2))
    cost = np.linalg.norm(xy[:, None] - xy[None], axis=-1) + np.diag(rng.uniform(1, 5, n))
    o = rng.uniform(0, 50, n)
    o[[3, 7]] = 0
    d = rng.uniform(0, 80, n)
    d[[2, 11]] = 0
    d *= o.sum() / d.sum()
    decay = 0.08 if form == "exponential" else 2.0
    f = ipf(o, d, cost, decay, form)
    assert (f >= 0).all()
    np.testing.assert_allclose(f.sum(axis=1), o, rtol=1e-3, atol=1e-9)
    np.testing.assert_allclose(f.sum(axis=0), d, rtol=1e-3, atol=1e-9)
    # row rescaling of the kernel is absorbed by the balancing factors
    raw = np.exp(-decay * cost) if form == "exponential" else cost**-decay
    a, b, _ = gravity.balance(o, d, raw)
    np.testing.assert_allclose(a[:, None] * raw * b, f, rtol=1e-6, atol=1e-9)


def test_ipf_refuses_unbalanced_margins_and_unknown_forms():
    with pytest.raises(ValueError, match="same total"):
        ipf([1, 2], [1, 1], np.ones((2, 2)), 0.1)
    with pytest.raises(ValueError, match="unknown decay form"):
        ipf([1, 1], [1, 1], np.ones((2, 2)), 0.1, form="gaussian")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("target", [0.5, 0.6, 0.75])
def test_calibration_hits_the_target_share_within_half_a_point(form, target):
    rng = np.random.default_rng(5)
    n = 30
    xy = rng.uniform(0, 150, (n, 2))
    miles = np.linalg.norm(xy[:, None] - xy[None], axis=-1)
    radii = rng.uniform(2, 12, n)
    np.fill_diagonal(miles, 128 / (45 * np.pi) * radii)
    o = rng.uniform(1, 40, n)
    d = rng.uniform(0, 60, n)
    d *= o.sum() / d.sum()
    decay, got = gravity.calibrate(o, d, miles, radii, target, form)
    assert abs(got - target) < 0.005
    flows = ipf(o, d, miles, decay, form)
    assert gravity.share_over(flows, miles, radii, 20) == pytest.approx(target, abs=0.005)
    # a stronger decay keeps children closer to home
    assert gravity.share_over(ipf(o, d, miles, decay * 1.5, form), miles, radii, 20) < got


def test_calibration_says_when_the_target_is_out_of_reach():
    miles = np.array([[1.0, 5.0], [5.0, 1.0]])
    with pytest.raises(ValueError, match="cannot reach"):
        gravity.calibrate([1, 1], [1, 1], miles, np.array([1.0, 1.0]), 0.9, "exponential")


def test_origins_are_observed_else_imputed_and_labelled(toy):
    codes = list(toy.gazetteer["code"])
    o = origins(toy.la_year, 2020, codes)
    assert o.loc[codes[0], "basis"] == OBSERVED
    assert o.loc[codes[1], "basis"] == FROM_CLA_CH
    assert o.loc[codes[4], "basis"] == FROM_CLA
    t = toy.la_year[toy.la_year["year"] == 2020].set_index("la_code")
    assert o.loc[codes[1], "children"] == pytest.approx(t.loc[codes[1], "cla_ch"] / 1.05)
    assert o.loc[codes[4], "children"] == pytest.approx(t.loc[codes[4], "cla"] / 11)
    o21 = origins(toy.la_year, 2021, codes)
    assert o21.loc[codes[9], "basis"] == OBSERVED  # cla_ch and cla missing but FOI present
    o25 = origins(toy.la_year, 2025, codes)
    assert set(o25["basis"]) == {FROM_CLA_CH}
    assert o25.attrs["ratio_year"] == 2021
    ly = toy.la_year.copy()
    ly.loc[(ly["year"] == 2020) & (ly["la_code"] == codes[4]), "cla"] = np.nan
    assert origins(ly, 2020, codes).loc[codes[4], ["children", "basis"]].tolist() == [0.0, MISSING]


def test_places_are_childrens_homes_of_the_chosen_sectors(toy):
    codes = list(toy.gazetteer["code"])
    allp = places(toy.supply, 2020, codes)
    priv = places(toy.supply, 2020, codes, ["Private"])
    s = toy.supply
    assert allp.sum() == s[(s["year"] == 2020) & (s["provision_type"] == "childrens_home")]["places"].sum()
    assert (priv <= allp).all() and priv.sum() < allp.sum()


@pytest.mark.parametrize("form", FORMS)
def test_run_year_calibrates_to_the_years_observed_share(toy, form):
    r = run_year(toy, 2021, form=form)
    assert r.calibrated and r.decay_year == 2021 and r.target == 0.40
    assert abs(r.shares["share_over_20"] - 0.40) < 0.005
    np.testing.assert_allclose(r.matrix.sum(axis=1), r.origins["children"], rtol=1e-3)
    np.testing.assert_allclose(r.matrix.sum(axis=0), r.capacity, rtol=1e-3)
    assert r.matrix.sum() == pytest.approx(r.origins["children"].sum())
    assert r.occupancy == pytest.approx(r.origins["children"].sum() / r.places.sum())
    assert run_year(toy, 2021, form=form) is r  # cached
    flows = r.flows
    assert list(flows.columns) == ["origin", "destination", "children", "miles"]
    assert flows["children"].sum() == pytest.approx(r.matrix.sum())


def test_years_without_an_observed_share_use_the_nearest_years_decay(toy):
    assert calibration_targets(toy.national_distance).to_dict() == {2020: 0.45, 2021: 0.40}
    assert decay_year_for(toy.national_distance, 2025) == 2021
    assert decay_year_for(toy.national_distance, 2014) == 2020
    r = run_year(toy, 2025)
    assert not r.calibrated and r.decay == run_year(toy, 2021).decay


def test_sector_filter_scales_children_to_the_sectors_share_of_places(toy):
    full = run_year(toy, 2020)
    la = run_year(toy, 2020, sectors=["Local authority"])
    assert la.decay == full.decay
    share = la.places.sum() / full.places.sum()
    assert la.matrix.sum() == pytest.approx(full.matrix.sum() * share)
    np.testing.assert_allclose(la.matrix.sum(axis=0), la.places * full.occupancy, rtol=1e-3)


def test_summaries_are_consistent(toy):
    r = run_year(toy, 2020)
    d = distribution(r, bins=(0, 10, 20, 50, float("inf")))
    assert d["share"].sum() == pytest.approx(1.0)
    assert d["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert 1 - d.loc[d["upper"] == 20, "cumulative_share"].item() == pytest.approx(r.shares["share_over_20"])
    assert share_over(r, 50).item() == pytest.approx(r.shares["share_over_50"])
    by_region = distribution(r, by="region", bins=(0, 20, 50, 500))
    assert by_region.groupby("area_code")["share"].sum().round(6).eq(1.0).all()
    la = share_over(r, 20, by="la")
    children = r.matrix.sum(axis=1)
    assert (la * children).sum() / children.sum() == pytest.approx(r.shares["share_over_20"])
    code = r.codes[3]
    top = top_destinations(r, code, 3)
    assert len(top) == 3 and top["children"].is_monotonic_decreasing
    assert top_sources(r, code, 20)["children"].sum() == pytest.approx(r.matrix[:, 3].sum())
    with pytest.raises(KeyError):
        top_destinations(r, "E99999999")


def test_fit_report_compares_with_published_las_only(toy):
    r = run_year(toy, 2020)
    rep = fit_report(r, toy)
    assert rep["pct_outside_la"]["n"] == 8  # two LAs suppressed
    assert rep["net_gain"]["n"] == 10
    m = modelled_la_figures(r).set_index("la_code")
    np.testing.assert_allclose(m["net_gain"], r.capacity - r.origins["children"], atol=1e-6)
    assert set(m["basis"]) == {"modelled"}


def test_scenario_adds_places_and_brings_children_closer(toy):
    code = toy.gazetteer["code"].iloc[2]
    s = run_scenario(toy, 2020, code, 30)
    assert s.after.decay == s.before.decay
    row = s.table.set_index("area_code").loc[code]
    assert row["places_change"] == 30 and row["gap_change"] == -30
    eng = s.table.set_index("area_code").loc["E92000001"]
    assert eng["children_change"] == pytest.approx(0.0)
    assert row["share_over_20_after"] <= row["share_over_20_before"] + 1e-9
    assert list(s.table["level"]) == ["la", "region", "country"]


def test_scenario_in_a_region_shares_places_and_never_removes_more_than_exist(toy):
    s = run_scenario(toy, 2020, "E12000002", -10_000, sector="Private")
    private = places(toy.supply, 2020, list(toy.gazetteer["code"]), ["Private"])
    assert (s.delta == -private[s.delta.index]).all()
    assert (s.after.places >= 0).all()
    none = run_scenario(toy, 2020, "E12000002", 40, sectors=["Local authority"], sector="Private")
    assert none.delta.empty and (none.table["places_change"] == 0).all()
    added = run_scenario(toy, 2020, "E12000001", 7)
    assert added.delta.sum() == 7 and set(added.delta.index) <= set(toy.gazetteer["code"])
    with pytest.raises(KeyError):
        run_scenario(toy, 2020, "E12000009", 5)


def test_observed_figures_are_labelled_and_keep_flags(toy):
    t = observed_figures(toy.la_year, 2020)
    assert len(t) == 10 and set(t["basis"]) == {"observed"}
    assert "ch_children_flag" in t.columns
    assert t.loc[t["ch_children"].isna(), "ch_children_flag"].eq("c").all()
