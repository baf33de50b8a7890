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
from .aggregate import BOUNDS, all_errors, component_quantile
from .calibration import calibrate, calibration_from
from .engine import CANDIDATES, Components, components
from .series import panel, panels
from .vocab import BACKTEST_ORIGINS, HORIZONS, MEASURES, SUPPLY_MEASURES


def first_origin(measure: str) -> int:
    spec = MEASURES[measure]
    return max(spec.first_year + spec.min_years - 1, 2014 + 1)


def actual_matrix(la_year: pd.DataFrame, comp: Components, horizons=HORIZONS) -> np.ndarray:
    """What was published for every component at every horizon ``(components, horizons)``; NaN after the last year."""
    units = comp.units
    cols = {s: (f"{comp.measure}_{s}" if comp.measure in SUPPLY_MEASURES else comp.measure) for s in sorted(set(comp.sector))}
    by_column = panels(la_year, list(cols.values()), units)
    by_sector = {s: by_column[c] for s, c in cols.items()}
    index = {u.code: i for i, u in enumerate(units)}
    rows = np.array([index[u] for u in comp.unit_of], dtype=int)
    out = np.full((len(comp.ids), len(horizons)), np.nan)
    sector = np.array(comp.sector, dtype=object)
    for s, p in by_sector.items():
        mine = sector == s
        for j, h in enumerate(horizons):
            t = comp.origin + h
            if t <= LAST_YEAR and t in p.years:
                out[mine, j] = p.values[rows[mine], p.years.index(t)]
    return out


def component_rows(la_year: pd.DataFrame, comp: Components, horizons=HORIZONS) -> pd.DataFrame:
    """Forecast and actual of every component at every horizon whose target is published."""
    hs = [h for h in horizons if comp.origin + h <= LAST_YEAR]
    actual = actual_matrix(la_year, comp, hs)
    n, H = len(comp.ids), len(hs)
    region = {u.code: u.region_code for u in comp.units}
    return pd.DataFrame({
        "method": comp.method,
        "origin": comp.origin,
        "horizon": np.tile(np.array(hs, dtype=int), n),
        "target": np.tile(np.array([comp.origin + h for h in hs], dtype=int), n),
        "component": np.repeat(np.array(comp.ids, dtype=object), H),
        "area_code": np.repeat(np.array(comp.unit_of, dtype=object), H),
        "sector": np.repeat(np.array(comp.sector, dtype=object), H),
        "region_code": np.repeat(np.array([region[u] for u in comp.unit_of], dtype=object), H),
        "median": comp.median[:, :H].reshape(-1),
        "actual": actual.reshape(-1),
        "scale": np.repeat(comp.scale, H),
    })


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


def _levels(comp: Components) -> list[tuple[str, str, list[int]]]:
    """``(area code, level, unit indices)`` for every unit, region and England."""
    out = [(u.code, "la", [i]) for i, u in enumerate(comp.units)]
    regions: dict[str, list[int]] = {}
    for i, u in enumerate(comp.units):
        regions.setdefault(u.region_code, []).append(i)
    out += [(r, "region", members) for r, members in regions.items()]
    out.append((ENGLAND_CODE, "england", list(range(len(comp.units)))))
    return out


def _bounds(total: np.ndarray, med: np.ndarray) -> dict[str, np.ndarray]:
    """Interval bounds of simulated sums ``(areas, SIMULATIONS)``, reaching their medians ``med``."""
    probs = [p for _, _, plo, phi in BOUNDS for p in (plo, phi)]
    q = np.quantile(total, probs, axis=1)
    out = {}
    for n, (lo, hi, _, _) in enumerate(BOUNDS):
        out[lo] = np.minimum(q[2 * n], med)
        out[hi] = np.maximum(q[2 * n + 1], med)
    return out


def _single_bounds(comp: Components, cal, ks: np.ndarray, j: int) -> dict[str, np.ndarray]:
    med = comp.median[ks, j]
    groups = cal.group_index([comp.ids[k] for k in ks])
    out = {}
    for lo, hi, plo, phi in BOUNDS:
        a = component_quantile(med, comp.scale[ks], cal, j, plo, groups)
        b = component_quantile(med, comp.scale[ks], cal, j, phi, groups)
        out[lo], out[hi] = np.minimum(np.minimum(a, b), med), np.maximum(np.maximum(a, b), med)
    return out


