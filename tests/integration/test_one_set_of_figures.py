"""One set of figures everywhere: every measure, for LAs, regions and England, every year
and three sector choices, is the same number on the map, in the region view, in the
profile's headline, in the snapshot's sheets and from the command line.

Each place is read through its own public function (the table the page shows, the
snapshot's sheet, the command's JSON), never by calling the engine again.
"""

from __future__ import annotations

import json
import math

import pytest

from sufficiency.__main__ import main
from sufficiency.app.sections import map_view, region_view
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE, YEARS
from sufficiency.engine import profile as pm
from sufficiency.engine.registry import MAP_MEASURES, MEASURES
from sufficiency.geography.lineage import codes_in_year
from sufficiency.snapshot import sheets
from sufficiency.snapshot.tables import Area, headline
from sufficiency.state import ViewState
from sufficiency.store import load

SECTOR_CHOICES = (
    ("Local authority", "Private", "Voluntary", "Health authority"),
    ("Private",),
    ("Local authority", "Voluntary"),
)
#: LAs whose profile headline is checked each year: a county, a reorganised council, a
#: metropolitan district, a London borough with suppressed figures.
PROFILES = ("E10000016", "E06000058", "E08000025", "E09000001")
TITLES = {key: title for key, title, _, _ in sheets.MEASURE_COLUMNS}


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def same(a, b) -> bool:
    """Equal to 2 decimal places (what the tables show), or both missing."""
    def num(x):
        try:
            x = float(x)
        except (TypeError, ValueError):
            return math.nan  # a code in a snapshot cell: no figure
        return x
    a, b = num(a), num(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return round(a, 2) == round(b, 2)


SLUGS = {"Local authority": "local_authority", "Private": "private", "Voluntary": "voluntary",
         "Health authority": "health_authority"}


def cli(capsys, year, sectors, level=None, area=None) -> dict:
    """``python -m sufficiency measures`` for a level (by area code) or one area."""
    args = ["measures", "--year", str(year), "--json"] + (["--area", area] if area else ["--level", level])
    if year > YEARS[0]:
        args += ["--baseline", str(YEARS[0])]
    for s in sectors:
        args += ["--sector", SLUGS[s]]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    return out["measures"] if area else {row["area"]: row["measures"] for row in out}


@pytest.mark.parametrize("sectors", SECTOR_CHOICES, ids=["all", "private", "la-and-voluntary"])
@pytest.mark.parametrize("year", YEARS)
def test_every_measure_is_one_figure_everywhere(data, capsys, year, sectors):
    base = ViewState(year=year, sectors=sectors, baseline=YEARS[0])
    england = Area(ENGLAND_CODE, "England", "country", None, year)
    las_sheet = sheets.las(data, base, england).set_index("LA code")
    regions_sheet = sheets.regions(data, base, england).set_index("Area code")
    by_level = {level: cli(capsys, year, sectors, level) for level in ("la", "region", "country")}
    checked = 0
    for key in MAP_MEASURES:
        m = MEASURES[key]
        state = base.with_(measure=key)
        shown = map_view.map_table(state, data)[0].set_index("LA code")[map_view.value_column(key)]
        regional = region_view.measure_table(state, data)[0].set_index("Region code").iloc[:, 1]
        for code, value in shown.items():
            assert same(value, by_level["la"][code][key]["value"]), (key, code, "map vs command line")
            if key in TITLES:
                assert same(value, las_sheet.at[code, TITLES[key]]), (key, code, "map vs LAs sheet")
            elif m.needs_baseline and year > YEARS[0]:
                col = f"{m.label} since 31 March {YEARS[0]}"
                assert same(value, las_sheet.at[code, col]), (key, code, "map vs LAs sheet")
            checked += 1
        for code, value in regional.items():
            level = "country" if code == ENGLAND_CODE else "region"
            assert same(value, by_level[level][code][key]["value"]), (key, code, "region view vs command line")
            if key in TITLES:
                assert same(value, regions_sheet.at[code, TITLES[key]]), (key, code, "region view vs Regions sheet")
            checked += 1
    # the profile's headline and the snapshot's Headline sheet of an LA, its region and England
    for code in PROFILES:
        if not codes_in_year(code, year, data.gazetteer):
            continue
        head = pm.headline_table(code, year, data, sectors).set_index("key")
        region = data.gazetteer.set_index("code").at[code, "region_code"]
        snap = headline(data, base.with_(view="profile", la=code), Area(code, code, "la", region, year)).set_index("Key")
        own = cli(capsys, year, sectors, area=code)
        for key in pm.HEADLINES:
            assert same(head.at[key, "la"], own[key]["value"]), (key, code, "profile vs command line")
            assert same(head.at[key, "region"], by_level["region"][region][key]["value"]), (key, region, "profile")
            assert same(head.at[key, "england"], by_level["country"][ENGLAND_CODE][key]["value"]), (key, "England")
            assert same(head.at[key, "la"], snap.at[key, "Selected area"]), (key, code, "profile vs Headline sheet")
            checked += 3
    assert checked > 1000
