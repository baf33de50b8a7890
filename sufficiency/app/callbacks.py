"""The central callbacks, kept thin: each wires its inputs to pure functions.

* URL -> page: :func:`render_page` (navigation, filter panel, the section's content).
* control or map click -> new URL: :func:`change_from_event` then :func:`apply_change`.
* "Download CSV" -> file: ``tables.download``.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from urllib.parse import urlencode

from dash import ALL, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from ..geography.reorganisations import REGION_NAMES
from ..config import ENGLAND_CODE
from ..engine.quality import SHARES
from ..vocab import PROVISION_TYPES, SECTORS
from . import controls, ids, sections, tables
from ..store import AppData, load
from .layout import LOCATION_ID
from ..present.areas import resolve as resolve_areas
from ..state import MAP_STYLES, VIEWS, ViewState, from_query
from .sections.common import geo_available

log = logging.getLogger(__name__)

CONTENT_ID, FILTERS_ID, NAV_ID, DOWNLOAD_ID = ids.CONTENT, ids.FILTERS, ids.NAV, ids.DOWNLOAD


# --- pure functions -------------------------------------------------------------------


def _toggled(current: tuple, value: str, order) -> tuple:
    chosen = set(current) ^ {value}
    return tuple(v for v in order if v in chosen)


def _footprint_codes(state: ViewState, data) -> list[str]:
    """The codes of the state's footprint (a preset's councils in the state's year)."""
    if not state.footprint:
        return []
    if "," in state.footprint or state.footprint.startswith("E"):
        return state.footprint.split(",")
    if data is None:
        return []
    from ..present.areas import chosen, members_in_year

    return members_in_year(chosen(state, data), state.year, data)


def _with_footprint(state: ViewState, codes) -> ViewState:
    key = ",".join(sorted(set(codes)))
    return state.with_(footprint=key or None, footprint_name=state.footprint_name if key else None)


def apply_change(state: ViewState, change: tuple, la_codes_of_year=None, data=None) -> ViewState:
    """The state after one user action. ``change`` is one of ("toggle", group, value),
    ("radio", group, value), ("select", name, value) or ("map", la_code). ``data`` is needed
    to change a preset footprint into the user's own (its councils that year)."""
    kind = change[0]
    if kind == "toggle":
        _, group, value = change
        if group == "sector" and value in SECTORS:
            return state.with_(sectors=_toggled(state.sectors, value, SECTORS))
        if group == "type" and value in PROVISION_TYPES:
            types = _toggled(state.provision_types, value, PROVISION_TYPES)
            return state.with_(provision_types=types) if types else state
        if group == "footprint_remove" and isinstance(value, str):
            return _with_footprint(state, [c for c in _footprint_codes(state, data) if c != value])
        if group == "zoom":
            return state.with_(zoom=not state.zoom)
        return state
    if kind == "radio":
        _, group, value = change
        if group == "share" and value in SHARES:  # which grades the quality trend counts (not the map measure)
            return state.with_(ratings=value)
        if group == "pick":
            return state.with_(pick="footprint" if value == "footprint" else None)
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
        if name in ("measure", "area", "baseline", "view", "market_threshold"):
            return state.with_(**{name: getattr(probe, name)})
        if name == "footprint":
            return state.with_(footprint=probe.footprint, footprint_name=None)
        if name == "footprint_add":
            code = from_query("?" + urlencode({"area": value})).area
            if code == ENGLAND_CODE or code in REGION_NAMES:
                return state
            return _with_footprint(state, [*_footprint_codes(state, data), code])
        if name == "footprint_name" and state.footprint:
            named = from_query("?" + urlencode({"footprint": state.footprint, "footprint_name": value}))
            return state.with_(footprint_name=named.footprint_name)
        return state
    if kind == "map":
        code = change[1]
        if not (isinstance(code, str) and code):
            return state
        if state.pick == "footprint":
            codes = _footprint_codes(state, data)
            return _with_footprint(state, [c for c in codes if c != code] if code in codes else [*codes, code])
        return state.with_(view="profile", la=code)
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
        if kind == ids.MAP_TYPE:
            try:
                return ("map", value["points"][0]["customdata"])
            except (TypeError, KeyError, IndexError):
                return None
        return None
    if trigger == controls.EVENT_ID and isinstance(value, dict) and value.get("name"):
        return ("select", str(value["name"]), str(value.get("value", "")))
    return None


def normalise(state: ViewState, *, geo: bool = True) -> ViewState:
    """The state as drawn: the hex map when boundaries are missing."""
    return state.with_(style="hex") if not geo and state.style == "geo" else state


def footprint_parts(state: ViewState, data) -> tuple:
    """(presets, members, name) for the filter panel's footprint part."""
    from ..geography.footprints import PRESETS
    from ..present.areas import chosen, members_in_year

    presets = [(p.id, p.name) for p in PRESETS]
    if not state.footprint:
        return presets, [], None
    area = chosen(state, data)
    names = data.la_names
    members = [(c, names.get(c, c)) for c in members_in_year(area, state.year, data)] if area.is_footprint else []
    return presets, members, area.name if area.is_footprint else None


