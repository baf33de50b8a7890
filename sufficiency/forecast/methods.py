"""Point forecasts for many series at once, from a panel cut at the origin.

Every method takes the history (a :class:`~sufficiency.forecast.series.Panel` holding only
years up to the origin) and returns an ``(units, horizons)`` array of medians in the
series' own units, NaN where the series cannot be forecast. None of them sees a figure after
the origin.

* ``naive``: the last value. ``drift``: the last value plus the average change per year
  since the first value (random walk with drift).
* ``pooled``: a robust dynamic panel model of growth, fitted across all series of the panel:
  ``g[t] = a + b * g[t-1] + c * m[t-1]`` on ``g = diff(log(1 + y))``, where ``m`` is the series'
  own mean growth so far; Huber M-estimation (statsmodels ``RLM``) so that tiny councils'
  jumps do not steer the fit. With ``0 < b < 1`` a council's recent change fades towards its
  own and the common long-run growth: a damped trend whose damping is estimated from all
  councils rather than from one short series.
* ``pooled_rate``: the same model on the rate per 10,000 children aged 0-17, times the
  child population projected by its own log-linear drift (last five years).
* ``share_last`` / ``share_mean``: a measure that is a part of children looked after (children
  in secure homes and children's homes) as its share at the origin (or mean share of the last
  three published years) times the forecast of children looked after.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .series import Panel


def _last(values: np.ndarray) -> np.ndarray:
    return values[:, -1]


def naive(hist: Panel, horizons) -> np.ndarray:
    return np.repeat(_last(hist.values)[:, None], len(horizons), axis=1)


def _first_observed(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index and value of each row's first non-missing figure (NaN where none)."""
    ok = ~np.isnan(values)
    idx = np.where(ok.any(axis=1), ok.argmax(axis=1), -1)
    first = np.where(idx >= 0, values[np.arange(len(values)), np.clip(idx, 0, None)], np.nan)
    return idx, first


def drift(hist: Panel, horizons) -> np.ndarray:
    v = hist.values
    idx, first = _first_observed(v)
    span = (v.shape[1] - 1) - idx
    slope = np.where(span > 0, (_last(v) - first) / np.where(span > 0, span, 1), np.nan)
    h = np.asarray(horizons, dtype=float)
    return np.clip(_last(v)[:, None] + slope[:, None] * h[None, :], 0, None)


def _growth(values: np.ndarray) -> np.ndarray:
    return np.diff(np.log1p(np.clip(values, 0, None)), axis=1)


