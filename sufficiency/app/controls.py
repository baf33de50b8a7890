"""The filter panel and the view navigation, as pure functions of the view state.

The controls are GOV.UK-styled native elements: checkboxes and radios are buttons with
``role="checkbox"`` / ``role="radio"`` and ``aria-checked`` (their clicks reach Dash as
``n_clicks``), selects are native ``<select>`` elements whose changes ``assets/filters.js``
passes to Dash (``dash_clientside.set_props`` on :data:`EVENT_ID`). Every control is drawn
from the state, so the controls follow the URL, including on back and forward.
"""

from __future__ import annotations

from dash import dcc, html

from ..config import ENGLAND_CODE, YEARS
from ..geography.reorganisations import REGION_NAMES
from ..engine.registry import GROUPS, MAP_MEASURES, MEASURES
from ..vocab import PROVISION_TYPES, SECTORS
from ..state import ViewState
from . import ids

EVENT_ID, TOGGLE, RADIO = ids.EVENT, ids.TOGGLE_TYPE, ids.RADIO_TYPE

VIEW_LABELS = {
    "map": "Map",
    "region": "Regions",
    "profile": "LA profile",
    "quality": "Quality by sector",
    "distance": "Distance from home",
    "market": "Market",
    "about": "About the data",
}

STYLE_LABELS = {"hex": "Hex map (one equal-sized tile per local authority)", "geo": "Geographic map (boundaries)"}
GEO_UNAVAILABLE = (
    "The geographic map needs the ONS boundary files, which were not found, so the hex map is shown."
)


def measure_label(key: str) -> str:
    return MEASURES[key].label


# --- navigation -----------------------------------------------------------------------


def navigation(state: ViewState) -> html.Nav:
    """GOV.UK service navigation between the views; each link keeps the other filters. On
    narrow screens the links fold under a "Menu" button (``assets/disclosure.js``)."""
    items = []
    for view, label in VIEW_LABELS.items():
        href = "/" + state.with_(view=view).to_query()
        active = view == state.view
        text = [html.Strong(label, className="govuk-service-navigation__active-fallback")] if active else [label]
        if active:
            text.append(html.Span(" (current view)", className="govuk-visually-hidden"))
        items.append(
            html.Li(
                dcc.Link(text, href=href, className="govuk-service-navigation__link", id=f"nav-{view}"),
                className="govuk-service-navigation__item" + (" govuk-service-navigation__item--active" if active else ""),
            )
        )
    menu = html.Button(
        "Menu", type="button", className="govuk-service-navigation__toggle app-toggle", id="navigation-toggle",
        **{"aria-controls": "navigation", "aria-expanded": "false", "data-app-toggle": "true"},
    )
    return html.Nav(
        [menu, html.Ul(items, className="govuk-service-navigation__list", id="navigation")],
        className="govuk-service-navigation__wrapper",
        **{"aria-label": "Views"},
    )


# --- building blocks ------------------------------------------------------------------


def _choice(kind: str, group: str, value: str, label: str, checked: bool, *, disabled: bool = False,
            hint_id: str | None = None) -> html.Button:
    extra = {"aria-checked": "true" if checked else "false"}
    if hint_id:
        extra["aria-describedby"] = hint_id
    return html.Button(
        label,
        id={"type": TOGGLE if kind == "checkbox" else RADIO, "group": group, "value": value},
        type="button",
        role=kind,
        disabled=disabled,
        className=f"app-choice app-choice--{kind}",
        **extra,
    )


def _fieldset(legend: str, children, *, role: str | None = None, hint: str | None = None, name: str = "") -> html.Fieldset:
    parts = [html.Legend(legend, className="govuk-fieldset__legend govuk-fieldset__legend--s")]
    if hint:
        parts.append(html.Div(hint, className="govuk-hint", id=f"{name}-hint"))
    parts.append(html.Div(children, className="app-choices"))
    kwargs = {"role": role} if role else {}
    if hint:
        kwargs["aria-describedby"] = f"{name}-hint"
    return html.Div(html.Fieldset(parts, className="govuk-fieldset", **kwargs), className="govuk-form-group")


