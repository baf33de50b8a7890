"""Distance from home for children placed in their own LA: a distribution per LA.

Two sources, one interface (``WithinLA``):

* ``polygon``: the mean and quantiles of the distance between two random points of the LA's
  ONS polygon, computed at build time (table ``la_distances``, ``sufficiency.distance.polygons``).
  The cumulative distribution between the stored quantiles is linear.
* ``disc``: the disc with the LA's area (closed form, ``disc_distance_cdf``), used when a
  build has no ``la_distances`` table. The disc is the most compact shape, so it understates
  (the polygon mean is a median 11 % longer, docs/flows.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .matrix import disc_distance_cdf, within_la_miles, within_la_radius_miles
from .polygons import PROBS, QUANTILE_COLUMNS

POLYGON, DISC = "polygon", "disc"


@dataclass(frozen=True)
class WithinLA:
    """Within-LA distance of each LA (in the order of ``codes``), in miles."""

    source: str  # POLYGON or DISC
    codes: tuple[str, ...]
    mean: np.ndarray  # mean distance, miles
    radii: np.ndarray  # radius of the disc of the LA's area, miles (both sources)
    quantiles: np.ndarray | None = None  # (n, len(PROBS)) miles at each cumulative probability (polygon)

    def cdf(self, miles) -> np.ndarray:
        """``P(distance <= t)`` for each LA (rows) and each ``t`` of ``miles`` (columns): ``(n, k)``."""
        t = np.atleast_1d(np.asarray(miles, dtype=float))
        if self.source == DISC:
            return disc_distance_cdf(t[None, :], self.radii[:, None])
        q = self.quantiles  # (n, m), each row non-decreasing
        probs = np.asarray(PROBS, dtype=float)
        # for each LA and threshold: the bin of the quantiles holding t, then linear within it
        k = np.clip((q[:, :, None] <= t[None, None, :]).sum(axis=1), 1, q.shape[1] - 1)  # (n, len(t))
        rows = np.arange(q.shape[0])[:, None]
        lo, hi = q[rows, k - 1], q[rows, k]
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(hi > lo, (t[None, :] - lo) / (hi - lo), 1.0)
        out = probs[k - 1] + np.clip(frac, 0.0, 1.0) * (probs[k] - probs[k - 1])
        out = np.where(t[None, :] >= q[:, -1:], 1.0, out)
        return np.where(t[None, :] <= 0, 0.0, out)

    def scaled(self, factor: float) -> "WithinLA":
        """The same shapes with every distance multiplied by ``factor`` (polygon source only)."""
        if factor == 1.0:
            return self
        if self.source != POLYGON:
            raise ValueError("only polygon distances can be scaled")
        return WithinLA(self.source, self.codes, self.mean * factor, self.radii, self.quantiles * factor)

    def share_over(self, miles: float) -> np.ndarray:
        """``P(distance > miles)`` for each LA, shape ``(n,)``."""
        return 1.0 - self.cdf(miles)[:, 0]


def disc_within(codes, area_km2) -> WithinLA:
    area = np.asarray(area_km2, dtype=float)
    return WithinLA(DISC, tuple(codes), within_la_miles(area), within_la_radius_miles(area))


def polygon_within(codes, area_km2, la_distances: pd.DataFrame) -> WithinLA:
    """From the build's ``la_distances`` table; every code must have a row."""
    t = la_distances.set_index("code")
    missing = [c for c in codes if c not in t.index]
    if missing:
        raise ValueError(f"la_distances has no within-LA distances for {', '.join(missing[:5])}")
    t = t.loc[list(codes)]
    return WithinLA(
        POLYGON, tuple(codes), t["mean_miles"].to_numpy(dtype=float),
        within_la_radius_miles(np.asarray(area_km2, dtype=float)), t[list(QUANTILE_COLUMNS)].to_numpy(dtype=float),
    )
