"""The map view: an LA choropleth of the chosen measure, headline figures for the chosen
area, and the table behind the map with a CSV download. ``render`` is pure."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from dash import html

from ...config import ENGLAND_CODE
from ...figures.maps import geo_map, hex_map
from ...geography.reorganisations import REGION_NAMES
from ...metrics.measures import MEASURES
from .. import queries
from ..tables import file_slug, table, table_block
from .common import chart, filter_problem, geo_available, headline_figures, no_data, year_notes

log = logging.getLogger(__name__)
TABLE = "la-map"
GRAPH_ID = {"type": "la-map", "name": "la"}
RATINGS = {
    "pct_good_or_better": "Ratings compared: good or outstanding, as a share of homes with a graded inspection.",
    "pct_ri_or_inadequate": "Ratings compared: requires improvement or inadequate, as a share of homes with a graded "
    "inspection.",
}


def _key(state) -> tuple:
    return (state.measure, state.year, tuple(state.sectors), tuple(state.provision_types), state.baseline)


def value_column(measure: str) -> str:
    m = MEASURES[measure]
    return f"{m.label} ({m.unit})"


def _unit(measure: str) -> str:
    return MEASURES[measure].unit


def _fmt(value: float, measure: str) -> str:
    if value is None or not np.isfinite(value):
        return "no figure"
    m = MEASURES[measure]
    text = format(value, ("+" if m.diverging else "") + (",.0f" if abs(value) >= 100 else ",.1f"))
    return f"{text}{m.unit}" if m.unit.startswith("%") else f"{text} {m.unit}"


@table(TABLE, link=("Local authority", "LA code"))
def map_table(state, folder: str) -> tuple[pd.DataFrame, str]:
    """The table behind the map and its CSV file name (measure and year)."""
    frame = queries.la_table(folder, *_key(state)).rename(columns={"Value": value_column(state.measure)})
    years = f"{state.baseline}-to-{state.year}" if MEASURES[state.measure].needs_baseline else str(state.year)
    return frame, f"{file_slug(MEASURES[state.measure].label)}-{years}.csv"


def hover_extra(state, folder: str, las: pd.DataFrame) -> pd.DataFrame:
    """Region and England values of the measure for each LA's hover text."""
    key = _key(state)
    region = queries.values(folder, key[0], key[1], key[2], key[3], "region", key[4])
    england = queries.values(folder, key[0], key[1], key[2], key[3], "country", key[4])
    eng = _fmt(float(england.get(ENGLAND_CODE, np.nan)), state.measure)
    return pd.DataFrame(
        {
            "Region value": [_fmt(float(region.get(r, np.nan)), state.measure) for r in las["region_code"]],
            "England value": eng,
        },
        index=las["la_code"].to_numpy(),
    )


def map_figure(state, data, style: str):
    folder = str(data.folder)
    key = _key(state)
    vals = queries.values(folder, key[0], key[1], key[2], key[3], "la", key[4])
    las = data.la_year[data.la_year["year"] == state.year][["la_code", "region_code"]]
    selected = state.area if state.area not in REGION_NAMES and state.area != ENGLAND_CODE else None
    kwargs = dict(
        names=data.la_names, diverging=MEASURES[state.measure].diverging, unit_label=_unit(state.measure),
        hover_extra=hover_extra(state, folder, las), selected=selected, gazetteer=None,
    )
    fig, drawn = None, "hex"
    if style == "geo":
        try:
            fig, drawn = geo_map(vals, state.year, **kwargs), "geo"
        except Exception:  # boundaries unreadable: fall back to the hex map, said on the page
            log.exception("geographic map failed; showing the hex map")
    if fig is None:
        fig = hex_map(vals, state.year, **kwargs)
    fig.update_layout(autosize=True, height=None)  # the page sizes it (.app-map in app.css)
    return fig, drawn


def render(state, data):
    m = MEASURES[state.measure]
    folder = str(data.folder)
    heading = f"{m.label}, 31 March {state.year}"
    if m.needs_baseline:
        heading = f"{m.label} since {state.baseline}, 31 March {state.year}"
    parts = [
        html.Span("Map", className="govuk-caption-l"),
        html.H1(heading, className="govuk-heading-l", id="view-heading"),
        year_notes(data, state.year),
        headline_figures(state, data),
    ]
    problem = filter_problem(state, years_with=queries.years_with(folder, state.measure))
    vals = None if problem else queries.values(folder, *_key(state)[:4], "la", state.baseline)
    if problem is None and not queries.has_values(vals):
        problem = "The filters chosen give no figures for any local authority. Try more sectors or provision types."
    if problem:
        parts.append(no_data(problem))
        return html.Div([p for p in parts if p is not None], className="app-section", id="section-map")

    style = state.style if geo_available() else "hex"
    fig, drawn = map_figure(state, data, style)
    legend = f"Colour shows {m.unit}; grey means no figure."
    if drawn != style:
        legend += " The geographic map could not be drawn, so the hex map is shown."
    parts += [
        html.H2("Map of local authorities", className="govuk-heading-m"),
        html.P(
            "Hover over a local authority to see its value, rank, region and England. "
            "Select one to open its profile.",
            className="govuk-body-s",
        ),
        chart(fig, GRAPH_ID, f"{m.label} by local authority, {state.year} ({'hex' if drawn == 'hex' else 'geographic'} "
              f"map). {legend}", responsive=True, class_name="app-map"),
    ]
    if state.measure in RATINGS:
        parts.append(html.P(RATINGS[state.measure], className="govuk-body-s", id="ratings-note"))
    if m.note:
        parts.append(html.P(m.note, className="govuk-body-s"))
    frame, _ = map_table(state, folder)
    parts.append(html.P("Select a local authority's name in the table to open its profile.",
                        className="govuk-body-s", id="la-table-hint"))
    parts.append(table_block(TABLE, frame, f"Table: {m.label} by local authority, {state.year}", state=state))
    return html.Div([p for p in parts if p is not None], className="app-section", id="section-map")
