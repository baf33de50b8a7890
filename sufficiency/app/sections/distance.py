"""The distance view: how far from home children in children's homes live.

Observed (published) figures for the area, the modelled distance distribution with the 20
and 50-mile lines, where an LA's children go and whose children its homes take (modelled),
the scenario planner and the upload of a council's own placements. ``render`` is pure;
the scenario and upload callbacks are in ``register`` (see ``distance_panels``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from dash import html

from ... import flows
from ...config import ENGLAND_CODE
from ...engine import queries
from ...engine.registry import MEASURES
from ...figures import distance as dfig
from ...formats import display
from ...geography.reorganisations import REGION_NAMES
from ...state import SLUG_TO_SECTOR
from ..tables import table, table_block
from .common import area_name, chart, no_data
from ...present.scenario import scenario_area, scenario_frame
from .distance_panels import scenario_controls, upload_panel

TOP_N = 8
SHARE_COLUMNS = ("share_over_20", "share_over_50")


def tag(text: str, colour: str) -> html.Strong:
    return html.Strong(text, className=f"govuk-tag govuk-tag--{colour} app-tag")


def observed_tag() -> html.Strong:
    return tag("Observed", "green")


def modelled_tag() -> html.Strong:
    return tag("Modelled", "purple")


def level_of(area: str) -> str:
    if area == ENGLAND_CODE:
        return "england"
    return "region" if area in REGION_NAMES else "la"


def _pct(value, digits: int = 1) -> str:
    return "no figure" if value is None or not np.isfinite(value) else f"{value:.{digits}f}%"


# --- observed -------------------------------------------------------------------------

OBSERVED_ROWS = ("pct_over_20_miles", "pct_outside_la", "ch_children", "ch_placed_outside_la", "ch_pct_outside_la",
                 "ch_net_gain")
SOURCES = {"cla": "DfE", "ch": "DfE FOI 2024-0040813"}


@table("distance-observed")
def observed_table(state, data) -> tuple[pd.DataFrame, str]:
    """Published figures for the area and year, from the measure engine, codes kept."""
    row = queries.area_row(data, state.area, state.year, state.sectors, state.provision_types, modelled=False)
    rows = []
    for key in OBSERVED_ROWS:
        m = MEASURES[key]
        rows.append({"Figure": m.label, "Value": display(row[key], m.kind, row[f"{key}__flag"], row[f"{key}__n"],
                                                          row["las"], signed=m.diverging or None),
                     "Covers": m.covers_text, "Source": SOURCES.get(m.covers, "DfE"), "Basis": row[f"{key}__basis"]})
    frame = pd.DataFrame(rows, columns=["Figure", "Value", "Covers", "Source", "Basis"])
    return frame, f"observed-distance-figures-{state.area}-{state.year}.csv"


# --- modelled -------------------------------------------------------------------------


def model_for(state, data):
    """The flow model of the state's year and sectors, or the reason there is none."""
    if not state.sectors:
        return None, "No provider sector is ticked. Tick at least one sector to model where children are placed."
    try:
        return flows.run_year(data, state.year, sectors=tuple(state.sectors)), None
    except ValueError as err:
        return None, f"The flow model cannot run for these filters: {err}."


@table("distance-distribution")
def distribution_table(state, data) -> tuple[pd.DataFrame, str]:
    result, problem = model_for(state, data)
    if result is None:
        return pd.DataFrame(columns=["From (miles)", "To (miles)", "% of children", "Cumulative %"]), "none.csv"
    d = flows.distribution(result, by=level_of(state.area), area=state.area)
    frame = pd.DataFrame({
        "More than (miles)": d["lower"], "Up to (miles)": d["upper"].replace(np.inf, np.nan),
        "Children (modelled)": d["children"].round(1), "% of children (modelled)": (d["share"] * 100).round(2),
        "Cumulative % (modelled)": (d["cumulative_share"] * 100).round(2),
    })
    return frame, f"modelled-distance-distribution-{state.area}-{state.year}.csv"


