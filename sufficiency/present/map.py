"""The LA map of a view state: values from the measure engine, drawn by the pure map
builders of :mod:`sufficiency.figures.maps`. Shared by the map view and the report."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..engine import queries
from ..engine.registry import MEASURES
from ..figures.maps import geo_map, hex_map, robust_range
from ..formats import number
from ..geography.lineage import MERGER, SAME_AREA, codes_in_year, link_kind
from .areas import chosen, members_in_year

log = logging.getLogger(__name__)


def filters_key(state) -> tuple:
    return (state.year, tuple(state.sectors), tuple(state.provision_types))



def baseline_of(state):
    return state.baseline if MEASURES[state.measure].needs_baseline else None



def unit_of(measure: str) -> str:
    return MEASURES[measure].unit



def value_text(value: float, measure: str) -> str:
    m = MEASURES[measure]
    text = number(value, m.kind, signed=m.diverging)
    if text == "no figure":
        return text
    return text if m.kind == "pct" else f"{text} {m.unit}"



def level_column(data, state, level: str) -> pd.DataFrame:
    """The map measure for every area of ``level`` (value, flag, basis, n, las)."""
    return queries.column(data, state.measure, *filters_key(state), queries.A.level(level), baseline_of(state))



def hover_extra(state, data, las: pd.DataFrame) -> pd.DataFrame:
    """Each LA's region and England values (and, for a change, how its baseline is linked),
    for its hover text."""
    region = dict(zip(level_column(data, state, "region").index, level_column(data, state, "region")["value"]))
    england = level_column(data, state, "country")
    eng = value_text(float(england["value"].get(ENGLAND_CODE, np.nan)), state.measure)
    texts = {code: value_text(float(v), state.measure) for code, v in region.items()}
    out = pd.DataFrame(
        {"Region value": [texts.get(r, "no figure") for r in las["region_code"]], "England value": eng},
        index=las["la_code"].to_numpy(),
    )
    if MEASURES[state.measure].needs_baseline:
        out["Baseline"] = [baseline_link(code, state.baseline, data) or f"{state.baseline}" for code in out.index]
    if MEASURES[state.measure].formula[0] == "modelled" and state.sectors:
        from .distance_figures import la_range_text

        try:
            ranges = la_range_text(data, state.year, tuple(state.sectors), MEASURES[state.measure].formula[1])
        except ValueError:  # no places in the sectors chosen
            ranges = {}
        out["Plausible range (modelled)"] = [ranges.get(code) for code in out.index]
        out["Covers"] = "children in children's homes (modelled)"
    return out


def map_figure(state, data, style: str):
    vals = level_column(data, state, "la")["value"]
    las = data.la_year[data.la_year["year"] == state.year][["la_code", "region_code"]]
    area = chosen(state, data)
    selected = members_in_year(area, state.year, data) if area.kind != "country" else None
    kwargs = dict(
        names=data.la_names, diverging=MEASURES[state.measure].diverging, unit_label=unit_of(state.measure),
        hover_extra=hover_extra(state, data, las), selected=selected, gazetteer=None, zoom=state.zoom,
    )
    fig, drawn = None, "hex"
    if style == "geo":
        try:
            fig, drawn = geo_map(vals, state.year, **kwargs), "geo"
        except Exception:  # boundaries unreadable: fall back to the hex map, said on the page
            log.exception("geographic map failed; showing the hex map")
    if fig is None:
        fig = hex_map(vals, state.year, **kwargs)
    fig["layout"]["autosize"] = True  # the page sizes it (.app-map in app.css)
    fig["layout"].pop("height", None)
    return fig, drawn


def baseline_link(code: str, baseline: int, data) -> str:
    """How a council's change since ``baseline`` is linked when its code changed in between."""
    kind = link_kind(code, baseline, data.gazetteer)
    if kind in (SAME_AREA, MERGER):
        before = " + ".join(codes_in_year(code, baseline, data.gazetteer))
        return (f"{baseline} under its earlier code {before}" if kind == SAME_AREA
                else f"{baseline}: its predecessors {before} summed")
    return ""


def _names(codes, data) -> str:
    names = [data.la_names.get(c, c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def clipping_note(state, data) -> str | None:
    """What the map's colour scale leaves out: the LAs far beyond the rest, which take the end
    colours (the colour bar marks its ends "or less" / "or more"), or None when none are."""
    m = MEASURES[state.measure]
    scale = robust_range(level_column(data, state, "la")["value"], m.diverging)
    if not scale.clipped:
        return None
    parts = []
    if scale.below:
        parts.append(f"{_names(scale.below, data)} (below {value_text(scale.cmin, state.measure)})")
    if scale.above:
        parts.append(f"{_names(scale.above, data)} (above {value_text(scale.cmax, state.measure)})")
    return ("The colours stop short of the furthest values, so that they do not wash out the rest: "
            + " and ".join(parts) + " take the end colour.")
