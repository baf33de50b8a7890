"""ONS boundaries of LAs and regions, read from a data folder (never committed).

The boundaries are the ONS super-generalised (about 200 m) UTLA and region polygons
(``ons_utla_england_2014_2025_super_generalised.geojson``,
``ons_regions_england_super_generalised.geojson``) in WGS84. They are loaded with
geopandas, repaired with ``make_valid`` where simplification left a self-intersection,
and projected to British National Grid (EPSG:27700) for areas, points and distances.

The folder is, in order: the ``folder`` argument, ``$SUFFICIENCY_BOUNDARIES``, the
``geography`` folder of the official files, ``data/boundaries`` in the project. When no
folder holds them the app falls back to the hex map, which needs only the gazetteer.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..config import BOUNDARIES_ENV, EMBEDDED_DATA, FIRST_YEAR, LAST_YEAR, raw_data_dir

LA_FILE = "ons_utla_england_2014_2025_super_generalised.geojson"
REGION_FILE = "ons_regions_england_super_generalised.geojson"
BNG = "EPSG:27700"


def boundaries_dir(folder: str | Path | None = None) -> Path | None:
    """The first folder that holds the LA boundaries, or None."""
    candidates = [folder, os.environ.get(BOUNDARIES_ENV), raw_data_dir() / "geography", EMBEDDED_DATA / "boundaries"]
    for cand in candidates:
        if cand and (Path(cand) / LA_FILE).exists():
            return Path(cand)
    return None


def _read(path: Path):
    import geopandas as gpd

    gdf = gpd.read_file(path, engine="pyogrio")
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf.to_crs(BNG)
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf.loc[invalid, "geometry"] = gdf.loc[invalid, "geometry"].make_valid()
    gdf["repaired"] = invalid
    return gdf


@lru_cache(maxsize=4)
def _all_las(folder: str) -> "object":
    gdf = _read(Path(folder) / LA_FILE)
    gdf = gdf.rename(columns={"areacd": "code", "areanm": "name"})
    gdf["start"] = gdf.get("start").fillna(FIRST_YEAR).astype(int).clip(lower=FIRST_YEAR) if "start" in gdf else FIRST_YEAR
    gdf["end"] = gdf.get("end").fillna(LAST_YEAR).astype(int).clip(upper=LAST_YEAR) if "end" in gdf else LAST_YEAR
    return gdf[["code", "name", "start", "end", "repaired", "geometry"]]


def load_la_boundaries(year: int | None = None, folder: str | Path | None = None):
    """LA polygons in EPSG:27700 for the reporting geography of ``year`` (all 163 if None)."""
    where = boundaries_dir(folder)
    if where is None:
        raise FileNotFoundError(
            f"no LA boundaries found: put {LA_FILE} in data/boundaries or set {BOUNDARIES_ENV}"
        )
    gdf = _all_las(str(where))
    if year is not None:
        gdf = gdf[(gdf["start"] <= year) & (gdf["end"] >= year)]
    return gdf.reset_index(drop=True).copy()


def load_region_boundaries(folder: str | Path | None = None):
    where = boundaries_dir(folder)
    if where is None or not (where / REGION_FILE).exists():
        raise FileNotFoundError(f"no region boundaries found: put {REGION_FILE} beside {LA_FILE}")
    gdf = _read(where / REGION_FILE).rename(columns={"areacd": "code", "areanm": "name"})
    return gdf[["code", "name", "repaired", "geometry"]]