def _flows_frame(state, data, which: str) -> tuple[pd.DataFrame, str]:
    result, _ = model_for(state, data)
    names = data.la_names
    col = "destination" if which == "destinations" else "origin"
    if result is None or state.area not in result.codes:
        return pd.DataFrame(columns=["LA code", "Local authority"]), "none.csv"
    top = (flows.top_destinations if which == "destinations" else flows.top_sources)(result, state.area, TOP_N)
    frame = pd.DataFrame({
        "LA code": top[col], "Local authority": [names.get(c, c) for c in top[col]],
        "Children (modelled)": top["children"].round(1), "Distance (miles)": top["miles"].round(1),
        "% of the LA's children" if which == "destinations" else "% of children in the LA's homes":
            (top["share"] * 100).round(1),
    })
    return frame, f"modelled-top-{which}-{state.area}-{state.year}.csv"


@table("distance-destinations")
def destinations_table(state, data):
    return _flows_frame(state, data, "destinations")


@table("distance-sources")
def sources_table(state, data):
    return _flows_frame(state, data, "sources")


def _modelled_part(state, data, result) -> list:
    name = area_name(state.area, data)
    by = level_of(state.area)
    s20 = flows.share_over(result, 20, by).get(state.area, np.nan) * 100
    s50 = flows.share_over(result, 50, by).get(state.area, np.nan) * 100
    calib = (f"The distance decay is calibrated so that England's modelled share over 20 miles equals DfE's observed "
             f"share for secure homes and children's homes in {result.decay_year} ({result.target * 100:.1f}% of "
             "children whose distance is known).")
    if not result.calibrated:
        calib += f" {state.year} has no observed national share, so the {result.decay_year} calibration is used."
    d = flows.distribution(result, by=by, area=state.area)
    frame, _ = distribution_table(state, data)
    return [
        html.H2(["Modelled distance from home ", modelled_tag()], className="govuk-heading-m", id="modelled-heading"),
        html.Dl([
            html.Div([html.Dt("Modelled: placed more than 20 miles from home", className="app-figure__label"),
                      html.Dd(_pct(s20), className="app-figure__value", id="modelled-over-20"),
                      html.Dd("modelled, children in children's homes", className="app-figure__note")],
                     className="app-figure"),
            html.Div([html.Dt("Modelled: placed more than 50 miles from home", className="app-figure__label"),
                      html.Dd(_pct(s50), className="app-figure__value", id="modelled-over-50"),
                      html.Dd("modelled, children in children's homes", className="app-figure__note")],
                     className="app-figure"),
        ], className="app-figures", id="modelled-figures"),
        html.P(calib, className="govuk-body-s", id="model-calibration"),
        chart(dfig.distance_distribution(d, title=f"Modelled distance from home: children from {name}, {state.year}"),
              "distance-histogram",
              "Bars: modelled % of children in children's homes in each 5-mile band from home. Line: cumulative % "
              "placed at most that far. Dashed lines mark 20 and 50 miles. Children are grouped by their home area."),
        table_block("distance-distribution", frame, f"Table: modelled distance from home, {name}, {state.year}"),
    ]


def _flows_part(state, data, result) -> list:
    heading = html.H2(["Where children go ", modelled_tag()], className="govuk-heading-m", id="flows-heading")
    if level_of(state.area) != "la" or state.area not in result.codes:
        return [heading, no_data("Choose a local authority in the Area filter to see where its children are placed "
                                 "and whose children live in its homes.", panel_id="no-data-flows")]
    name, names = area_name(state.area, data), data.la_names
    dest, _ = destinations_table(state, data)
    src, _ = sources_table(state, data)
    top_d = flows.top_destinations(result, state.area, TOP_N)
    top_s = flows.top_sources(result, state.area, TOP_N)
    return [
        heading,
        html.Div([
            html.Div(chart(dfig.flows_bar(top_d, names, code_column="destination", own=state.area,
                                          title=f"Where {name}'s children live (modelled)"), "flows-destinations",
                           f"The {TOP_N} LAs where most of {name}'s children in children's homes are modelled to "
                           "live; orange: its own LA."), className="govuk-grid-column-one-half"),
            html.Div(chart(dfig.flows_bar(top_s, names, code_column="origin", own=state.area,
                                          title=f"Whose children live in {name}'s homes (modelled)"), "flows-sources",
                           f"The {TOP_N} home LAs of most children modelled to live in children's homes in {name}."),
                     className="govuk-grid-column-one-half"),
        ], className="govuk-grid-row"),
        table_block("distance-destinations", dest, f"Table: top destinations of {name}'s children (modelled)"),
        table_block("distance-sources", src, f"Table: top home LAs of children in {name}'s homes (modelled)"),
    ]


