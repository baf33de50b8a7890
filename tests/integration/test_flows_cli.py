"""``python -m sufficiency flows`` on the embedded data."""

from __future__ import annotations

import json
import subprocess
import sys

from sufficiency.__main__ import main
from sufficiency.config import PROJECT_ROOT

FIGURES = {"share_over_20", "share_over_50", "share_outside_la", "mean_miles"}


def _check_area(area: dict) -> None:
    assert FIGURES | {"children", "low", "high"} == set(area)
    assert set(area["low"]) == FIGURES == set(area["high"])
    if not area["children"]:  # no children in children's homes (e.g. Isles of Scilly): no figures
        assert all(area[f] is None for f in FIGURES)
        return
    for f in FIGURES:
        assert area["low"][f] - 1e-9 <= area[f] <= area["high"][f] + 1e-9
    assert 0 <= area["share_over_50"] <= area["share_over_20"] <= 1
    assert 0 <= area["share_outside_la"] <= 1 and area["mean_miles"] > 0


def test_flows_json_has_figures_with_ranges_for_england_each_region_and_each_la(capsys):
    assert main(["flows", "--year", "2024", "--json", "--by", "la"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2024 and out["decay"] > 0 and out["model"] == "gravity_propensity"
    assert sorted(out["regions"]) == [f"E1200000{i}" for i in range(1, 10)]
    assert len(out["las"]) == 153
    assert sum(not a["children"] for a in out["las"].values()) <= 2
    for area in [out["england"], *out["regions"].values(), *out["las"].values()]:
        _check_area(area)
    eng = out["england"]
    assert abs(eng["share_over_20"] - out["target_share_over_20"]) < 0.005
    assert abs(eng["share_outside_la"] - out["target_share_outside_la"]) < 0.005
    assert eng["high"]["share_over_50"] - eng["low"]["share_over_50"] > 0.02  # the decay forms differ beyond 20 miles
    fit = out["fit"]
    assert fit["year"] == 2024 and fit["held_out"]["n"] >= 100
    assert 0.5 < fit["held_out"]["correlation"] <= 1 and 0 < fit["held_out"]["mae"] < 15
    assert set(fit["held_out_2020_2024"]) == {"correlation", "mae", "coverage"}
    assert "cross-validation by LA" in fit["method"]


def test_flows_text_names_the_areas_and_years_without_their_own_target(capsys):
    assert main(["flows", "--year", "2016", "--form", "exponential", "--sector", "Private"]) == 0
    text = capsys.readouterr().out
    assert "from 2020's observed share" in text and "England" in text and "London" in text
    assert "Held-out fit per LA" in text and "plausible range" in text


def test_flows_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "sufficiency", "flows", "--year", "2025", "--json"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
    )
    out = json.loads(done.stdout)
    assert out["year"] == 2025 and out["decay_year"] == 2024 and "las" not in out
    assert out["fit"]["held_out"] is None and "no published FOI" in out["fit"]["note"]
    _check_area(out["england"])
