"""A measure's projection from one origin: components, calibration and its backtest rows.

``project(la_year, measure, origin)`` reads only figures up to ``origin``: the components
(``engine``), and the backtest rows of the same method from every earlier origin, which
calibrate the intervals (``calibration``). The build calls it with the last year; the command
line with ``--origin`` for the backtest mode.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from .aggregate import Calibration
from .areas import ComponentSet
from .backtest import first_origin, run
from .calibration import calibrate, calibration_from
from .engine import DEFAULT_METHOD, Components, components
from .vocab import MEASURES


@dataclass
class Projection:
    components: Components
    calibration: Calibration | None
    rows: pd.DataFrame  # backtest rows (targets up to the origin) that calibrated it
    inner: dict  # (method, origin) -> Components of those backtests

    def component_set(self) -> ComponentSet:
        c = self.components
        return ComponentSet(
            c.measure, c.method, c.origin, tuple(c.ids), tuple(c.unit_of), tuple(c.sector),
            {u.code: u.region_code for u in c.units}, c.median, c.scale, self.calibration,
        )


def project(la_year: pd.DataFrame, measure: str, origin: int, method: str | None = None) -> Projection:
    method = method or DEFAULT_METHOD[measure]
    cut = la_year[la_year["year"].astype(int) <= origin]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' notes on tiny early panels
        comp = components(cut, measure, origin, method)
        if origin > first_origin(measure):
            rows, inner = run(cut, measure, [method], last_origin=origin - 1)
            rows = rows[rows["target"] <= origin]
        else:
            rows, inner = pd.DataFrame(columns=["method", "origin", "horizon", "target", "median", "actual", "scale"]), {}
    cal = (calibrate(rows, f"{measure}:{method}", origin, log=MEASURES[measure].log_errors, first=calibration_from(measure),
                         centred=MEASURES[measure].centred)
           if len(rows) else None)
    return Projection(comp, cal, rows, inner)
