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
from ...engine import queries
from ...engine.registry import MEASURES
from ...figures import distance as dfig
from ...formats import display
from ...state import SLUG_TO_SECTOR
from ..tables import table, table_block
from .common import area_name, chart, no_data
from ...flows.labels import CH_MODELLED, RANGE_NOTE
from ...flows.scenario import FOOTPRINT
from ...present import distance_figures as dfg
from ...present.distance_figures import level_of
from ...present import footprint_flows as ff
from ...present.areas import chosen, members_in_year
from ...present.scenario import children_frame, scenario_answer, scenario_area, scenario_frame
from .distance_panels import scenario_controls, upload_panel

TOP_N = 8
SHARE_COLUMNS = ("share_over_20", "share_over_50")


def tag(text: str, colour: str) -> html.Strong:
    return html.Strong(text, className=f"govuk-tag govuk-tag--{colour} app-tag")


def observed_tag() -> html.Strong:
    return tag("Observed", "green")


def modelled_tag() -> html.Strong:
    return tag("Modelled", "purple")


# --- observed -------------------------------------------------------------------------

OBSERVED_ROWS = ("pct_over_20_miles", "pct_outside_la", "ch_children", "ch_placed_outside_la", "ch_pct_outside_la",
                 "ch_net_gain")
SOURCES = {"cla": "DfE", "ch": "DfE FOI 2024-0040813"}


@table("distance-observed")
def observed_table(state, data) -> tuple[pd.DataFrame, str]:
    """Published figures for the area and year, from the measure engine, codes kept."""
    area = chosen(state, data)
    row = queries.area_row(data, area.code, state.year, state.sectors, state.provision_types, modelled=False,
                           areas=area.areas)
    rows = []
    for key in OBSERVED_ROWS:
        m = MEASURES[key]
        rows.append({"Figure": m.label, "Value": display(row[key], m.kind, row[f"{key}__flag"], row[f"{key}__n"],
                                                          row["las"], signed=m.diverging or None),
                     "Covers": m.covers_text, "Source": SOURCES.get(m.covers, "DfE"), "Basis": row[f"{key}__basis"]})
    frame = pd.DataFrame(rows, columns=["Figure", "Value", "Covers", "Source", "Basis"])
    return frame, f"observed-distance-figures-{_file_code(state, data)}-{state.year}.csv"


def _file_code(state, data) -> str:
    """The area's code in a file name (a footprint's preset id, or 'footprint')."""
    area = chosen(state, data)
    if area.is_footprint:
        return area.footprint.preset or "footprint"
    return state.area


@table("distance-modelled")
def modelled_table(state, data) -> tuple[pd.DataFrame, str]:
    """The area's modelled figures with their plausible ranges (``present.distance_figures``)."""
    f = dfg.modelled_figures(data, state)
    pct = f["key"] != "mean_miles"
    scale = np.where(pct, 100.0, 1.0)
    frame = pd.DataFrame({
        "Figure": f["figure"], "Value": (f["value"] * scale).round(1), "Low": (f["low"] * scale).round(1),
        "High": (f["high"] * scale).round(1), "Unit": np.where(pct, "%", "miles"), "In words": f["text"],
        "Covers": f["covers"], "Basis": f["basis"],
    })
    return frame, f"modelled-distance-figures-{_file_code(state, data)}-{state.year}.csv"


@table("distance-footprint")
def footprint_table(state, data) -> tuple[pd.DataFrame, str]:
    fp = ff.footprint_flows(data, state)
    frame = ff.footprint_frame(fp) if fp is not None else pd.DataFrame(columns=["Figure", "Value"])
    return frame, f"footprint-children-inside-outside-{_file_code(state, data)}-{state.year}.csv"


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
    d = area_distribution(state, data, result)
    frame = pd.DataFrame({
        "More than (miles)": d["lower"], "Up to (miles)": d["upper"].replace(np.inf, np.nan),
        "Children (modelled)": d["children"].round(1), "% of children (modelled)": (d["share"] * 100).round(2),
        "Cumulative % (modelled)": (d["cumulative_share"] * 100).round(2),
    })
    return frame, f"modelled-distance-distribution-{_file_code(state, data)}-{state.year}.csv"


