"""The market charts: built from tables only, labelled, rebuilt years marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from sufficiency.figures import market as _market
from sufficiency.market.concentration import concentration_trend, largest_owners
from sufficiency.market.need import CAVEAT, correlation
from sufficiency.market.openings import openings_trend
from sufficiency.tables.openings import build_openings

from .test_market_concentration import _table
from tests.helpers import figures

from .test_openings import homes_table

_figures = figures(_market)  # each dict validated as a plotly figure
largest_owners_figure = _figures.largest_owners_figure
concentration_trend_figure = _figures.concentration_trend_figure
openings_closures_figure = _figures.openings_closures_figure
openings_need_figure = _figures.openings_need_figure


def _notes(fig: go.Figure) -> str:
    return " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")


def test_largest_owners_bars_largest_first_with_baseline_markers():
    table = largest_owners(_table(), 2025, baseline=2024)
    fig = largest_owners_figure(table, "England", 2025, baseline=2024)
    bars, marks = fig.data
    assert list(bars.y)[-1] == "Alpha" and list(bars.x)[-1] == 25  # largest drawn at the top
    assert list(bars.text)[-1] == "50.0%"
    assert marks.name == "Registered places, 2024" and list(marks.x)[-1] == 30
    assert "England" in fig.layout.title.text and "Derived from Ofsted" in _notes(fig)
    assert len(largest_owners_figure(table, "England", 2025).data) == 1


def test_concentration_trend_hhi_with_bands_and_rebuilt_years_hollow():
    trend = concentration_trend(_table())
    fig = concentration_trend_figure(trend, "England")
    assert list(fig.data[0].marker.symbol) == ["circle-open", "circle"]  # 2024 rebuilt, 2025 published
    assert [s.y0 for s in fig.layout.shapes] == [1_000, 2_000]
    assert "CC/OFT Merger Assessment Guidelines" in _notes(fig)
    doj = concentration_trend_figure(trend, "England", scheme="doj")
    assert [s.y0 for s in doj.layout.shapes] == [1_500, 2_500]
    shares = concentration_trend_figure(trend, "England", "shares")
    assert [t.name for t in shares.data] == ["Largest owner", "Largest 5", "Largest 10"]
    assert list(shares.data[0].y) == pytest.approx([50.0, 50.0])
    with pytest.raises(ValueError):
        concentration_trend_figure(trend, "England", "owners")


def test_openings_closures_bars():
    trend = openings_trend(build_openings(homes_table()), provision_types=None)
    fig = openings_closures_figure(trend, "England")
    opened, closed, change = fig.data
    # opened C, D, F then G; closed B, then E, then A, D and G
    assert list(opened.y) == [3, 1, 0] and list(closed.y) == [-1, -1, -3] and list(change.y) == [2, 0, -3]
    assert fig.layout.barmode == "relative"
    assert openings_closures_figure(trend, "England", "places").layout.yaxis.title.text == "Places"


def test_openings_need_scatter_one_trace_per_sector_sized_by_openings():
    las = ["E08000035", "E08000036", "E08000037"]
    points = pd.DataFrame({
        "la_code": las * 3,
        "sector": ["Private"] * 3 + ["Voluntary"] * 3 + ["All sectors"] * 3,
        "places_opened": [10, 40, 20, 2, 0, 0, 12, 40, 20], "homes_opened": [2, 8, 4, 1, 0, 0, 3, 8, 4],
        "places_opened_per_10k": [1.0, 4.0, 2.0, 0.2, 0.0, 0.1, 1.2, 4.0, 2.1],
        "gap_per_10k": [3.0, -2.0, 1.0] * 3,
        "year": 2025, "window_years": 3, "need_year": 2022,
    })
    fig = openings_need_figure(points, "gap_per_10k", {"E08000035": "Leeds"}, correlation(points))
    assert [t.name.split(" (")[0] for t in fig.data] == ["Private", "Voluntary"]
    private = fig.data[0]
    assert list(private.x) == [3.0, -2.0, 1.0] and private.marker.size[1] > private.marker.size[0]
    assert private.customdata[0][0] == "Leeds" and private.customdata[1][0] == "E08000036"
    assert "rank correlation -1.00" in private.name
    assert "3 years to 31 March 2025" in fig.layout.title.text and "31 March 2022" in fig.layout.title.text
    assert CAVEAT.split(";")[0] in _notes(fig)
    with pytest.raises(ValueError):
        openings_need_figure(points, "house_prices")
