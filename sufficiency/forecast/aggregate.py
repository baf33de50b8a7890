"""Sums of forecast components with intervals that are right for a sum.

A *component* is one series forecast on its own: a council's children looked after, or a
council's registered places in one sector. Its error at horizon ``h`` is ``scale * e``, in counts for
homes and places, on the ``log(1 + y)`` scale (relative) for children; ``scale`` is the
series' mean absolute yearly change up to the origin on that scale, and
``e`` follows the empirical distribution of the standardised backtest errors of its measure
at that horizon (a quantile table), centred on its median so that intervals sit around the
point forecast; a component is never below zero. Errors of
different components are joined by a Gaussian copula with one common factor whose weight
``rho[h]`` is the cross-council correlation measured on the backtest: national shocks move
councils together, so a sum's interval is wider than an independent sum's and narrower than
a sum of intervals.

A sum is simulated (``SIMULATIONS`` draws, each component's draws seeded by its own id, so a
footprint gives the same figures in the app, the command line and the exports, and a region
equals the footprint of its councils). Its median is the sum of the components' medians, so
forecasts add up exactly; its interval is that median plus the simulated sums' quantiles
less their median. A single component's bounds are its exact quantiles.

Only numpy and scipy.special: safe to call per request.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from .vocab import LEVELS, PROBS, SEED, SIMULATIONS

BOUNDS = tuple((f"lo{lv}", f"hi{lv}", (1 - lv / 100) / 2, 1 - (1 - lv / 100) / 2) for lv in LEVELS)


@dataclass(frozen=True)
class Calibration:
    """Error quantiles ``(horizons, len(PROBS))`` and common-factor weights ``(horizons,)``."""

    name: str
    quantiles: np.ndarray
    rho: np.ndarray
    log: bool = False  # errors on the log(1 + y) scale (relative) rather than in counts

    def apply(self, median: np.ndarray, scale: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Component values for standardised errors ``e`` (broadcast), never below zero."""
        if self.log:
            return np.expm1(np.log1p(np.clip(median, 0, None)) + scale * e)
        return np.clip(median + scale * e, 0, None)


def _draws(key: str, n: int) -> np.ndarray:
    ss = np.random.SeedSequence([SEED, zlib.crc32(key.encode("utf-8"))])
    return np.random.default_rng(ss).standard_normal(n)


def shocks(calibration: Calibration, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Common ``(SIMULATIONS,)`` and own ``(components, SIMULATIONS)`` standard normal draws."""
    common = _draws(f"common:{calibration.name}", SIMULATIONS)
    own = np.stack([_draws(f"{calibration.name}:{i}", SIMULATIONS) for i in ids]) if ids else np.empty((0, SIMULATIONS))
    return common, own


def error_draws(calibration: Calibration, common: np.ndarray, own: np.ndarray, h_index: int) -> np.ndarray:
    """Standardised errors ``(components, SIMULATIONS)`` at one horizon (Gaussian copula)."""
    rho = float(np.clip(calibration.rho[h_index], 0.0, 0.99))
    z = np.sqrt(rho) * common[None, :] + np.sqrt(1 - rho) * own
    return np.interp(ndtr(z), PROBS, calibration.quantiles[h_index])


def centre(calibration: Calibration, h_index: int) -> float:
    return float(np.interp(0.5, PROBS, calibration.quantiles[h_index]))


def component_quantile(median: np.ndarray, scale: np.ndarray, calibration: Calibration, h_index: int, p: float) -> np.ndarray:
    """Exact quantile ``p`` of single components (vectorised)."""
    q = np.interp(p, PROBS, calibration.quantiles[h_index]) - centre(calibration, h_index)
    return calibration.apply(median, scale, q)


def _values(cal: Calibration, median: np.ndarray, scale: np.ndarray, e: np.ndarray, shift: float) -> np.ndarray:
    return cal.apply(median[:, None], scale[:, None], e - shift)


def sum_interval(parts: list[tuple[Calibration, list[str], np.ndarray, np.ndarray, float]], horizons,
                 calibration_index=None) -> list[dict]:
    """Median and interval bounds, per horizon, of a signed sum of components.

    ``parts``: ``(calibration, ids, medians (n, H), scales (n,), sign[, errors])`` for each group
    of components sharing a calibration (``errors``: their draws ``(n, H, SIMULATIONS)`` if
    already made, see :func:`all_errors`) (e.g. children +1, places -1 for a gap). Column ``j`` of
    the medians uses the calibration's horizon ``calibration_index[j]`` (default ``j``).
    """
    cix = list(calibration_index) if calibration_index is not None else list(range(len(horizons)))
    out = []
    parts = [tuple(p) + (None,) * (6 - len(p)) for p in parts]
    single = len(parts) == 1 and len(parts[0][1]) == 1
    drawn = [] if single else [shocks(p[0], p[1]) if p[5] is None else (None, None) for p in parts]
    for j, _h in enumerate(horizons):
        med = float(sum(p[4] * np.sum(p[2][:, j]) for p in parts))
        row = {"median": med}
        if single:
            cal, _, m, s, sign, _ = parts[0]
            for lo, hi, plo, phi in BOUNDS:
                a = sign * float(component_quantile(m[:, j], s, cal, cix[j], plo)[0])
                b = sign * float(component_quantile(m[:, j], s, cal, cix[j], phi)[0])
                row[lo], row[hi] = min(a, b, med), max(a, b, med)
        else:
            total = np.zeros(SIMULATIONS)
            for (cal, ids, m, s, sign, errs), (common, own) in zip(parts, drawn):
                if len(ids):
                    e = errs[:, cix[j], :] if errs is not None else error_draws(cal, common, own, cix[j])
                    total += sign * _values(cal, m[:, j], s, e, centre(cal, cix[j])).sum(axis=0)
            mid = float(np.quantile(total, 0.5))
            for lo, hi, plo, phi in BOUNDS:
                a, b = np.quantile(total, [plo, phi])
                row[lo], row[hi] = min(med + float(a) - mid, med), max(med + float(b) - mid, med)
        out.append(row)
    return out


def all_errors(calibration: Calibration, ids: list[str], horizons: int) -> np.ndarray:
    """Error draws ``(components, horizons, SIMULATIONS)`` of ``ids`` (float32), made once per table."""
    common, own = shocks(calibration, ids)
    out = np.empty((len(ids), horizons, SIMULATIONS), dtype=np.float32)
    for j in range(horizons):
        out[:, j, :] = error_draws(calibration, common, own, j)
    return out
