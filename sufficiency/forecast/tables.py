"""The forecast tables of the build (``build_forecast_tables``), each validated by its schema.

* ``forecast_components``: each component's projected median and scale (what a footprint
  sums at request time); ``forecast_calibration``: the error quantiles and the common-factor
  weight by measure and horizon.
* ``forecasts``: every unit (LA, or a cluster of reorganised councils), region and England,
  every measure (cla, cla_ch, homes, places, gap), 2026-2030: median and 80%/95% intervals.
* ``forecast_status``: for every council of the last year, region and England and each
  measure, whether it has a forecast, the unit it belongs to and why not if not.
* ``forecast_backtest``: MAPE, MASE and coverage by measure, method, level and horizon for
  the default method, naive and drift; ``forecast_accuracy``: the default method's accuracy
  for each area (the sentence on screens); ``forecast_uasc``: children looked after with UASC
  forecast apart against the combined forecast, on the origins where UASC were published.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..geography.reorganisations import REGION_NAMES
from ..tables.area_schemas import validate
from . import schemas as S
from .areas import ComponentSet, area_units, gap_interval, interval, resolve
from .backtest import evaluate, run, summary, uasc_comparison
from .project import Projection, project
from .vocab import BASIS, HORIZONS, MEASURES, ORIGIN, PROBS, SECTORS, SERIES_MEASURES

TABLES = ("forecast_components", "forecast_calibration", "forecasts", "forecast_status", "forecast_backtest",
          "forecast_accuracy", "forecast_uasc")


def _area_rows(cs: ComponentSet, measure: str, areas: list[tuple[str, str, list[str]]], gap_supply=None) -> list[dict]:
    rows = []
    for code, level, units in areas:
        if not units:
            continue
        if gap_supply is None:
            values = interval(cs, units)
            n = len(units)
        else:
            values, both = gap_interval(cs, gap_supply, units)
            n = len(both)
        for h, v in zip(HORIZONS, values):
            rows.append({"area_code": code, "level": level, "measure": measure, "method": cs.method, "origin": cs.origin,
                         "year": cs.origin + h, **v, "units": n, "basis": BASIS})
    return rows


def _areas(cs: ComponentSet) -> list[tuple[str, str, list[str]]]:
    out = [(u, "la", [u]) for u in cs.units]
    out += [(r, "region", area_units(cs, r)) for r in sorted(REGION_NAMES)]
    out.append((ENGLAND_CODE, "country", area_units(cs, ENGLAND_CODE)))
    return out


def _status(projections: dict[str, Projection], la_year: pd.DataFrame) -> pd.DataFrame:
    last = la_year[la_year["year"] == ORIGIN]
    rows = []
    for measure, proj in [*projections.items(), ("gap", projections["cla_ch"])]:
        comp = proj.components
        units = sorted({u.code for u in comp.units})
        for code in sorted(last["la_code"]):
            got, msgs = resolve([code], units, comp.origin)
            if got:
                rows.append((code, measure, "projected", got[0], "" if got[0] == code else f"projected as part of {got[0]}"))
            else:
                why = comp.excluded.get(code) or (msgs[0] if msgs else "no forecast")
                rows.append((code, measure, "no forecast", None, why))
        for code in units:
            if code not in set(last["la_code"]):
                rows.append((code, measure, "projected", code, "councils forecast together: too few years of their own"))
        n_all = len(last)
        for area in [*sorted(REGION_NAMES), ENGLAND_CODE]:
            in_area = last if area == ENGLAND_CODE else last[last["region_code"] == area]
            covered = [c for c in in_area["la_code"] if resolve([c], units, comp.origin)[0]]
            missing = sorted(set(in_area["la_code"]) - set(covered))
            msg = f"sum of {len(covered)} of {len(in_area)} LAs" + (f"; no forecast for {', '.join(missing)}" if missing else "")
            rows.append((area, measure, "projected", area, msg))
        del n_all
    return pd.DataFrame(rows, columns=["area_code", "measure", "status", "unit_code", "message"])


def _calibration_frame(proj: Projection) -> pd.DataFrame:
    cal = proj.calibration
    c = proj.components
    rows = [(c.measure, c.method, c.origin, g, h, p, float(cal.quantiles[n, j, i]), float(cal.rho[j]))
            for n, g in enumerate(cal.groups) for j, h in enumerate(HORIZONS) for i, p in enumerate(PROBS)]
    return pd.DataFrame(rows, columns=["measure", "method", "origin", "sector", "horizon", "prob", "quantile", "rho"])


def backtest_tables(la_year: pd.DataFrame, measure: str, proj: Projection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summary (default method with intervals; naive and drift) and the default method's per-area accuracy.

    ``proj`` is the projection from the last year: its inner backtests are the default method's.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = evaluate(la_year, measure, proj.rows, proj.inner)
        base_rows, base_comps = run(la_year, measure, ["naive", "drift"])
        base = evaluate(la_year, measure, base_rows, base_comps, intervals=False)
    table = summary(pd.concat([ev, base], ignore_index=True))
    acc = ev.groupby(["measure", "method", "area_code", "level", "horizon"]).agg(
        n=("ape", "size"), mape=("ape", "mean"), mase=("ase", "mean"), coverage80=("in80", "mean")).reset_index()
    acc["coverage80"] = acc["coverage80"] * 100
    return table, acc


def build_forecast_tables(la_year: pd.DataFrame, timings: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every forecast table from ``la_year`` (figures up to the last year).

    Areas are summed from the components *as stored* (rounded), so the app's footprints,
    which read the stored components, give exactly the stored figures.
    """
    projections, comps, cals, bts, accs = {}, [], [], [], []
    for measure in SERIES_MEASURES:
        started = time.perf_counter()
        proj = project(la_year, measure, ORIGIN)
        projections[measure] = proj
        region_of = {u.code: u.region_code for u in proj.components.units}
        comps.append(proj.components.frame().assign(region_code=lambda f: f["area_code"].map(region_of)))
        cals.append(_calibration_frame(proj))
        if timings is not None:
            timings[measure] = time.perf_counter() - started
        bt, acc = backtest_tables(la_year, measure, proj)
        bts.append(bt)
        accs.append(acc)
        if measure == "cla":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                uasc = uasc_comparison(la_year, proj.rows, proj.inner)
    comp = pd.concat(comps, ignore_index=True)[list(S.FORECAST_COMPONENTS_SCHEMA.columns)].round({"median": 3, "scale": 4})
    cal = pd.concat(cals, ignore_index=True).round({"quantile": 4, "rho": 4})
    sets = {m: component_set_from_tables(comp, cal, m) for m in SERIES_MEASURES}
    areas = []
    for measure in SERIES_MEASURES:
        started = time.perf_counter()
        areas += _area_rows(sets[measure], measure, _areas(sets[measure]))
        if timings is not None:
            timings[measure] += time.perf_counter() - started
    started = time.perf_counter()
    areas += _area_rows(sets["cla_ch"], "gap", _areas(sets["cla_ch"]), gap_supply=sets["places"])
    if timings is not None:
        timings["gap"] = time.perf_counter() - started
    forecasts = pd.DataFrame(areas)
    for c in ("median", "lo80", "hi80", "lo95", "hi95"):
        forecasts[c] = forecasts[c].astype(float).round(1)
    bt = pd.concat(bts, ignore_index=True)
    acc = pd.concat(accs, ignore_index=True)
    return {
        "forecast_components": validate(comp, S.FORECAST_COMPONENTS_SCHEMA, "forecast_components"),
        "forecast_calibration": validate(cal, S.FORECAST_CALIBRATION_SCHEMA, "forecast_calibration"),
        "forecasts": validate(forecasts, S.FORECASTS_SCHEMA, "forecasts"),
        "forecast_status": validate(_status(projections, la_year), S.FORECAST_STATUS_SCHEMA, "forecast_status"),
        "forecast_backtest": validate(bt.round(3), S.FORECAST_BACKTEST_SCHEMA, "forecast_backtest"),
        "forecast_accuracy": validate(acc.round(3), S.FORECAST_ACCURACY_SCHEMA, "forecast_accuracy"),
        "forecast_uasc": validate(uasc.round(3), S.FORECAST_UASC_SCHEMA, "forecast_uasc"),
    }


