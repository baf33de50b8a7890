"""Snapshot tables: the same figures as the app for the same filters; codes kept; uploads
suppressed below 5; text neutralised, numbers left."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sufficiency.app.sections import common as view_common
from sufficiency.app.sections import map_view
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import profile as pm
from sufficiency.engine import quality as qm
from sufficiency.engine import queries
from sufficiency.geography import lineage as gl
from sufficiency.state import ViewState
from sufficiency.store import load
from sufficiency.snapshot import ascii_slug, file_name
from sufficiency.snapshot.safety import SUPPRESSED, UPLOADED, safe_frame, suppress_small
from sufficiency.snapshot.sheets import MEASURE_COLUMNS
from sufficiency.snapshot.tables import snapshot_area, snapshot_tables

BIRMINGHAM, WEST_MIDLANDS = "E08000025", "E12000005"
TITLES = {key: title for key, title, _, _ in MEASURE_COLUMNS}
VIEWS = {
    "england": ViewState(),
    "region": ViewState(area=WEST_MIDLANDS, year=2023, baseline=2018),
    "la": ViewState(view="profile", la=BIRMINGHAM, year=2024, sectors=("Private", "Local authority")),
}


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


@pytest.fixture(scope="module")
def tables(data):
    return {name: snapshot_tables(data, state) for name, state in VIEWS.items()}


def _close(a, b) -> bool:
    a, b = float(a), float(b)
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _headline(frame: pd.DataFrame) -> dict:
    return dict(zip(frame["Key"], frame["Selected area"]))


@pytest.mark.parametrize("view", VIEWS)
def test_sheets_present(tables, view):
    assert list(tables[view])[:9] == ["Headline", "LAs", "Regions", "Trends", "Distance", "Distance by placement",
                                      "Quality", "Quality trend", "Places by rating"]


@pytest.mark.parametrize("view", ["england", "region"])
def test_headline_equals_the_map_views_headline(data, tables, view):
    state = VIEWS[view]
    row = queries.area_row(data, state.area, state.year, state.sectors, state.provision_types)
    got = _headline(tables[view]["Headline"])
    for key in view_common.HEADLINE_KEYS:
        assert _close(got[key], row[key]), key


def test_headline_of_an_la_equals_its_profile(data, tables):
    state = VIEWS["la"]
    head = pm.headline_table(BIRMINGHAM, state.year, data, state.sectors, state.provision_types).set_index("key")
    frame = tables["la"]["Headline"].set_index("Key")
    for key in head.index:
        want = head.at[key, "la"]
        if np.isfinite(want):
            assert _close(frame.at[key, "Selected area"], want), key
        assert _close(frame.at[key, "Region"], head.at[key, "region"]), key
        assert _close(frame.at[key, "England"], head.at[key, "england"]), key
        assert _close(frame.at[key, "Statistical neighbours (median)"], head.at[key, "neighbours_median"]), key
    row = queries.area_row(data, BIRMINGHAM, state.year, state.sectors, state.provision_types)
    assert _close(frame.at["places", "Selected area"], row["places"])


def test_headline_rating_mix_and_change(data, tables):
    state = VIEWS["region"]
    frame = tables["region"]["Headline"].set_index("Key")
    tr = qm.trend(data, "pct_good_or_better", ("Private",), state.provision_types, area=WEST_MIDLANDS)
    want = float(tr.loc[tr["year"] == state.year, "share"].iloc[0])
    assert _close(frame.at["pct_good_or_better_private", "Selected area"], want)
    now = queries.area_row(data, WEST_MIDLANDS, state.year, state.sectors, state.provision_types)
    then = queries.area_row(data, WEST_MIDLANDS, state.baseline, state.sectors, state.provision_types)
    assert _close(frame.at["places_change", "Selected area"], now["places"] - then["places"])
    assert "modelled_over_50_miles" in frame.index
    assert frame.at["modelled_over_50_miles", "Basis"] == "modelled"


@pytest.mark.parametrize("view", VIEWS)
def test_las_sheet_equals_the_table_behind_the_map(data, tables, view):
    state = VIEWS[view]
    year = snapshot_area(state, data).year
    las = tables[view]["LAs"].set_index("LA code")
    for measure in ("places_per_10k", "homes", "pct_good_or_better"):
        app = map_view.la_table(data, state.with_(measure=measure, year=year)).set_index("LA code")
        mine = las[TITLES[measure]]
        assert len(app) == len(las)
        for code, value in app["Value"].items():
            if pd.notna(value):
                assert _close(round(float(mine[code]), 2), value), (measure, code)


def test_regions_sheet_equals_the_region_values(data, tables):
    state = VIEWS["region"]
    regions = tables["region"]["Regions"].set_index("Area code")
    vals = queries.values(data, "places_per_10k", state.year, state.sectors, state.provision_types, "region")
    for code, v in vals.items():
        assert _close(regions.at[code, TITLES["places_per_10k"]], v)
    eng = queries.values(data, "homes", state.year, state.sectors, state.provision_types, "country")
    assert _close(regions.at[ENGLAND_CODE, TITLES["homes"]], eng[ENGLAND_CODE])
    change = queries.region_change(data, 2018, 2023, tuple(state.sectors), tuple(state.provision_types))
    row = change.set_index("region_code").loc[WEST_MIDLANDS]
    assert regions.at[WEST_MIDLANDS, "Children's homes: % change since 31 March 2018"] == row["homes_pct_change"]


def test_trends_and_quality_follow_the_profile(data, tables):
    state = VIEWS["la"]
    trend = pm.trend_table(BIRMINGHAM, data, state.sectors, state.provision_types)
    mine = tables["la"]["Trends"]
    la = mine[mine["Role"] == "selected area"].set_index("Year")
    for _, r in trend[trend["area"] == "la"].iterrows():
        assert _close(la.at[r["year"], TITLES["places"]], r["places"])
    dist = qm.distribution(data.supply, state.year, state.sectors, state.provision_types, area=BIRMINGHAM,
                           codes_in_year=lambda y: gl.codes_in_year(BIRMINGHAM, y, data.gazetteer))
    assert tables["la"]["Quality"]["Homes"].tolist() == dist["homes"].tolist()


def test_dfe_codes_stay_codes_not_zeros(data, tables):
    la_year = data.la_year
    year = VIEWS["england"].year
    coded = la_year[(la_year["year"] == year) & la_year["cla_pct_over_20_miles"].isna()
                    & la_year["cla_pct_over_20_miles_flag"].notna()]
    assert len(coded), "the data has a coded distance figure to check"
    dist = tables["england"]["Distance"].set_index("Area code")
    for code, flag in zip(coded["la_code"], coded["cla_pct_over_20_miles_flag"]):
        assert dist.at[code, "% of children looked after placed more than 20 miles from home (observed)"] == flag


def test_no_per_home_identifiers(tables):
    banned = ("urn", "postcode", "address", "home name", "provider name", "constituency")
    for view in tables.values():
        for frame in view.values():
            for col in frame.columns:
                assert not any(b in str(col).lower() for b in banned), col


# --- safety --------------------------------------------------------------------------------

HOSTILE = pd.DataFrame({
    "area": ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "c", "Leeds"],
    "children": [0, 3, 4, 5, 12, np.nan, 2, 100],
    "rate": [-2.5, 1.25, 0.5, 3.0, 10.0, -7.0, 4.5, 2.25],
    "text_count": ["3", "7", "c", "x", "12", "", "4", "-1"],
})


def test_suppression_of_uploaded_counts_below_5():
    out = suppress_small(HOSTILE, columns=["children", "text_count"])
    assert out["children"].tolist()[:5] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, 5, 12]
    assert out["children"].iloc[6] == SUPPRESSED and out["children"].iloc[7] == 100
    assert out["text_count"].tolist() == [SUPPRESSED, "7", "c", "x", "12", "", SUPPRESSED, SUPPRESSED]
    assert out["rate"].tolist() == HOSTILE["rate"].tolist()  # not a count column


def test_suppression_finds_count_columns_itself():
    out = suppress_small(HOSTILE)
    assert out["children"].iloc[1] == SUPPRESSED
    assert out["rate"].tolist() == HOSTILE["rate"].tolist()  # fractions: not counts


def test_safe_frame_neutralises_text_and_leaves_numbers():
    hostile = HOSTILE.copy()
    hostile.attrs[UPLOADED] = True
    out = safe_frame(hostile)
    area = out["area"].tolist()
    assert area[0].startswith("'=") and area[3] == "'@SUM(A1)" and area[4] == "'\tTAB" and area[5] == "'\rCR"
    assert area[1] == "+1" and area[2] == "-2"  # just numbers as text: nothing to run
    assert area[6] == "c" and area[7] == "Leeds"
    assert out["rate"].tolist() == [-2.5, 1.25, 0.5, 3.0, 10.0, -7.0, 4.5, 2.25]
    assert out["children"].iloc[1] == SUPPRESSED and out["children"].iloc[5] is None


def test_uploads_are_flagged_and_suppressed(data):
    tables = snapshot_tables(data, ViewState(), uploads={"placements": HOSTILE})
    frame = tables["Upload placements"]
    assert frame.attrs[UPLOADED] is True
    assert safe_frame(frame)["children"].iloc[2] == SUPPRESSED


def test_file_names_are_ascii(data):
    assert ascii_slug("Bristol, City of") == "Bristol-City-of"
    assert ascii_slug("Ynys Môn / St. Helens") == "Ynys-Mon-St-Helens"
    area = snapshot_area(VIEWS["la"], data)
    from datetime import datetime

    assert file_name(area, "xlsx", datetime(2026, 11, 22)) == "sufficiency-snapshot_Birmingham_E08000025_2024_2026-11-22.xlsx"


def test_a_scenario_in_sectors_without_places_leaves_its_sheet_out_without_an_error(caplog):
    """Health authorities had no registered places in 2025: the model cannot run, the About
    sheet says modelled figures are not available, and nothing is logged as an error."""
    import logging

    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.snapshot import modelled
    from sufficiency.state import from_query
    from sufficiency.store import load

    data = load(EMBEDDED_DATA)
    state = from_query("?view=distance&year=2025&sector=health_authority&area=E09000019"
                       "&scenario_area=E08000007&scenario_places=-19")
    assert not modelled.model_available(data, 2025, state.sectors)
    with caplog.at_level(logging.WARNING):
        assert modelled.scenario_table(data, state) is None
    assert not caplog.records
    other = from_query("?view=distance&year=2023&sector=private&area=E09000019&scenario_area=E08000007"
                       "&scenario_places=20")
    assert modelled.scenario_table(data, other) is not None  # a scenario that can run keeps its sheet