def area_distribution(state, data, result) -> pd.DataFrame:
    """The modelled distance distribution of the view's area (a footprint's: the sum of its LAs')."""
    area = chosen(state, data)
    if not area.is_footprint:
        return flows.distribution(result, by=level_of(state.area), area=state.area)
    members = set(members_in_year(area, state.year, data))
    d = flows.distribution(result, by="la")
    d = d[d["area_code"].isin(members)].groupby(["lower", "upper"], as_index=False)["children"].sum()
    total = d["children"].sum()
    d["share"] = d["children"] / total if total > 0 else np.nan
    d["cumulative_share"] = d["share"].cumsum()
    d.insert(0, "area_code", area.code)
    return d


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


MODELLED_IDS = {"share_over_20": "modelled-over-20", "share_over_50": "modelled-over-50",
                "share_outside_la": "modelled-outside-la", "mean_miles": "modelled-mean-miles"}


def _figure_items(figures: pd.DataFrame) -> list:
    return [html.Div([html.Dt(f"Modelled: {r['figure'].lower()[0]}{r['figure'][1:]}", className="app-figure__label"),
                      html.Dd(r["text"], className="app-figure__value", id=MODELLED_IDS[r["key"]]),
                      html.Dd(CH_MODELLED, className="app-figure__note")], className="app-figure")
            for r in figures.to_dict("records")]


