"""The scenario planner's tables: places added or removed in an LA, a region or the view's
footprint, the gap before and after (the measure engine's gap, as on the profile and the map)
and the modelled shares placed beyond 20 and 50 miles (the flow model), and the answer in
children (how many more or fewer of each area's children in children's homes would be placed
inside the LA, within 20 miles, beyond 50 miles and inside the area, each with its range).
Shared by the distance view and the snapshot."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import flows
from ..config import ENGLAND_CODE
from ..engine import queries
from ..flows.scenario import FOOTPRINT
from ..state import SLUG_TO_SECTOR
from . import flow_text as ft
from .areas import chosen, footprint_of, members_in_year

LEVELS = {"la": "Local authority", "region": "Region", "country": "England", FOOTPRINT: "Footprint"}
#: The answer in children: ``ScenarioResult.children`` figure -> what it counts (modelled).
ANSWER_FIGURES = {
    "inside_own_la": "placed inside their own LA",
    "within_20": "placed within 20 miles of home",
    "over_50": "placed more than 50 miles from home",
    "within_area": "placed in the area's own homes",
}


def scenario_area(state) -> str | None:
    """The area the scenario changes: its own choice, else the view's footprint, else the view's
    area (None for England)."""
    area = state.scenario_area or (FOOTPRINT if state.footprint else state.area)
    return None if area == ENGLAND_CODE else area


def _footprint_codes(data, state) -> tuple[str, ...]:
    """The view's footprint as LA codes of the state's year (empty when it has none)."""
    if footprint_of(state, data) is None:
        return ()
    return tuple(members_in_year(chosen(state, data), state.year, data))


@lru_cache(maxsize=64)
def _run(data, year: int, area: str, places: int, sectors: tuple, sector: str | None, footprint: tuple):
    return flows.run_scenario(data, year, area, places, sectors=sectors, sector=sector, footprint=footprint or None)


def scenario_result(data, state):
    """The ``flows.ScenarioResult`` of the state's scenario (cached: the view and its tables share it)."""
    area = scenario_area(state)
    sector = SLUG_TO_SECTOR.get(state.scenario_sector) if state.scenario_sector else None
    fp = _footprint_codes(data, state)
    if area == FOOTPRINT and not fp:
        raise ValueError("the scenario is for the view's footprint, and the view has none: choose an LA or a region")
    return _run(data, int(state.year), area, int(state.scenario_places), tuple(state.sectors), sector, fp)


def area_label(data, state, code: str) -> str:
    if code == FOOTPRINT:
        fp = footprint_of(state, data)
        return fp.name if fp is not None else "the footprint"
    return data.area_names.get(code, code)


