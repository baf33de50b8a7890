"""The distance view without a browser: scenario fields in the URL, the pure render, the
modelled and observed map measures, the upload store and its result."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from sufficiency.app import create_app
from sufficiency.store import load
from sufficiency.app.sections import SECTIONS, TITLES, distance
from sufficiency.app.sections import distance_panels as panels
from sufficiency.state import ViewState, from_query
from sufficiency.engine import queries
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine.registry import MEASURES, MODELLED_MEASURES as MODELLED
from sufficiency.uploads.example import example_csv
from sufficiency.uploads.parse import default_gazetteer
from sufficiency.vocab import SECTORS
from tests.helpers import component_text

FOLDER = str(EMBEDDED_DATA)


@pytest.fixture(scope="module")
def data():
    create_app(EMBEDDED_DATA)
    return load(EMBEDDED_DATA)


_text = component_text


def test_scenario_fields_round_trip_through_the_url():
    s = ViewState(view="distance", area="E08000025", scenario_area="E12000005", scenario_places=-40,
                  scenario_sector="private")
    q = s.to_query()
    assert "scenario_area=E12000005" in q and "scenario_places=-40" in q and "scenario_sector=private" in q
    assert from_query(q) == s
    assert ViewState().to_query() == "" and "scenario" not in ViewState(view="distance").to_query()


@pytest.mark.parametrize("query, expected", [
    ("?scenario_places=abc", (None, 0, None)),
    ("?scenario_places=99999", (None, 0, None)),
    ("?scenario_area=nowhere&scenario_sector=Private", (None, 0, None)),
    ("?scenario_area=e08000025&scenario_places=-5000&scenario_sector=voluntary", ("E08000025", -5000, "voluntary")),
])
def test_bad_scenario_values_fall_back(query, expected):
    s = from_query(query)
    assert (s.scenario_area, s.scenario_places, s.scenario_sector) == expected


def test_the_view_is_registered():
    assert SECTIONS["distance"] == "distance" and TITLES["distance"] == "Distance from home"


def test_render_england_la_and_no_sector(data):
    eng = _text(distance.render(ViewState(view="distance"), data))
    assert "Observed" in eng and "Modelled" in eng and "Choose a local authority in the Area filter" in eng
    la = _text(distance.render(ViewState(view="distance", area="E08000025"), data))
    assert "Where Birmingham's children live (modelled)" not in la  # in the figure, not the text
    assert "top destinations of Birmingham's children" in la
    none = _text(distance.render(ViewState(view="distance", sectors=()), data))
    assert "No provider sector is ticked" in none and "Your placements" in none


def test_scenario_table_before_and_after(data):
    state = ViewState(view="distance", area="E08000025", scenario_places=60)
    frame, name = distance.scenario_table(state, load(EMBEDDED_DATA))
    assert list(frame["Area"]) == ["Birmingham", "West Midlands", "England"]
    assert list(frame["Places after"] - frame["Places before"]) == [60, 60, 60]
    b = frame["% more than 20 miles before (modelled)"].iloc[0]
    a = frame["% more than 20 miles after (modelled)"].iloc[0]
    assert a < b and name == "scenario-add-60-places-E08000025-2025.csv"
    text = _text(distance.render(state, data))
    assert "Adding 60 places in Birmingham, 31 March 2025." in text


def test_observed_table_keeps_codes_and_says_what_each_figure_is(data):
    frame, _ = distance.observed_table(ViewState(view="distance", area="E06000053", year=2024), data)  # Isles of Scilly
    basis = dict(zip(frame["Figure"], frame["Basis"]))
    assert basis["Children in children's homes (DfE FOI)"] == "estimated"  # from a count and a whole percentage
    assert basis["Net gain of children in children's homes (DfE FOI)"] == "observed"
    assert (frame["Value"] != "").all() and frame["Value"].str.startswith("[").any()  # DfE codes, not zeros
    assert set(frame["Covers"]) >= {"all children looked after (DfE)",
                                     "children looked after living in children's homes (DfE FOI 2024-0040813)"}


def test_observed_table_and_profile_show_one_figure(data):
    """The distance view and the profile read the same engine: no "not published" beside a number."""
    from sufficiency.engine import profile as pm

    for code in ("E10000016", "E12000008", ENGLAND_CODE):
        frame, _ = distance.observed_table(ViewState(view="distance", area=code, year=2024), data)
        row = queries.area_row(data, code, 2024, SECTORS, ("childrens_home",))
        shown = dict(zip(frame["Figure"], frame["Value"]))
        assert shown["Children in children's homes (DfE FOI)"].startswith(f"{row['ch_children']:,.0f}")
    head = pm.headline_table("E10000016", 2024, data).set_index("key")
    assert head.at["ch_children", "la"] == queries.area_row(data, "E10000016", 2024, SECTORS, ("childrens_home",))["ch_children"]


@pytest.mark.parametrize("key", MODELLED)
def test_modelled_map_measures_for_las_regions_and_england(key):
    assert MEASURES[key].basis == "modelled" and MEASURES[key].label.startswith("Modelled:")
    data = load(EMBEDDED_DATA)
    la = queries.values(data, key, 2024, SECTORS, ("childrens_home",), "la")
    region = queries.values(data, key, 2024, SECTORS, ("childrens_home",), "region")
    eng = queries.values(data, key, 2024, SECTORS, ("childrens_home",), "country")
    assert la.notna().sum() >= 150 and region.notna().all() and 0 < eng[ENGLAND_CODE] < 100
    assert la.between(0, 100).sum() == la.notna().sum()
    assert queries.values(data, key, 2024, (), ("childrens_home",), "la").isna().all()


def test_observed_map_measures(data):
    v = queries.values(data, "ch_net_gain", 2024, SECTORS, ("childrens_home",), "la")
    t = data.la_year[data.la_year["year"] == 2024].set_index("la_code")["ch_net_gain"]
    assert np.allclose(v.dropna(), t.reindex(v.index).dropna())


def _b64(text: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(text).decode()


def test_the_store_holds_suppressed_figures_only():
    store = panels.read_upload(_b64(example_csv(default_gazetteer()).encode()), "made-up.csv")
    assert store["ok"] and store["figures"]["children"] == 400
    assert "home_area" not in str(store) and "E08000025" not in str(store)  # no rows, no codes
    assert all(b["children"] is None or b["children"] == 0 or b["children"] >= 5 for b in store["figures"]["bands"])
    csv = panels.upload_csv(store)["content"]
    assert csv.splitlines()[0] == "Distance from home,Children,% of children"
    assert "Your placements: distance from home" in _text(panels.upload_result(store))


def test_the_store_of_a_bad_file_lists_the_problems():
    store = panels.read_upload(_b64(b"home_area,placement_area,placement_type,provider_sector\nE08000025,X,K2,private\n"),
                               "bad.csv")
    assert not store["ok"] and store["total"] == 1
    assert store["issues"] == [{"line": 2, "column": "placement_area", "value": "X", "message":
                                "is neither a local authority code (such as E08000025) nor a postcode district "
                                "(such as B15)."}]
    text = _text(panels.upload_result(store))
    assert "There is 1 problem with bad.csv" in text


def test_an_oversized_upload_is_refused_before_decoding():
    store = panels.read_upload("data:text/csv;base64," + "A" * (8 * 1024 * 1024), "big.csv")
    assert store["issues"][0]["message"].startswith("The file is 6.0 MB; the limit is 5 MB (and 100,000 rows).")


def test_scenario_controls_write_the_url():
    assert panels.scenario_search("?view=distance", "scenario_places", 25) == "?view=distance&scenario_places=25"
    assert panels.scenario_search("?view=distance&scenario_sector=private", "scenario_sector", "") == "?view=distance"
    assert panels.scenario_search("?view=distance", "scenario_area", "bogus") is None


def test_about_reports_the_model_fit(data):
    from sufficiency import flows
    from sufficiency.app.sections.model_fit import fit_part, fit_year

    assert fit_year(data) == 2024
    report = flows.fit_report(flows.run_year(data, 2024), data)
    text = _text(fit_part(data))
    assert "Correlation" in text and "Mean absolute error" in text
    assert f"{report['pct_outside_la']['correlation']:.2f}" in text
    assert f"{report['net_gain']['mae']:.1f} children" in text