# --- scenario -------------------------------------------------------------------------


@table("distance-scenario")
def scenario_table(state, data) -> tuple[pd.DataFrame, str]:
    return scenario_frame(data, state)


def _scenario_part(state, data, result) -> list:
    parts = [html.H2(["Scenario: add or remove places ", modelled_tag()], className="govuk-heading-m",
                     id="scenario-heading"),
             html.P("Add or remove registered places in children's homes in an LA or a region, then the flow model is "
                    "run again with the same calibrated decay. Places added in a region are shared between its LAs "
                    "in proportion to their places.", className="govuk-body"),
             scenario_controls(state, data, scenario_area(state))]
    area = scenario_area(state)
    if area is None:
        parts.append(no_data("Choose an LA or a region for the scenario.", panel_id="no-data-scenario"))
    elif state.scenario_places == 0:
        parts.append(html.Div(html.P("Enter a number of places to add (or, negative, to remove) and apply it to see "
                                     "the gap and the modelled shares before and after.", className="govuk-body"),
                              className="govuk-inset-text", id="scenario-empty"))
    else:
        frame, _ = scenario_table(state, data)
        what = f"{'Adding' if state.scenario_places > 0 else 'Removing'} {abs(state.scenario_places):,} places"
        sector = SLUG_TO_SECTOR.get(state.scenario_sector) if state.scenario_sector else None
        where = f"{what} in {area_name(area, data)}" + (f" ({sector.lower()} sector)" if sector else "")
        table_for_chart = pd.DataFrame({"area_code": frame["Area code"]})
        for m in ("20", "50"):
            table_for_chart[f"share_over_{m}_before"] = frame[f"% more than {m} miles before (modelled)"] / 100
            table_for_chart[f"share_over_{m}_after"] = frame[f"% more than {m} miles after (modelled)"] / 100
        parts += [
            html.P(where + f", 31 March {state.year}.", className="govuk-body govuk-!-font-weight-bold",
                   id="scenario-summary"),
            chart(dfig.scenario_bars(table_for_chart, data.area_names, title=f"{where}: modelled shares before "
                                     "and after"), "scenario-chart",
                  "Modelled % of children in children's homes placed more than 20 miles (solid) and more than 50 "
                  "miles (hatched) from home, before (light) and after (dark) the change, by home area."),
            table_block("distance-scenario", frame, f"Table: {where}, before and after (modelled)"),
        ]
    return parts


# --- the view -------------------------------------------------------------------------


def render(state, data):
    name = area_name(state.area, data)
    obs, _ = observed_table(state, data)
    parts = [
        html.Span("Distance from home", className="govuk-caption-l"),
        html.H1(f"How far from home children live: {name}, 31 March {state.year}", className="govuk-heading-l",
                id="view-heading"),
        html.P(["Figures marked ", observed_tag(), " are published by DfE. Figures marked ", modelled_tag(),
                " are estimates of a placement-flow model (a gravity model calibrated to DfE's national share placed "
                "more than 20 miles from home); no published table shows where each child lives, or an over-50-miles "
                "band. The model places children in Ofsted's children's homes of the sectors chosen."],
               className="govuk-body"),
        html.H2(["Published figures ", observed_tag()], className="govuk-heading-m", id="observed-heading"),
        table_block("distance-observed", obs, f"Table: observed placement figures, {name}, {state.year}"),
    ]
    result, problem = model_for(state, data)
    if result is None:
        parts.append(no_data(problem, panel_id="no-data-model"))
    else:
        parts += _modelled_part(state, data, result) + _flows_part(state, data, result) + \
            _scenario_part(state, data, result)
    parts.append(upload_panel(state))
    return html.Div(parts, className="app-section", id="section-distance")


def register(app) -> None:
    from .distance_panels import register as register_panels

    register_panels(app)
