"""The snapshot's forecast sheets: "Forecast" (every forecast measure of the snapshot's area,
each projected year with its median, 80% and 95% intervals, method and backtest accuracy)
and, when the view has a scenario over time, "Forecast scenario". Built by
:mod:`sufficiency.present.forecast`, the same functions as the screens, so the sheet is the
figures of ``python -m sufficiency forecast ... --json``.
"""

from __future__ import annotations

import pandas as pd

from ..present import forecast as pf
from .common import Area, _finish

#: Number formats of the Forecast sheet's columns.
FORMATS = {"Year": "year", "Years ahead": "count", "Origin": "year", "Median": "rate",
           **{t: "rate" for t in pf.BOUND_TITLES.values()},
           "Backtest: mean absolute % error at this horizon": "pct",
           "Backtest: 80% interval coverage at this horizon (%)": "pct"}


def subject(area: Area) -> pf.Subject:
    """The forecast subject of a snapshot's area (a footprint: its LAs)."""
    if area.level == "footprint":
        return pf.Subject(area.name, footprint=tuple(area.areas.codes))
    return pf.Subject(area.name, area.code)


def forecast(data, area: Area) -> pd.DataFrame:
    frame = pf.forecast_sheet(data, subject(area))
    return _finish(frame, f"Forecast (projected) for {area.name}: median and 80% and 95% prediction intervals to "
                          f"{pf.HEADLINE_YEAR}, with the method's backtest accuracy", FORMATS)


def scenario(data, state, area: Area) -> pd.DataFrame | None:
    """The scenario over time of ``state`` (``forecast_places`` from ``forecast_from``), or None."""
    if not state.forecast_places:
        return None
    rows, _ = pf.scenario_rows(data, subject(area), state.forecast_places, state.forecast_from)
    if not rows:
        return None
    frame = pf.scenario_frame(rows)
    formats = {c: ("year" if c == "Year" else "rate") for c in frame.columns if c != "Basis"}
    return _finish(frame, f"Scenario over time (projected): {state.forecast_places:+,} places in {area.name} from "
                          f"{state.forecast_from}", formats)
