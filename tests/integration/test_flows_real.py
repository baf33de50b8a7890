"""The flow model on the real build, every year: calibration, >50-mile share, fit, timing.

Writes test-artifacts/flows_real.json and flows_real.csv (one row per year and decay form).
"""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from sufficiency.store import load
from sufficiency.config import PROJECT_ROOT, YEARS
from sufficiency.distance import METRES_PER_MILE, distance_matrix, within_la_miles
from sufficiency.flows import DEFAULT_FORM, FORMS, fit_report, run_scenario, run_year
from sufficiency.flows import model

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def data(compact_build_dir):
    return load(compact_build_dir)


@pytest.fixture(scope="module")
def records(data):
    rows = []
    for form in FORMS:
        for year in YEARS:
            model._CACHE.clear()
            t0 = time.perf_counter()
            r = run_year(data, year, form=form)
            seconds = time.perf_counter() - t0
            fit = fit_report(r, data)
            row = {
                "year": year, "form": form, "decay": r.decay, "decay_year": r.decay_year, "target": r.target,
                "share_over_20": r.shares["share_over_20"], "share_over_50": r.shares["share_over_50"],
                "children": float(r.matrix.sum()), "places": float(r.places.sum()),
                "origins_imputed": int((r.origins["basis"] != "observed").sum()), "seconds_cold": seconds,
            }
            for key in ("pct_outside_la", "net_gain"):
                for stat in ("n", "correlation", "mae"):
                    row[f"{key}_{stat}"] = fit.get(key, {}).get(stat, np.nan)
            rows.append(row)
    table = pd.DataFrame(rows)
    ARTIFACTS.mkdir(exist_ok=True)
    table.to_csv(ARTIFACTS / "flows_real.csv", index=False)
    (ARTIFACTS / "flows_real.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return table


def test_calibrated_years_hit_the_observed_share_within_half_a_point(records):
    cal = records[records["year"] == records["decay_year"]]
    assert sorted(cal["year"].unique()) == [2020, 2021, 2022, 2023, 2024]
    assert ((cal["share_over_20"] - cal["target"]).abs() < 0.005).all()


def test_other_years_use_the_nearest_years_decay(records):
    other = records[records["year"] != records["decay_year"]]
    assert set(other.loc[other["year"] < 2020, "decay_year"]) == {2020}
    assert set(other.loc[other["year"] == 2025, "decay_year"]) == {2024}
    by = records.set_index(["form", "year"])["decay"]
    for form in FORMS:
        assert by[(form, 2014)] == by[(form, 2020)] and by[(form, 2025)] == by[(form, 2024)]


def test_every_year_has_a_sensible_over_50_share_and_fit(records):
    assert records["share_over_50"].between(0.02, 0.5).all()
    assert (records["share_over_50"] < records["share_over_20"]).all()
    foi = records[records["year"] <= 2024]
    assert (foi["pct_outside_la_n"] >= 90).all() and (foi["net_gain_n"] >= 150).all()
    assert (foi["net_gain_correlation"] > 0.8).all()
    assert (foi["pct_outside_la_correlation"] > 0.2).all()
    assert records.loc[records["year"] == 2025, "pct_outside_la_n"].isna().all()


def test_the_chosen_form_fits_the_share_placed_outside_the_la_better(records):
    cal = records[records["year"] == records["decay_year"]]
    mae = cal.groupby("form")["pct_outside_la_mae"].mean()
    assert mae.idxmin() == DEFAULT_FORM


def test_one_year_runs_in_well_under_a_second(data, records):
    best = []
    for year in (2020, 2024):
        times = []
        for _ in range(3):
            model._CACHE.clear()
            t0 = time.perf_counter()
            run_year(data, year)
            times.append(time.perf_counter() - t0)
        best.append(min(times))
    assert max(best) < 1.0
    t0 = time.perf_counter()
    run_scenario(data, 2024, "E08000025", 50)
    assert time.perf_counter() - t0 < 1.0


def test_points_recomputed_from_the_boundaries_agree_within_2_percent(data):
    """Distances between LAs whose points are recomputed from the ONS polygons, on the ellipsoid."""
    from pyproj import Geod

    from sufficiency.geography.boundaries import boundaries_dir, load_la_boundaries

    if boundaries_dir() is None:
        pytest.skip("no ONS boundaries")
    gdf = load_la_boundaries(2025).set_index("code")
    codes, miles = distance_matrix(data.gazetteer, 2025)
    wgs = gdf.to_crs("EPSG:4326")
    pairs = [("E08000025", "E08000003"), ("E06000052", "E06000057"), ("E09000033", "E10000016"), ("E10000012", "E06000049")]
    geod = Geod(ellps="WGS84")
    for a, b in pairs:
        pa, pb = (wgs.loc[c, "geometry"].representative_point() if not gdf.loc[c, "geometry"].centroid.within(gdf.loc[c, "geometry"])
                  else wgs.loc[c, "geometry"].centroid for c in (a, b))
        _, _, metres = geod.inv(pa.x, pa.y, pb.x, pb.y)
        assert miles[codes.index(a), codes.index(b)] == pytest.approx(metres / METRES_PER_MILE, rel=0.02), (a, b)


def test_disc_within_la_distance_against_random_points_of_the_polygons(data):
    """Records how far the disc formula is from the polygons' own mean distance (sampled)."""
    from shapely import contains_xy

    from sufficiency.geography.boundaries import boundaries_dir, load_la_boundaries

    if boundaries_dir() is None:
        pytest.skip("no ONS boundaries")
    gdf = load_la_boundaries(2025)
    rng = np.random.default_rng(0)
    ratios = {}
    for code, geom in zip(gdf["code"], gdf.geometry):
        x0, y0, x1, y1 = geom.bounds
        pts = np.empty((0, 2))
        while len(pts) < 4000:
            cand = rng.uniform((x0, y0), (x1, y1), (8000, 2))
            pts = np.vstack([pts, cand[contains_xy(geom, cand[:, 0], cand[:, 1])]])
        mean = np.linalg.norm(pts[:2000] - pts[2000:4000], axis=1).mean() / METRES_PER_MILE
        ratios[code] = mean / within_la_miles(geom.area / 1e6)
    r = pd.Series(ratios)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "flows_within_la.json").write_text(
        json.dumps({"median": r.median(), "p10": r.quantile(0.1), "p90": r.quantile(0.9), "max": r.max(),
                    "max_la": r.idxmax(), "min": r.min()}, indent=2), encoding="utf-8")
    assert 0.95 < r.median() < 1.3
