"""The LA gazetteer shipped in ``data/``: code, name, region, years, DfE number, a point and area.

The point is the polygon's centroid in British National Grid when the centroid falls
inside the council's area, and otherwise a point on its surface (``representative_point``),
so that a point always lies in its own council. Area is in square kilometres, computed in
EPSG:27700 from the ONS super-generalised boundaries.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .boundaries import load_la_boundaries
from .registry import build_registry
from .reorganisations import current_code

COLUMNS = ["code", "name", "region_code", "start", "end", "dfe_number", "current_code", "x", "y", "area_km2"]


def build_gazetteer(raw_root: str | Path) -> pd.DataFrame:
    reg = build_registry(raw_root)
    polys = load_la_boundaries(None, folder=Path(raw_root) / "geography")
    geom = polys.set_index("code").geometry
    centroid = geom.centroid
    inside = centroid.within(geom)
    point = centroid.where(inside, geom.representative_point())
    pts = pd.DataFrame(
        {
            "code": geom.index,
            "x": point.x.round(1).to_numpy(),
            "y": point.y.round(1).to_numpy(),
            "area_km2": (geom.area / 1e6).round(3).to_numpy(),
        }
    )
    gaz = reg.merge(pts, on="code", how="left", validate="one_to_one")
    gaz["current_code"] = [current_code(c) for c in gaz["code"]]
    gaz["start"] = gaz["start"].astype("int64")
    gaz["end"] = gaz["end"].astype("int64")
    return gaz[COLUMNS].sort_values("code").reset_index(drop=True)


def load_gazetteer(data_dir: str | Path) -> pd.DataFrame:
    """Read the gazetteer written by the build (``gazetteer.csv``)."""
    return pd.read_csv(Path(data_dir) / "gazetteer.csv", dtype={"code": str, "region_code": str, "dfe_number": str, "current_code": str})