def _mase_scales(history: np.ndarray) -> np.ndarray:
    """``_mase_scale`` of every row."""
    d = np.abs(np.diff(history, axis=1))
    n = (~np.isnan(d)).sum(axis=1)
    return np.where(n > 0, np.nansum(d, axis=1) / np.where(n > 0, n, 1), np.nan)


def _record(measure, comp, h, area, level, units, forecast, actual, scale) -> dict:
    return {"measure": measure, "method": comp.method, "origin": comp.origin, "horizon": h, "area_code": area,
            "level": level, "units": units, "forecast": float(forecast), "actual": float(actual), "scale": float(scale)}


def _evaluate_one(comp: Components, actual: np.ndarray, cal, measure: str) -> list[dict]:
    """Every area's rows of one origin's components (``actual``: ``(components, horizons)``).

    Units (LAs) all at once; regions and England each as the sum of their units with an
    actual at that horizon (components in the order of their units, as a footprint sums them).
    """
    K = len(comp.ids)
    index = {u.code: i for i, u in enumerate(comp.units)}
    unit_of = np.array([index[u] for u in comp.unit_of], dtype=int)
    U = len(comp.units)
    hs = [h for h in HORIZONS if comp.origin + h <= LAST_YEAR]
    H = len(hs)
    # a unit's actual: the sum of its components', missing if any is missing
    unit_actual = np.zeros((U, H))
    np.add.at(unit_actual, unit_of, np.nan_to_num(actual[:, :H]))
    unit_missing = np.zeros((U, H), bool)
    np.logical_or.at(unit_missing, unit_of, np.isnan(actual[:, :H]))
    unit_actual[unit_missing] = np.nan
    history = np.array([comp.history[u.code] for u in comp.units]) if U else np.zeros((0, 0))
    order = np.argsort(unit_of, kind="stable")  # components grouped by unit, each unit's in their own order
    starts = np.searchsorted(unit_of[order], np.arange(U))
    n_comp = np.bincount(unit_of, minlength=U)
    unit_median = np.zeros((U, H))
    np.add.at(unit_median, unit_of, comp.median[:, :H])
    values = None
    if cal is not None and K > 1:
        errs = all_errors(cal, comp.ids, H)
        values = np.stack([cal.apply(comp.median[:, j][:, None], comp.scale[:, None], errs[:, j, :])
                           for j in range(H)], axis=1)
    out = []
    # every unit (LA) at once
    unit_scale = _mase_scales(history)
    single = np.flatnonzero(n_comp == 1)
    multi = np.flatnonzero(n_comp > 1)
    for j, h in enumerate(hs):
        bounds = {}
        if cal is not None:
            if len(single):
                ks = order[starts[single]]
                b = _single_bounds(comp, cal, ks, j)
                bounds.update({u: {k: float(v[n]) for k, v in b.items()} for n, u in enumerate(single)})
            if len(multi):
                totals = np.add.reduceat(values[order, j, :], starts, axis=0)[multi]
                b = _bounds(totals, unit_median[multi, j])
                bounds.update({u: {k: float(v[n]) for k, v in b.items()} for n, u in enumerate(multi)})
        for u in np.flatnonzero(~np.isnan(unit_actual[:, j])):
            rec = _record(measure, comp, h, comp.units[u].code, "la", 1, unit_median[u, j], unit_actual[u, j], unit_scale[u])
            rec.update(bounds.get(u, {}))
            out.append(rec)
    # regions and England
    for area, level, members in _levels(comp)[U:]:
        members = np.asarray(members, dtype=int)
        groups: dict[tuple, list[int]] = {}
        for j in range(H):
            ok = tuple(members[~np.isnan(unit_actual[members, j])])
            if ok:
                groups.setdefault(ok, []).append(j)
        for ok, js in groups.items():
            ok_arr = np.array(ok, dtype=int)
            ks = np.concatenate([order[starts[u]:starts[u] + n_comp[u]] for u in ok_arr])
            scale = _mase_scale(np.sum(history[ok_arr], axis=0))
            for j in js:
                rec = _record(measure, comp, hs[j], area, level, len(ok), comp.median[ks, j].sum(),
                              unit_actual[ok_arr, j].sum(), scale)
                if cal is not None:
                    med = np.array([rec["forecast"]])
                    b = _single_bounds(comp, cal, ks, j) if len(ks) == 1 else _bounds(values[ks, j].sum(axis=0)[None, :], med)
                    rec.update({k: float(v[0]) for k, v in b.items()})
                out.append(rec)
    return out


