"""One origin's forecast components for one measure and method, from data up to the origin.

``components(la_year, measure, origin, method)`` cuts ``la_year`` at the origin before
anything else, so no figure after the origin can reach a forecast (tested by changing them
all). Supply is forecast by sector (one component per council and sector) and summed; demand
has one component per council. A unit without a published figure at the origin, or with
fewer published figures than the measure needs, gets no forecast and a message saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import methods as M
from .series import Panel, panel, panels
from .units import Unit, units_at
from .vocab import HORIZONS, MEASURES, SECTORS, SUPPLY_MEASURES

#: The default method of each measure, chosen by the backtest (docs/forecasts.md; a test
#: checks that it is still the best by the rule stated there).
DEFAULT_METHOD = {"cla": "split", "cla_ch": "share_last", "homes": "pooled", "places": "pooled"}
CANDIDATES = {
    "cla": ("naive", "drift", "pooled", "pooled_rate", "pooled_ets", "combined", "split"),
    "cla_ch": ("naive", "drift", "share_last", "share_mean"),
    "homes": ("naive", "drift", "pooled", "pooled_ets", "combined"),
    "places": ("naive", "drift", "pooled", "pooled_ets", "combined"),
}
#: Smallest scale of a series that ever had a figure above zero, in counts and on the log scale
#: (where one unit a year at its last value also bounds it: ``scale_floor``).
SCALE_FLOOR = {False: 1.0, True: 0.01}
#: Log-variance of a mean of n absolute normal changes is about this over n (pi/2 - 1).
MEAN_ABS_NOISE = float(np.pi / 2 - 1)
#: Most weight, in yearly changes, the typical scale of series of the same size can get.
MAX_SHRINK = 50.0


@dataclass
class Components:
    measure: str
    origin: int
    method: str
    units: list[Unit]  # units with a forecast
    ids: list[str]  # one per component: unit code, or "unit|sector"
    unit_of: list[str]
    sector: list[str]
    median: np.ndarray  # (components, horizons)
    scale: np.ndarray  # (components,): mean absolute yearly change up to the origin (log(1 + y) for children)
    excluded: dict[str, str] = field(default_factory=dict)  # unit code -> why it has no forecast
    history: dict[str, np.ndarray] = field(default_factory=dict)  # unit code -> figures up to the origin
    years: tuple[int, ...] = ()

    def frame(self, horizons=HORIZONS) -> pd.DataFrame:
        rows = []
        for k, cid in enumerate(self.ids):
            for j, h in enumerate(horizons):
                rows.append((self.measure, self.method, self.origin, cid, self.unit_of[k], self.sector[k], h,
                             self.origin + h, float(self.median[k, j]), float(self.scale[k])))
        return pd.DataFrame(rows, columns=["measure", "method", "origin", "component", "area_code", "sector", "horizon",
                                           "year", "median", "scale"])


def mase_scale(values: np.ndarray, log: bool = False) -> np.ndarray:
    """Mean absolute yearly change of each series up to the origin (of ``log(1 + y)`` if ``log``)."""
    v = np.log1p(np.clip(values, 0, None)) if log else values
    d = np.abs(np.diff(v, axis=1))
    n = (~np.isnan(d)).sum(axis=1)
    s = np.where(n > 0, np.nansum(d, axis=1) / np.where(n > 0, n, 1), np.nan)
    return s


def _last_observed(values: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(values)
    idx = np.where(ok.any(axis=1), values.shape[1] - 1 - ok[:, ::-1].argmax(axis=1), -1)
    return np.where(idx >= 0, values[np.arange(len(values)), np.clip(idx, 0, None)], np.nan)


def interval_scale(values: np.ndarray, log: bool = True) -> np.ndarray:
    """Each series' scale for its intervals: its own mean absolute yearly change (``mase_scale``),
    on the log scale shrunk towards the typical change of series of its size (empirical Bayes).

    The typical change is a least-squares line of the log own scales on ``log(1 + last value)``
    across the panel (series that changed at least once). A mean of ``n`` absolute changes
    has a log-variance of about ``(pi/2 - 1) / n`` (normal changes); what the residual
    log-variance about the line has beyond that is the true spread between series, ``tau2``.
    A series weighs its own scale ``n / (n + k)``, ``k = (pi/2 - 1) / tau2``: children's
    series differ little once their size is known (``k`` about 12), private places much more
    (about 2). A scale from two or three changes is noisy, and its noise, not the series,
    would otherwise set the interval's width. Counts (supply) keep their own scale: shrunk,
    they covered worse (docs/forecasts.md), a council's own market being the better guide.
    """
    own = mase_scale(values, log)
    if not log:
        return own
    v = np.log1p(np.clip(values, 0, None))
    n = (~np.isnan(np.diff(v, axis=1))).sum(axis=1).astype(float)
    size = np.log1p(np.clip(_last_observed(values), 0, None))
    fit = (n > 0) & np.isfinite(own) & (own > 0) & np.isfinite(size)
    if fit.sum() < 10:
        return own
    slope, intercept = np.polyfit(size[fit], np.log(own[fit]), 1)
    resid = np.log(own[fit]) - (intercept + slope * size[fit])
    noise = MEAN_ABS_NOISE / n[fit]
    tau2 = max(float(resid.var() - noise.mean()), MEAN_ABS_NOISE / MAX_SHRINK)
    k = MEAN_ABS_NOISE / tau2
    typical = np.exp(intercept + slope * np.nan_to_num(size))
    return np.where(np.isfinite(size), (n * np.nan_to_num(own) + k * typical) / (n + k), own)


def scale_floor(last: np.ndarray, log: bool) -> np.ndarray:
    """Smallest interval scale: one child, home or place a year (on the log scale at the last value), and
    ``SCALE_FLOOR``. A series that never changed would otherwise turn any later change into a huge error."""
    if not log:
        return np.full(len(last), SCALE_FLOOR[False])
    y = np.clip(np.nan_to_num(last), 0, None)
    return np.maximum(np.log1p(y + 1) - np.log1p(y), SCALE_FLOOR[True])


def _eligible(hist: Panel, first_year: int, min_years: int) -> tuple[np.ndarray, list[str]]:
    v = hist.values.copy()
    v[:, [j for j, y in enumerate(hist.years) if y < first_year]] = np.nan
    has_last = ~np.isnan(v[:, -1])
    count = (~np.isnan(v)).sum(axis=1)
    ok = has_last & (count >= min_years)
    why = []
    for i in range(len(v)):
        if ok[i]:
            why.append("")
        elif not has_last[i]:
            why.append(f"no published figure for 31 March {hist.years[-1]} (suppressed or not published): no forecast")
        else:
            why.append(f"too short: {count[i]} published year(s) since {first_year}, {min_years} needed: no forecast")
    return ok, why


def _cut(la_year: pd.DataFrame, origin: int) -> pd.DataFrame:
    return la_year[la_year["year"].astype(int) <= origin]


def _years(origin: int, first: int = 2014) -> tuple[int, ...]:
    return tuple(range(first, origin + 1))


def demand_point(la_year: pd.DataFrame, measure: str, origin: int, method: str, units: list[Unit],
                 horizons=HORIZONS) -> tuple[Panel, np.ndarray]:
    """Medians of ``measure`` (cla or cla_ch) for ``units`` (NaN rows where not forecastable)."""
    years = _years(origin)
    hist = panel(la_year, measure, units, years)
    spec = MEASURES[measure]
    if spec.first_year > years[0]:
        v = hist.values.copy()
        v[:, [j for j, y in enumerate(years) if y < spec.first_year]] = np.nan
        hist = Panel(hist.units, hist.years, v, hist.estimated)
    if method == "naive":
        return hist, M.naive(hist, horizons)
    if method == "drift":
        return hist, M.drift(hist, horizons)
    if method == "pooled":
        return hist, M.pooled(hist, horizons)
    if method == "combined":
        return hist, M.combined(hist, horizons)
    if method == "pooled_ets":
        return hist, M.pooled_ets(hist, horizons)
    if method == "pooled_rate":
        return hist, M.pooled_rate(hist, horizons, panel(la_year, "population_0_17", units, years))
    if method == "split":
        return hist, M.split_uasc(hist, horizons, panel(la_year, "cla_uasc", units, years))
    if method in ("share_last", "share_mean"):
        base_hist, base = demand_point(la_year, "cla", origin, DEFAULT_METHOD["cla"], units, horizons)
        fn = M.share_last if method == "share_last" else M.share_mean
        return hist, fn(hist, horizons, base_hist, base)
    raise KeyError(f"unknown method '{method}' for {measure}")


def components(la_year: pd.DataFrame, measure: str, origin: int, method: str | None = None,
               horizons=HORIZONS) -> Components:
    """Forecast components of ``measure`` from ``origin`` (only figures up to ``origin`` are read)."""
    method = method or DEFAULT_METHOD[measure]
    if method not in CANDIDATES[measure]:
        raise KeyError(f"unknown method '{method}' for {measure}; one of {', '.join(CANDIDATES[measure])}")
    la_year = _cut(la_year, origin)
    units = units_at(la_year, origin)
    spec = MEASURES[measure]
    years = _years(origin)
    if measure in SUPPLY_MEASURES:
        total = panel(la_year, measure, units, years)
        ok, why = _eligible(total, spec.first_year, spec.min_years)
        keep = [u for u, k in zip(units, ok) if k]
        by_sector = panels(la_year, [measure, *(f"{measure}_{s}" for s in SECTORS)], keep, years)
        ids, unit_of, sector, med, scale, last = [], [], [], [], [], []
        for s in SECTORS:
            hist = by_sector[f"{measure}_{s}"]
            fn = {"naive": M.naive, "drift": M.drift, "pooled": M.pooled, "pooled_ets": M.pooled_ets, "combined": M.combined}[method]
            med.append(fn(hist, horizons))
            scale.append(np.nan_to_num(interval_scale(hist.values, log=spec.log_errors)))
            last.append(_last_observed(hist.values))
            ids += [f"{u.code}|{s}" for u in keep]
            unit_of += [u.code for u in keep]
            sector += [s] * len(keep)
        median = np.vstack(med)
        scale_arr = np.concatenate(scale)
        last_arr = np.concatenate(last)
        hist_total = by_sector[measure]
    else:
        hist, median = demand_point(la_year, measure, origin, method, units, horizons)
        ok, why = _eligible(hist, spec.first_year, spec.min_years)
        ok &= ~np.isnan(median).any(axis=1)
        keep = [u for u, k in zip(units, ok) if k]
        median = median[ok]
        scale_arr = interval_scale(hist.values, log=spec.log_errors)[ok]
        last_arr = _last_observed(hist.values[ok])
        ids = [u.code for u in keep]
        unit_of = list(ids)
        sector = ["all"] * len(keep)
        hist_total = Panel(tuple(keep), hist.years, hist.values[ok], hist.estimated[ok])
    never = np.nansum(np.abs(median), axis=1) == 0
    scale_arr = np.where(never, 0.0, np.maximum(np.nan_to_num(scale_arr), scale_floor(last_arr, spec.log_errors)))
    excluded = {u.code: w or "no forecast" for u, k, w in zip(units, ok, why) if not k}
    history = {u.code: hist_total.values[i] for i, u in enumerate(keep)}
    return Components(measure, origin, method, keep, ids, unit_of, sector, np.clip(median, 0, None), scale_arr,
                      excluded, history, years)