@lru_cache(maxsize=64)
def _filters(state: ViewState, folder: str, geo: bool):
    data = load(folder)
    las = data.las_in_year(state.year)
    return controls.filter_panel(state, dict(zip(las["code"], las["name"])), geo_available=geo,
                                 footprint=footprint_parts(state, data))


@lru_cache(maxsize=64)
def page_parts(state: ViewState, folder: str, geo: bool = True) -> tuple:
    """(navigation, filter panel, content) of ``state``, built once per state and data folder.

    The components are shared between requests and must not be changed by callers."""
    return controls.navigation(state), _filters(state, folder, geo), sections.render(state, load(folder))


def render_page(search: str | None, data: AppData, *, geo: bool = True) -> tuple:
    """(navigation, filter panel, content) for the URL query string ``search``. An area code
    of another year (an old bookmark) is mapped to the year's council, and the page says so."""
    state, notes = resolve_areas(normalise(from_query(search).normalised(), geo=geo), data, search)
    parts = page_parts(state, str(data.folder), geo)
    if notes:
        return parts[0], parts[1], html.Div([notice(notes), parts[2]])
    return parts


def notice(notes: list[str]) -> html.Div:
    """A GOV.UK notification banner saying how the page changed what the address asked for."""
    return html.Div(
        [
            html.Div(html.H2("Important", className="govuk-notification-banner__title", id="page-notice-title"),
                     className="govuk-notification-banner__header"),
            html.Div([html.P(n, className="govuk-notification-banner__heading") for n in notes],
                     className="govuk-notification-banner__content"),
        ],
        className="govuk-notification-banner", role="region", id="page-notice",
        **{"aria-labelledby": "page-notice-title"},
    )


def warm(folder: str, geo: bool) -> None:
    """Compute at start-up what requests would otherwise compute first: the years of each
    measure, the hex layouts and region shapes of every year, the first page of each view,
    then (with the boundary files) the boundary maps of every year."""
    from ..config import YEARS
    from ..engine import queries
    from ..engine.registry import MAP_MEASURES
    from ..figures import maps, region_map

    folder = str(folder)
    data = load(folder)
    for measure in MAP_MEASURES:
        queries.years_with(data, measure)
    for year in YEARS:
        maps.hex_areas(year)
        region_map.region_tiles(year)
    for view in VIEWS:
        page_parts(ViewState(view=view), folder, geo)
    if geo:
        maps.geo_outlines()
        region_map.region_geo_tiles()
        for year in reversed(YEARS):
            maps.geo_areas(year)


_WARMING: set = set()
_WARM_LOCK = threading.Lock()


def warm_in_background(folder: str, geo: bool) -> threading.Thread | None:
    """Run :func:`warm` once per process and data folder, beside the server."""
    with _WARM_LOCK:
        if (str(folder), geo) in _WARMING:
            return None
        _WARMING.add((str(folder), geo))

    def run():
        try:
            warm(folder, geo)
        except Exception:  # a failed warm-up only means the first requests do the work
            log.exception("warming the caches failed")

    thread = threading.Thread(target=run, name="warm-caches", daemon=True)
    thread.start()
    return thread


def _la_codes(data: AppData):
    return lambda year: set(data.las_in_year(year)["code"])


# --- wiring ---------------------------------------------------------------------------


def register(app, data_dir, *, background_warm: bool = True) -> None:
    """Wire the central callbacks. ``background_warm``: start :func:`warm` in a thread (the
    development server); the production server warms synchronously before its workers fork
    (``sufficiency.server.warm``) instead, since a thread of the forking process would not run
    in them."""
    folder = str(data_dir)
    tables.register(app)
    if background_warm:
        warm_in_background(folder, geo_available())

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
        Input({"type": ids.TOGGLE_TYPE, "group": ALL, "value": ALL}, "n_clicks"),
        Input({"type": ids.RADIO_TYPE, "group": ALL, "value": ALL}, "n_clicks"),
        Input(ids.EVENT, "data"),
        Input(ids.map_graph(ALL), "clickData"),
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
        new = apply_change(state, change, _la_codes(load(folder)), load(folder))
        return new.to_query() if new != state else no_update

    @app.callback(
        Output(LOCATION_ID, "search", allow_duplicate=True),
        Input(ids.FOOTPRINT_NAME, "value"),
        State(LOCATION_ID, "search"),
        prevent_initial_call=True,
    )
    def on_footprint_name(value, search):
        state = from_query(search)
        new = apply_change(state, ("select", "footprint_name", str(value or "")), None, load(folder))
        return new.to_query() if new != state else no_update

    @app.callback(
        Output(DOWNLOAD_ID, "data"),
        Input(ids.table_download(ALL), "n_clicks"),
        State(ids.table_sort(ALL), "data"),
        State(LOCATION_ID, "search"),
        prevent_initial_call=True,
    )
    def on_download(_clicks, sorts, search):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        name = trigger["name"]
        sort_by = next((s for s, spec in zip(sorts, ctx.states_list[0]) if spec["id"]["name"] == name), None)
        return tables.download(name, from_query(search), load(folder), sort_by)


__all__ = ["apply_change", "change_from_event", "render_page", "register", "VIEWS"]
