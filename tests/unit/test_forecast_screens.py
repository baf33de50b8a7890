"""The forecasts as shown: fan chart and scenario figures, their tables, the scenario over
time, the projected gap's words and the URL keys (pure functions on hand-made points)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest

from sufficiency.app.sections.forecast_panel import gap_text
from sufficiency.figures.forecast import BREAK_TEXT, fan_figure, scenario_figure
from sufficiency.forecast.scenario import shift_gap
from sufficiency.present.forecast import Subject, fan_frame, scenario_frame
from sufficiency.state import ViewState, from_query

HISTORY = [(2021, 100.0), (2022, 110.0), (2023, 120.0), (2024, 125.0), (2025, 130.0)]
POINTS = [{"year": 2025 + h, "median": 130.0 + 5 * h, "lo80": 120.0, "hi80": 140.0 + 10 * h, "lo95": 110.0 - h,
           "hi95": 150.0 + 12 * h} for h in range(1, 6)]
GAP = [{"year": 2025 + h, "median": -10.0 + h, "lo80": -30.0, "hi80": 5.0, "lo95": -40.0, "hi95": 12.0}
       for h in range(1, 6)]


def test_fan_figure_marks_observed_and_projected_and_the_break():
    fig = fan_figure(HISTORY, POINTS, "Kent: children looked after", "children")
    go.Figure(fig)  # valid plotly
    names = [t.get("name") for t in fig["data"]]
    assert "Observed" in names and "Projected: median" in names
    assert "Projected: 80% interval" in names and "Projected: 95% interval" in names
    assert all(n == "Observed" or n.startswith("Projected") for n in names)
    median = next(t for t in fig["data"] if t["name"] == "Projected: median")
    assert median["x"][0] == 2025 and median["y"][0] == 130.0  # joined to the last observed year
    assert median["line"]["dash"] == "dash"
    (shape,) = fig["layout"]["shapes"]
    assert shape["x0"] == 2025 and shape["type"] == "line"
    assert any(a["text"] == BREAK_TEXT for a in fig["layout"]["annotations"])
    band = next(t for t in fig["data"] if t["name"] == "Projected: 95% interval")
    assert band["y"][:5] == [p["hi95"] for p in POINTS] and band["y"][5:] == [p["lo95"] for p in POINTS][::-1]


def test_fan_figure_of_a_negative_gap_is_not_cut_at_zero():
    fig = fan_figure([(2025, -12.0)], GAP, "gap", "children minus places")
    assert fig["layout"]["yaxis"]["rangemode"] == "normal"


def test_fan_frame_keeps_observed_and_projected_in_their_own_columns():
    frame = fan_frame(HISTORY, {"points": POINTS})
    assert list(frame["Basis"]) == ["observed"] * 5 + ["projected"] * 5
    obs, proj = frame[frame["Basis"] == "observed"], frame[frame["Basis"] == "projected"]
    assert obs["Projected median"].isna().all() and proj["Observed"].isna().all()
    assert list(proj["Projected median"]) == [p["median"] for p in POINTS]
    assert list(proj["95% interval: high"]) == [p["hi95"] for p in POINTS]
    assert list(fan_frame(HISTORY, None)["Basis"]) == ["observed"] * 5  # no forecast: history only


def test_places_shift_the_gap_from_their_year_and_every_year_after():
    rows = shift_gap(GAP, 20, 2028)
    assert [r["added_places"] for r in rows] == [0, 0, 20, 20, 20]
    for r, p in zip(rows, GAP):
        extra = 20 if p["year"] >= 2028 else 0
        assert r["gap_before"] == p["median"] and math.isclose(r["median"], p["median"] - extra)
        assert math.isclose(r["lo80"], p["lo80"] - extra) and math.isclose(r["hi95"], p["hi95"] - extra)
    frame = scenario_frame(rows)
    assert list(frame["Gap with the places (median)"]) == [r["median"] for r in rows]
    assert list(frame["Gap without the places (median)"]) == [p["median"] for p in GAP]
    assert set(frame["Basis"]) == {"projected"}
    fig = scenario_figure(rows, "Kent")
    go.Figure(fig)
    names = [t["name"] for t in fig["data"]]
    assert "Without the places: median" in names and "With the places: median" in names


def test_gap_text_reads_the_median_and_its_80_interval():
    assert gap_text({"median": -430.8, "lo80": -746.9, "hi80": -322.9}) == "-431 (80% interval -747 to -323)"
    assert gap_text({"median": 12.2, "lo80": -3.0, "hi80": 30.0}) == "+12 (80% interval -3 to +30)"


@pytest.mark.parametrize("query, places, year", [
    ("?forecast_places=20&forecast_from=2027", 20, 2027),
    ("?forecast_places=-15&forecast_from=2030", -15, 2030),
    ("?forecast_places=abc&forecast_from=2019", 0, 2026),  # malformed or out of range: the defaults
    ("?forecast_places=999999&forecast_from=2031", 0, 2026),
])
def test_scenario_over_time_keys_in_the_url(query, places, year):
    s = from_query(query)
    assert (s.forecast_places, s.forecast_from) == (places, year)
    assert from_query(s.to_query()) == s


def test_scenario_over_time_keys_are_additive():
    s = ViewState(view="profile", la="E10000016", scenario_places=10, forecast_places=20, forecast_from=2028)
    q = s.to_query()
    assert "scenario_places=10" in q and "forecast_places=20" in q and "forecast_from=2028" in q
    assert "forecast" not in ViewState(view="profile", la="E10000016").to_query()


def test_subject_levels_and_codes():
    assert Subject("England", "E92000001").level == "england"
    assert Subject("South East", "E12000008").level == "region"
    assert Subject("Kent", "E10000016").query() == {"area": "E10000016"}
    fp = Subject("Kent and Medway", footprint=("E10000016", "E06000035"))
    assert fp.level == "footprint" and fp.label == "E06000035,E10000016"
    assert fp.query() == {"footprint": ["E10000016", "E06000035"]} and fp.slug.startswith("footprint-2-las-")


# --- on the build's forecast tables -----------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.store import load

    return load(EMBEDDED_DATA)


def test_level_sentence_reads_the_backtest_table(data):
    from sufficiency.present.forecast import level_sentence

    b = data.forecast["forecast_backtest"]
    row = b[(b["measure"] == "cla") & (b["level"] == "la") & (b["horizon"] == 5) & (b["method"] == "split")].iloc[0]
    text = level_sentence(data, "cla", "la")
    assert "five years ahead" in text and f"{row['mape']:.1f}%" in text and f"{row['coverage80']:.0f}%" in text
    assert "naive" in text and "drift" in text
    assert "no backtest of its own" in level_sentence(data, "gap", "la")


def test_backtest_tables_of_the_about_page(data):
    from sufficiency.present.forecast import backtest_frame, backtest_summary

    frame = backtest_frame(data)
    assert len(frame) == len(data.forecast["forecast_backtest"])
    assert {"MAPE (%)", "MASE", "80% interval coverage (%)", "95% interval coverage (%)"} <= set(frame.columns)
    first = frame.iloc[:3]
    assert list(first["Method"]) == ["drift", "naive", "split (default)"] and set(first["Years ahead"]) == {1}
    summary = backtest_summary(data).set_index("Method")
    # the chosen method beats naive and drift on MASE for children looked after across LAs, horizons 1-3
    for col in summary.columns:
        assert summary.at["split (default)", col] < min(summary.at["naive", col], summary.at["drift", col])


def test_forecast_sheet_says_why_a_council_has_no_forecast(data):
    from sufficiency.present.forecast import Subject, forecast_sheet

    sheet = forecast_sheet(data, Subject("Cumberland", "E06000063"))
    assert set(sheet["Basis"]) == {"no forecast"} and len(sheet) == 5
    assert all("forecast only together with E06000064" in n for n in sheet["Note"])
    both = forecast_sheet(data, Subject("Cumberland and Westmorland and Furness", footprint=("E06000063", "E06000064")))
    assert set(both["Basis"]) == {"projected"} and len(both) == 25
