"""Sums of forecast components with intervals that are right for a sum.

A *component* is one series forecast on its own: a council's children looked after, or a
council's registered places in one sector. Its error at horizon ``h`` is ``scale * e``, in counts for
homes and places, on the ``log(1 + y)`` scale (relative) for children; ``scale`` is the
series' mean absolute yearly change up to the origin on that scale, and
``e`` follows the empirical distribution of the standardised backtest errors of its measure
(and, for supply, its sector) at that horizon (a quantile table), centred on its median so
that intervals sit around the point forecast; a component is never below zero. Errors of
different components are joined by a Gaussian copula with one common factor whose weight
``rho[h]`` is measured on the backtest's regional and national sums: national shocks move
councils together, so a sum's interval is wider than an independent sum's and narrower than
a sum of intervals.

A sum is simulated (``SIMULATIONS`` draws, each component's draws seeded by its own id, so a
footprint gives the same figures in the app, the command line and the exports, and a region
equals the footprint of its councils). Its median is the sum of the components' medians, so
forecasts add up exactly; its interval is the simulated sums' quantiles (widened to reach
that median if need be). A sum of skewed parts is not centred on the sum of their medians:
most councils' places do not change in a year while some gain a home, so a region's
simulated places sit above the sum of its councils' medians, as its outcomes did. A single
component's bounds are its exact quantiles.

Only numpy and scipy.special: safe to call per request.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import ndtr

from .vocab import LEVELS, PROBS, SEED, SIMULATIONS

BOUNDS = tuple((f"lo{lv}", f"hi{lv}", (1 - lv / 100) / 2, 1 - (1 - lv / 100) / 2) for lv in LEVELS)
#: The group of a component without a sector (children): one quantile table for all.
ALL = "all"


def group_of(component_id: str) -> str:
    """A component's calibration group: its sector (``"unit|sector"``), else ``"all"``."""
    return component_id.rsplit("|", 1)[1] if "|" in component_id else ALL


