"""The region view's figure builders, on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from sufficiency.figures import region_map as _region_map
from sufficiency.figures import regions as _rfig
from sufficiency.figures.region_map import region_tiles
from tests.helpers import figures

rfig = figures(_rfig)
region_hex_map = figures(_region_map).region_hex_map

REGIONS = pd.DataFrame({"region": ["North East", "North West", "London"], "value": [5.0, 12.5, np.nan]})


def test_region_bar_sorts_labels_and_marks_england():
    fig = rfig.region_bar(REGIONS, england=8.0, unit="places per 10,000 children")
    bar = fig.data[0]
    assert list(bar.y) == ["London", "North East", "North West"]  # missing first, largest at the top
    assert list(bar.text) == ["no figure", "5.0", "12.5"]
    assert fig.layout.xaxis.title.text == "places per 10,000 children"
    assert any("England: 8.0" in a.text for a in fig.layout.annotations)
    assert fig.layout.shapes[0].x0 == 8.0


def test_region_bar_diverging_colours_by_sign():
    frame = pd.DataFrame({"region": ["A", "B"], "value": [-3.0, 4.0]})
    fig = rfig.region_bar(frame, diverging=True)
    assert list(fig.data[0].marker.color) == [rfig.NEGATIVE, rfig.POSITIVE]
    assert list(fig.data[0].text) == ["-3.0", "+4.0"]


def _series() -> pd.DataFrame:
    rows = []
    for year in (2014, 2015, 2016):
        rows.append({"year": year, "region": "North West", "homes": 100 + 50 * (year - 2014)})
        rows.append({"year": year, "region": "South West", "homes": 80})
    return pd.DataFrame(rows)


def test_region_lines_highlights_one_region():
    fig = rfig.region_lines(_series(), "homes", unit="homes", highlight="North West")
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"North West", "South West"}
    assert by_name["North West"].line.width > by_name["South West"].line.width
    assert by_name["North West"].line.color == rfig.HIGHLIGHT
    assert [a.text for a in fig.layout.annotations] == ["<b>North West</b>"]
    assert list(fig.layout.xaxis.tickvals) == [2014, 2015, 2016]


def _change() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["E12000002", "E12000009", "E92000001"],
            "region": ["North West", "South West", "England"],
            "homes_change": [548, -10, 538],
            "homes_pct_change": [115.0, -5.0, 30.0],
            "places_change": [1307, 20, 1327],
            "places_pct_change": [68.3, 3.0, 15.0],
        }
    )


def test_change_bars_label_percent_and_count_and_bold_the_highlight():
    regions = _change().iloc[:2]
    fig = rfig.change_bars(regions, baseline=2014, year=2025, highlight="North West")
    homes = next(t for t in fig.data if t.name == "Children's homes")
    assert list(homes.y) == ["South West", "North West"]
    assert list(homes.text) == ["-5.0% (-10)", "+115% (+548)"]
    assert list(homes.marker.color) == [rfig.BLUE, rfig.HIGHLIGHT]
    assert "<b>North West</b>" in fig.layout.yaxis.ticktext
    assert fig.layout.xaxis.range[0] < -5 and fig.layout.xaxis.range[1] > 115
    assert fig.layout.xaxis.title.text == "% change, 31 March 2014 to 31 March 2025"


def test_biggest_riser_ignores_england_and_needs_a_gain():
    assert rfig.biggest_riser(_change()) == "North West"
    falling = _change().assign(homes_change=[-1, -2, -3])
    assert rfig.biggest_riser(falling) is None


def test_region_hex_map_colours_each_region_and_titles_the_scale():
    tiles = region_tiles(2025)
    assert len(tiles) == 9
    values = pd.Series({code: float(i) for i, code in enumerate(tiles["region_code"])})
    values.iloc[0] = np.nan
    fig = region_hex_map(values, 2025, unit="places per 10,000 children")
    fills = [t for t in fig.data if t.fill == "toself"]
    assert len(fills) == 9
    assert fills[0].fillcolor == "#d9d9d9"  # no figure: grey
    hover = fig.data[-1]
    assert hover.marker.colorbar.title.text == "places per 10,000 children"
    assert "No figure" in hover.text[0] and "8.00 places" in hover.text[-1]
    assert all(not isinstance(t, go.Scattergeo) for t in fig.data)
    assert len(fig.to_json()) < 60_000


def test_region_map_on_the_boundaries_when_they_are_there():
    from sufficiency.app.sections.common import geo_available
    from sufficiency.figures.region_map import region_geo_tiles

    if not geo_available():
        pytest.skip("the ONS boundary files are not here")
    tiles = region_geo_tiles()
    assert sorted(tiles["region_code"]) == sorted(region_tiles(2025)["region_code"])
    values = pd.Series({code: float(i) for i, code in enumerate(tiles["region_code"])})
    fig = region_hex_map(values, 2025, unit="homes", tiles=tiles)
    assert len([t for t in fig.data if t.fill == "toself"]) == 9
    assert all(not isinstance(t, go.Scattergeo) for t in fig.data)


def test_region_labels_are_white_on_dark_fills_and_dark_on_light_ones():
    tiles = region_tiles(2025)
    values = pd.Series({code: float(i) for i, code in enumerate(tiles["region_code"])})
    fig = region_hex_map(values, 2025, unit="homes")
    labels = next(t for t in fig.data if t.name == "labels")
    colours = list(labels.textfont.color)
    assert colours[0] == "#ffffff"  # lowest value: darkest viridis
    assert colours[-1] == "#0b0c0c"  # highest value: yellow