def _modelled_part(state, data, result) -> list:
    name = chosen(state, data).name
    figures = dfg.modelled_figures(data, state)
    frame_m, _ = modelled_table(state, data)
    calib = (f"The distance decay is calibrated so that England's modelled share over 20 miles equals DfE's observed "
             f"share for secure homes and children's homes in {result.decay_year} ({result.target * 100:.1f}% of "
             "children whose distance is known).")
    if not result.calibrated:
        calib += f" {state.year} has no observed national share, so the {result.decay_year} calibration is used."
    d = area_distribution(state, data, result)
    frame, _ = distribution_table(state, data)
    return [
        html.H2(["Modelled distance from home ", modelled_tag()], className="govuk-heading-m", id="modelled-heading"),
        html.Dl(_figure_items(figures), className="app-figures", id="modelled-figures"),
        html.P(f"Plausible ranges in brackets. {RANGE_NOTE} A figure without a range is calibrated to DfE's "
               "national figure.", className="govuk-body-s", id="modelled-range-note"),
        table_block("distance-modelled", frame_m, f"Table: modelled distance figures with plausible ranges, {name}, "
                    f"{state.year}"),
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


# --- footprint ------------------------------------------------------------------------


def _footprint_part(state, data) -> list:
    """A footprint's children placed inside vs outside it (modelled) and the numerical test (derived)."""
    area = chosen(state, data)
    if not area.is_footprint:
        return []
    heading = html.H2(["Children from the footprint: placed inside or outside it ", modelled_tag()],
                      className="govuk-heading-m", id="footprint-flows-heading")
    fp = ff.footprint_flows(data, state)
    if fp is None:
        return [heading, no_data("The flow model cannot run for this footprint and these filters.",
                                 panel_id="no-data-footprint")]
    frame, _ = footprint_table(state, data)
    return [
        heading,
        html.P(ff.placed_sentence(fp, area.name), className="govuk-body", id="footprint-placed"),
        html.H3("Numerical sufficiency (derived)", className="govuk-heading-s", id="footprint-test-heading"),
        html.P(ff.sufficiency_sentence(fp, area.name), className="govuk-body", id="footprint-test"),
        table_block("distance-footprint", frame, f"Table: {area.name}'s children in children's homes, placed inside "
                    f"and outside the footprint, {state.year}"),
    ]


# --- scenario -------------------------------------------------------------------------


@table("distance-scenario")
def scenario_table(state, data) -> tuple[pd.DataFrame, str]:
    return scenario_frame(data, state)


@table("distance-scenario-children")
def scenario_children_table(state, data) -> tuple[pd.DataFrame, str]:
    return children_frame(data, state)


def _scenario_part(state, data, result) -> list:
    parts = [html.H2(["Scenario: add or remove places ", modelled_tag()], className="govuk-heading-m",
                     id="scenario-heading"),
             html.P("Add or remove registered places in children's homes in an LA, a region or the footprint, then "
                    "the flow model is run again with the same calibrated parameters. Places added in a region or a "
                    "footprint are shared between its LAs in proportion to their places.", className="govuk-body"),
             scenario_controls(state, data, scenario_area(state))]
    area = scenario_area(state)
    if area is None:
        parts.append(no_data("Choose an LA or a region for the scenario.", panel_id="no-data-scenario"))
    elif state.scenario_places == 0:
        parts.append(html.Div(html.P("Enter a number of places to add (or, negative, to remove) and apply it to see "
                                     "the gap and the modelled shares before and after.", className="govuk-body"),
                              className="govuk-inset-text", id="scenario-empty"))
    else:
        try:
            frame, _ = scenario_table(state, data)
            kids, _ = scenario_children_table(state, data)
            answer = scenario_answer(data, state)
        except (KeyError, ValueError) as err:
            parts.append(no_data(f"The scenario cannot run: {err}.", panel_id="no-data-scenario"))
            return parts
        what = f"{'Adding' if state.scenario_places > 0 else 'Removing'} {abs(state.scenario_places):,} places"
        sector = SLUG_TO_SECTOR.get(state.scenario_sector) if state.scenario_sector else None
        place = chosen(state, data).name if area == FOOTPRINT else area_name(area, data)
        where = f"{what} in {place}" + (f" ({sector.lower()} sector)" if sector else "")
        table_for_chart = pd.DataFrame({"area_code": frame["Area code"]})
        for m in ("20", "50"):
            table_for_chart[f"share_over_{m}_before"] = frame[f"% more than {m} miles before (modelled)"] / 100
            table_for_chart[f"share_over_{m}_after"] = frame[f"% more than {m} miles after (modelled)"] / 100
        parts += [
            html.P(where + f", 31 March {state.year}.", className="govuk-body govuk-!-font-weight-bold",
                   id="scenario-summary"),
            html.H3("The answer in children (modelled)", className="govuk-heading-s", id="scenario-answer-heading"),
            html.Div([html.P(text, className="govuk-body") for text in answer], id="scenario-answer"),
            html.P("Whole children; the plausible range of each change in brackets (the change under each distance-"
                   "decay form and with every LA's share placed in its own LA at either end of its range), rounded "
                   "outwards. The gap is children in children's homes minus places: places move it one for one "
                   "(derived).", className="govuk-body-s", id="scenario-answer-note"),
            table_block("distance-scenario-children", kids, f"Table: {where}, the answer in children (modelled)"),
            chart(dfig.scenario_bars(table_for_chart, data.area_names, title=f"{where}: modelled shares before "
                                     "and after"), "scenario-chart",
                  "Modelled % of children in children's homes placed more than 20 miles (solid) and more than 50 "
                  "miles (hatched) from home, before (light) and after (dark) the change, by home area."),
            table_block("distance-scenario", frame, f"Table: {where}, before and after (modelled)"),
        ]
    return parts


# --- the view -------------------------------------------------------------------------


def render(state, data):
    name = chosen(state, data).name
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
        html.P(dfg.populations_note(), className="govuk-body-s", id="populations-note"),
    ]
    result, problem = model_for(state, data)
    if result is None:
        parts.append(no_data(problem, panel_id="no-data-model"))
    else:
        parts += _modelled_part(state, data, result) + _footprint_part(state, data) + \
            _flows_part(state, data, result) + _scenario_part(state, data, result)
    parts.append(upload_panel(state))
    return html.Div(parts, className="app-section", id="section-distance")


def register(app) -> None:
    from .distance_panels import register as register_panels

    register_panels(app)
