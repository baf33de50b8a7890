"""``python -m sufficiency flows`` on the embedded data."""

from __future__ import annotations

import json
import subprocess
import sys

from sufficiency.__main__ import main
from sufficiency.config import PROJECT_ROOT


def test_flows_json_has_the_decay_and_shares_for_england_and_each_region(capsys):
    assert main(["flows", "--year", "2024", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2024 and out["decay"] > 0
    assert set(out["england"]) == {"share_over_20", "share_over_50"}
    assert sorted(out["regions"]) == [f"E1200000{i}" for i in range(1, 10)]
    for shares in [out["england"], *out["regions"].values()]:
        assert 0 <= shares["share_over_50"] <= shares["share_over_20"] <= 1
    assert abs(out["england"]["share_over_20"] - out["target_share_over_20"]) < 0.005


def test_flows_text_names_the_areas_and_years_without_their_own_target(capsys):
    assert main(["flows", "--year", "2016", "--form", "exponential", "--sector", "Private"]) == 0
    text = capsys.readouterr().out
    assert "from 2020's observed share" in text and "England" in text and "London" in text


def test_flows_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "sufficiency", "flows", "--year", "2025", "--json"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
    )
    out = json.loads(done.stdout)
    assert out["year"] == 2025 and out["decay_year"] == 2024
