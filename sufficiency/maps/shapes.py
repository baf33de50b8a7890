"""Display geometry: LA and region outlines and hex tiles as plotly-ready x/y arrays.

Boundaries are the ONS super-generalised polygons (see ``geography.boundaries``),
simplified for display in British National Grid metres. LA polygons are simplified
together as a coverage (``shapely.coverage_simplify``), so that neighbouring councils
keep one shared edge and no slivers open between them; if GEOS cannot, each polygon is
simplified alone with ``preserve_topology=True``. Parts smaller than ``MIN_PART_KM2``
(offshore rocks) are dropped, except a council's largest part. Coordinates are rounded to
whole metres. Rings are oriented (exterior counter-clockwise, holes clockwise) so that
plotly's ``fill='toself'`` leaves enclaves such as Leicester unfilled in Leicestershire.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

LA_TOLERANCE = 1000.0  # metres (coverage simplification)
REGION_TOLERANCE = 1500.0
MIN_PART_KM2 = 1.0


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygonal parts of ``geom`` (``make_valid`` may leave lines in a collection)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def _drop_specks(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    parts = list(shapely.get_parts(geom))
    if len(parts) <= 1:
        return geom
    biggest = max(parts, key=lambda p: p.area)
    keep = [p for p in parts if p is biggest or p.area >= min_area]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)


def simplify_coverage(geoms, tolerance: float) -> list[BaseGeometry]:
    """Simplify polygons together, keeping shared edges shared where GEOS can."""
    arr = np.array([polygonal(g) for g in geoms], dtype=object)
    try:
        out = shapely.coverage_simplify(arr, tolerance)
        if not shapely.is_valid(out).all() or shapely.is_empty(out).any():
            raise ValueError("invalid coverage simplification")
    except Exception:  # older GEOS, or a coverage it rejects
        out = shapely.simplify(arr, tolerance, preserve_topology=True)
    out = shapely.orient_polygons(out)
    return [_drop_specks(g, MIN_PART_KM2 * 1e6) for g in out]


def ring_xy(geom: BaseGeometry) -> tuple[list, list]:
    """x and y arrays of every ring of ``geom``, each ring closed and followed by None."""
    xs: list = []
    ys: list = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            coords = np.rint(np.asarray(ring.coords)).astype(int)
            xs += coords[:, 0].tolist() + [None]
            ys += coords[:, 1].tolist() + [None]
    return xs, ys


def line_xy(geom: BaseGeometry) -> tuple[list, list]:
    """x and y arrays of the boundary lines of ``geom`` (None between lines)."""
    return ring_xy(geom)


def _shape_frame(codes, names, geoms) -> pd.DataFrame:
    rows = []
    for code, name, geom in zip(codes, names, geoms):
        xs, ys = ring_xy(geom)
        rows.append({"code": code, "name": name, "x": xs, "y": ys, "vertices": len(xs) - xs.count(None), "geometry": geom})
    return pd.DataFrame(rows)


@lru_cache(maxsize=16)
def _la_shapes(year: int, tolerance: float, folder: str | None) -> pd.DataFrame:
    from ..geography.boundaries import load_la_boundaries

    gdf = load_la_boundaries(year, folder=folder).sort_values("code")
    return _shape_frame(gdf["code"], gdf["name"], simplify_coverage(gdf.geometry, tolerance))


def la_shapes(year: int, tolerance: float = LA_TOLERANCE, folder: str | None = None) -> pd.DataFrame:
    """LAs of ``year`` for display: code, name, x, y (lists with None between rings),
    vertices, geometry (the simplified shape, BNG metres). Cached per year."""
    return _la_shapes(int(year), float(tolerance), None if folder is None else str(folder)).copy()


@lru_cache(maxsize=4)
def _region_shapes(tolerance: float, folder: str | None) -> pd.DataFrame:
    from ..geography.boundaries import load_region_boundaries

    gdf = load_region_boundaries(folder=folder).sort_values("code")
    return _shape_frame(gdf["code"], gdf["name"], simplify_coverage(gdf.geometry, tolerance))


def region_shapes(tolerance: float = REGION_TOLERANCE, folder: str | None = None) -> pd.DataFrame:
    """The nine regions for display, as :func:`la_shapes`."""
    return _region_shapes(float(tolerance), None if folder is None else str(folder)).copy()


def concat_xy(frame: pd.DataFrame) -> tuple[list, list]:
    """All rings of a shapes frame in one pair of arrays (one line trace)."""
    xs: list = []
    ys: list = []
    for x, y in zip(frame["x"], frame["y"]):
        xs += x
        ys += y
    return xs, ys


def outline_xy(groups) -> tuple[list, list]:
    """The boundaries of polygons (one polygon or list of polygons per group, e.g. region)
    as one line array, each shared border drawn once (merged into long lines)."""
    lines = [shapely.union_all(list(g) if isinstance(g, (list, tuple)) else [g], grid_size=1.0).boundary for g in groups]
    merged = shapely.line_merge(shapely.union_all(lines, grid_size=1.0))
    xs: list = []
    ys: list = []
    for line in shapely.get_parts(merged):
        coords = np.rint(np.asarray(line.coords)).astype(int)
        xs += coords[:, 0].tolist() + [None]
        ys += coords[:, 1].tolist() + [None]
    return xs, ys


def tile_outlines(layout: pd.DataFrame, by: str = "region_code") -> tuple[list, list]:
    """Outlines of groups of hex tiles (regions by default), borders drawn once."""
    return outline_xy([list(grp["geometry"]) for _, grp in layout.groupby(by, sort=True)])


def region_outlines(tolerance: float = REGION_TOLERANCE, folder: str | None = None) -> tuple[list, list]:
    """Region borders and England's coast, each drawn once."""
    return outline_xy(list(region_shapes(tolerance, folder)["geometry"]))


def tile_xy(layout: pd.DataFrame) -> dict[str, tuple[list, list]]:
    """Each tile's hexagon as x/y arrays, by LA code."""
    return {code: ring_xy(poly) for code, poly in zip(layout["code"], layout["geometry"])}