def scenario_frame(data, state) -> tuple[pd.DataFrame, str]:
    """Before and after the scenario, by area: places, the gap (the measure engine's, as on
    the profile and map, moved by the places added) and the modelled shares."""
    area = scenario_area(state)
    t = scenario_result(data, state).table
    names = data.area_names
    gap = [queries.area_row(data, code, state.year, state.sectors, state.provision_types, modelled=False)
           for code in t["area_code"]]
    gap_before = pd.Series([float(r["gap"]) for r in gap], index=t.index)
    added = (t["places_after"] - t["places_before"]).round(0)
    frame = pd.DataFrame({
        "Area code": t["area_code"], "Area": [names.get(c, c) for c in t["area_code"]],
        "Level": t["level"].map(LEVELS),
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


# --- the answer in children -------------------------------------------------------------


def answer_rows(children: pd.DataFrame) -> pd.DataFrame:
    """``ScenarioResult.children`` in whole children: for each of ``ANSWER_FIGURES`` the
    rounded ``_before``, ``_after``, ``_change`` and the change's range rounded outwards
    (``_change_low``, ``_change_high``), its words (``_text``), and the places and gap changes."""
    out = pd.DataFrame({"area_code": children["area_code"], "level": children["level"],
                        "children": children["children"].round(0)})
    out["places_change"] = children["places_change"].round(0)
    out["gap_change"] = children["gap_change"].round(0)
    for fig in ANSWER_FIGURES:
        out[f"{fig}_before"] = children[f"{fig}_before"].round(0)
        out[f"{fig}_after"] = children[f"{fig}_after"].round(0)
        out[f"{fig}_change"] = [ft.whole(v) for v in children[f"{fig}_change"]]
        bounds = [ft.change_bounds(c, lo, hi) for c, lo, hi in
                  zip(children[f"{fig}_change"], children[f"{fig}_change_low"], children[f"{fig}_change_high"])]
        out[f"{fig}_change_low"] = [b[0] for b in bounds]
        out[f"{fig}_change_high"] = [b[1] for b in bounds]
        out[f"{fig}_text"] = [ft.children_change(c, lo, hi) for c, lo, hi in
                              zip(children[f"{fig}_change"], children[f"{fig}_change_low"],
                                  children[f"{fig}_change_high"])]
    return out


def answer_sentence(row: dict, name: str) -> str:
    """One area's answer in children, in a sentence (``row``: a ``ScenarioResult.children`` row)."""
    t = {fig: ft.children_change(row[f"{fig}_change"], row[f"{fig}_change_low"], row[f"{fig}_change_high"])
         for fig in ANSWER_FIGURES}
    level = row["level"]
    if level == FOOTPRINT:
        outside = ft.children_change(row["outside_area_change"], row["outside_area_change_low"],
                                     row["outside_area_change_high"])
        where = f"{t['within_area']} would be placed in the footprint's own homes and {outside} outside it, "
    elif level == "la":
        where = f"{t['inside_own_la']} would be placed inside {name}, "
    else:
        where = f"{t['within_area']} would be placed inside {name} and {t['inside_own_la']} inside their own LA, "
    return (f"{name}: of its {ft.children_text(row['children'])} children in children's homes, {where}"
            f"{t['within_20']} within 20 miles of home and {t['over_50']} more than 50 miles from home (modelled); "
            f"{ft.gap_change(row['gap_change'])} (derived).")


def answer_areas(s, area: str) -> list[str]:
    """The rows of ``s.children`` the answer is said for in words: the footprint or region the
    places were shared in, else the LA."""
    codes = list(s.children["area_code"])
    if area == FOOTPRINT and FOOTPRINT in codes:
        return [FOOTPRINT]
    return [area] if area in codes else codes[:1]


def scenario_answer(data, state) -> list[str]:
    """The answer in children in sentences, for the area changed (and the footprint, if any)."""
    s = scenario_result(data, state)
    area = scenario_area(state)
    rows = {r["area_code"]: r for r in s.children.to_dict("records")}
    shown = answer_areas(s, area)
    if FOOTPRINT in rows and FOOTPRINT not in shown:
        shown.append(FOOTPRINT)
    return [answer_sentence(rows[c], area_label(data, state, c)) for c in shown]


def children_frame(data, state) -> tuple[pd.DataFrame, str]:
    """The answer in children as a table, one row per area (affected LAs, the footprint,
    regions, England): whole children before and after, the change in words and its range."""
    s = scenario_result(data, state)
    a = answer_rows(s.children)
    frame = pd.DataFrame({
        "Area code": [c if c != FOOTPRINT else (footprint_of(state, data).key if footprint_of(state, data) else c)
                      for c in a["area_code"]],
        "Area": [area_label(data, state, c) for c in a["area_code"]],
        "Level": a["level"].map(LEVELS),
        "Children in children's homes (DfE FOI; imputed where suppressed)": a["children"],
        "Places added": a["places_change"],
        "Change in the gap (children minus places; derived)": a["gap_change"],
    })
    for fig, what in ANSWER_FIGURES.items():
        frame[f"Children {what}: before"] = a[f"{fig}_before"]
        frame[f"Children {what}: after"] = a[f"{fig}_after"]
        frame[f"Children {what}: change"] = a[f"{fig}_text"]
        frame[f"Children {what}: change, low"] = a[f"{fig}_change_low"]
        frame[f"Children {what}: change, high"] = a[f"{fig}_change_high"]
    sign = "add" if state.scenario_places > 0 else "remove"
    area = scenario_area(state)
    return frame, f"scenario-children-{sign}-{abs(state.scenario_places)}-places-{area}-{state.year}.csv"
