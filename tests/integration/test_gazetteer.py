"""The LA gazetteer and boundaries, derived by code from the ONS boundaries."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from sufficiency.config import EMBEDDED_DATA
from sufficiency.geography.boundaries import load_la_boundaries, load_region_boundaries
from sufficiency.geography.gazetteer import build_gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer(raw_root):
    return build_gazetteer(raw_root)


def test_gazetteer_has_every_council_with_point_area_and_region(gazetteer):
    assert len(gazetteer) == 163 and gazetteer["code"].is_unique
    assert gazetteer[["x", "y", "area_km2", "region_code", "dfe_number"]].notna().all().all()
    # British National Grid: England lies within these eastings and northings (metres).
    assert gazetteer["x"].between(80_000, 660_000).all()
    assert gazetteer["y"].between(5_000, 660_000).all()


def test_areas_add_up_to_england(gazetteer):
    live_2025 = gazetteer[gazetteer["end"] == 2025]
    assert live_2025["area_km2"].sum() == pytest.approx(130_300, rel=0.01)
    birmingham = gazetteer.set_index("code").loc["E08000025"]
    assert birmingham["area_km2"] == pytest.approx(268, rel=0.05)


def test_points_lie_inside_their_own_council(gazetteer, raw_root):
    polys = load_la_boundaries(None, folder=raw_root / "geography").set_index("code").geometry
    pts = shapely.points(gazetteer["x"], gazetteer["y"])
    inside = [polys[c].contains(p) for c, p in zip(gazetteer["code"], pts)]
    assert all(inside)


def test_boundaries_are_valid_after_repair_and_filtered_by_year(raw_root):
    gdf = load_la_boundaries(2025, folder=raw_root / "geography")
    assert len(gdf) == 153 and gdf.geometry.is_valid.all()
    assert gdf.crs.to_epsg() == 27700
    assert gdf.loc[gdf["code"] == "E06000002", "repaired"].item()  # Middlesbrough self-intersects as published
    assert len(load_la_boundaries(2019, folder=raw_root / "geography")) == 151
    regions = load_region_boundaries(folder=raw_root / "geography")
    assert len(regions) == 9 and regions.geometry.is_valid.all()


def test_shipped_gazetteer_matches_a_fresh_one(gazetteer):
    shipped = load_gazetteer(EMBEDDED_DATA)
    pd.testing.assert_frame_equal(
        shipped.reset_index(drop=True), gazetteer.astype({"dfe_number": str}).reset_index(drop=True), check_dtype=False
    )
