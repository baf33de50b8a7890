"""Interval calibration on the backtest: error quantiles by horizon and the common factor.

Errors are standardised by the series' own scale, ``e = (actual - median) / scale`` in counts
(homes, places) or ``(log1p(actual) - log1p(median)) / scale`` for children, whose councils
differ a hundredfold in size; pooled over councils and origins (by sector for supply). Calibrating at an origin uses
only errors whose target year is at or before it, so a backtest's intervals, like its
medians, see nothing after their origin; and only backtests whose model was fitted on at
least ``MIN_CHANGES`` yearly changes (:func:`calibration_from`: from 2017, as the pooled
growth model needs a change before the last two to tell a council's momentum from its own
trend; at the 2016 origin the two coincide and its fit is rank-deficient, its errors 1.7
times those of later origins). A horizon with fewer than ``MIN_ERRORS`` errors takes the
quantiles of the longest horizon that has enough, scaled by ``(h / k) ** g``, ``g`` measured
on the calibrated horizons (:func:`growth_exponent`; a random walk's 0.5 before there are two).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aggregate import ALL, Calibration
from .vocab import HORIZONS, PROBS, SECTORS

MIN_ERRORS = 30
GROWTH = 0.5
MIN_CHANGES = 3


def calibration_from(measure: str) -> int:
    """The first backtest origin whose errors calibrate ``measure``'s intervals."""
    from .vocab import MEASURES

    spec = MEASURES[measure]
    return (spec.fitted_from or spec.first_year) + MIN_CHANGES


def standardised(rows: pd.DataFrame, log: bool = False) -> pd.Series:
    """Standardised errors of backtest rows (NaN where the actual is missing or scale is 0)."""
    ok = rows["actual"].notna() & (rows["scale"] > 0)
    if log:
        e = (np.log1p(rows["actual"].clip(lower=0)) - np.log1p(rows["median"].clip(lower=0))) / rows["scale"]
    else:
        e = (rows["actual"] - rows["median"]) / rows["scale"]
    return e.where(ok)


def _moments(median: np.ndarray, scale: np.ndarray, tables: np.ndarray, log: bool) -> tuple[np.ndarray, np.ndarray]:
    """Mean (less the median) and standard deviation of components' values; ``tables``: each one's
    error quantiles as applied ``(components, len(PROBS))``."""
    values = Calibration("", np.zeros((1, len(PROBS))), np.zeros(1), log).apply(median[:, None], scale[:, None], tables)
    return values.mean(axis=1) - np.clip(median, 0, None), values.std(axis=1)


def _group_sums(keys: np.ndarray, *columns: np.ndarray) -> list[np.ndarray]:
    codes = pd.factorize(keys)[0] if keys.dtype == object else np.unique(keys, return_inverse=True)[1]
    return [np.bincount(codes, weights=c) for c in columns]


def common_weight(origin: np.ndarray, region: np.ndarray, err: np.ndarray, mu: np.ndarray, sd: np.ndarray) -> float:
    """Weight of the common factor that makes the sums' errors as wide as they were.

    Method of moments on the backtest's sums (each region and England at each origin, one
    horizon): a sum of components with means ``mu``, spreads ``sd`` (``_moments``) and one common
    correlation ``rho`` has variance ``sum(sd**2) + rho * ((sum sd)**2 - sum(sd**2))``; ``rho``
    is set so that the squared errors ``err`` of the sums about ``sum(mu)`` average that
    variance. Measured on the sums themselves, it counts what moved councils together that year.
    """
    if len(err) == 0:
        return 0.0
    num = den = 0.0
    for keys in (np.char.add(origin.astype(str), region.astype(str)).astype(object), origin):
        e, m, s1, s2 = _group_sums(keys, err, mu, sd, sd * sd)
        num += float((((e - m) ** 2) - s2).sum())
        den += float((s1 ** 2 - s2).sum())
    if den <= 0:
        return 0.0
    return float(np.clip(num / den, 0.0, 0.95))


def _spread(e: np.ndarray) -> float:
    lo, hi = np.quantile(e, [0.1, 0.9])
    return float(hi - lo)


