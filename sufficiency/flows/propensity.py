"""LA propensity to place its children in children's homes inside its own boundary.

A linear model of the log-odds of a child being placed in their own LA, on LA
characteristics (``sufficiency.flows.characteristics``), fitted to the DfE FOI figures of the
LAs it is given (for cross-validation: the other folds' LAs only):

* each LA's observed log-odds ``y = log((inside + 0.5) / (outside + 0.5))`` has the sampling
  variance of a binomial share, ``v = 1 / (inside + 0.5) + 1 / (outside + 0.5)``;
* LAs differ beyond their characteristics by a random effect of variance ``tau2``, estimated
  by the Paule-Mandel method, and the coefficients are weighted least squares with weights
  ``1 / (tau2 + v)`` (a random-effects meta-regression).

The same variance model gives each prediction's plausible range: ``tau2`` plus the
coefficients' variance plus the binomial variance of the LA's own number of children.
``shift`` moves every LA's log-odds by one amount so that the children placed inside their
own LA add up to DfE's national split (``calibrate_shift``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from .characteristics import expit

#: Two-sided 80 % range: the "plausible range" of a modelled figure.
RANGE_LEVEL = 0.80
_Z = 1.2815515655446004  # standard normal quantile at 0.9


@dataclass(frozen=True)
class Propensity:
    features: tuple[str, ...]
    coef: np.ndarray  # intercept, then one per feature (log-odds scale)
    cov: np.ndarray  # covariance of coef
    tau2: float  # variance between LAs beyond the characteristics (log-odds scale)
    n: int  # LAs fitted on
    year: int  # the FOI year fitted on
    shift: float = 0.0  # common shift of the log-odds (national calibration)

    def design(self, X: pd.DataFrame) -> np.ndarray:
        cols = [X.columns.get_loc(f) for f in self.features]
        return np.column_stack([np.ones(len(X)), X.to_numpy(dtype=float)[:, cols]])

    def log_odds(self, X: pd.DataFrame) -> np.ndarray:
        """Predicted log-odds of placement in the own LA (NaN where a characteristic is missing)."""
        return self.design(X) @ self.coef + self.shift

    def log_odds_sd(self, X: pd.DataFrame, children) -> np.ndarray:
        """Standard deviation of an LA's own share on the log-odds scale: between-LA variation,
        the coefficients' uncertainty and the chance in placing ``children`` children."""
        A = self.design(X)
        p = expit(A @ self.coef + self.shift)
        n = np.maximum(np.asarray(children, dtype=float), 1e-9)
        with np.errstate(divide="ignore", invalid="ignore"):
            binom = 1.0 / (n * np.clip(p * (1 - p), 1e-6, None))
        return np.sqrt(self.tau2 + np.einsum("ij,jk,ik->i", A, self.cov, A) + binom)


def observed_log_odds(inside, outside) -> tuple[np.ndarray, np.ndarray]:
    """``(y, v)``: empirical log-odds of inside and its binomial sampling variance."""
    i = np.asarray(inside, dtype=float) + 0.5
    o = np.asarray(outside, dtype=float) + 0.5
    return np.log(i / o), 1.0 / i + 1.0 / o


def _wls(A, y, w):
    AtW = A.T * w
    cov = np.linalg.pinv(AtW @ A)
    coef = cov @ (AtW @ y)
    return coef, cov


def fit_propensity(X: pd.DataFrame, observed: pd.DataFrame, features, year: int) -> Propensity:
    """Fit on the LAs in both ``X`` (characteristics) and ``observed`` (``inside``, ``outside``)."""
    features = tuple(features)
    idx = [c for c in observed.index if c in X.index]
    Xf = X.loc[idx, list(features)]
    ok = Xf.notna().all(axis=1).to_numpy()
    idx = list(np.asarray(idx)[ok])
    if len(idx) <= len(features) + 2:
        raise ValueError(f"too few LAs with observed figures to fit the propensity in {year} ({len(idx)})")
    y, v = observed_log_odds(observed.loc[idx, "inside"], observed.loc[idx, "outside"])
    A = np.column_stack([np.ones(len(idx)), X.loc[idx, list(features)].to_numpy(dtype=float)])
    dof = len(idx) - A.shape[1]

    def q(tau2: float) -> float:
        w = 1.0 / (v + tau2)
        coef, _ = _wls(A, y, w)
        return float((w * (y - A @ coef) ** 2).sum() - dof)

    tau2 = 0.0 if q(0.0) <= 0 else brentq(q, 0.0, 100.0, xtol=1e-8)
    coef, cov = _wls(A, y, 1.0 / (v + tau2))
    return Propensity(features, coef, cov, float(tau2), len(idx), int(year))


