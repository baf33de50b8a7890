"""The map view: an LA choropleth of the chosen measure, headline figures for the chosen
area, and the table behind the map with a CSV download. ``render`` is pure."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from dash import html

from ...config import ENGLAND_CODE
from ...engine import queries
from ...engine.components import components
from ...engine.compute import measure_arrays
from ...engine.registry import MEASURES, children_series, definition
from ...flags import missing_text
from ...formats import coverage_text
from ...geography.reorganisations import REGION_NAMES
from .. import ids
from ..tables import file_slug, table, table_block
from ...present.map import baseline_link, baseline_of, clipping_note, level_column, map_figure
from .common import chart, filter_problem, geo_available, headline_figures, no_data, year_notes

log = logging.getLogger(__name__)
TABLE = "la-map"
GRAPH_ID = ids.map_graph("la")
RATINGS = {
    "pct_good_or_better": "Ratings compared: good or outstanding, as a share of homes with a graded inspection.",
    "pct_ri_or_inadequate": "Ratings compared: requires improvement or inadequate, as a share of homes with a graded "
    "inspection.",
}


def value_column(measure: str) -> str:
    m = MEASURES[measure]
    return f"{m.label} ({m.unit})"


def la_table(data, state) -> pd.DataFrame:
    """The table behind the LA map: code, name, region, value, its note and the counts it
    comes from (the engine's figures, rounded for display only)."""
    col = level_column(data, state, "la")
    index, cols = measure_arrays(data, state.year, tuple(state.sectors), tuple(state.provision_types),
                                 queries.A.every_la(), baseline_of(state))
    codes = list(index)
    names = data.la_names
    regions = components(data, state.year, tuple(state.sectors), tuple(state.provision_types))
    region_of = dict(zip(regions.codes, regions.regions))
    values, flags = col["value"].to_numpy(), col["flag"].to_numpy()
    notes = [missing_text(f) if not np.isfinite(v) else ("estimate" if f == "estimate" else "")
             for v, f in zip(values, flags)]
    if MEASURES[state.measure].needs_baseline:
        notes = [n or baseline_link(code, state.baseline, data) for n, code in zip(notes, codes)]
    out = pd.DataFrame({
        "LA code": codes,
        "Local authority": [names.get(c, c) for c in codes],
        "Region": [REGION_NAMES.get(region_of.get(c), region_of.get(c)) for c in codes],
        "Value": np.round(values, 2),
        "Note": notes,
        "Basis": col["basis"].to_numpy(),
        "Children's homes": cols["homes"].astype(int),
        "Registered places": cols["places"].astype(int),
    })
    counts = regions.frame().reindex(codes)
    for title, series in _source_columns(data, state, counts).items():
        out[title] = np.asarray(series)
    if not any(notes):
        out = out.drop(columns="Note")
    return out.sort_values("Local authority", kind="stable").reset_index(drop=True)


def _source_columns(data, state, t: pd.DataFrame) -> dict:
    """The counts each measure is computed from, beyond homes and places (``t``: the LAs'
    components, :func:`sufficiency.engine.components.components`)."""
    measure = state.measure
    m = MEASURES[measure]
    kind = m.formula[0]
    if kind == "ratio":
        _, num, den, _ = m.formula
        labels = {"population_0_17": "Children aged 0-17", "cla": "Children looked after",
                  "cla_over_20_miles": "Placed more than 20 miles from home", "cla_outside_la": "Placed outside the LA",
                  "ch_placed_outside_la": "Children in children's homes placed outside the LA",
                  "ch_children": "Children in children's homes (DfE FOI)", "places": "Registered places"}
        return {labels[c]: t[c] for c in (num, den) if c != "places"}
    if kind in ("gap", "gap_rate"):
        children = m.formula[1] if m.formula[1] != "children" else children_series(state.year)
        cols = {MEASURES[children].label: t[children]}
        if kind == "gap_rate":
            cols["Children aged 0-17"] = t["population_0_17"]
        if "ch_net_gain" in t:  # beside the gap: other LAs' children using the LA's places (gap_explained)
            cols[MEASURES["ch_net_gain"].label] = t["ch_net_gain"]
        return cols
    if kind == "graded":
        inspected = sum(t[f"homes_{g}"] for g in ("outstanding", "good", "requires_improvement", "inadequate"))
        return {"Homes inspected and graded": inspected.astype(int),
                "Good or outstanding": (t["homes_outstanding"] + t["homes_good"]).astype(int),
                "Requires improvement or inadequate": (t["homes_requires_improvement"] + t["homes_inadequate"]).astype(int)}
    if kind == "change":
        before = queries.table(data, state.baseline, state.sectors, state.provision_types,
                               queries.A.Areas(queries.A.LA, tuple(t.index)))
        label = "Children's homes" if m.formula[1] == "homes" else "Registered places"
        return {f"{label} at 31 March {state.baseline}": before[m.formula[1]]}
    if kind == "modelled" and state.sectors:
        from ...present.distance_figures import level_ranges

        try:
            r = level_ranges(data, state.year, "la", tuple(state.sectors)).reindex(t.index)
        except ValueError:  # no places in the sectors chosen
            return {}
        key = f"share_over_{m.formula[1]}"
        return {"Plausible range, low (modelled, %)": (r[f"{key}_low"] * 100).round(1),
                "Plausible range, high (modelled, %)": (r[f"{key}_high"] * 100).round(1),
                "Children in children's homes (modelled)": r["children"].round(0)}
    return {}


@table(TABLE, link=("Local authority", "LA code"))
def map_table(state, data) -> tuple[pd.DataFrame, str]:
    """The table behind the map and its CSV file name (measure and year)."""
    frame = la_table(data, state).rename(columns={"Value": value_column(state.measure)})
    years = f"{state.baseline}-to-{state.year}" if MEASURES[state.measure].needs_baseline else str(state.year)
    return frame, f"{file_slug(MEASURES[state.measure].label)}-{years}.csv"


def render(state, data):
    m = MEASURES[state.measure]
    heading = f"{m.label}, 31 March {state.year}"
    if m.needs_baseline:
        heading = f"{m.label}, 31 March {state.baseline} to 31 March {state.year}"
    parts = [
        html.Span("Map", className="govuk-caption-l"),
        html.H1(heading, className="govuk-heading-l", id="view-heading"),
        year_notes(data, state.year),
        headline_figures(state, data),
    ]
    problem = filter_problem(state, years_with=queries.years_with(data, state.measure))
    vals = None if problem else level_column(data, state, "la")["value"]
    if problem is None and not np.isfinite(vals.to_numpy(dtype=float)).any():
        problem = "The filters chosen give no figures for any local authority. Try more sectors or provision types."
    if problem:
        parts.append(no_data(problem))
        return html.Div([p for p in parts if p is not None], className="app-section", id="section-map")

    style = state.style if geo_available() else "hex"
    fig, drawn = map_figure(state, data, style)
    legend = f"Colour shows {m.unit}; grey means no figure."
    clipped = clipping_note(state, data)
    if clipped:
        legend += " " + clipped
    if drawn != style:
        legend += " The geographic map could not be drawn, so the hex map is shown."
    parts += [
        html.H2("Map of local authorities", className="govuk-heading-m"),
        html.P(
            "Hover over a local authority to see its value, rank, region and England. "
            "Select one to open its profile.",
            className="govuk-body-s",
        ),
        html.P("On a small screen the tiles are small: the table below the map lists every local authority, "
               "with a link to its profile.", className="govuk-body-s app-narrow-only", id="map-list-hint"),
        chart(fig, GRAPH_ID, f"{m.label} by local authority, {state.year} ({'hex' if drawn == 'hex' else 'geographic'} "
              f"map). {legend}", responsive=True, class_name="app-map"),
        measure_notes(state, data),
    ]
    if state.measure in RATINGS:
        parts.append(html.P(RATINGS[state.measure], className="govuk-body-s", id="ratings-note"))
    frame, _ = map_table(state, data)
    parts.append(html.P("Select a local authority's name in the table to open its profile.",
                        className="govuk-body-s", id="la-table-hint"))
    parts.append(table_block(TABLE, frame, f"Table: {m.label} by local authority, {state.year}", state=state))
    return html.Div([p for p in parts if p is not None], className="app-section", id="section-map")


def measure_notes(state, data) -> html.Div:
    """What the measure covers, how it is labelled, its definition in the year, and how many
    LAs have no figure (said, never hidden)."""
    m = MEASURES[state.measure]
    col = level_column(data, state, "la")
    missing = int(col["value"].isna().sum())
    words = definition(state.measure, state.year)
    lines = [f"{m.label}: {m.basis} for each local authority; covers {words or m.covers_text}."]
    if m.note:
        lines.append(m.note)
    if missing:
        lines.append(f"{missing} of {len(col)} local authorities have no figure for {state.year} (grey on the map).")
    eng = level_column(data, state, "country").loc[ENGLAND_CODE]
    cover = coverage_text(eng["n"], eng["las"])
    if cover:
        lines.append(f"England's figure is computed from the local authorities that have one ({cover}).")
    elif eng["basis"] == "observed" and not m.follows_sectors:
        lines.append("England's and the regions' figures are DfE's published figures (rounded to the nearest 10).")
    return html.Div([html.P(t, className="govuk-body-s") for t in lines], className="app-measure-notes",
                    id="measure-notes")
