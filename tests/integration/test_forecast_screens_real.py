"""The forecasts as the screens and exports show them, on the real build: the xlsx Forecast
sheet equals ``python -m sufficiency forecast ... --json`` for an LA and a footprint, the
projected map measure equals the forecast's 2030 figure, and the views show them."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys

import openpyxl
import pytest

from sufficiency.app.sections import render
from sufficiency.config import EMBEDDED_DATA, PROJECT_ROOT, LAST_YEAR
from sufficiency.engine import queries
from sufficiency.forecast.query import forecast
from sufficiency.present import forecast as pf
from sufficiency.snapshot import build_snapshot
from sufficiency.state import from_query
from sufficiency.store import load
from sufficiency.vocab import SECTORS

KENT, MEDWAY = "E10000016", "E06000035"
BOUNDS = {"lo80": "80% interval: low", "hi80": "80% interval: high", "lo95": "95% interval: low",
          "hi95": "95% interval: high"}


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _cli(*args) -> dict:
    out = subprocess.run([sys.executable, "-m", "sufficiency", "forecast", *args, "--json"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)


def _sheet(data, query: str) -> list[dict]:
    snap = build_snapshot(data, from_query(query), "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(snap.content))
    assert "Forecast" in wb.sheetnames
    rows = list(wb["Forecast"].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:]]


@pytest.mark.parametrize("query, where", [
    (f"?view=profile&la={KENT}", ["--area", KENT]),
    (f"?view=profile&footprint={KENT},{MEDWAY}", ["--footprint", f"{KENT},{MEDWAY}"]),
])
def test_forecast_sheet_equals_the_command_line(data, query, where):
    sheet = _sheet(data, query)
    for measure in ("cla", "gap"):
        want = _cli(*where, "--measure", measure)
        got = [r for r in sheet if r["Measure key"] == measure]
        assert [r["Year"] for r in got] == [p["year"] for p in want["points"]]
        for row, p in zip(got, want["points"]):
            assert row["Basis"] == "projected" and row["Method"] == want["method"] and row["Origin"] == want["origin"]
            assert row["Median"] == p["median"]
            for key, title in BOUNDS.items():
                assert row[title] == p[key], (measure, row["Year"], key)
        assert {r["Area code"] for r in got} == {want["area"]}


def test_projected_map_measure_is_the_forecasts_2030_figure(data):
    key = pf.HEADLINE_MEASURE
    la = queries.column(data, key, LAST_YEAR, tuple(SECTORS), ("childrens_home",), queries.A.level("la"))
    for code in (KENT, MEDWAY, "E08000025"):
        assert la.at[code, "value"] == forecast(data, "gap", area=code)["points"][-1]["median"]
        assert la.at[code, "basis"] == "projected"
    region = queries.column(data, key, LAST_YEAR, tuple(SECTORS), ("childrens_home",), queries.A.level("region"))
    assert region.at["E12000008", "value"] == forecast(data, "gap", area="E12000008")["points"][-1]["median"]
    # a council forecast only with its neighbour keeps the forecast's message, not a figure
    assert math.isnan(la.at["E06000063", "value"]) and "forecast only together" in la.at["E06000063", "flag"]
    # the headline of the profile reads the same figure, with its 80% interval
    head = pf.headline_gap(data, pf.Subject("Kent", KENT))
    point = forecast(data, "gap", area=KENT)["points"][-1]
    assert (head["median"], head["lo80"], head["hi80"]) == (point["median"], point["lo80"], point["hi80"])
    fp = pf.headline_gap(data, pf.Subject("Kent and Medway", footprint=(KENT, MEDWAY)))
    assert fp["median"] == forecast(data, "gap", footprint=[KENT, MEDWAY])["points"][-1]["median"]
    # an earlier year has no projected figure, and says why
    old = queries.column(data, key, 2020, tuple(SECTORS), ("childrens_home",), queries.A.level("la"))
    assert old["value"].isna().all() and set(old["flag"]) == {"projected from 31 March 2025 only"}


def test_profile_and_region_views_show_the_fan_charts_and_the_scenario(data):
    page = str(render(from_query(f"?view=profile&la={KENT}&forecast_places=20&forecast_from=2027"), data))
    for gid in ("forecast-cla", "forecast-cla_ch", "forecast-places", "forecast-gap", "forecast-scenario-chart",
                "forecast-headline", "forecast-scenario-result"):
        assert gid in page, gid
    region = str(render(from_query("?view=region&area=E12000008"), data))
    assert "forecast-gap" in region and "South East: children looked after, projected to 2030" in region
    rows, _ = pf.scenario_rows(data, pf.Subject("Kent", KENT), 20, 2027)
    assert [r["added_places"] for r in rows] == [0, 20, 20, 20, 20]
    assert rows[-1]["median"] == pytest.approx(rows[-1]["gap_before"] - 20, abs=0.11)
