"""Doubly-constrained gravity model: distance decay, balancing (IPF) and calibration.

Pure numpy on arrays; the data-facing layer is ``sufficiency.flows.model``.

``flows[i, j] = a_i * O_i * b_j * D_j * f(miles[i, j])`` with ``f`` the decay function and
``a``, ``b`` found by iterative proportional fitting so that rows sum to the origins ``O``
and columns to the destinations ``D``.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from ..distance import disc_distance_cdf

FORMS = ("exponential", "power")
#: Initial search interval of the decay parameter for each form (per mile; exponent). The
#: upper end is doubled (up to ``MAX_DOUBLINGS`` times) while the share is still too high.
BRACKETS = {"exponential": (1e-4, 0.25), "power": (1e-3, 4.0)}
MAX_DOUBLINGS = 4
TOL = 1e-9
MAX_ITER = 20_000


def decay_matrix(miles: np.ndarray, decay: float, form: str) -> np.ndarray:
    """``f(miles)`` up to a positive factor per row (which the balancing absorbs).

    exponential: ``exp(-decay * miles)``; power: ``miles ** -decay``. Each row is divided by
    its largest value so that strong decay does not underflow to zero.
    """
    if form == "exponential":
        return np.exp(-decay * (miles - miles.min(axis=1, keepdims=True)))
    if form == "power":
        return np.exp(-decay * (np.log(miles) - np.log(miles.min(axis=1, keepdims=True))))
    raise ValueError(f"unknown decay form '{form}' (expected one of {FORMS})")


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return out


def balance(
    origins: np.ndarray,
    destinations: np.ndarray,
    kernel: np.ndarray,
    *,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    b0: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """IPF balancing factors ``(a, b, iterations)`` with ``flows = a[:, None] * kernel * b``.

    Stops when every row total is within ``tol`` (relative) of its origin; columns are exact
    after each column step. ``b0`` warm-starts the column factors.
    """
    o = np.asarray(origins, dtype=float)
    d = np.asarray(destinations, dtype=float)
    if o.min() < 0 or d.min() < 0:
        raise ValueError("origins and destinations must be non-negative")
    total = o.sum()
    if not np.isclose(total, d.sum(), rtol=1e-9, atol=1e-9):
        raise ValueError(f"origins ({total:.6g}) and destinations ({d.sum():.6g}) must have the same total")
    b = (d > 0).astype(float) if b0 is None else np.where(d > 0, b0, 0.0)
    a = np.zeros_like(o)
    for it in range(1, max_iter + 1):
        a = _safe_divide(o, kernel @ b)
        b = _safe_divide(d, kernel.T @ a)
        rows = a * (kernel @ b)
        if np.all(np.abs(rows - o) <= tol * np.maximum(o, 1e-12 * total)):
            return a, b, it
    raise RuntimeError(f"IPF did not converge in {max_iter} iterations (the margins may be infeasible)")


def ipf(origins, destinations, cost, decay: float, form: str = "exponential", **kw) -> np.ndarray:
    """Flows ``n x m`` whose rows sum to ``origins`` and columns to ``destinations``."""
    cost = np.asarray(cost, dtype=float)
    kernel = decay_matrix(cost, decay, form)
    a, b, _ = balance(origins, destinations, kernel, **kw)
    return a[:, None] * kernel * b[None, :]


def mass_within(flows: np.ndarray, miles: np.ndarray, radii: np.ndarray, thresholds) -> np.ndarray:
    """Children of each origin placed at most ``t`` miles from home, for each threshold ``t``.

    Between LAs the distance is the point-to-point distance; within an LA the distance
    follows the disc distribution of the LA's area (``radii`` in miles). Shape ``(n, len(t))``.
    """
    t = np.atleast_1d(np.asarray(thresholds, dtype=float))
    off = flows.copy()
    np.fill_diagonal(off, 0.0)
    out = np.empty((flows.shape[0], len(t)))
    for k, limit in enumerate(t):
        out[:, k] = np.where(miles <= limit, off, 0.0).sum(axis=1)
    out += np.diag(flows)[:, None] * disc_distance_cdf(t[None, :], radii[:, None])
    return out


def share_over(flows: np.ndarray, miles: np.ndarray, radii: np.ndarray, threshold: float) -> float:
    """Share (0-1) of all modelled children placed more than ``threshold`` miles from home."""
    total = flows.sum()
    if total <= 0:
        return float("nan")
    return float(1.0 - mass_within(flows, miles, radii, threshold).sum() / total)


def calibrate(
    origins,
    destinations,
    miles: np.ndarray,
    radii: np.ndarray,
    target: float,
    form: str = "exponential",
    threshold: float = 20.0,
    bracket: tuple[float, float] | None = None,
    xtol: float = 1e-7,
) -> tuple[float, float]:
    """Decay parameter whose modelled share over ``threshold`` miles equals ``target``.

    Brent's method (``scipy.optimize.brentq``) on ``share(decay) - target``: the share falls
    as the decay grows. Returns ``(decay, modelled share)``.
    """
    o = np.asarray(origins, dtype=float)
    d = np.asarray(destinations, dtype=float)
    off = ~np.eye(len(o), dtype=bool)
    far = (miles > threshold) & off
    state = {"b": None}

    def share(decay: float) -> float:
        kernel = decay_matrix(miles, decay, form)
        a, b, _ = balance(o, d, kernel, tol=1e-8, b0=state["b"])
        state["b"] = b
        flows = a[:, None] * kernel * b[None, :]
        within = 1.0 - disc_distance_cdf(threshold, radii)
        return float(((flows * far).sum() + (np.diag(flows) * within).sum()) / o.sum())

    lo, hi = bracket or BRACKETS[form]
    f_lo, f_hi = share(lo) - target, share(hi) - target
    for _ in range(0 if bracket else MAX_DOUBLINGS):
        if f_lo * f_hi <= 0 or f_lo < 0:
            break
        lo, f_lo = hi, f_hi
        hi *= 2.0
        f_hi = share(hi) - target
    if f_lo * f_hi > 0:
        raise ValueError(
            f"the {form} decay cannot reach a share of {target:.3f} over {threshold:g} miles "
            f"(between {lo:g} and {hi:g} it gives {f_lo + target:.3f} to {f_hi + target:.3f})"
        )
    decay = brentq(lambda x: share(x) - target, lo, hi, xtol=xtol)
    return float(decay), share(decay)