def _select(name: str, label: str, options, value, *, hint: str | None = None) -> html.Div:
    """A native select. ``options``: (value, label) pairs, or (group label, [pairs])."""

    children = []
    for opt in options:
        if isinstance(opt[1], list):
            children.append(_component("Optgroup", [option(v, t, value) for v, t in opt[1]], label=opt[0]))
        else:
            children.append(option(*opt, value))
    return labelled_select(f"filter-{name}", name, label, children, hint=hint, class_name="govuk-select app-select")


def _component(kind: str, children, **props) -> dict:
    """An html component as the JSON Dash sends (built directly: a list of 160 options costs
    nothing to build this way, and the browser receives exactly the same)."""
    return {"type": kind, "namespace": "dash_html_components", "props": {"children": children, **props}}


def option(value, text: str, chosen) -> dict:
    """A native ``<option>``, selected when ``value`` is the chosen one."""
    props = {"value": str(value)}
    if str(value) == str(chosen):
        props["selected"] = True
    return _component("Option", text, **props)


def labelled_select(select_id: str, name: str, label: str, children, *, hint: str | None = None,
                    class_name: str = "govuk-select") -> html.Div:
    """A GOV.UK form group: label, optional hint tied to the select, and a native select
    whose changes the filter script passes to Dash (``data-filter``)."""
    parts = [html.Label(label, htmlFor=select_id, className="govuk-label govuk-label--s")]
    extra = {}
    if hint:
        parts.append(html.Div(hint, className="govuk-hint", id=f"{select_id}-hint"))
        extra["aria-describedby"] = f"{select_id}-hint"
    parts.append(html.Select(children, id=select_id, name=name, className=class_name, **{"data-filter": name}, **extra))
    return html.Div(parts, className="govuk-form-group")


# --- the panel ------------------------------------------------------------------------


def area_options(state: ViewState, la_names: dict[str, str]) -> list:
    regions = sorted(REGION_NAMES.items(), key=lambda kv: kv[1])
    las = sorted(la_names.items(), key=lambda kv: kv[1])
    return [
        (ENGLAND_CODE, "England"),
        ("Regions", [(c, n) for c, n in regions]),
        (f"Local authorities ({state.year})", [(c, n) for c, n in las]),
    ]


def measure_options() -> list:
    """The map measures grouped as the registry groups them (supply, demand, gap...)."""
    return [(group, [(k, measure_label(k)) for k in MAP_MEASURES if MEASURES[k].group == group])
            for group in GROUPS if any(MEASURES[k].group == group for k in MAP_MEASURES)]


def sector_note(state: ViewState) -> str | None:
    """Said beside the sector filter when a subset is chosen and the measure ignores it."""
    m = MEASURES.get(state.measure)
    if m is None or m.follows_sectors or set(state.sectors) == set(SECTORS):
        return None
    return f"\u201c{m.label}\u201d covers {m.covers_text}, whatever the sector chosen."


PICK_LABELS = {"profile": "Open the local authority's profile", "footprint": "Add or remove it in the footprint"}


