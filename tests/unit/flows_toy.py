"""A small made-up England for the flow model's unit tests: ten LAs in two regions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sufficiency.distance import METRES_PER_MILE, disc_distance_cdf, within_la_radius_miles
from sufficiency.distance.polygons import PROBS, QUANTILE_COLUMNS
from sufficiency.store import AppData

CODES = [f"E0600{i:04d}" for i in range(10)]


def codes_of(n: int) -> list[str]:
    return [f"E0600{i:04d}" for i in range(n)]


def disc_quantiles(area_km2: float) -> np.ndarray:
    """Distances (miles) at each cumulative probability of PROBS for two random points of a disc."""
    r = float(within_la_radius_miles(area_km2))
    grid = np.linspace(0.0, 2.0 * r, 4001)
    return np.interp(np.asarray(PROBS), disc_distance_cdf(grid, r), grid)


def toy_data(seed: int = 7, n: int = 10) -> AppData:
    """``n`` LAs along two lines 12 miles apart, two regions, years 2020-2021 and 2025.

    LAs 1 and 4 have their FOI figures suppressed in 2020 and 2021; 2025 has none (as the FOI).
    """
    rng = np.random.default_rng(seed)
    codes = codes_of(n)
    regions = ["E12000001"] * (n // 2) + ["E12000002"] * (n - n // 2)
    area = rng.uniform(50, 900, n)
    gaz = pd.DataFrame({
        "code": codes, "name": codes, "region_code": regions, "start": 2014, "end": 2025,
        "x": np.arange(n) * 12 * METRES_PER_MILE, "y": (np.arange(n) % 2) * 8 * METRES_PER_MILE,
        "area_km2": area, "current_code": codes,
    })
    ly, sup = [], []
    for year in (2020, 2021, 2025):
        children = rng.integers(5, 60, n).astype(float)
        cla = children * 11
        cla_ch = children * 1.05
        ch = children.copy() if year != 2025 else np.full(n, np.nan)
        if year != 2025:
            ch[[1, 4]] = np.nan  # suppressed
            cla_ch[4] = np.nan
        cla_ch[9] = np.nan if year == 2021 else cla_ch[9]
        cla_row = cla.copy()
        if year == 2021:
            cla_row[9] = np.nan
        pct = np.clip(40.0 + 3 * np.arange(n) + rng.normal(0, 8, n), 5, 95).round()
        for i, c in enumerate(codes):
            obs = not np.isnan(ch[i])
            ly.append({
                "year": year, "la_code": c, "region_code": regions[i], "cla": cla_row[i], "cla_ch": cla_ch[i],
                "ch_children": ch[i], "ch_children_flag": None if obs else "c",
                "ch_pct_outside_la": pct[i] if obs else np.nan, "ch_pct_outside_la_flag": None if obs else "c",
                "ch_net_gain": float(i - 5) if year != 2025 else np.nan,
                "ch_net_gain_flag": None if year != 2025 else "not published",
                "ch_placed_outside_la": round(pct[i] / 100 * ch[i]) if obs else np.nan,
                "ch_placed_outside_la_flag": None if obs else "c", "cla_pct_over_20_miles": 20.0,
                "population_0_17": 20000.0 + 1000 * i,
            })
            for sector, k in (("Private", 3), ("Local authority", 1)):
                sup.append({"year": year, "la_code": c, "region_code": regions[i], "provision_type": "childrens_home",
                            "sector": sector, "homes": 1, "places": int(rng.integers(1, 12)) * k})
            sup.append({"year": year, "la_code": c, "region_code": regions[i], "provision_type": "secure_childrens_home",
                        "sector": "Local authority", "homes": 1, "places": 100})
    group = "Secure homes and children's homes"
    nd = pd.DataFrame({
        "year": [2020, 2021, 2020], "placement_group": [group, group, "All children"],
        "children": [1000.0, 1000.0, 5000.0], "distance_not_known": [0.0, 0.0, 0.0],
        "share_over_20_miles_of_known": [0.45, 0.40, 0.2],
        "within_20_inside_la": [300.0, 280.0, 3000.0], "within_20_outside_la": [250.0, 320.0, 1000.0],
        "over_20_inside_la": [50.0, 40.0, 200.0], "over_20_outside_la": [400.0, 360.0, 800.0],
    })
    nd["share_outside_la_of_known"] = (nd["within_20_outside_la"] + nd["over_20_outside_la"]) / nd["children"]
    la_distances = pd.DataFrame([[c, *disc_quantiles(a)] for c, a in zip(codes, area)],
                                columns=["code", *QUANTILE_COLUMNS])
    la_distances.insert(1, "mean_miles", [128 / (45 * np.pi) * float(within_la_radius_miles(a)) for a in area])
    short_breaks = pd.DataFrame({"year": [2020], "la_code": [codes[0]], "sector": ["Local authority"],
                                 "homes": [1], "places": [1]})
    empty = pd.DataFrame()
    return AppData(
        folder=Path("toy"), gazetteer=gaz, supply=pd.DataFrame(sup), la_year=pd.DataFrame(ly), dfe_published=empty,
        neighbours=empty, national_distance=nd, years=empty, footprints=empty, provenance={}, la_distances=la_distances,
        short_break_places=short_breaks,
    )
