"""Modelled distance figures with ranges, footprints' children inside and outside them, and the
scenario's answer in children, on the real build (data/): one computation shown everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sufficiency import flows
from sufficiency.app.sections import distance
from sufficiency.app.sections import profile_flows
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.flows.scenario import FOOTPRINT
from sufficiency.flows.set_figures import set_figure_ranges, set_figures
from sufficiency.present import distance_figures as dfg
from sufficiency.present import footprint_flows as ff
from sufficiency.present import map as pmap
from sufficiency.present import scenario as ps
from sufficiency.snapshot.tables import snapshot_tables
from sufficiency.state import ViewState, from_query
from sufficiency.store import load
from tests.helpers import component_text

YEAR = 2024
KENT, MEDWAY = "E10000016", "E06000035"
GM = ("E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006", "E08000007", "E08000008",
      "E08000009", "E08000010")


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


_text = component_text


def test_a_set_of_one_la_has_that_las_figures_and_ranges(data):
    row = dfg.area_values(data, YEAR, KENT, flows.ALL_SECTORS)
    one = set_figure_ranges(data, YEAR, [KENT])
    for key in flows.RANGED_FIGURES:
        for end in ("", "_low", "_high"):
            # both balanced to the model's tolerance (gravity.TOL relative, ATOL children), each
            # from the warm start the runs before it left: equal to well within that
            assert one[f"{key}{end}"] == pytest.approx(row[f"{key}{end}"], rel=1e-7)


def test_a_set_of_a_regions_las_has_the_regions_central_figures(data):
    result = flows.run_year(data, YEAR)
    codes = [c for c, r in zip(result.codes, result.region_codes) if r == "E12000008"]
    region = flows.area_figures(result, "region").set_index("area_code").loc["E12000008"]
    mine = set_figures(result, codes)
    for key in ("children", *flows.RANGED_FIGURES):
        assert mine[key] == pytest.approx(float(region[key]), rel=1e-9)


def test_the_view_shows_each_modelled_figure_with_its_range_and_population(data):
    f = dfg.modelled_figures(data, ViewState(view="distance", area=KENT, year=YEAR))
    assert list(f["key"]) == list(dfg.SHOWN)
    assert (f["low"] <= f["value"] + 1e-12).all() and (f["high"] >= f["value"] - 1e-12).all()
    assert (f["high"] > f["low"]).all()  # an LA's figures are not calibrated: each has a width
    assert set(f["covers"]) == {flows.CH_MODELLED}
    over20 = f.set_index("key").loc["share_over_20"]
    assert over20["text"] == f"{over20['value'] * 100:.0f}% ({over20['low'] * 100:.0f}-{over20['high'] * 100:.0f}%)"
    view = _text(distance.render(ViewState(view="distance", area=KENT, year=YEAR), data))
    assert over20["text"] in view and flows.CH_MODELLED in view and flows.ALL_CLA_OBSERVED in view
    assert "These figures cover different children" in view


def test_places_added_in_a_footprint_are_shared_by_its_places_and_answered_for_it(data):
    delta = flows.allocate_places(data, YEAR, FOOTPRINT, 40, members=list(GM))
    assert int(delta.sum()) == 40 and set(delta.index) == set(GM) and (delta >= 0).all()
    places = flows.run_year(data, YEAR).places.reindex(list(GM))
    assert delta.idxmax() == places.idxmax()
    s = flows.run_scenario(data, YEAR, FOOTPRINT, 40, footprint=list(GM))
    rows = s.children.set_index("area_code")
    assert FOOTPRINT in rows.index and ENGLAND_CODE in rows.index and "E12000002" in rows.index
    fp = rows.loc[FOOTPRINT]
    assert fp["places_change"] == pytest.approx(40) and fp["gap_change"] == pytest.approx(-40)
    assert fp["within_area_change"] > 0 and fp["outside_area_change"] == pytest.approx(-fp["within_area_change"])
    assert fp["within_area_change_low"] <= fp["within_area_change"] <= fp["within_area_change_high"]
    with pytest.raises(ValueError, match="footprint"):
        flows.run_scenario(data, YEAR, FOOTPRINT, 40)


def test_the_scenario_answers_in_whole_children_with_ranges(data):
    state = ViewState(view="distance", area=KENT, year=YEAR, scenario_places=50)
    s = ps.scenario_result(data, state)
    rows = ps.answer_rows(s.children).set_index("area_code")
    raw = s.children.set_index("area_code")
    for fig in ps.ANSWER_FIGURES:
        lo, hi = rows[f"{fig}_change_low"], rows[f"{fig}_change_high"]
        assert (lo <= raw[f"{fig}_change_low"] + 1e-9).all() and (hi >= raw[f"{fig}_change_high"] - 1e-9).all()
        assert (rows[f"{fig}_change"] == rows[f"{fig}_change"].round()).all()
    kent = rows.loc[KENT]
    assert kent["inside_own_la_change"] > 0 and kent["gap_change"] == -50
    (sentence,) = ps.scenario_answer(data, state)
    assert sentence.startswith("Kent: of its ") and "would be placed inside Kent" in sentence
    assert kent["inside_own_la_text"] in sentence and "falls by 50" in sentence and "(modelled)" in sentence
    frame, name = ps.children_frame(data, state)
    assert name == "scenario-children-add-50-places-E10000016-2024.csv"
    assert list(frame["Area code"]) == [KENT, "E12000008", ENGLAND_CODE]
    assert frame["Children placed inside their own LA: change"].iloc[0] == kent["inside_own_la_text"]


def test_a_footprint_in_the_url_is_the_scenarios_default_area(data):
    state = from_query(f"?view=distance&year={YEAR}&footprint={','.join(GM[:3])}&scenario_places=30")
    assert ps.scenario_area(state) == FOOTPRINT
    assert from_query("?scenario_area=footprint").scenario_area == FOOTPRINT
    assert ps.scenario_area(state.with_(scenario_area=KENT)) == KENT
    (sentence,) = ps.scenario_answer(data, state)
    assert "placed in the footprint's own homes" in sentence and "outside it" in sentence
    assert ps.scenario_area(ViewState()) is None


def test_a_footprints_children_inside_outside_and_the_numerical_test(data):
    state = from_query(f"?view=distance&year={YEAR}&footprint=gm-rcc")
    fp = ff.footprint_flows(data, state)
    assert fp["within_area"] + fp["outside_area"] == pytest.approx(fp["children"])
    assert fp["numerically_sufficient"] == (fp["places"] >= fp["children"])
    frame = ff.footprint_frame(fp)
    assert frame["In words"].iloc[-1] in ("yes", "no")
    inside = frame.set_index("Figure").loc["Placed in the footprint's own homes"]
    assert inside["Low"] <= inside["Value"] <= inside["High"] and inside["Basis"] == "modelled"
    view = _text(distance.render(state, data))
    assert "Numerical sufficiency (derived)" in view and ff.sufficiency_sentence(fp, "Greater Manchester regional "
                                                                                 "care co-operative") in view
    assert ff.placed_sentence(fp, "Greater Manchester regional care co-operative") in view
    # a made-up shortfall is said in children
    short = dict(fp, places=10.0, numerically_sufficient=False, shortfall=fp["children"] - 10.0)
    assert "numerically insufficient" in ff.sufficiency_sentence(short, "X")


def test_the_snapshot_carries_the_ranges_the_footprint_and_the_answer(data):
    state = from_query(f"?view=distance&year={YEAR}&footprint=gm-rcc&scenario_places=40")
    tables = snapshot_tables(data, state)
    assert {"Modelled distance", "Scenario", "Scenario children"} <= set(tables)
    m = tables["Modelled distance"].set_index("Figure")
    shown = dfg.modelled_figures(data, state).set_index("figure")
    assert m.loc["Placed more than 20 miles from home", "In words"] == shown.loc[
        "Placed more than 20 miles from home", "text"]
    assert "Placed outside the footprint" in m.index
    answer = tables["Scenario children"]
    assert "gm-rcc" in set(answer["Area code"])
    d = tables["Distance"].set_index("Area code")
    low = "% of children in children's homes placed more than 20 miles from home (modelled): plausible range, low"
    high = low.replace("low", "high")
    mid = "% of children in children's homes placed more than 20 miles from home (modelled)"
    values = pd.to_numeric(d[mid], errors="coerce")
    ok = values.notna()
    assert ok.sum() > 150
    assert (d.loc[ok, low] <= values[ok] + 1e-6).all() and (d.loc[ok, high] >= values[ok] - 1e-6).all()


def test_the_map_hover_and_table_give_a_modelled_measures_range(data):
    state = ViewState(measure="modelled_over_20_miles", year=YEAR)
    las = data.la_year[data.la_year["year"] == YEAR][["la_code", "region_code"]]
    extra = pmap.hover_extra(state, data, las)
    row = dfg.area_values(data, YEAR, KENT, flows.ALL_SECTORS)
    assert extra.loc[KENT, "Plausible range (modelled)"] == (
        f"{row['share_over_20_low'] * 100:.0f}-{row['share_over_20_high'] * 100:.0f}%")
    from sufficiency.app.sections.map_view import map_table

    frame, _ = map_table(state, data)
    kent = frame.set_index("LA code").loc[KENT]
    assert kent["Plausible range, low (modelled, %)"] == pytest.approx(row["share_over_20_low"] * 100, abs=0.05)


def test_the_profile_says_the_latest_observed_year_and_keeps_codes(data):
    series = profile_flows.series_of(data, [KENT])
    text = profile_flows.latest_sentence(series, "Kent", 2025)
    assert "(2024)" in text and "2025 has no published figure" in text and flows.CH_OBSERVED in text
    last = series[series["year"] == 2024].iloc[0]
    assert f"{last['placed_outside']:,.0f} of Kent's children placed outside" in text
    gm = profile_flows.flows_frame(profile_flows.series_of(data, list(GM)))
    col = [c for c in gm.columns if c.startswith("Placed outside their own LA")][0]
    assert not (gm[col] == 0).any() and gm[col].map(lambda v: isinstance(v, str)).any()  # codes, never zeros
    assert profile_flows.modelled_line(data, KENT, YEAR, flows.ALL_SECTORS).startswith(
        f"Modelled, 31 March {YEAR}, {flows.CH_MODELLED}")
    assert np.isfinite(last["net_gain"])


def test_the_profile_names_the_home_las_of_children_in_its_homes(data):
    frame = profile_flows.sources_frame(data, [KENT], YEAR, flows.ALL_SECTORS)
    assert 0 < len(frame) <= profile_flows.TOP_SOURCES
    assert frame["Children (modelled)"].is_monotonic_decreasing
    assert KENT in set(frame["LA code"]) and set(frame["Home LA inside the area"]) <= {"yes", "no"}
    gm = profile_flows.sources_frame(data, list(GM), YEAR, flows.ALL_SECTORS)
    assert gm["Home LA inside the area"].iloc[0] == "yes"
