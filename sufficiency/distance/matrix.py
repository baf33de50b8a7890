"""LA-to-LA distance matrix in miles, from the gazetteer's points in EPSG:27700.

* Between two LAs: the straight-line distance between their gazetteer points (British
  National Grid metres, so plain Euclidean distance), in miles.
* Within one LA (the diagonal): the mean distance between two independent uniform random
  points of a disc with the LA's area, ``128 R / (45 pi)`` with ``R = sqrt(area / pi)``
  (about 0.905 R). It stands for a child who lives and is placed in the same LA. The
  distribution of that distance (``disc_distance_cdf``) is used for shares over a threshold,
  so a large county's own placements are not counted wholly above or below 20 miles.

The disc is used rather than the LA polygon so that the matrix depends on the shipped
gazetteer only (no boundaries needed); see docs/flows.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METRES_PER_MILE = 1609.344
_MEAN_DISC_FACTOR = 128.0 / (45.0 * np.pi)


def within_la_radius_miles(area_km2) -> np.ndarray:
    """Radius in miles of the disc with the LA's area."""
    area_m2 = np.asarray(area_km2, dtype=float) * 1e6
    return np.sqrt(area_m2 / np.pi) / METRES_PER_MILE


def within_la_miles(area_km2) -> np.ndarray:
    """Mean distance in miles between two random points of a disc of ``area_km2``."""
    return _MEAN_DISC_FACTOR * within_la_radius_miles(area_km2)


def disc_distance_cdf(miles, radius_miles) -> np.ndarray:
    """P(distance <= miles) for two uniform random points of a disc of ``radius_miles``.

    Closed form with ``s = d / 2R`` clipped to [0, 1]:
    ``F = (8/pi) s^2 acos(s) + (2/pi) asin(s) - (2/pi) s (1 + 2 s^2) sqrt(1 - s^2)``.
    Broadcasts over both arguments.
    """
    d = np.asarray(miles, dtype=float)
    r = np.asarray(radius_miles, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(r > 0, d / (2.0 * r), np.inf)
    s = np.clip(s, 0.0, 1.0)
    root = np.sqrt(1.0 - s * s)
    out = (8 / np.pi) * s * s * np.arccos(s) + (2 / np.pi) * np.arcsin(s) - (2 / np.pi) * s * (1 + 2 * s * s) * root
    return np.clip(out, 0.0, 1.0)


def distance_matrix(gazetteer: pd.DataFrame, year: int | None = None) -> tuple[list[str], np.ndarray]:
    """``(codes, miles)`` for the LAs of ``year``'s reporting geography (all rows if None).

    ``codes`` are sorted; ``miles[i, j]`` is the distance between LA ``i`` and LA ``j``,
    with the within-LA mean distance on the diagonal. Symmetric, positive everywhere.
    """
    g = gazetteer
    if year is not None:
        g = g[(g["start"] <= year) & (g["end"] >= year)]
    g = g.sort_values("code")
    if g["code"].duplicated().any():
        raise ValueError("the gazetteer lists a code twice for this year")
    xy = g[["x", "y"]].to_numpy(dtype=float)
    if not np.isfinite(xy).all():
        raise ValueError("every LA needs a point (x, y in EPSG:27700)")
    diff = xy[:, None, :] - xy[None, :, :]
    miles = np.sqrt((diff**2).sum(axis=-1)) / METRES_PER_MILE
    np.fill_diagonal(miles, within_la_miles(g["area_km2"].to_numpy(dtype=float)))
    return g["code"].tolist(), miles
