"""``la_distances``: for every council code (2014-2025), the distance between two random
points of its ONS polygon, in miles: the mean and the distribution (``miles_p00`` ...
``miles_p100``, the distance at each 5 % of cumulative probability).

Derived numbers only (no polygons are shipped). The flow model uses them for children
placed in their own LA (``sufficiency.distance.within``); ``disc_ratio`` compares the mean
with the disc of the same area that the model used before (docs/flows.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..distance.matrix import within_la_miles
from ..distance.polygons import QUANTILE_COLUMNS, within_polygon_distances
from ..geography.boundaries import load_la_boundaries
from .demand_schemas import LA_CODE

COLUMNS = ["code", "mean_miles", *QUANTILE_COLUMNS, "disc_ratio"]

_MILES = pa.Column(float, pa.Check.ge(0))
LA_DISTANCES_SCHEMA = pa.DataFrameSchema(
    {
        "code": pa.Column(str, pa.Check.str_matches(LA_CODE), unique=True),
        "mean_miles": pa.Column(float, pa.Check.gt(0)),
        **{c: _MILES for c in QUANTILE_COLUMNS},
        "disc_ratio": pa.Column(float, pa.Check.gt(0)),
    },
    checks=[pa.Check(lambda t: (t[list(QUANTILE_COLUMNS)].diff(axis=1).iloc[:, 1:] >= 0).all(axis=1),
                     error="quantiles must not decrease")],
    strict=True,
)


def build_la_distances(raw_root: str | Path) -> pd.DataFrame:
    """One row per council code of the ONS UTLA boundaries (all years)."""
    polys = load_la_boundaries(None, folder=Path(raw_root) / "geography")
    rows = []
    for code, geom in zip(polys["code"], polys.geometry):
        mean, q = within_polygon_distances(geom)
        rows.append([code, round(mean, 4), *(round(float(v), 4) for v in q),
                     round(mean / float(within_la_miles(geom.area / 1e6)), 4)])
    out = pd.DataFrame(rows, columns=COLUMNS).sort_values("code").reset_index(drop=True)
    return LA_DISTANCES_SCHEMA.validate(out)
