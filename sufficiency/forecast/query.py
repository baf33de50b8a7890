"""Forecasts for the screens, exports and command line, from the precomputed tables.

``forecast(data, measure, area=...)`` or ``forecast(data, measure, footprint=[codes])``
returns the command line's JSON shape::

    {"area": ..., "measure": ..., "origin": Y0, "method": ..., "points": [
        {"year": Y, "median": m, "lo80": .., "hi80": .., "lo95": .., "hi95": ..}, ...]}

An LA, region or England is read from ``forecasts``; a footprint is summed from
``forecast_components`` (no model runs: well under 100 ms once a measure's draws are made).
A footprint of one LA equals that LA and a footprint of a region's LAs equals the region.
``forecast_from(la_year, ...)`` is the same from an earlier origin (backtest mode): it runs
the models on the figures up to that origin only.
"""

from __future__ import annotations

from functools import lru_cache

from ..config import ENGLAND_CODE
from ..errors import DataError
from ..geography.reorganisations import REGION_NAMES
from .areas import ComponentSet, gap_interval, interval, points, resolve
from .vocab import HORIZONS, MEASURES, ORIGIN

MEASURE_KEYS = tuple(MEASURES)


@lru_cache(maxsize=16)
def _sets(folder: str, measure: str) -> ComponentSet:
    from ..store import load
    from .tables import component_set_from_tables

    f = load(folder).forecast
    return component_set_from_tables(f["forecast_components"], f["forecast_calibration"], measure)


def component_sets(data, measure: str) -> tuple[ComponentSet, ComponentSet | None]:
    """The measure's components (for the gap: children in homes, and places)."""
    if measure == "gap":
        return _sets(str(data.folder), "cla_ch"), _sets(str(data.folder), "places")
    return _sets(str(data.folder), measure), None


def _check(measure: str, horizon: int) -> None:
    if measure not in MEASURES:
        raise DataError(f"unknown measure '{measure}': one of {', '.join(MEASURE_KEYS)}")
    if not 1 <= horizon <= max(HORIZONS):
        raise DataError(f"horizon {horizon} is outside 1-{max(HORIZONS)}")


def status(data, measure: str, area: str) -> dict:
    """Whether ``area`` has a forecast of ``measure``, the unit it is part of and the message."""
    s = data.forecast["forecast_status"]
    row = s[(s["area_code"] == area) & (s["measure"] == measure)]
    if row.empty:
        return {"status": "no forecast", "unit_code": None, "message": f"{area}: not an area of {ORIGIN}"}
    r = row.iloc[0]
    return {"status": r["status"], "unit_code": None if r["unit_code"] != r["unit_code"] else r["unit_code"],
            "message": r["message"] if isinstance(r["message"], str) else ""}


def _from_sets(measure: str, cs: ComponentSet, supply: ComponentSet | None, units: list[str], horizon: int) -> list[dict]:
    hs = HORIZONS[:horizon]
    if supply is not None:
        values, _ = gap_interval(cs, supply, units, horizons=hs)
    else:
        values = interval(cs, units, horizons=hs)
    return points(values[:horizon], cs.origin, hs)


def _shape(area: str, measure: str, origin: int, method: str, pts: list[dict]) -> dict:
    return {"area": area, "measure": measure, "origin": origin, "method": method, "points": pts}


def forecast(data, measure: str, area: str | None = None, footprint=None, horizon: int = 5) -> dict:
    """The JSON shape of an area or a footprint from the precomputed tables (origin = last year)."""
    _check(measure, horizon)
    if footprint is None:
        st = status(data, measure, area)
        if st["status"] != "projected":
            raise DataError(f"no forecast of {measure} for {area}: {st['message']}")
        f = data.forecast["forecasts"]
        rows = f[(f["area_code"] == st["unit_code"]) & (f["measure"] == measure)].sort_values("year").head(horizon)
        pts = [{"year": int(r.year), **{k: float(getattr(r, k)) for k in ("median", "lo80", "hi80", "lo95", "hi95")}}
               for r in rows.itertuples()]
        return _shape(area, measure, int(rows["origin"].iloc[0]), str(rows["method"].iloc[0]), pts)
    cs, supply = component_sets(data, measure)  # a footprint's sum: built once per measure
    units, messages = resolve(footprint, cs.units, cs.origin)
    if messages:
        raise DataError("footprint without a forecast for some councils: " + "; ".join(messages))
    if not units:
        raise DataError("empty footprint")
    return _shape(",".join(sorted(set(footprint))), measure, cs.origin, cs.method, _from_sets(measure, cs, supply, units, horizon))


def forecast_from(la_year, measure: str, origin: int, area: str | None = None, footprint=None, horizon: int = 5) -> dict:
    """The same shape from an earlier ``origin``: models run on the figures up to ``origin`` only."""
    from .project import project

    _check(measure, horizon)
    if measure == "gap":
        cs, supply = project(la_year, "cla_ch", origin).component_set(), project(la_year, "places", origin).component_set()
    else:
        cs, supply = project(la_year, measure, origin).component_set(), None
    if cs.calibration is None:
        raise DataError(f"no forecast of {measure} from {origin}: too few backtest errors up to {origin} to calibrate intervals")
    if footprint is None:
        if area == ENGLAND_CODE:
            units = cs.units
        elif area in REGION_NAMES:
            units = sorted({u for u in cs.units if cs.region_of.get(u) == area})
        else:
            units, messages = resolve([area], cs.units, origin)
            if messages or not units:
                raise DataError(f"no forecast of {measure} for {area} from {origin}: " + "; ".join(messages or ["no forecast"]))
        name = area
    else:
        units, messages = resolve(footprint, cs.units, origin)
        if messages:
            raise DataError("footprint without a forecast for some councils: " + "; ".join(messages))
        name = ",".join(sorted(set(footprint)))
    return _shape(name, measure, origin, cs.method, _from_sets(measure, cs, supply, units, horizon))


@lru_cache(maxsize=8)
def _units(data) -> tuple:
    """The forecast units of the origin (every area's history is summed over some of them)."""
    from .units import units_at

    return tuple(units_at(data.la_year, ORIGIN))


@lru_cache(maxsize=32)
def _panel(data, column: str):
    """``column`` of every unit of :func:`_units`, year by year (each unit's row on its own)."""
    from .series import panel

    return panel(data.la_year, column, list(_units(data)))


def history(data, measure: str, area: str | None = None, footprint=None) -> list[tuple[int, float]]:
    """The published figures the forecast continues (observed; summed over the same units)."""
    import numpy as np

    units = _units(data)
    codes = [u.code for u in units]
    if footprint is not None:
        want, _ = resolve(footprint, codes, ORIGIN)
    elif area == ENGLAND_CODE:
        want = codes
    elif area in REGION_NAMES:
        want = [u.code for u in units if u.region_code == area]
    else:
        want, _ = resolve([area], codes, ORIGIN)
    wanted = set(want)
    rows = [i for i, u in enumerate(units) if u.code in wanted]
    if not rows:
        return []

    def summed(column: str) -> tuple[tuple[int, ...], np.ndarray]:
        p = _panel(data, column)
        return p.years, np.sum(p.values[rows], axis=0)

    if measure == "gap":
        years, ch = summed("cla_ch")
        _, places = summed("places")
        values = ch - places
    else:
        years, values = summed(measure)
    first = MEASURES[measure].first_year
    return [(y, float(v)) for y, v in zip(years, values) if y >= first and not np.isnan(v)]
