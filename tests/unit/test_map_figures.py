"""Map figure builders: one clickable marker per LA, colour bar with the unit, grey for no data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sufficiency.config import YEARS
from sufficiency.figures import maps as _maps
from sufficiency.figures.maps import LEVELS, MISSING
from tests.helpers import figures

geo_map, hex_map = figures(_maps).geo_map, figures(_maps).hex_map
from sufficiency.geography.gazetteer import build_gazetteer
from sufficiency.maps import shapes

BUILDERS = [hex_map, geo_map]


@pytest.fixture(scope="module")
def gaz(raw_root):
    return build_gazetteer(raw_root)


def codes_of(gaz, year):
    return sorted(gaz.loc[(gaz["start"] <= year) & (gaz["end"] >= year), "code"])


def values_for(gaz, year, missing=3, centre=50.0):
    codes = codes_of(gaz, year)
    vals = pd.Series(np.linspace(centre - 40, centre + 40, len(codes)), index=codes)
    vals.iloc[:missing] = np.nan
    return vals


def markers(fig):
    return [t for t in fig.data if t.mode == "markers"]


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("year", YEARS)
def test_one_clickable_marker_per_la(gaz, builder, year):
    fig = builder(values_for(gaz, year), year, unit_label="places", gazetteer=gaz)
    clickable = [c for t in markers(fig) for c in t.customdata]
    assert sorted(clickable) == codes_of(gaz, year)
    assert len(clickable) == len(set(clickable))
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert not any(t.type != "scatter" for t in fig.data)  # cartesian only: no geo or tiles
    assert fig.layout.autosize is True and fig.layout.height is None  # sized by its box on the page


@pytest.mark.parametrize("builder", BUILDERS)
def test_colour_bar_unit_and_missing_grey(gaz, builder):
    vals = values_for(gaz, 2025)
    extra = pd.DataFrame({"England": 51.0, "reason": "suppressed"}, index=vals.index)
    fig = builder(vals, 2025, unit_label="places per 10,000 children", hover_extra=extra, gazetteer=gaz)
    bars = [t for t in markers(fig) if t.marker.showscale]
    assert len(bars) == 1 and bars[0].marker.colorbar.title.text == "places per 10,000 children"
    grey = [t for t in fig.data if t.fill == "toself" and t.fillcolor == MISSING]
    assert len(grey) == 1
    missing = [t for t in markers(fig) if not t.marker.showscale][0]
    assert sorted(missing.customdata) == sorted(vals.index[vals.isna()])
    assert all("No data (suppressed)" in text for text in missing.text)
    valued = bars[0]
    top = valued.text[list(valued.customdata).index(vals.idxmax())]
    assert "Rank 1 of 150" in top and "places per 10,000 children" in top
    assert "Region: " in top and "England: 51.0" in top
    assert len([t for t in fig.data if t.fill == "toself"]) <= LEVELS + 1


@pytest.mark.parametrize("builder", BUILDERS)
def test_diverging_is_symmetric_around_zero(gaz, builder):
    vals = values_for(gaz, 2025, missing=0, centre=10.0)  # -30 .. +50
    fig = builder(vals, 2025, diverging=True, unit_label="gap in places", gazetteer=gaz)
    bar = [t for t in markers(fig) if t.marker.showscale][0]
    assert bar.marker.cmin == -bar.marker.cmax == -50.0
    seq = builder(vals, 2025, unit_label="places", gazetteer=gaz)
    seq_bar = [t for t in markers(seq) if t.marker.showscale][0]
    assert (seq_bar.marker.cmin, seq_bar.marker.cmax) == (-30.0, 50.0)


@pytest.mark.parametrize("builder", BUILDERS)
def test_selected_outline_and_json_size(gaz, builder):
    vals = values_for(gaz, 2025)
    fig = builder(vals, 2025, unit_label="places", selected="E09000001", gazetteer=gaz)
    assert [t.name for t in fig.data].count("selected") == 1
    size = len(fig.to_json())
    assert size < (120_000 if builder is hex_map else 250_000)  # measured ~69 KB and ~164 KB
    json.loads(fig.to_json())


def test_hex_labels_present_and_optional(gaz):
    vals = values_for(gaz, 2025)
    with_labels = hex_map(vals, 2025, gazetteer=gaz)
    texts = [x for t in with_labels.data if t.mode == "text" for x in t.text]
    assert len(texts) == 153 and len(set(texts)) == 153
    assert not [t for t in hex_map(vals, 2025, show_labels=False, gazetteer=gaz).data if t.mode == "text"]


def test_display_shapes_are_light(gaz):
    la = shapes.la_shapes(2025)
    assert len(la) == 153 and la["vertices"].sum() < 12_000  # measured 7,123
    assert all(None in x for x in la["x"])
    assert all(isinstance(v, int) for v in la["x"].iloc[0] if v is not None)
    regions = shapes.region_shapes()
    assert len(regions) == 9
