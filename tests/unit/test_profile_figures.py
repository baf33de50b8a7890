"""LA profile: measures and figure builders on the embedded data."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from sufficiency.store import load
from sufficiency.app.sections import profile as section
from sufficiency.state import from_query
from sufficiency.app.tables import to_csv
from sufficiency.config import EMBEDDED_DATA
from sufficiency.figures import profile as _pfig
from tests.helpers import figures

pfig = figures(_pfig)
from sufficiency.engine import profile as pm
from sufficiency.formats import display
from sufficiency.geography import lineage as gl
from sufficiency.safety import neutralise

BIRMINGHAM = "E08000025"


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


@pytest.fixture(scope="module")
def bham_trend(data):
    return pm.trend_table(BIRMINGHAM, data)


def test_resolve_la_prefers_la_then_area_and_follows_recodes(data):
    g = data.gazetteer
    assert gl.resolve_la(BIRMINGHAM, "E12000005", g) == BIRMINGHAM
    assert gl.resolve_la(None, BIRMINGHAM, g) == BIRMINGHAM
    assert gl.resolve_la(None, "E12000005", g) is None
    assert gl.resolve_la("E10000023", None, g) == "E06000065"  # North Yorkshire's earlier code
    assert gl.resolve_la("E10000006", None, g) == "E10000006"  # Cumbria was split: no successor


@pytest.mark.parametrize(
    "code, year, expected",
    [
        ("E06000058", 2016, ["E06000028", "E06000029"]),  # BCP: Bournemouth + Poole
        ("E06000058", 2020, ["E06000058"]),
        ("E06000060", 2017, ["E10000002"]),  # Buckinghamshire
        ("E06000065", 2022, ["E10000023"]),  # North Yorkshire
        ("E06000066", 2020, ["E10000027"]),  # Somerset
        ("E08000038", 2024, ["E08000016"]),  # Barnsley
        ("E08000039", 2025, ["E08000039"]),  # Sheffield
        ("E06000061", 2019, []),  # North Northamptonshire: split, not linked
        ("E06000064", 2022, []),  # Westmorland and Furness
    ],
)
def test_codes_in_year_link_through_predecessors(data, code, year, expected):
    assert gl.codes_in_year(code, year, data.gazetteer) == expected


def test_lineage_notes_say_how_the_trend_is_linked(data):
    g = data.gazetteer
    assert "Bournemouth (E06000028, to 2018) and Poole (E06000029, to 2018)" in gl.lineage_note("E06000058", g)
    assert "Christchurch" in gl.lineage_note("E06000058", g)
    assert "E10000023" in gl.lineage_note("E06000065", g)
    assert "E08000019" in gl.lineage_note("E08000039", g)
    for split in ("E06000059", "E06000061", "E06000062", "E06000063", "E06000064"):
        assert "split" in gl.lineage_note(split, g)
    assert gl.lineage_note(BIRMINGHAM, g) is None


def test_neighbour_model_by_year_and_names(data):
    assert pm.neighbour_model(2022) == "2021" and pm.neighbour_model(2023) == "2025"
    nb25 = pm.neighbours(BIRMINGHAM, 2025, data.neighbours, data.gazetteer)
    nb21 = pm.neighbours(BIRMINGHAM, 2021, data.neighbours, data.gazetteer)
    assert len(nb25) == len(nb21) == 10
    assert nb25["name"].iloc[0] == "Nottingham" and nb25["name"].notna().all()
    assert list(nb25["code"]) != list(nb21["code"])


def test_headline_table_for_birmingham_2025(data):
    head = pm.headline_table(BIRMINGHAM, 2025, data).set_index("key")
    assert head.loc["homes", "la"] == 90 and head.loc["places", "la"] == 312
    sectors = [k for k in head.index if k.startswith("places_") and k != "places_per_10k"]
    assert head.loc[sectors, "la"].sum() == 312
    assert head.loc["places_per_10k", "la"] == pytest.approx(312 / 292859 * 10_000)
    assert head.loc["gap", "la"] == pytest.approx(head.loc["cla_ch", "la"] - 312)  # 2025: DfE secure homes and children's homes
    assert head.loc["pct_over_20_miles", "la"] == 12
    assert head.loc["homes", "england"] == 3946
    assert (head["neighbours"] == 10).all()
    assert math.isfinite(head.loc["cla_per_10k", "neighbours_median"])


def test_missing_values_keep_their_reason_never_zero(data):
    head = pm.headline_table("E06000053", 2021, data).set_index("key")  # Isles of Scilly: DfE 'z'
    assert math.isnan(head.loc["cla", "la"])
    assert head.loc["cla", "la_flag"] == "z"
    assert display(head.loc["cla", "la"], "count", "z") == "[z] not applicable"
    city = pm.headline_table("E09000001", 2025, data).set_index("key")  # City of London: 'c'
    assert math.isnan(city.loc["cla", "la"]) and city.loc["cla", "la_flag"] == "c"
    assert display(float("nan"), "pct", "c") == "[c] suppressed to protect confidentiality"
    assert display(float("nan"), "pct", "k").startswith("[k] fewer than 1")
    assert display(float("nan"), "pct", "x") == "[x] not available"
    assert "apportioned" in display(float("nan"), "count", "estimate")
    assert display(0.0, "count") == "0"


def test_apportioned_estimates_show_their_value_marked_estimate(data):
    head = pm.headline_table("E06000058", 2019, data).set_index("key")  # BCP 2019: apportioned
    assert head.loc["cla", "la"] == 440 and head.loc["cla", "la_flag"] == "estimate"
    assert display(440.0, "count", "estimate") == "440 (estimate)"
    trend = pm.trend_table("E06000058", data)
    assert "Estimate apportioned from a former council: 2019" in pfig.missing_note(trend[trend["area"] == "la"], "cla")


def test_trend_of_bcp_sums_its_predecessors(data):
    trend = pm.trend_table("E06000058", data)
    la = trend[trend["area"] == "la"].set_index("year")
    raw = data.la_year[(data.la_year["year"] == 2016) & data.la_year["la_code"].isin(["E06000028", "E06000029"])]
    assert la.loc[2016, "cla"] == raw["cla"].sum()
    assert la.loc[2016, "codes"] == "E06000028 + E06000029"
    assert list(la.index) == list(range(2014, 2026))


def test_trend_table_has_la_region_and_england_each_year(bham_trend):
    assert set(bham_trend["area"]) == {"la", "region", "england"}
    assert bham_trend.groupby("area").size().to_dict() == {"england": 12, "la": 12, "region": 12}


def test_supply_trend_figure_stacks_sectors_with_fixed_colours(bham_trend):
    fig = pfig.supply_trend_figure(bham_trend, "Birmingham", "places")
    assert isinstance(fig, go.Figure)
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    assert "Private" in names and "Voluntary" in names
    for t in fig.data:
        assert t.marker.color == pfig.SECTOR_COLOURS[t.name]
    total = sum(pd.Series(t.y).fillna(0).to_numpy() for t in fig.data)
    assert list(total) == list(bham_trend[bham_trend["area"] == "la"]["places"])
    assert "places" in fig.layout.yaxis.title.text.lower() and fig.layout.xaxis.title.text


def test_comparison_figures_have_three_lines_and_unit_titles(bham_trend):
    names = {"la": "Birmingham", "region": "West Midlands", "england": "England"}
    dist = pfig.distance_trend_figure(bham_trend, names)
    assert [t.name for t in dist.data] == ["Birmingham", "West Midlands", "England"]
    assert "%" in dist.layout.yaxis.title.text
    assert len({t.line.dash for t in dist.data}) == 3  # not by colour alone
    assert "not published" in dist.layout.annotations[0].text  # 2014-2016 gaps named
    cla = pfig.cla_trend_figure(bham_trend, names)
    assert "per 10,000" in cla.layout.yaxis.title.text.lower()


def test_gap_figure_has_one_line_per_definition_and_marks_the_break(bham_trend):
    fig = pfig.gap_trend_figure(bham_trend, "Birmingham")
    names = [t.name for t in fig.data]
    assert names[0].startswith("Children in children's homes (DfE FOI)")
    assert any(n.startswith("Children in secure homes and children's homes (DfE)") for n in names)
    foi = fig.data[0]
    assert max(foi.x) == 2024 and min(foi.x) == 2014
    dfe = next(t for t in fig.data if t.name.startswith("Children in secure homes"))
    assert list(dfe.x) == [2021, 2022, 2023, 2024, 2025]  # both where they overlap, 2021-2024
    assert "Children minus places" in fig.layout.yaxis.title.text
    note = " ".join(a.text for a in fig.layout.annotations)
    assert "Above zero" in note and "Definition changes" in note and "FOI on children's homes ends in 2024" in note


def test_missing_note_groups_years():
    rows = pd.DataFrame({"year": [2014, 2015, 2016, 2019], "v": [None, None, 1.0, None], "v__flag": ["c", "c", None, "z"]})
    assert pfig.missing_note(rows, "v") == "No figure for 2014-2015 ([c] suppressed to protect confidentiality); 2019 ([z] not applicable)"


@pytest.mark.parametrize(
    "value, expected",
    [("=SUM(A1)", "'=SUM(A1)"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@a", "'@a"), ("\tA", "'\tA"), ("\rA", "'\rA"),
     ("-3.5", "-3.5"), ("+12", "+12"), (-3.5, -3.5), ("Birmingham", "Birmingham")],
)
def test_neutralise_guards_formulas_but_not_numbers(value, expected):
    assert neutralise(value) == expected


def test_csv_neutralises_headers_and_cells():
    text = to_csv(pd.DataFrame({"=h": ["=1+1", "-2"], "n": [-1.5, 2.0]}))
    assert text.splitlines() == ["'=h,n", "'=1+1,-1.5", "-2,2.0"]


def test_render_prompts_for_an_la_when_none_is_chosen(data):
    out = section.render(from_query("?view=profile"), data)
    text = str(out)
    assert "Choose a local authority" in text and "profile-la" in text


def test_render_birmingham_has_headline_charts_and_tables(data):
    out = section.render(from_query(f"?view=profile&la={BIRMINGHAM}"), data)
    text = str(out)
    for part in ("profile-headlines", "profile-comparison", "profile-places", "profile-gap", "profile-distance",
                 "profile-ratings", "Nottingham", "Download CSV"):
        assert part in text


def test_observed_childrens_home_figures_for_birmingham_2024_equal_la_year(data):
    from sufficiency.flows.observed import observed_figures

    head = pm.headline_table(BIRMINGHAM, 2024, data).set_index("key")
    obs = observed_figures(data.la_year, 2024, BIRMINGHAM).iloc[0]
    published = data.dfe_published[(data.dfe_published["year"] == 2024) & (data.dfe_published["area_code"] == "E12000005")]
    published = published.set_index("measure")["value"]
    for key in ("ch_placed_outside_la", "ch_pct_outside_la", "ch_net_gain"):
        assert head.loc[key, "la"] == pytest.approx(obs[key]), key
        assert head.loc[key, "region"] == published[key], key  # DfE's published regional figure
        assert math.isfinite(head.loc[key, "england"]) and math.isfinite(head.loc[key, "neighbours_median"])
        assert "(DfE FOI)" in head.loc[key, "measure"]
    assert head.loc["ch_children", "la"] == round(obs["ch_children"])  # estimated, whole children
    assert head.loc["ch_children", "la_basis"] == "estimated"
    assert head.loc["ch_placed_outside_la", "la"] == 124 and head.loc["ch_net_gain", "la"] == -39
    shown = section.comparison_frame(head.reset_index(), {"la": "Birmingham", "region": "West Midlands"}, display=True)
    row = shown[shown["Measure"].str.startswith("Net gain")].iloc[0]
    assert row["Birmingham"] == "-39"


def test_observed_childrens_home_figures_are_not_published_for_2025(data):
    head = pm.headline_table(BIRMINGHAM, 2025, data)
    shown = section.comparison_frame(head, {"la": "Birmingham", "region": "West Midlands"}, display=True)
    obs = shown[shown["Measure"].str.contains(r"\(DfE FOI\)")]
    assert len(obs) == 4
    for col in ("Birmingham", "West Midlands", "England", "Statistical neighbours (median)"):
        assert (obs[col] == "not published for 2025").all(), col


def test_suppressed_observed_figures_show_their_code_never_zero(data):
    head = pm.headline_table("E09000001", 2024, data).set_index("key")  # City of London: 'c'
    assert math.isnan(head.loc["ch_placed_outside_la", "la"]) and head.loc["ch_placed_outside_la", "la_flag"] == "c"
    assert display(head.loc["ch_pct_outside_la", "la"], "pct", head.loc["ch_pct_outside_la", "la_flag"]).startswith("[c]")