def growth_exponent(horizon: np.ndarray, origin: np.ndarray, e: np.ndarray, enough: list[int]) -> float:
    """How fast the errors' spread grows with the horizon: ``spread(k) = spread(1) * k ** g``.

    Measured on pairs of horizons of the same backtest origins (so that a bad year does not pass
    for a long horizon): the mean over every calibrated horizon ``k > 1`` of
    ``log(spread(k) / spread(1)) / log(k)``, ``spread`` = 10%-90% range of standardised errors.
    ``GROWTH`` (a random walk's square root) until a second horizon is calibrated.
    """
    ks = [k for k in enough if k > 1]
    if 1 not in enough or not ks:
        return GROWTH
    out = []
    for k in ks:
        common = np.intersect1d(origin[horizon == k], origin[horizon == 1])
        a = e[(horizon == k) & np.isin(origin, common)]
        b = e[(horizon == 1) & np.isin(origin, common)]
        if len(a) >= MIN_ERRORS and len(b) >= MIN_ERRORS and _spread(b) > 0 and _spread(a) > 0:
            out.append(np.log(_spread(a) / _spread(b)) / np.log(k))
    return float(np.clip(np.mean(out), 0.0, 1.5)) if out else GROWTH


def _quantiles(horizon: np.ndarray, e: np.ndarray, horizons, growth: float,
               fallback: np.ndarray | None = None) -> np.ndarray | None:
    """Quantiles ``(horizons, len(PROBS))`` of the errors ``e``; horizons with too few errors are
    extrapolated from the longest shorter one that has enough, or taken from ``fallback``."""
    enough = [h for h in horizons if (horizon == h).sum() >= MIN_ERRORS]
    if not enough:
        return fallback
    quant = np.full((len(horizons), len(PROBS)), np.nan)
    for j, h in enumerate(horizons):
        if h in enough:
            quant[j] = np.quantile(e[horizon == h], PROBS)
        elif fallback is not None and not any(k < h for k in enough):
            quant[j] = fallback[j]
        else:
            k = max([k for k in enough if k < h], default=min(enough))
            quant[j] = np.quantile(e[horizon == k], PROBS) * (h / k) ** growth
    return quant


def calibrate(rows: pd.DataFrame, name: str, upto: int, horizons=HORIZONS, log: bool = False,
              first: int | None = None, centred: bool = True) -> Calibration | None:
    """Calibration from backtest ``rows`` (one method) with target year <= ``upto`` (and origin >= ``first``).

    Supply rows (a ``sector`` other than ``"all"``) get a quantile table per sector: private
    homes opened faster than any model forecast while councils' own homes held or closed, so
    one table for all would be too narrow for the first and too wide for the others. A sector
    with too few errors at a horizon takes the table of all sectors.
    """
    keep = rows["target"] <= upto
    if first is not None:
        keep &= rows["origin"] >= first
    r = rows[keep]
    e = standardised(r, log).to_numpy(dtype=float)
    ok = ~np.isnan(e)
    if not ok.any():
        return None
    e = e[ok]
    horizon = r["horizon"].to_numpy(dtype=int)[ok]
    origin = r["origin"].to_numpy(dtype=int)[ok]
    enough = [h for h in horizons if (horizon == h).sum() >= MIN_ERRORS]
    if not enough:
        return None
    growth = growth_exponent(horizon, origin, e, enough)
    pooled = _quantiles(horizon, e, horizons, growth)
    sector = r["sector"].to_numpy(dtype=object)[ok] if "sector" in r else np.full(len(e), ALL, dtype=object)
    groups = (ALL,) if set(sector) <= {ALL} else tuple(SECTORS)
    if groups == (ALL,):
        quant = pooled[None]
        group = np.zeros(len(e), int)
    else:
        quant = np.stack([_quantiles(horizon[sector == g], e[sector == g], horizons, growth, pooled) for g in groups])
        group = np.array([groups.index(g) if g in groups else 0 for g in sector], dtype=int)
    cal = Calibration(name, quant, np.zeros(len(horizons)), log, groups, centred)
    # the common factor's weight, by horizon, from the sums' errors (horizons without their own take the nearest shorter)
    median = r["median"].to_numpy(dtype=float)[ok]
    scale = r["scale"].to_numpy(dtype=float)[ok]
    err = r["actual"].to_numpy(dtype=float)[ok] - np.clip(median, 0, None)
    region = r["region_code"].to_numpy(dtype=object)[ok]
    rho = np.zeros(len(horizons))
    for j, h in enumerate(horizons):
        at = horizon == h
        if at.sum() >= MIN_ERRORS:
            tables = np.stack([cal.table(j, g) for g in range(len(groups))])[group[at]]
            mu, sd = _moments(median[at], scale[at], tables, log)
            rho[j] = common_weight(origin[at], region[at], err[at], mu, sd)
        else:
            rho[j] = rho[j - 1] if j else 0.0
    return Calibration(name, quant, rho, log, groups, centred)
