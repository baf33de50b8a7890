"""The forecasts in a view (the LA and footprint profiles, the region view): the projected
gap in 2030, fan charts of children looked after, children in secure homes and children's
homes, registered places and the gap, each with its backtest accuracy and its table, and
the scenario over time ("add N places from YEAR").

``forecast_part(state, data)`` is pure; the figures come from
:mod:`sufficiency.present.forecast` (shared with the snapshot). The scenario's inputs are a
plain GET form: submitting it writes ``forecast_places`` and ``forecast_from`` into the URL
and keeps the rest of the view.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl

from dash import dcc, html

from ...figures.forecast import fan_figure, scenario_figure
from ...forecast.vocab import FORECAST_YEARS, ORIGIN
from ...present import forecast as pf
from ...state import FORECAST_FROM_YEARS, SCENARIO_MAX_PLACES
from ..controls import option
from ..tables import table, table_block
from .common import no_data

SECTION_ID = "forecast-section"
HEADLINE_ID = "forecast-headline"
SCENARIO_ID = "forecast-scenario"
#: Table (and chart) names: one a fan chart, and the scenario's.
FAN_TABLES = {m: f"forecast-{m}" for m in pf.FAN_MEASURES}
SCENARIO_TABLE = "forecast-scenario"


def projected_tag() -> html.Strong:
    return html.Strong("Projected", className="govuk-tag govuk-tag--orange app-tag")


def _number(value: float) -> str:
    return f"{value:+,.0f}" if value else "0"


def gap_text(head: dict) -> str:
    """"-431 (80% interval -747 to -323)": the projected gap as read."""
    return f"{_number(head['median'])} (80% interval {_number(head['lo80'])} to {_number(head['hi80'])})"


@lru_cache(maxsize=512)  # one for each subject: it reads nothing else of the view
def headline_block(data, subject) -> html.Div:
    head = pf.headline_gap(data, subject)
    value = gap_text(head) if head["message"] is None else f"No projection: {head['message']}"
    return html.Dl(
        html.Div(
            [
                html.Dt(f"Projected gap in {head['year']}", className="app-figure__label"),
                html.Dd(value, className="app-figure__value", id="forecast-gap-value"),
                html.Dd(f"projected (median and 80% interval), children minus places: {pf.MEASURES['gap'].covers}; "
                        f"from the figures to 31 March {ORIGIN}. Positive: more of the area's children in these homes "
                        "than places in the area.", className="app-figure__note"),
            ],
            className="app-figure",
        ),
        className="app-figures", id=HEADLINE_ID,
    )


@lru_cache(maxsize=2048)  # one for each subject and measure: it reads nothing else of the view
def fan_block(data, subject, measure: str) -> html.Section:
    from .profile import chart_block

    f = pf.fan(data, measure, subject)
    heading = f"{pf.SHORT[measure][:1].upper()}{pf.SHORT[measure][1:]}, projected to {FORECAST_YEARS[-1]}"
    if f.result is None:
        return html.Section([html.H3(heading, className="govuk-heading-m"),
                             no_data(f.message, panel_id=f"no-forecast-{measure}")])
    note = f"Covers {pf.MEASURES[measure].covers}. Method: {f.result['method']}. " + " ".join(f.sentences)
    fig = fan_figure(list(f.history), f.result["points"], f.title, f.unit)
    return chart_block(heading, fig, FAN_TABLES[measure], FAN_TABLES[measure], f.frame, note=note)


def _keep(state) -> list:
    """The hidden fields that keep the view when the scenario form is sent."""
    query = state.with_(forecast_places=0, forecast_from=FORECAST_FROM_YEARS[0]).to_query().lstrip("?")
    return [dcc.Input(type="hidden", name=k, value=v, id=f"forecast-keep-{k}") for k, v in parse_qsl(query)]


def _scenario(data, subject, state) -> html.Section:
    years = [option(str(y), str(y), str(state.forecast_from)) for y in FORECAST_FROM_YEARS]
    form = html.Form(
        [
            *_keep(state),
            html.Div(
                [
                    html.Label("Places added (negative: closed)", htmlFor="forecast-added",
                               className="govuk-label govuk-label--s"),
                    dcc.Input(id="forecast-added", name="forecast_places", type="number", step=1,
                              min=-SCENARIO_MAX_PLACES, max=SCENARIO_MAX_PLACES, value=state.forecast_places or None,
                              className="govuk-input govuk-input--width-5"),
                ],
                className="govuk-form-group",
            ),
            html.Div(
                [
                    html.Label("Open from 31 March", htmlFor="forecast-from", className="govuk-label govuk-label--s"),
                    html.Select(years, id="forecast-from", name="forecast_from", className="govuk-select"),
                ],
                className="govuk-form-group",
            ),
            html.Button("Show the gap with these places", type="submit", className="govuk-button",
                        id="forecast-apply", **{"data-module": "govuk-button"}),
        ],
        method="get", action="/", className="app-forecast-scenario",
    )
    parts = [
        html.H3(f"Scenario over time: places added in {subject.name}", className="govuk-heading-m"),
        html.P("Add registered places from a year onwards and see the projected gap each year with and without them. "
               "The places are taken as certain, so the interval moves with them; the children's forecast does not "
               "change.", className="govuk-body-s"),
        form,
    ]
    if state.forecast_places:
        rows, message = pf.scenario_rows(data, subject, state.forecast_places, state.forecast_from)
        if not rows:
            parts.append(no_data(message, panel_id="no-forecast-scenario"))
        else:
            last = rows[-1]
            what = f"{'Adding' if state.forecast_places > 0 else 'Closing'} {abs(state.forecast_places):,} places"
            parts.append(html.P(
                [projected_tag(), f" {what} in {subject.name} from {state.forecast_from}: the projected gap in "
                 f"{last['year']} is {_number(last['median'])} (80% interval {_number(last['lo80'])} to "
                 f"{_number(last['hi80'])}) instead of {_number(last['gap_before'])}."],
                className="govuk-body", id="forecast-scenario-result"))
            fig = scenario_figure(rows, f"{subject.name}: projected gap with {state.forecast_places:+,} places from "
                                        f"{state.forecast_from}")
            from .profile import graph

            parts += [graph(fig, "forecast-scenario-chart", "Projected gap with and without the places"),
                      table_block(SCENARIO_TABLE, pf.scenario_frame(rows),
                                  f"Table: projected gap with and without the places, {subject.name}", heading="h4")]
    return html.Section(parts, id=SCENARIO_ID)


def forecast_part(state, data) -> list:
    """The forecasts of the view's subject (its footprint, LA, region or England)."""
    subject = pf.subject_of(state, data)
    parts = [
        html.H2(["Projected to ", str(FORECAST_YEARS[-1]), " ", projected_tag()], className="govuk-heading-l",
                id="forecast-heading"),
        html.P(f"Forecasts from the published figures to 31 March {ORIGIN}: the median (dashed) and the 80% and 95% "
               "prediction intervals (shaded), calibrated on how the same method did from earlier years (the About "
               "page has the backtests). Observed years are a solid line; projected figures are never mixed with "
               "them." + (" A footprint's forecast is the sum of its local authorities'." if subject.footprint else ""),
               className="govuk-body-s"),
        headline_block(data, subject),
    ]
    for measure in pf.FAN_MEASURES:
        parts.append(fan_block(data, subject, measure))
    parts.append(_scenario(data, subject, state))
    return [html.Section(parts, id=SECTION_ID, **{"aria-labelledby": "forecast-heading"})]


# --- tables (CSV of what is shown) ----------------------------------------------------------


def _fan_builder(measure: str):
    def build(state, data):
        subject = pf.subject_of(state, data)
        return pf.fan(data, measure, subject).frame, f"forecast_{measure}_{subject.slug}.csv"

    build.__name__ = f"forecast_{measure}_table"
    return build


for _measure, _name in FAN_TABLES.items():
    table(_name)(_fan_builder(_measure))


@table(SCENARIO_TABLE)
def scenario_table(state, data):
    subject = pf.subject_of(state, data)
    rows, _ = pf.scenario_rows(data, subject, state.forecast_places, state.forecast_from)
    return pf.scenario_frame(rows), (f"forecast_scenario_{state.forecast_places:+d}_places_from_{state.forecast_from}_"
                                     f"{subject.slug}.csv")