def evaluate(la_year: pd.DataFrame, measure: str, rows: pd.DataFrame, comps: dict,
             origins=BACKTEST_ORIGINS, intervals=True) -> pd.DataFrame:
    """Per area, origin, horizon and method: forecast, actual, errors and interval bounds."""
    out = []
    log = MEASURES[measure].log_errors
    for (method, origin), comp in comps.items():
        if origin not in origins:
            continue
        cal = (calibrate(rows[rows["method"] == method], f"{measure}:{method}", origin, log=log,
                         first=calibration_from(measure),
                         centred=MEASURES[measure].centred) if intervals else None)
        out += _evaluate_one(comp, actual_matrix(la_year, comp), cal, measure)
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


def split_origins(la_year: pd.DataFrame, origins=BACKTEST_ORIGINS) -> tuple[int, ...]:
    """Backtest origins at which DfE published LAs' UASC: where the split forecast can differ from the combined."""
    have = set(la_year.loc[la_year["cla_uasc"].notna(), "year"].astype(int)) if "cla_uasc" in la_year else set()
    return tuple(o for o in origins if o in have)


def uasc_comparison(la_year: pd.DataFrame, split_rows: pd.DataFrame, split_comps: dict,
                    areas=(ENGLAND_CODE, "E10000016")) -> pd.DataFrame:
    """The split forecast (UASC apart) against the combined forecast of all children, on the origins where
    UASC were published (``split_origins``): MAPE and MASE by level and horizon, for every LA, for the LAs
    split at each origin (UASC at least ``SPLIT_SHARE`` of their children looked after), and for ``areas``."""
    from . import methods as M

    origins = split_origins(la_year)
    if not origins:
        return pd.DataFrame(columns=["measure", "method", "group", "level", "horizon", "n", "mape", "mase", "origins"])
    comps, rows, split_of = {}, [], {}
    for o in origins:
        c = components(la_year, "cla", o, "combined")
        comps[("combined", o)] = c
        rows.append(component_rows(la_year, c))
        s = split_comps[("split", o)]
        cut = la_year[la_year["year"].astype(int) <= o]
        years = tuple(range(2014, o + 1))
        hist, uasc = panel(cut, "cla", s.units, years), panel(cut, "cla_uasc", s.units, years)
        split_of[o] = {u.code for u, k in zip(s.units, M.split_units(hist, uasc)) if k}
    combined_rows = pd.concat(rows, ignore_index=True).assign(measure="cla")
    ev = pd.concat([
        evaluate(la_year, "cla", combined_rows, comps, origins, intervals=False),
        evaluate(la_year, "cla", split_rows, {k: v for k, v in split_comps.items() if k[1] in origins}, origins,
                 intervals=False),
    ], ignore_index=True)
    ev["split"] = [a in split_of[o] for a, o in zip(ev["area_code"], ev["origin"])]
    parts = [ev.assign(group="all"), ev[(ev["level"] == "la") & ev["split"]].assign(group=f"uasc_{round(M.SPLIT_SHARE * 100)}")]
    parts += [ev[ev["area_code"] == a].assign(group=a) for a in areas if a != ENGLAND_CODE]
    g = pd.concat(parts, ignore_index=True).groupby(["measure", "method", "group", "level", "horizon"])
    out = g.agg(n=("ape", "size"), mape=("ape", "mean"), mase=("ase", "mean")).reset_index()
    out["origins"] = f"{origins[0]}-{origins[-1]}"
    return out
