"""The scenario planner's table: places added or removed in an LA or a region, the gap
before and after (the measure engine's gap, as on the profile and the map) and the
modelled shares placed beyond 20 and 50 miles (the flow model). Shared by the distance
view and the snapshot."""

from __future__ import annotations

import pandas as pd

from .. import flows
from ..config import ENGLAND_CODE
from ..engine import queries
from ..state import SLUG_TO_SECTOR


def scenario_area(state) -> str | None:
    area = state.scenario_area or state.area
    return None if area == ENGLAND_CODE else area


def scenario_frame(data, state) -> tuple[pd.DataFrame, str]:
    """Before and after the scenario, by area: places, the gap (the measure engine's, as on
    the profile and map, moved by the places added) and the modelled shares."""
    area = scenario_area(state)
    sector = SLUG_TO_SECTOR.get(state.scenario_sector) if state.scenario_sector else None
    s = flows.run_scenario(data, state.year, area, state.scenario_places, sectors=tuple(state.sectors), sector=sector)
    t = s.table
    names = data.area_names
    gap = [queries.area_row(data, code, state.year, state.sectors, state.provision_types, modelled=False)
           for code in t["area_code"]]
    gap_before = pd.Series([float(r["gap"]) for r in gap], index=t.index)
    added = (t["places_after"] - t["places_before"]).round(0)
    frame = pd.DataFrame({
        "Area code": t["area_code"], "Area": [names.get(c, c) for c in t["area_code"]],
        "Level": t["level"].map({"la": "Local authority", "region": "Region", "country": "England"}),
        "Places before": t["places_before"].round(0), "Places after": t["places_after"].round(0),
        "Gap before (children minus places)": gap_before,
        "Gap after": gap_before - added,
    })
    for m in ("20", "50"):
        frame[f"% more than {m} miles before (modelled)"] = (t[f"share_over_{m}_before"] * 100).round(1)
        frame[f"% more than {m} miles after (modelled)"] = (t[f"share_over_{m}_after"] * 100).round(1)
        frame[f"Change, points ({m} miles)"] = (t[f"share_over_{m}_change"] * 100).round(2)
    sign = "add" if state.scenario_places > 0 else "remove"
    return frame, f"scenario-{sign}-{abs(state.scenario_places)}-places-{area}-{state.year}.csv"


