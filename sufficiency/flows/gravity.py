"""Doubly-constrained gravity model: distance decay, balancing (IPF) and calibration.

Pure numpy on arrays; the data-facing layer is ``sufficiency.flows.model``.

``flows[i, j] = a_i * O_i * b_j * D_j * f(miles[i, j])`` with ``f`` the decay function and
``a``, ``b`` found by iterative proportional fitting so that rows sum to the origins ``O``
and columns to the destinations ``D``. Two extensions for children placed in their own LA:

* ``balance_own_total``: one own-LA factor ``g`` on the diagonal, found inside the IPF so
  that the diagonal (children placed in their own LA) adds up to a national total;
* ``flows_with_diagonal``: the diagonal fixed LA by LA (from propensities), the rest of each
  LA's children spread over other LAs' places by the gravity kernel.
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
#: Absolute tolerance of a margin, in children: rows within ``max(TOL * row, ATOL)``.
ATOL = 1e-6
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


#: Within-LA distances below this are counted as this (the decay of a power form has no limit at 0).
FLOOR_MILES = 1.0


def expected_decay(quantile_miles: np.ndarray, decay: float, form: str, scale_miles: np.ndarray) -> np.ndarray:
    """Mean of ``f(distance)`` over each LA's within-LA distribution, relative to ``f(scale_miles)``.

    ``quantile_miles`` ``(n, k)``: distances at equally spaced cumulative probabilities
    (0 ... 1); each of the ``k - 1`` bins counts at its midpoint, at least ``FLOOR_MILES``.
    ``scale_miles`` is each row's reference distance (``decay_matrix`` divides rows by it).
    """
    q = np.asarray(quantile_miles, dtype=float)
    mid = np.maximum((q[:, 1:] + q[:, :-1]) / 2.0, FLOOR_MILES)
    ref = np.asarray(scale_miles, dtype=float)[:, None]
    if form == "exponential":
        return np.exp(-decay * (mid - ref)).mean(axis=1)
    if form == "power":
        return np.exp(-decay * (np.log(mid) - np.log(ref))).mean(axis=1)
    raise ValueError(f"unknown decay form '{form}' (expected one of {FORMS})")


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return out


#: Over-relaxation of the balancing steps (1 = plain IPF). Larger steps converge several
#: times faster on the model's kernels; a step that stops helping falls back to plain IPF.
OMEGA = 1.65
_STALL = 50  # iterations without a new best error before falling back


def balance(
    origins: np.ndarray,
    destinations: np.ndarray,
    kernel: np.ndarray,
    *,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    b0: np.ndarray | None = None,
    atol: float = ATOL,
    omega: float = OMEGA,
) -> tuple[np.ndarray, np.ndarray, int]:
    """IPF balancing factors ``(a, b, iterations)`` with ``flows = a[:, None] * kernel * b``.

    Stops when every row total is within ``tol`` (relative) or ``atol`` (children) of its
    origin; columns are exact on return. ``b0`` warm-starts the column factors. ``omega``
    over-relaxes each step (``a <- a^(1-omega) (o / K b)^omega``, likewise ``b``); if the
    error stops falling the fit carries on from its best point with plain steps (omega 1).
    """
    o = np.asarray(origins, dtype=float)
    d = np.asarray(destinations, dtype=float)
    if o.min() < 0 or d.min() < 0:
        raise ValueError("origins and destinations must be non-negative")
    total = o.sum()
    if not np.isclose(total, d.sum(), rtol=1e-9, atol=1e-9):
        raise ValueError(f"origins ({total:.6g}) and destinations ({d.sum():.6g}) must have the same total")
    b = (d > 0).astype(float) if b0 is None else np.where(d > 0, b0, 0.0)
    kt = np.ascontiguousarray(kernel.T)
    row_limit = np.maximum(tol * o, min(atol, tol * total))
    col_limit = np.maximum(tol * d, min(atol, tol * total))
    a = _safe_divide(o, kernel @ b)
    ka = kt @ a
    w = float(omega)
    best, best_ab, since = np.inf, (a, b), 0
    for it in range(1, max_iter + 1):
        if w == 1.0:
            b = _safe_divide(d, ka)
            kb = kernel @ b
            if np.all(np.abs(a * kb - o) <= row_limit):
                return a, b, it
            a = _safe_divide(o, kb)
            ka = kt @ a
            continue
        with np.errstate(all="ignore"):
            step = _safe_divide(d, ka)
            b = np.where(b > 0, b ** (1 - w) * step ** w, step)
            kb = kernel @ b
            step = _safe_divide(o, kb)
            a = np.where(a > 0, a ** (1 - w) * step ** w, step)
            ka = kt @ a
            err = max(float(np.max(np.abs(a * kb - o) / row_limit)), float(np.max(np.abs(b * ka - d) / col_limit)))
        if err < best:
            best, best_ab, since = err, (a, b), 0
        else:
            since += 1
        if not np.isfinite(err) or err <= 1.0 or since >= _STALL:
            w, (a, b) = 1.0, best_ab  # plain steps from the best point: columns exact, rows checked
            ka = kt @ a
    raise RuntimeError(f"IPF did not converge in {max_iter} iterations (the margins may be infeasible)")


def ipf(origins, destinations, cost, decay: float, form: str = "exponential", **kw) -> np.ndarray:
    """Flows ``n x m`` whose rows sum to ``origins`` and columns to ``destinations``."""
    cost = np.asarray(cost, dtype=float)
    kernel = decay_matrix(cost, decay, form)
    a, b, _ = balance(origins, destinations, kernel, **kw)
    return a[:, None] * kernel * b[None, :]


def mass_within(flows: np.ndarray, miles: np.ndarray, radii: np.ndarray, thresholds, within_cdf=None) -> np.ndarray:
    """Children of each origin placed at most ``t`` miles from home, for each threshold ``t``.

    Between LAs the distance is the point-to-point distance; within an LA the distance
    follows ``within_cdf`` (``(n, len(t))``: P(distance <= t) for each LA, e.g.
    ``WithinLA.cdf``), by default the disc distribution of the LA's area (``radii`` in
    miles). Shape ``(n, len(t))``.
    """
    t = np.atleast_1d(np.asarray(thresholds, dtype=float))
    off = flows.copy()
    np.fill_diagonal(off, 0.0)
    out = np.empty((flows.shape[0], len(t)))
    for k, limit in enumerate(t):
        out[:, k] = np.where(miles <= limit, off, 0.0).sum(axis=1)
    cdf = disc_distance_cdf(t[None, :], radii[:, None]) if within_cdf is None else np.asarray(within_cdf)
    out += np.diag(flows)[:, None] * cdf.reshape(len(flows), len(t))
    return out


def share_over(flows: np.ndarray, miles: np.ndarray, radii: np.ndarray, threshold: float, within_cdf=None) -> float:
    """Share (0-1) of all modelled children placed more than ``threshold`` miles from home."""
    total = flows.sum()
    if total <= 0:
        return float("nan")
    return float(1.0 - mass_within(flows, miles, radii, threshold, within_cdf).sum() / total)


def over_share(flows: np.ndarray, far: np.ndarray, within_over: np.ndarray) -> float:
    """Share over a threshold from a precomputed mask ``far`` (off-diagonal cells beyond it)
    and ``within_over`` (P(distance > threshold) of each LA's own placements)."""
    total = flows.sum()
    return float(((flows * far).sum() + (np.diag(flows) * within_over).sum()) / total) if total > 0 else float("nan")


def balance_own_total(
    origins,
    destinations,
    kernel: np.ndarray,
    inside_total: float,
    *,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    b0: np.ndarray | None = None,
    g0: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, float, int]:
    """IPF with a third margin: the diagonal (children placed in their own LA) adds up to ``inside_total``.

    Flows are ``a_i * kernel_ij * b_j``, with the diagonal of the kernel multiplied by one
    own-LA factor ``g``. Returns ``(a, b, g, iterations)``; stops when rows and the diagonal
    total are within ``tol`` (relative); columns are exact after each step.
    """
    o = np.asarray(origins, dtype=float)
    d = np.asarray(destinations, dtype=float)
    total = o.sum()
    if not np.isclose(total, d.sum(), rtol=1e-9, atol=1e-9):
        raise ValueError(f"origins ({total:.6g}) and destinations ({d.sum():.6g}) must have the same total")
    most = np.minimum(o, d).sum()
    if not 0 < inside_total < min(total, most):
        raise ValueError(f"{inside_total:.6g} children cannot all be placed in their own LA (at most {most:.6g})")
    k_diag = np.diag(kernel).copy()
    b = (d > 0).astype(float) if b0 is None else np.where(d > 0, b0, 0.0)
    g = float(g0)
    for it in range(1, max_iter + 1):
        a = _safe_divide(o, kernel @ b + (g - 1.0) * k_diag * b)
        b = _safe_divide(d, kernel.T @ a + (g - 1.0) * k_diag * a)
        own = a * k_diag * g * b
        inside = own.sum()
        g *= (inside_total / inside) / ((total - inside_total) / max(total - inside, 1e-300))
        rows = a * (kernel @ b) + (g - 1.0) * a * k_diag * b
        if np.all(np.abs(rows - o) <= tol * np.maximum(o, 1e-12 * total)) and abs(inside - inside_total) <= tol * total:
            return a, b, g, it
    raise RuntimeError(f"IPF with an own-LA total did not converge in {max_iter} iterations")


def own_total_flows(a: np.ndarray, kernel: np.ndarray, b: np.ndarray, g: float) -> np.ndarray:
    """The flows of ``balance_own_total``'s factors."""
    m = a[:, None] * kernel * b[None, :]
    m[np.diag_indices_from(m)] *= g
    return m


def flows_with_diagonal(
    origins,
    destinations,
    kernel: np.ndarray,
    diagonal,
    *,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    b0: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Flows whose diagonal is ``diagonal`` and whose rows and columns sum to the margins.

    The children not placed in their own LA (``origins - diagonal``) are spread over the
    places left in other LAs (``destinations - diagonal``) by the kernel without its
    diagonal (IPF). ``diagonal`` must not exceed either margin. Returns ``(flows, b)``.
    """
    o = np.asarray(origins, dtype=float)
    d = np.asarray(destinations, dtype=float)
    t = np.asarray(diagonal, dtype=float)
    if np.any(t < 0) or np.any(t > np.minimum(o, d) * (1 + 1e-9) + 1e-12):
        raise ValueError("the diagonal must be between 0 and the smaller of each LA's children and places")
    t = np.minimum(t, np.minimum(o, d))
    off = kernel.copy()
    np.fill_diagonal(off, 0.0)
    a, b, _ = balance(o - t, d - t, off, tol=tol, max_iter=max_iter, b0=b0)
    m = a[:, None] * off * b[None, :]
    m[np.diag_indices_from(m)] = t
    return m, b


def calibrate_share(share, target: float, form: str, bracket: tuple[float, float] | None = None,
                    xtol: float = 1e-7, threshold: float = 20.0) -> float:
    """Decay parameter at which ``share(decay)`` (falling as the decay grows) equals ``target``.

    The upper end of the form's bracket is doubled (``MAX_DOUBLINGS`` times at most) while
    the share is still too high; then Brent's method (``scipy.optimize.brentq``).
    """
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
    return float(brentq(lambda x: share(x) - target, lo, hi, xtol=xtol))


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
    within_over=None,
) -> tuple[float, float]:
    """Decay parameter whose modelled share over ``threshold`` miles equals ``target``.

    Brent's method (``scipy.optimize.brentq``) on ``share(decay) - target``: the share falls
    as the decay grows. ``within_over``: P(distance > threshold) of each LA's own placements
    (default: the disc of ``radii``). Returns ``(decay, modelled share)``.
    """
    o = np.asarray(origins, dtype=float)
    d = np.asarray(destinations, dtype=float)
    far = (miles > threshold) & ~np.eye(len(o), dtype=bool)
    within_over = 1.0 - disc_distance_cdf(threshold, radii) if within_over is None else np.asarray(within_over)
    state = {"b": None}

    def share(decay: float) -> float:
        kernel = decay_matrix(miles, decay, form)
        a, b, _ = balance(o, d, kernel, tol=1e-8, b0=state["b"])
        state["b"] = b
        return over_share(a[:, None] * kernel * b[None, :], far, within_over)

    decay = calibrate_share(share, target, form, bracket, xtol, threshold)
    return decay, share(decay)
