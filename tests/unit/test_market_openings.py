"""Openings and closures of an area, and openings against need, from hand-made tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sufficiency.market.need import correlation
from sufficiency.market.openings import openings_by, openings_closures, openings_trend
from sufficiency.tables.openings import build_openings

from .test_openings import BCP, BOURNEMOUTH, LEEDS, POOLE, homes_table


@pytest.fixture(scope="module")
def openings():
    return build_openings(homes_table())


def test_openings_and_closures_of_an_area(openings):
    leeds = openings_closures(openings, 2017, [LEEDS], provision_types=None)
    assert (leeds["homes_opened"], leeds["places_opened"], leeds["homes_opened_registered"]) == (2, 8, 2)
    assert (leeds["homes_closed"], leeds["places_closed"]) == (1, 3)
    assert leeds["homes_change"] == 4 - 3 and leeds["places_changed"] == 1
    ch_only = openings_closures(openings, 2017, [LEEDS])  # default: children's homes only
    assert ch_only["homes_reclassified_net"] == -1  # a home became an RSS registered as a children's home
    bcp = openings_closures(openings, 2019, [BCP])
    assert (bcp["homes_moved_net"], bcp["homes_change"]) == (2, 2)
    dorset_area = openings_closures(openings, 2019, [BCP, BOURNEMOUTH, POOLE])
    assert (dorset_area["homes_moved_net"], dorset_area["homes_closed"], dorset_area["homes_change"]) == (0, 1, -1)
    assert (dorset_area["list_status"], dorset_area["list_status_previous"]) == ("published", "published")
    with pytest.raises(ValueError, match="from 2017"):
        openings_closures(openings, 2016)


def test_trend_and_by_area_add_up(openings):
    trend = openings_trend(openings, provision_types=None).set_index("year")
    assert trend["homes_change"].tolist() == [6 - 4, 6 - 6, 3 - 6]
    assert (trend["homes_moved_net"] == 0).all() and (trend["homes_reclassified_net"] == 0).all()
    by_la = openings_by(openings, 2019, provision_types=None)
    assert by_la["homes_change"].sum() == trend.loc[2019, "homes_change"]
    by_sector = openings_by(openings, 2017, split="sector", provision_types=None)
    assert set(by_sector["sector"]) == {"Private", "Voluntary", "Local authority"}


def test_correlation_by_sector():
    points = pd.DataFrame({
        "sector": ["Private"] * 4 + ["Voluntary"] * 4 + ["Local authority"] * 2,
        "gap_per_10k": [1, 2, 3, 4, 1, 2, 3, 4, 1, 2],
        "places_opened_per_10k": [2, 4, 6, 100, 4, 3, 2, 1, 5, 6],
    })
    out = correlation(points).set_index("sector")
    assert out.loc["Private", "spearman"] == pytest.approx(1.0)
    assert out.loc["Private", "pearson"] < 1.0  # linear correlation is pulled by the outlier
    assert out.loc["Voluntary", "spearman"] == pytest.approx(-1.0)
    assert out.loc["Local authority", "las"] == 2 and np.isnan(out.loc["Local authority", "spearman"])
