"""Rolling-origin backtests: every origin, horizons 1-5, every unit, region and England.

For each origin the methods forecast from the figures up to that origin only (``engine``),
and the forecasts are compared with what was later published. Regions and England are the
sums of their units (the same bottom-up sums the forecasts use); naive and drift at those
levels are the sums of the units' naive and drift forecasts, i.e. the naive forecast of the
summed series and (up to units that began later) its drift. Errors:

* MAPE: mean of ``|actual - forecast| / actual`` (actual > 0), in %.
* MASE: mean of ``|actual - forecast| / scale``, scale = the series' mean absolute yearly
  change up to the origin (in-sample naive one-step error), so 1 = as wrong as a typical
  year's change; series with a zero scale are left out.
* Coverage: share of actuals inside the 80% and 95% intervals, the intervals calibrated
  only on errors whose targets are at or before the origin (``calibration``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, LAST_YEAR
from .aggregate import all_errors, sum_interval
from .calibration import calibrate
from .engine import CANDIDATES, Components, components
from .series import panel
from .vocab import BACKTEST_ORIGINS, HORIZONS, MEASURES, SUPPLY_MEASURES


def first_origin(measure: str) -> int:
    spec = MEASURES[measure]
    return max(spec.first_year + spec.min_years - 1, 2014 + 1)


def component_rows(la_year: pd.DataFrame, comp: Components, horizons=HORIZONS) -> pd.DataFrame:
    """Forecast and actual of every component at every horizon whose target is published."""
    col = comp.measure
    units = comp.units
    if comp.measure in SUPPLY_MEASURES:
        actual = {s: panel(la_year, f"{col}_{s}", units) for s in set(comp.sector)}
    else:
        actual = {"all": panel(la_year, col, units)}
    index = {u.code: i for i, u in enumerate(units)}
    rows = []
    for k, cid in enumerate(comp.ids):
        p = actual[comp.sector[k]]
        i = index[comp.unit_of[k]]
        for j, h in enumerate(horizons):
            t = comp.origin + h
            if t > LAST_YEAR:
                continue
            rows.append((comp.method, comp.origin, h, t, cid, comp.unit_of[k], comp.sector[k],
                         units[i].region_code, comp.median[k, j], p.values[i, p.years.index(t)], comp.scale[k]))
    return pd.DataFrame(rows, columns=["method", "origin", "horizon", "target", "component", "area_code", "sector",
                                       "region_code", "median", "actual", "scale"])


def run(la_year: pd.DataFrame, measure: str, methods=None, last_origin: int = LAST_YEAR - 1) -> tuple[pd.DataFrame, dict]:
    """Backtest rows of every method from every feasible origin, and the components by (method, origin)."""
    methods = methods or CANDIDATES[measure]
    rows, comps = [], {}
    for origin in range(first_origin(measure), last_origin + 1):
        for method in methods:
            comp = components(la_year, measure, origin, method)
            comps[(method, origin)] = comp
            rows.append(component_rows(la_year, comp))
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "measure", measure)
    return out, comps


def _mase_scale(history: np.ndarray) -> float:
    d = np.abs(np.diff(history))
    d = d[~np.isnan(d)]
    return float(d.mean()) if len(d) else np.nan


def _levels(comp: Components) -> dict[str, tuple[str, list[str]]]:
    """Area code -> (level, unit codes) for every unit, region and England."""
    out = {u.code: ("la", [u.code]) for u in comp.units}
    for u in comp.units:
        out.setdefault(u.region_code, ("region", []))[1].append(u.code)
    out[ENGLAND_CODE] = ("england", [u.code for u in comp.units])
    return out


def evaluate(la_year: pd.DataFrame, measure: str, rows: pd.DataFrame, comps: dict,
             origins=BACKTEST_ORIGINS, intervals=True) -> pd.DataFrame:
    """Per area, origin, horizon and method: forecast, actual, errors and interval bounds."""
    out = []
    for (method, origin), comp in comps.items():
        if origin not in origins:
            continue
        r = rows[(rows["method"] == method) & (rows["origin"] == origin)]
        cal = (calibrate(rows[rows["method"] == method], f"{measure}:{method}", origin, log=MEASURES[measure].log_errors)
               if intervals else None)
        errs = all_errors(cal, comp.ids, len(HORIZONS)) if cal is not None else None
        grouped = r.groupby(["area_code", "horizon"])["actual"]
        unit_actual = grouped.sum(min_count=1).where(~grouped.apply(lambda v: v.isna().any()))
        by_unit: dict[str, list[int]] = {}
        for k, u in enumerate(comp.unit_of):
            by_unit.setdefault(u, []).append(k)
        hs = [h for h in HORIZONS if origin + h <= LAST_YEAR]
        for area, (level, members) in _levels(comp).items():
            sets: dict[tuple, list[int]] = {}
            for j, h in enumerate(hs):
                ok = tuple(u for u in members if pd.notna(unit_actual.get((u, h), np.nan)))
                if ok:
                    sets.setdefault(ok, []).append(j)
            for ok, js in sets.items():
                ks = [k for u in ok for k in by_unit[u]]
                summed = np.sum([comp.history[u] for u in ok], axis=0)
                bounds = None
                if cal is not None:
                    ids = [comp.ids[k] for k in ks]
                    part = (cal, ids, comp.median[ks][:, js], comp.scale[ks], 1.0, errs[ks] if len(ks) > 1 else None)
                    bounds = sum_interval([part], [hs[j] for j in js], calibration_index=js)
                for n, j in enumerate(js):
                    h = hs[j]
                    rec = {"measure": measure, "method": method, "origin": origin, "horizon": h, "area_code": area,
                           "level": level, "units": len(ok), "forecast": float(comp.median[ks, j].sum()),
                           "actual": float(sum(unit_actual[(u, h)] for u in ok)), "scale": _mase_scale(summed)}
                    if bounds is not None:
                        rec.update({k: v for k, v in bounds[n].items() if k != "median"})
                    out.append(rec)
    ev = pd.DataFrame(out)
    ev["abs_error"] = (ev["actual"] - ev["forecast"]).abs()
    ev["ape"] = np.where(ev["actual"] > 0, ev["abs_error"] / ev["actual"].where(ev["actual"] > 0) * 100, np.nan)
    ev["ase"] = np.where(ev["scale"] > 0, ev["abs_error"] / ev["scale"].where(ev["scale"] > 0), np.nan)
    for lv in (80, 95):
        if f"lo{lv}" not in ev:
            ev[f"lo{lv}"] = ev[f"hi{lv}"] = np.nan
        inside = (ev["actual"] >= ev[f"lo{lv}"]) & (ev["actual"] <= ev[f"hi{lv}"])
        ev[f"in{lv}"] = inside.astype(float).where(ev[f"lo{lv}"].notna())
    return ev


def summary(ev: pd.DataFrame) -> pd.DataFrame:
    """MAPE, MASE and interval coverage by measure, method, level and horizon."""
    g = ev.groupby(["measure", "method", "level", "horizon"])
    out = g.agg(n=("ape", "size"), mape=("ape", "mean"), mase=("ase", "mean"),
                coverage80=("in80", "mean"), coverage95=("in95", "mean")).reset_index()
    out["coverage80"] = out["coverage80"].astype(float) * 100
    out["coverage95"] = out["coverage95"].astype(float) * 100
    return out
