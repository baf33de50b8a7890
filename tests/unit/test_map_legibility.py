"""Map legibility: real short names on the hex tiles, London outlined, and colour scales
that one far value cannot wash out (the clipping said in the colour bar and the caption)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sufficiency.figures.maps import colourbar_ticks, hex_map, london_outline, robust_range
from sufficiency.maps.hexgrid import union_layout
from sufficiency.maps.short_names import MAX_CHARS, short_name, short_names


def test_short_names_are_the_names_people_use():
    assert short_name("Kent") == "Kent"
    assert short_name("Barking and Dagenham") == "Barking"
    assert short_name("Kingston upon Hull, City of") == "Hull"
    assert short_name("Kingston upon Thames") == "Kingston"
    assert short_name("Bristol, City of") == "Bristol"
    assert short_name("Lancashire") == "Lancs"
    assert short_name("North Yorkshire") == "N Yorks"
    assert short_name("South Gloucestershire") == "S Glos"
    assert short_name("Stockton-on-Tees") == "Stockton"
    assert short_name("Bournemouth, Christchurch and Poole") == "BCP"
    assert short_name("Tower Hamlets") == "Tower H"
    assert short_name("Northumberland") == "Northumb."


def test_every_council_since_2014_has_a_distinct_short_label():
    names = union_layout(None)["name"]
    labels = short_names(names)
    assert set(labels) == set(names)
    assert len(set(labels.values())) == len(labels)
    assert max(len(v) for v in labels.values()) <= MAX_CHARS
    assert short_names(reversed(list(names))) == labels  # the same whatever the order


def _values(n=40, outlier=None):
    codes = [f"E0600{i:04d}" for i in range(n)]
    vals = pd.Series(np.linspace(-50, 50, n), index=codes)
    if outlier is not None:
        vals.iloc[0] = outlier
    return vals


def test_one_far_value_is_clipped_and_named():
    scale = robust_range(_values(outlier=-969.0), diverging=True)
    assert scale.cmin == -scale.cmax and scale.cmax < 60
    assert scale.below == ("E06000000",) and scale.above == ()
    ticks = colourbar_ticks(scale)
    assert ticks["ticktext"][0].startswith("\u2264") and not ticks["ticktext"][-1].startswith("\u2265")
    assert len({t.split(".")[-1] if "." in t else "" for t in ticks["ticktext"]}) == 1  # one number of decimals


def test_values_without_far_outliers_keep_their_whole_range():
    scale = robust_range(_values(), diverging=False)
    assert (scale.cmin, scale.cmax) == (-50.0, 50.0) and not scale.clipped
    assert robust_range(pd.Series([1.0, np.nan, 3.0]), diverging=False).cmax == 3.0  # too few to judge


def test_the_hex_map_outlines_london_and_labels_tiles_with_short_names():
    from sufficiency.figures.maps import hex_areas

    areas, labels, _ = hex_areas(2025)
    fig = hex_map(pd.Series(1.0, index=areas["code"]), 2025)
    names = {t["name"] for t in fig["data"]}
    assert "London" in names
    assert fig["layout"]["annotations"][0]["text"] == "<b>London</b>"
    text = [x for t in fig["data"] if t["name"] == "labels" for x in t["text"]]
    assert "Barking" in text and "Kent" in text
    (xs, ys), (x, y, _) = london_outline(2025)
    assert None in xs and y == max(v for v in ys if v is not None)


def test_the_gap_map_names_lancashire_beyond_its_colours():
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.present.map import clipping_note
    from sufficiency.state import ViewState
    from sufficiency.store import load

    note = clipping_note(ViewState(measure="gap", year=2025), load(EMBEDDED_DATA))
    assert note is not None and "Lancashire" in note and "take the end colour" in note