def _expanding_mean(g: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(g)
    s = np.cumsum(np.where(ok, g, 0.0), axis=1)
    n = np.cumsum(ok, axis=1)
    return np.where(n > 0, s / np.where(n > 0, n, 1), np.nan)


def fit_pooled(values: np.ndarray) -> np.ndarray:
    """``(a, b, c)`` of the pooled growth model, by Huber M-estimation over every series.

    A fit is kept for the same figures (the build fits children looked after from each origin for
    their own backtest, for the share of them in children's homes and for the UASC comparison).
    """
    v = np.ascontiguousarray(values, dtype=float)
    return _fit_pooled(v.shape, v.tobytes()).copy()


@lru_cache(maxsize=256)
def _fit_pooled(shape: tuple[int, ...], data: bytes) -> np.ndarray:
    from statsmodels.robust.norms import HuberT
    from statsmodels.robust.robust_linear_model import RLM

    values = np.frombuffer(data, dtype=float).reshape(shape)
    g = _growth(values)
    m = _expanding_mean(g)
    y, lag, own = g[:, 1:], g[:, :-1], m[:, :-1]
    ok = ~(np.isnan(y) | np.isnan(lag) | np.isnan(own))
    if ok.sum() < 10:
        return np.array([0.0, 0.0, 0.0])
    X = np.column_stack([np.ones(ok.sum()), lag[ok], own[ok]])
    fit = RLM(y[ok], X, M=HuberT()).fit()
    a, b, c = fit.params
    return np.array([a, float(np.clip(b, -0.95, 0.95)), c])


def pooled(hist: Panel, horizons, params: np.ndarray | None = None) -> np.ndarray:
    v = hist.values
    a, b, c = fit_pooled(v) if params is None else params
    g = _growth(v)
    m = _expanding_mean(g)[:, -1] if g.shape[1] else np.full(len(v), np.nan)
    g_last = g[:, -1] if g.shape[1] else np.full(len(v), np.nan)
    long_run = (a + c * np.nan_to_num(m)) / (1 - b)
    g_now = np.where(np.isnan(g_last), long_run, g_last)
    m = np.nan_to_num(m)
    x = np.log1p(np.clip(_last(v), 0, None))
    out = np.empty((len(v), max(horizons)))
    for k in range(max(horizons)):
        g_now = a + b * g_now + c * m
        x = x + g_now
        out[:, k] = np.expm1(x)
    never = np.nansum(np.abs(v), axis=1) == 0  # a series that was always zero stays zero
    out[never] = 0.0
    return out[:, [h - 1 for h in horizons]]


def log_drift(hist: Panel, horizons, years: int = 5) -> np.ndarray:
    """Log-linear drift over the last ``years`` changes (used for the child population)."""
    v = hist.values[:, -(years + 1):]
    lv = np.log(np.where(v > 0, v, np.nan))
    idx, first = _first_observed(lv)
    span = (lv.shape[1] - 1) - idx
    slope = np.where(span > 0, (lv[:, -1] - first) / np.where(span > 0, span, 1), 0.0)
    h = np.asarray(horizons, dtype=float)
    return np.exp(lv[:, -1][:, None] + slope[:, None] * h[None, :])


def pooled_rate(hist: Panel, horizons, population: Panel) -> np.ndarray:
    pop = population.values
    rate = Panel(hist.units, hist.years, hist.values / np.where(pop > 0, pop, np.nan) * 10_000, hist.estimated)
    return pooled(rate, horizons) * log_drift(population, horizons) / 10_000


def share_last(hist: Panel, horizons, base_hist: Panel, base_forecast: np.ndarray) -> np.ndarray:
    share = _last(hist.values) / np.where(_last(base_hist.values) > 0, _last(base_hist.values), np.nan)
    return share[:, None] * base_forecast


def share_mean(hist: Panel, horizons, base_hist: Panel, base_forecast: np.ndarray, years: int = 3) -> np.ndarray:
    s = hist.values[:, -years:] / np.where(base_hist.values[:, -years:] > 0, base_hist.values[:, -years:], np.nan)
    share = np.where(np.isnan(_last(hist.values)), np.nan, np.nanmean(np.where(np.isnan(s), np.nan, s), axis=1))
    return share[:, None] * base_forecast


METHOD_LABELS = {
    "naive": "naive (last value)",
    "drift": "drift (random walk with drift)",
    "pooled": "pooled robust growth model (damped trend, fitted across all LAs)",
    "pooled_rate": "pooled robust growth model of the rate per 10,000 children, times projected population",
    "share_last": "share of children looked after at the origin, times projected children looked after",
    "share_mean": "mean share of children looked after over the last three years, times projected children looked after",
}


# --- exponential smoothing with parameters shared by every series of the panel ----------

#: Grid of (alpha, beta, phi) searched for the pooled damped-trend exponential smoothing.
ETS_GRID = tuple(
    (a, b, p)
    for a in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    for b in (0.0, 0.05, 0.1, 0.2, 0.3)
    if b <= a
    for p in (0.5, 0.7, 0.8, 0.9, 0.98)
)
FIT_HORIZONS = (1, 2, 3)


def _ets_paths(x: np.ndarray, alpha: float, beta: float, phi: float, horizons) -> tuple[np.ndarray, np.ndarray]:
    """In-sample h-step forecasts ``(H, n, T)`` (made at t for t + h) and the final level/trend forecasts.

    Damped-trend exponential smoothing in error-correction form on ``x`` (NaN skipped: the
    state just moves on). Each series starts at its first figure with no trend.
    """
    n, T = x.shape
    H = max(horizons)
    level = np.full(n, np.nan)
    trend = np.zeros(n)
    damp = np.cumsum(phi ** np.arange(1, H + 1))  # phi + phi^2 + ... + phi^h
    ahead = np.full((H, n, T), np.nan)
    for t in range(T):
        xt = x[:, t]
        start = np.isnan(level) & ~np.isnan(xt)
        level = np.where(start, xt, level)
        seen = ~np.isnan(level) & ~start
        f = level + phi * trend
        err = np.where(seen & ~np.isnan(xt), xt - f, 0.0)
        level = np.where(seen, f + alpha * err, level)
        trend = np.where(seen, phi * trend + beta * err, trend)
        ahead[:, :, t] = level[None, :] + damp[:, None] * trend[None, :]
    return ahead, level[:, None] + damp[None, :] * trend[:, None]


def fit_ets(values: np.ndarray, fit_horizons=FIT_HORIZONS) -> tuple[float, float, float]:
    """``(alpha, beta, phi)`` minimising the mean scaled in-sample error at horizons 1-3, over all series."""
    x = np.log1p(np.clip(values, 0, None))
    d = np.abs(np.diff(x, axis=1))
    scale = np.nanmean(np.where(np.isnan(d), np.nan, d), axis=1) if d.shape[1] else np.ones(len(x))
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, np.nan)
    best, best_loss = (1.0, 0.0, 0.9), np.inf
    H = max(fit_horizons)
    for a, b, p in ETS_GRID:
        ahead, _ = _ets_paths(x, a, b, p, range(1, H + 1))
        losses = []
        for h in fit_horizons:
            if x.shape[1] <= h:
                continue
            err = np.abs(x[:, h:] - ahead[h - 1][:, :-h]) / scale[:, None]
            losses.append(np.nanmean(err))
        loss = float(np.nanmean(losses)) if losses else np.inf
        if loss < best_loss - 1e-12:
            best, best_loss = (a, b, p), loss
    return best