def footprint_panel(state: ViewState, la_names: dict[str, str], presets: list[tuple[str, str]],
                    members: list[tuple[str, str]], name: str | None) -> html.Div:
    """Choose a preset footprint or build one: add local authorities from a list (or by clicking
    the map), remove them, name it. Everything is in the URL, so the footprint is a permalink."""
    custom = bool(state.footprint) and state.footprint not in {p for p, _ in presets}
    choices = [("", "No footprint"), ("Regional care co-operatives", [p for p in presets if p[0].endswith("-rcc")]),
               ("Regions", [p for p in presets if p[0].startswith("region-")])]
    if custom:
        choices.insert(1, (state.footprint, f"Your footprint ({len(members)} local authorities)"))
    parts = [
        html.H3("Footprint: a group of councils", className="govuk-heading-s", id="footprint-heading"),
        _select("footprint", "Footprint", choices, state.footprint or "",
                hint="Figures for a regional care co-operative, a consortium or any councils you choose."),
    ]
    if state.footprint:
        parts.append(html.Ul(
            [html.Li([html.Span(n), " ", html.Button(
                ["Remove", html.Span(f" {n}", className="govuk-visually-hidden")], type="button",
                id={"type": TOGGLE, "group": "footprint_remove", "value": c},
                className="govuk-button govuk-button--secondary app-remove", **{"data-module": "govuk-button"},
            )], className="app-footprint-member") for c, n in members],
            className="govuk-list app-footprint-members", id="footprint-list",
        ))
        parts.append(_name_input(name))
    las = sorted(la_names.items(), key=lambda kv: kv[1])
    in_fp = {c for c, _ in members}
    parts.append(_select("footprint_add", "Add a local authority",
                         [("", "Choose a local authority…")] + [(c, n) for c, n in las if c not in in_fp], ""))
    parts.append(_fieldset(
        "When you select a local authority on the map",
        [_choice("radio", "pick", key, text, (state.pick or "profile") == key) for key, text in PICK_LABELS.items()],
        role="radiogroup", name="pick",
    ))
    parts.append(_fieldset(
        "Map extent", [_choice("checkbox", "zoom", "1", "Zoom the map to the area", state.zoom)], name="zoom",
    ))
    return html.Div(parts, className="app-footprint", id="footprint-panel", **{"data-keep-focus": "true"})


def _name_input(name: str | None) -> html.Div:
    """The footprint's name: a text field whose change (on Enter or leaving it) goes into the URL."""
    return html.Div([
        html.Label("Name of the footprint", htmlFor=ids.FOOTPRINT_NAME, className="govuk-label govuk-label--s"),
        dcc.Input(id=ids.FOOTPRINT_NAME, type="text", value=name or "", maxLength=80, debounce=True,
                  className="govuk-input app-footprint-name"),
    ], className="govuk-form-group")


def filter_panel(state: ViewState, la_names: dict[str, str], *, geo_available: bool = True,
                 footprint: tuple | None = None) -> html.Div:
    """Every filter, set from ``state``. ``la_names``: the LAs of the state's year;
    ``footprint``: (presets, members, name) for the footprint panel."""
    measure = MEASURES.get(state.measure)
    parts = [
        html.H2("Filters", className="govuk-heading-m", id="filters-heading"),
        _select("year", "Year (at 31 March)", [(y, str(y)) for y in reversed(YEARS)], state.year),
        _fieldset(
            "Provider sector",
            [_choice("checkbox", "sector", s, s, s in state.sectors) for s in SECTORS],
            hint="Who owns the home.",
            name="sector",
        ),
        _fieldset(
            "Provision type",
            [_choice("checkbox", "type", k, v, k in state.provision_types) for k, v in PROVISION_TYPES.items()],
            name="type",
        ),
        _select("area", "Area", area_options(state, la_names), state.area,
                hint="Headline figures are for this area, or for the footprint when one is chosen."),
        footprint_panel(state, la_names, *(footprint or ([], [], None))),
        _select("measure", "Map measure", measure_options(), state.measure),
    ]
    note = sector_note(state)
    if note:
        parts.insert(3, html.P(note, className="govuk-body-s app-filter-note", id="sector-note"))
    if measure is not None and measure.needs_baseline:
        parts.append(
            _select("baseline", "Change since (baseline year)", [(y, str(y)) for y in YEARS], state.baseline)
        )
    style = state.style if geo_available else "hex"
    hint = None if geo_available else GEO_UNAVAILABLE
    parts.append(
        _fieldset(
            "Map style",
            [
                _choice("radio", "style", key, text, key == style, disabled=(key == "geo" and not geo_available),
                        hint_id="style-hint" if key == "geo" and not geo_available else None)
                for key, text in STYLE_LABELS.items()
            ],
            role="radiogroup",
            hint=hint,
            name="style",
        )
    )
    from .snapshot_panel import panel as snapshot_panel

    parts.append(snapshot_panel(state))
    return html.Section(parts, className="app-filters", **{"aria-labelledby": "filters-heading"})