def component_set_from_tables(components: pd.DataFrame, calibration: pd.DataFrame, measure: str) -> ComponentSet:
    """A measure's :class:`ComponentSet` from the stored tables (what the app and CLI read)."""
    from .aggregate import Calibration

    c = components[components["measure"] == measure].sort_values(["component", "horizon"])
    wide = c.pivot(index="component", columns="horizon", values="median").reindex(columns=list(HORIZONS))
    first = c.drop_duplicates("component").set_index("component").loc[wide.index]
    k = calibration[calibration["measure"] == measure]
    groups = tuple(g for g in ("all", *SECTORS) if g in set(k["sector"]))
    q = np.stack([k[k["sector"] == g].pivot(index="horizon", columns="prob", values="quantile")
                  .reindex(index=list(HORIZONS)).to_numpy(dtype=float) for g in groups])
    rho = k.groupby("horizon")["rho"].first().reindex(list(HORIZONS)).to_numpy()
    method = str(first["method"].iloc[0])
    cal = Calibration(f"{measure}:{method}", q, rho, MEASURES[measure].log_errors, groups, MEASURES[measure].centred)
    region_of = dict(zip(first["area_code"], first["region_code"]))
    return ComponentSet(measure, method, int(first["origin"].iloc[0]), tuple(wide.index), tuple(first["area_code"]),
                        tuple(first["sector"]), region_of, wide.to_numpy(dtype=float), first["scale"].to_numpy(dtype=float), cal)
