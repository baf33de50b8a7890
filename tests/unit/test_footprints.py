"""Footprints: presets, the URL, building one from the filter panel and the map, the rules."""

from __future__ import annotations

import math

import pytest

from sufficiency.app.callbacks import apply_change
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import areas as A
from sufficiency.engine import queries
from sufficiency.engine.registry import TABLE_MEASURES
from sufficiency.geography.footprints import BY_ID, parse
from sufficiency.present.areas import chosen, resolve
from sufficiency.state import ViewState, from_query
from sufficiency.store import load
from sufficiency.vocab import SECTORS

GM = ("E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006", "E08000007", "E08000008",
      "E08000009", "E08000010")
CH = ("childrens_home",)


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def test_presets_are_built_with_their_source(data):
    fp = data.footprints
    assert tuple(sorted(fp.loc[fp["footprint"] == "gm-rcc", "la_code"])) == GM
    se = set(fp.loc[fp["footprint"] == "se-rcc", "la_code"])
    assert se == set(data.gazetteer.loc[data.gazetteer["region_code"] == "E12000008", "code"])
    assert fp["source"].str.len().gt(20).all() and set(fp["as_of"].astype(str)) == {"2025"}
    assert len(BY_ID) == 11  # two pathfinders and nine regions


def test_the_url_names_one_footprint_whatever_the_order():
    a = from_query("?footprint=E08000003,E08000001,E08000001")
    b = from_query("?footprint=e08000001, E08000003")
    assert a.footprint == b.footprint == "E08000001,E08000003"
    assert from_query("?footprint=gm-rcc&footprint_name=x").footprint == "gm-rcc"
    assert from_query(a.to_query()) == a


@pytest.mark.parametrize("text, message", [
    ("", "lists no councils"),
    ("W06000015,S12000033", "names no council of England"),
    ("E08000001,E99999999", "Left out of the footprint: E99999999"),
])
def test_bad_footprints_give_a_message_and_a_working_state(data, text, message):
    state, notes = resolve(from_query(f"?footprint={text}"), data, f"?footprint={text}")
    assert any(message in n for n in notes)
    area = chosen(state, data)
    assert area.code in (ENGLAND_CODE, "footprint:E08000001")


def test_five_hundred_codes_are_cut_with_a_message(data):
    codes = ",".join(sorted(data.la_names))[:5000] + "," + ",".join(["E08000001"] * 400)
    state, notes = resolve(from_query(f"?footprint={codes}"), data, f"?footprint={codes}")
    assert chosen(state, data).is_footprint
    fp = parse(codes, None, data.footprints, set(data.la_names))
    assert len(fp.codes) <= 160


def test_building_a_footprint_from_the_panel_and_the_map(data):
    state = ViewState()
    state = apply_change(state, ("select", "footprint_add", "E08000001"), None, data)
    state = apply_change(state, ("select", "footprint_add", "E08000002"), None, data)
    assert state.footprint == "E08000001,E08000002"
    state = apply_change(state, ("radio", "pick", "footprint"), None, data)
    state = apply_change(state, ("map", "E08000003"), None, data)  # a map click adds
    assert state.footprint == "E08000001,E08000002,E08000003" and state.view == "map"
    state = apply_change(state, ("map", "E08000002"), None, data)  # and removes
    assert state.footprint == "E08000001,E08000003"
    state = apply_change(state, ("toggle", "footprint_remove", "E08000001"), None, data)
    assert state.footprint == "E08000003"
    preset = apply_change(ViewState(footprint="gm-rcc"), ("toggle", "footprint_remove", "E08000010"), None, data)
    assert preset.footprint == ",".join(GM[:-1])  # a preset becomes the user's own when changed
    opened = apply_change(ViewState(), ("map", "E08000003"), None, data)
    assert opened.view == "profile" and opened.la == "E08000003"


def test_a_footprint_of_one_la_is_that_la_and_of_a_regions_las_is_the_region(data):
    for year in (2016, 2021, 2025):
        la = queries.table(data, year, SECTORS, CH, A.every_la())
        one = queries.table(data, year, SECTORS, CH, A.group(["E08000025"], "fp")).loc["fp"]
        region_las = tuple(data.la_year.loc[(data.la_year["year"] == year) & (data.la_year["region_code"] == "E12000005"),
                                            "la_code"])
        group = queries.table(data, year, SECTORS, CH, A.group(region_las, "fp")).loc["fp"]
        region = queries.table(data, year, SECTORS, CH, A.regions()).loc["E12000005"]
        for key in TABLE_MEASURES:
            for a, b in ((la.at["E08000025", key], one[key]), (region[key], group[key])):
                assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), (key, year)


def test_greater_manchester_adds_up_its_ten_councils(data):
    gm = queries.table(data, 2025, SECTORS, CH, A.group(GM, "gm")).loc["gm"]
    las = queries.table(data, 2025, SECTORS, CH, A.Areas(A.LA, GM))
    for key in ("homes", "places", "cla"):
        assert gm[key] == las[key].sum(), key
    assert gm["cla__n"] == gm["las"] == 10