def pooled_ets(hist: Panel, horizons, params: tuple[float, float, float] | None = None) -> np.ndarray:
    x = np.log1p(np.clip(hist.values, 0, None))
    a, b, p = fit_ets(hist.values) if params is None else params
    _, final = _ets_paths(x, a, b, p, horizons)
    out = np.expm1(final)[:, [h - 1 for h in horizons]]
    out[np.isnan(hist.values[:, -1])] = np.nan
    never = np.nansum(np.abs(hist.values), axis=1) == 0
    out[never] = 0.0
    return out


METHOD_LABELS["pooled_ets"] = (
    "damped-trend exponential smoothing with parameters fitted across all LAs (pooled, on log scale)"
)


def combined(hist: Panel, horizons) -> np.ndarray:
    """Equal-weight combination of the naive forecast and the pooled growth model."""
    return (naive(hist, horizons) + pooled(hist, horizons)) / 2


METHOD_LABELS["combined"] = "mean of the naive forecast and the pooled robust growth model (forecast combination)"


def _other_children(hist: Panel, uasc: Panel) -> Panel:
    """Children looked after other than UASC, where both figures are published (missing otherwise)."""
    return Panel(hist.units, hist.years, hist.values - uasc.values, hist.estimated)


#: Share of an LA's children looked after that are UASC, at the origin, from which the two are forecast
#: apart: chosen by the backtest's rule, the lowest mean LA MASE over horizons 1-3 (docs/forecasts.md).
SPLIT_SHARE = 0.05


def split_uasc(hist: Panel, horizons, uasc: Panel, min_share: float = SPLIT_SHARE) -> np.ndarray:
    """UASC and other children forecast separately, where DfE published the LA's UASC at the origin
    and they were at least ``min_share`` of its children looked after: UASC at their last value
    (their number follows national policy, e.g. the National Transfer Scheme, not the LA's trend),
    other children by the combined forecast of their own series; summed. Elsewhere the combined
    forecast of all children."""
    total = combined(hist, horizons)
    other_fc = combined(_other_children(hist, uasc), horizons)
    last, last_uasc = _last(hist.values), _last(uasc.values)
    share = last_uasc / np.where(last > 0, last, np.nan)
    ok = (share >= min_share) & np.isfinite(other_fc).all(axis=1)
    return np.where(ok[:, None], np.clip(other_fc, 0, None) + last_uasc[:, None], total)


def split_units(hist: Panel, uasc: Panel, min_share: float = SPLIT_SHARE) -> np.ndarray:
    """Which series :func:`split_uasc` forecasts as UASC plus other children (bool)."""
    last, last_uasc = _last(hist.values), _last(uasc.values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return last_uasc / np.where(last > 0, last, np.nan) >= min_share


METHOD_LABELS["split"] = ("UASC (last value) and other children (mean of the naive forecast and the pooled robust "
                          "growth model) forecast separately where UASC were at least 5% of the LA's children looked "
                          "after; elsewhere the mean of the naive forecast and the pooled model")
