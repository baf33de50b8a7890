"""The snapshot's modelled parts: whether the flow model ran, and the Scenario sheet (the
distance view's own scenario table, :mod:`sufficiency.present.scenario`)."""

from __future__ import annotations

import logging

import pandas as pd

from ..present.scenario import scenario_area, scenario_frame

log = logging.getLogger(__name__)

NOT_AVAILABLE = (
    "Modelled figures (children placed more than 20 and 50 miles from home, scenarios) are not included: no "
    "provider sector is chosen, or the chosen sectors have no places. Only observed distance figures are shown."
)


def model_available(data, year: int, sectors) -> bool:
    """Whether the placement-flow model runs for the year and sectors."""
    if not sectors:
        return False
    from ..flows import run_year

    try:
        run_year(data, int(year), sectors=tuple(sectors))
    except ValueError:  # no places in the sectors chosen
        return False
    return True


def scenario_table(data, state) -> pd.DataFrame | None:
    """The active scenario's table, as the distance view shows it, or None when no scenario
    is active (``state.scenario_places`` is 0) or it cannot run."""
    if not state.scenario_places or scenario_area(state) is None or not state.sectors:
        return None
    if not model_available(data, state.year, state.sectors):  # no places in the sectors: About says so
        return None
    try:
        frame, _ = scenario_frame(data, state)
    except (KeyError, ValueError):
        log.exception("scenario failed; the snapshot leaves the Scenario sheet out")
        return None
    scenario = f"{state.scenario_places:+,} places in {scenario_area(state)}"
    if state.scenario_sector:
        scenario += f" ({state.scenario_sector.replace('_', ' ')})"
    frame = frame.copy()
    frame.insert(0, "Scenario", scenario)
    return frame