@dataclass(frozen=True)
class Calibration:
    """Error quantiles ``(groups, horizons, len(PROBS))`` and common-factor weights ``(horizons,)``.

    ``groups`` name the quantile tables: ``("all",)`` for children, the sectors for supply.
    """

    name: str
    quantiles: np.ndarray
    rho: np.ndarray
    log: bool = False  # errors on the log(1 + y) scale (relative) rather than in counts
    groups: tuple[str, ...] = (ALL,)
    centred: bool = True  # quantiles shifted to a median of 0 (else the backtest's median error is kept)

    def __post_init__(self):
        q = np.asarray(self.quantiles, dtype=float)
        if q.ndim == 2:
            q = q[None, :, :]
        object.__setattr__(self, "quantiles", q)

    def apply(self, median: np.ndarray, scale: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Component values for standardised errors ``e`` (broadcast), never below zero."""
        if self.log:
            return np.expm1(np.log1p(np.clip(median, 0, None)) + scale * e)
        return np.clip(median + scale * e, 0, None)

    def group_index(self, ids) -> np.ndarray:
        """Row of ``quantiles`` for each component id (its sector's, or the first table)."""
        where = {g: i for i, g in enumerate(self.groups)}
        return np.array([where.get(group_of(i), 0) for i in ids], dtype=int)

    def table(self, h_index: int, group: int = 0) -> np.ndarray:
        """Error quantiles ``(len(PROBS),)`` of one group at one horizon, as applied (centred if ``centred``)."""
        q = self.quantiles[group, h_index]
        return q - np.interp(0.5, PROBS, q) if self.centred else q


@lru_cache(maxsize=4096)
def _draws(key: str, n: int) -> np.ndarray:
    """Standard normal draws seeded by ``key`` (kept: the same component is drawn for many sums)."""
    ss = np.random.SeedSequence([SEED, zlib.crc32(key.encode("utf-8"))])
    out = np.random.default_rng(ss).standard_normal(n)
    out.setflags(write=False)
    return out


def shocks(calibration: Calibration, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Common ``(SIMULATIONS,)`` and own ``(components, SIMULATIONS)`` standard normal draws."""
    common = _draws(f"common:{calibration.name}", SIMULATIONS)
    own = np.stack([_draws(f"{calibration.name}:{i}", SIMULATIONS) for i in ids]) if ids else np.empty((0, SIMULATIONS))
    return common, own


#: ``PROBS`` are ``k / STEPS`` for ``k = 1 .. STEPS - 1``: a probability's place in them is arithmetic.
STEPS = 200
assert np.allclose(PROBS, np.arange(1, STEPS) / STEPS)


def lookup(u: np.ndarray, tables: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Linear interpolation of probabilities ``u`` in quantile tables on ``PROBS`` (clamped at the ends):
    ``tables`` ``(len(PROBS),)``, or ``(groups, len(PROBS))`` with ``rows`` giving each row of ``u`` its table."""
    pos = np.clip(np.asarray(u, dtype=float) * STEPS - 1.0, 0.0, STEPS - 2.0)
    i = np.minimum(pos.astype(int), STEPS - 3)
    f = pos - i
    if tables.ndim == 1:
        lo, hi = tables[i], tables[i + 1]
    else:
        g = np.broadcast_to(np.asarray(rows).reshape((-1,) + (1,) * (pos.ndim - 1)), pos.shape)
        lo, hi = tables[g, i], tables[g, i + 1]
    return lo + f * (hi - lo)


def error_draws(calibration: Calibration, common: np.ndarray, own: np.ndarray, h_index: int,
                groups: np.ndarray | None = None) -> np.ndarray:
    """Centred standardised errors ``(components, SIMULATIONS)`` at one horizon (Gaussian copula)."""
    rho = float(np.clip(calibration.rho[h_index], 0.0, 0.99))
    u = ndtr(np.sqrt(rho) * common[None, :] + np.sqrt(1 - rho) * own)
    tables = np.stack([calibration.table(h_index, g) for g in range(len(calibration.groups))])
    groups = np.zeros(len(own), int) if groups is None else np.asarray(groups)
    return lookup(u, tables, groups)


def component_quantile(median: np.ndarray, scale: np.ndarray, calibration: Calibration, h_index: int, p: float,
                       groups: np.ndarray | None = None) -> np.ndarray:
    """Exact quantile ``p`` of single components (vectorised; ``groups`` from :meth:`Calibration.group_index`)."""
    at = np.array([float(lookup(p, calibration.table(h_index, g))) for g in range(len(calibration.groups))])
    groups = np.zeros(np.size(median), int) if groups is None else np.asarray(groups)
    q = at[np.ravel(groups)]
    return calibration.apply(median, scale, q.reshape(np.shape(median)) if np.ndim(median) else q[0])


def sum_interval(parts: list[tuple[Calibration, list[str], np.ndarray, np.ndarray, float]], horizons,
                 calibration_index=None) -> list[dict]:
    """Median and interval bounds, per horizon, of a signed sum of components.

    ``parts``: ``(calibration, ids, medians (n, H), scales (n,), sign[, errors])`` for each group
    of components sharing a calibration (``errors``: their centred draws ``(n, H, SIMULATIONS)`` if
    already made, see :func:`all_errors`) (e.g. children +1, places -1 for a gap). Column ``j`` of
    the medians uses the calibration's horizon ``calibration_index[j]`` (default ``j``).
    """
    cix = list(calibration_index) if calibration_index is not None else list(range(len(horizons)))
    out = []
    parts = [tuple(p) + (None,) * (6 - len(p)) for p in parts]
    single = len(parts) == 1 and len(parts[0][1]) == 1
    drawn = [] if single else [shocks(p[0], p[1]) if p[5] is None else (None, None) for p in parts]
    groups = [p[0].group_index(p[1]) for p in parts]
    for j, _h in enumerate(horizons):
        med = float(sum(p[4] * np.sum(p[2][:, j]) for p in parts))
        row = {"median": med}
        if single:
            cal, _, m, s, sign, _ = parts[0]
            for lo, hi, plo, phi in BOUNDS:
                a = sign * float(component_quantile(m[:, j], s, cal, cix[j], plo, groups[0])[0])
                b = sign * float(component_quantile(m[:, j], s, cal, cix[j], phi, groups[0])[0])
                row[lo], row[hi] = min(a, b, med), max(a, b, med)
        else:
            total = np.zeros(SIMULATIONS)
            for (cal, ids, m, s, sign, errs), (common, own), g in zip(parts, drawn, groups):
                if len(ids):
                    e = errs[:, cix[j], :] if errs is not None else error_draws(cal, common, own, cix[j], g)
                    total += sign * cal.apply(m[:, j][:, None], s[:, None], e).sum(axis=0)
            for lo, hi, plo, phi in BOUNDS:
                a, b = np.quantile(total, [plo, phi])
                row[lo], row[hi] = min(float(a), med), max(float(b), med)
        out.append(row)
    return out


def all_errors(calibration: Calibration, ids: list[str], horizons: int) -> np.ndarray:
    """Centred error draws ``(components, horizons, SIMULATIONS)`` of ``ids`` (float32), made once per table."""
    common, own = shocks(calibration, ids)
    groups = calibration.group_index(ids)
    out = np.empty((len(ids), horizons, SIMULATIONS), dtype=np.float32)
    for j in range(horizons):
        out[:, j, :] = error_draws(calibration, common, own, j, groups)
    return out
