"""Building blocks shared by the map and region views (pure functions)."""

from __future__ import annotations

from functools import lru_cache

from dash import dcc, html

from ...config import ENGLAND_CODE
from ...geography.reorganisations import REGION_NAMES
from ...texts import FOOTPRINT_RULE, research_fields
from ...engine.compute import measure_row
from ...present.areas import chosen, members_in_year
from ...engine.registry import MEASURES, definition
from ...formats import display
from ..chart_images import image_buttons
from ..plotting import figure_dict, graph_config

#: The headline figures above the map and the region view, in order.
HEADLINE_KEYS = ("homes", "places", "places_per_10k", "cla", "gap")


@lru_cache(maxsize=1)
def geo_available() -> bool:
    """Whether the ONS boundary files are there for the geographic map."""
    from ...geography.boundaries import boundaries_dir

    return boundaries_dir() is not None


def year_ranges(years) -> str:
    """``[2017, 2018, 2019, 2021]`` -> ``"2017 to 2019 and 2021"``."""
    years = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [f"{r[0]} to {r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else (parts[0] if parts else "no year")


def year_notes(data, year: int) -> html.Div | None:
    """Labels for a rebuilt Ofsted list and research-derived DfE figures in ``year``."""
    notes = []
    if year in data.rebuilt_years():
        notes.append(
            html.Strong(
                f"31 March {year} list rebuilt from joiners and leavers", className="govuk-tag govuk-tag--yellow app-tag"
            )
        )
        notes.append(
            html.Span(
                " Ofsted's list of children's homes for this date is rebuilt from the lists of homes that joined "
                "and left the register, not published as it stands.",
                className="govuk-body-s",
            )
        )
    fields = research_fields(data, year)
    if fields:
        notes.append(html.Br())
        notes.append(html.Strong("Research-derived DfE figures", className="govuk-tag govuk-tag--blue app-tag"))
        notes.append(
            html.Span(
                f" In {year} the figures for {' and '.join(fields)} come from research built on DfE data "
                "(Goodair and others), not from a DfE publication.",
                className="govuk-body-s",
            )
        )
    return html.P(notes, className="govuk-body app-year-notes", id="year-notes") if notes else None


def area_name(code: str, data) -> str:
    return {ENGLAND_CODE: "England", **REGION_NAMES, **data.la_names}.get(code, code)


def headline_items(state, data) -> list[tuple[str, str, str]]:
    """(label, value as read, note: basis and which children or homes) of each headline figure
    of the chosen area (the footprint, when the state has one)."""
    area = chosen(state, data)
    row = measure_row(data, state.year, tuple(state.sectors), tuple(state.provision_types), area.areas, area.code)
    items = []
    for key in HEADLINE_KEYS:
        m = MEASURES[key]
        value = display(row[key], m.kind, row[f"{key}__flag"], row[f"{key}__n"], row["las"])
        words = definition(key, state.year)
        note = f"{row[f'{key}__basis']}: {words or m.covers_text}"
        items.append((m.label, value, note))
    return items


def headline_figures(state, data) -> html.Section:
    """Homes, places, places per 10,000, children looked after and gap for the chosen area."""
    cards = [
        html.Div(
            [
                html.Dt(label, className="app-figure__label"),
                html.Dd(value, className="app-figure__value"),
                html.Dd(note, className="app-figure__note"),
            ],
            className="app-figure",
        )
        for label, value, note in headline_items(state, data)
    ]
    area = chosen(state, data)
    heading = f"{area.name} at 31 March {state.year}"
    parts = [html.H2(heading, className="govuk-heading-m", id="headline-heading")]
    if area.is_footprint:
        las = members_in_year(area, state.year, data)
        names = data.la_names
        parts.append(html.P(f"Footprint of {len(las)} local authorit{'y' if len(las) == 1 else 'ies'} in {state.year}: "
                            + ", ".join(names.get(c, c) for c in las) + ". " + FOOTPRINT_RULE,
                            className="govuk-body-s", id="footprint-members"))
    return html.Section(
        [
            *parts,
            html.Dl(cards, className="app-figures", id="headline-figures"),
        ],
        className="app-headline",
        **{"aria-labelledby": "headline-heading"},
    )


def no_data(message: str, *, detail: str | None = None, panel_id: str = "no-data") -> html.Div:
    parts = [html.H2("No figures to show", className="govuk-heading-m"), html.P(message, className="govuk-body")]
    if detail:
        parts.append(html.P(detail, className="govuk-body"))
    return html.Div(parts, className="govuk-inset-text app-no-data", id=panel_id)


def filter_problem(state, *, years_with: tuple[int, ...]) -> str | None:
    """Why the chosen filters give no figures for the measure, or None."""
    m = MEASURES[state.measure]
    if m.follows_sectors and not state.sectors:
        return "No provider sector is ticked. Tick at least one sector to see children's homes and registered places."
    if m.needs_baseline and state.baseline >= state.year:
        return f"Choose a baseline year before {state.year} to see the change."
    if state.year not in years_with:
        return (
            f"“{m.label}” has no figures for {state.year}. "
            f"It is available for {year_ranges(years_with)}."
        )
    return None


def chart(fig, graph_id, caption: str, *, responsive: bool = False, class_name: str = "") -> html.Figure:
    """A chart with a visible caption naming it. ``responsive``: the figure has no height of
    its own and fills its box, sized by the stylesheet through ``class_name``."""
    config = graph_config(displayModeBar=False, **({"responsive": True} if responsive else {}))
    return html.Figure(
        [
            dcc.Graph(id=graph_id, figure=figure_dict(fig), config=config, className=f"app-graph {class_name}".strip()),
            html.Figcaption(caption, className="govuk-body-s app-caption"),
            image_buttons(graph_id, caption),
        ],
        className="app-chart",
    )
