"""The central callbacks, kept thin: each wires its inputs to pure functions.

* URL -> page: :func:`render_page` (navigation, filter panel, the section's content).
* control or map click -> new URL: :func:`change_from_event` then :func:`apply_change`.
* "Download CSV" -> file: ``tables.download``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from ..geography.reorganisations import REGION_NAMES
from ..config import ENGLAND_CODE
from ..vocab import PROVISION_TYPES, SECTORS
from . import controls, sections, tables
from .data import AppData, load
from .layout import LOCATION_ID
from .state import MAP_STYLES, VIEWS, ViewState, from_query
from .sections.common import geo_available

CONTENT_ID = "content"
FILTERS_ID = "filters"
NAV_ID = "service-nav"
DOWNLOAD_ID = "download"


# --- pure functions -------------------------------------------------------------------


def _toggled(current: tuple, value: str, order) -> tuple:
    chosen = set(current) ^ {value}
    return tuple(v for v in order if v in chosen)


def apply_change(state: ViewState, change: tuple, la_codes_of_year=None) -> ViewState:
    """The state after one user action. ``change`` is one of ("toggle", group, value),
    ("radio", group, value), ("select", name, value) or ("map", la_code)."""
    kind = change[0]
    if kind == "toggle":
        _, group, value = change
        if group == "sector" and value in SECTORS:
            return state.with_(sectors=_toggled(state.sectors, value, SECTORS))
        if group == "type" and value in PROVISION_TYPES:
            types = _toggled(state.provision_types, value, PROVISION_TYPES)
            return state.with_(provision_types=types) if types else state
        return state
    if kind == "radio":
        _, group, value = change
        return state.with_(style=value) if group == "style" and value in MAP_STYLES else state
    if kind == "select":
        _, name, value = change
        probe = from_query("?" + urlencode({name: value}))  # the value parsed as the URL would be
        if name == "year":
            new = state.with_(year=probe.year)
            if la_codes_of_year is not None and new.area not in la_codes_of_year(new.year) \
                    and new.area != ENGLAND_CODE and new.area not in REGION_NAMES:
                new = new.with_(area=ENGLAND_CODE)
            return new
        if name in ("measure", "area", "baseline", "view"):
            return state.with_(**{name: getattr(probe, name)})
        return state
    if kind == "map":
        code = change[1]
        return state.with_(view="profile", la=code) if isinstance(code, str) and code else state
    return state


def change_from_event(trigger, value) -> tuple | None:
    """The user action behind a callback trigger, or None when nothing was done.

    ``trigger`` is the id of the component that fired (a dict for pattern ids, or the
    event store's id) and ``value`` its new property value."""
    if isinstance(trigger, dict):
        kind = trigger.get("type")
        if kind in (controls.TOGGLE, controls.RADIO):
            if not value:
                return None
            return ("toggle" if kind == controls.TOGGLE else "radio", trigger.get("group"), trigger.get("value"))
        if kind == "la-map":
            try:
                return ("map", value["points"][0]["customdata"])
            except (TypeError, KeyError, IndexError):
                return None
        return None
    if trigger == controls.EVENT_ID and isinstance(value, dict) and value.get("name"):
        return ("select", str(value["name"]), str(value.get("value", "")))
    return None


def render_page(search: str | None, data: AppData, *, geo: bool = True) -> tuple:
    """(navigation, filter panel, content) for the URL query string ``search``."""
    state = from_query(search)
    if not geo and state.style == "geo":
        state = state.with_(style="hex")
    names = dict(zip(data.las_in_year(state.year)["code"], data.las_in_year(state.year)["name"]))
    return (
        controls.navigation(state),
        controls.filter_panel(state, names, geo_available=geo),
        sections.render(state, data),
    )


def _la_codes(data: AppData):
    return lambda year: set(data.las_in_year(year)["code"])


# --- wiring ---------------------------------------------------------------------------


def register(app, data_dir) -> None:
    folder = str(data_dir)

    @app.callback(
        Output(NAV_ID, "children"),
        Output(FILTERS_ID, "children"),
        Output(CONTENT_ID, "children"),
        Input(LOCATION_ID, "search"),
    )
    def on_url(search):
        return render_page(search, load(folder), geo=geo_available())

    @app.callback(
        Output(LOCATION_ID, "search"),
        Input({"type": controls.TOGGLE, "group": ALL, "value": ALL}, "n_clicks"),
        Input({"type": controls.RADIO, "group": ALL, "value": ALL}, "n_clicks"),
        Input(controls.EVENT_ID, "data"),
        Input({"type": "la-map", "name": ALL}, "clickData"),
        State(LOCATION_ID, "search"),
        prevent_initial_call=True,
    )
    def on_control(_toggles, _radios, _event, _clicks, search):
        trigger = ctx.triggered_id
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        change = change_from_event(trigger, value)
        if change is None:
            raise PreventUpdate
        state = from_query(search)
        new = apply_change(state, change, _la_codes(load(folder)))
        return new.to_query() if new != state else no_update

    @app.callback(
        Output(DOWNLOAD_ID, "data"),
        Input({"type": "download", "name": ALL}, "n_clicks"),
        State({"type": "table", "name": ALL}, "sort_by"),
        State(LOCATION_ID, "search"),
        prevent_initial_call=True,
    )
    def on_download(_clicks, sorts, search):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        name = trigger["name"]
        sort_by = next((s for s, spec in zip(sorts, ctx.states_list[0]) if spec["id"]["name"] == name), None)
        return tables.download(name, from_query(search), folder, sort_by)


__all__ = ["apply_change", "change_from_event", "render_page", "register", "VIEWS"]