def inside_children(prop: Propensity, X: pd.DataFrame, children, capacity, fallback_log_odds=None) -> np.ndarray:
    """Children of each LA placed inside it: children x predicted share, at most the LA's places.

    Where a characteristic is missing, ``fallback_log_odds`` (e.g. the gravity model's) plus
    the propensity's shift is used.
    """
    eta = prop.log_odds(X)
    if fallback_log_odds is not None:
        eta = np.where(np.isfinite(eta), eta, np.asarray(fallback_log_odds, dtype=float) + prop.shift)
    n = np.asarray(children, dtype=float)
    share = np.where(np.isfinite(eta), expit(eta), 0.0)
    return np.minimum(n * share, np.asarray(capacity, dtype=float))


def calibrate_shift(prop: Propensity, X: pd.DataFrame, children, capacity, inside_total: float,
                    fallback_log_odds=None) -> Propensity:
    """The propensity shifted so that the children placed inside their own LA add up to ``inside_total``."""
    def total(shift: float) -> float:
        return float(inside_children(replace(prop, shift=shift), X, children, capacity, fallback_log_odds).sum())

    most = float(np.minimum(np.asarray(children, float), np.asarray(capacity, float)).sum())
    if not 0 < inside_total < most:
        raise ValueError(f"{inside_total:.6g} children cannot be placed in their own LA (at most {most:.6g})")
    lo, hi = -10.0, 10.0
    while total(hi) < inside_total and hi < 80:
        hi *= 2
    return replace(prop, shift=float(brentq(lambda s: total(s) - inside_total, lo, hi, xtol=1e-10)))


def predict(prop: Propensity, X: pd.DataFrame, children, capacity, fallback_log_odds=None,
            z: float = _Z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(inside, low, high)``: children placed inside each LA (``inside_children``) and the
    80 % range of the LA's share placed inside it (NaN for LAs without children).

    Where a characteristic is missing the fallback log-odds are used, with the between-LA
    variation ``tau2`` as their uncertainty.
    """
    A = prop.design(X)
    eta = A @ prop.coef + prop.shift
    n = np.asarray(children, dtype=float)
    cap = np.asarray(capacity, dtype=float)
    p = expit(eta)
    with np.errstate(divide="ignore", invalid="ignore"):
        binom = 1.0 / (np.maximum(n, 1e-9) * np.clip(p * (1 - p), 1e-6, None))
    sd = np.sqrt(prop.tau2 + np.einsum("ij,jk,ik->i", A, prop.cov, A) + binom)
    if fallback_log_odds is not None:
        miss = ~np.isfinite(eta)
        eta = np.where(miss, np.asarray(fallback_log_odds, dtype=float) + prop.shift, eta)
        sd = np.where(miss, np.sqrt(prop.tau2), sd)
    share = np.where(np.isfinite(eta), expit(eta), 0.0)
    inside = np.minimum(n * share, cap)
    with np.errstate(divide="ignore", invalid="ignore"):
        cap_share = np.where(n > 0, cap / n, 0.0)
    low = np.minimum(expit(eta - z * sd), cap_share)
    high = np.minimum(expit(eta + z * sd), cap_share)
    return inside, np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def share_range(prop: Propensity, X: pd.DataFrame, children, capacity, fallback_log_odds=None,
                z: float = _Z) -> tuple[np.ndarray, np.ndarray]:
    """``(low, high)`` of each LA's share of children placed inside it (the 80 % range)."""
    _, low, high = predict(prop, X, children, capacity, fallback_log_odds, z)
    return low, high
