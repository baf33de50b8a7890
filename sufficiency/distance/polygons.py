"""Distance between two random points of an LA's polygon (a child placed in their own LA).

Computed once at build time from the ONS boundaries (``sufficiency.tables.la_distances``):
the polygon is covered by a regular grid of about ``POINTS`` cell centres (British National
Grid metres) and every pair of distinct centres is measured. The mean and the quantiles of
those distances stand for the distance between a child's home and a home in the same LA when
both are anywhere in the LA with equal chance (no finer location is published: home addresses
are withheld). Deterministic: the same polygon always gives the same figures.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import pdist

from .matrix import METRES_PER_MILE

#: Cumulative probabilities at which the distribution is kept (0, 5, ..., 100 %).
PROBS = tuple(round(p, 2) for p in np.linspace(0.0, 1.0, 21))
#: Their column names in the ``la_distances`` table: ``miles_p00`` ... ``miles_p100``.
QUANTILE_COLUMNS = tuple(f"miles_p{round(p * 100):02d}" for p in PROBS)
POINTS = 1500
MIN_POINTS = 400


def grid_points(geom, points: int = POINTS) -> np.ndarray:
    """Centres of a regular square grid inside ``geom`` (about ``points`` of them), ``(n, 2)``."""
    from shapely import contains_xy

    if geom.is_empty or geom.area <= 0:
        raise ValueError("the polygon has no area")
    x0, y0, x1, y1 = geom.bounds
    step = float(np.sqrt(geom.area / points))
    for _ in range(8):
        xs = np.arange(x0 + step / 2, x1, step)
        ys = np.arange(y0 + step / 2, y1, step)
        gx, gy = np.meshgrid(xs, ys)
        gx, gy = gx.ravel(), gy.ravel()
        inside = contains_xy(geom, gx, gy)
        if inside.sum() >= MIN_POINTS:
            return np.column_stack([gx[inside], gy[inside]])
        step /= 1.5  # thin or fragmented shapes: a finer grid
    raise ValueError("could not place enough grid points inside the polygon")


def within_polygon_distances(geom, points: int = POINTS, probs=PROBS) -> tuple[float, np.ndarray]:
    """``(mean miles, miles at each cumulative probability of probs)`` for two random points of ``geom``.

    ``geom`` is in a projected CRS in metres (EPSG:27700). The 0 % point is 0 miles.
    """
    xy = grid_points(geom, points)
    d = pdist(xy) / METRES_PER_MILE
    q = np.quantile(d, np.asarray(probs, dtype=float))
    q[0] = 0.0
    return float(d.mean()), q
