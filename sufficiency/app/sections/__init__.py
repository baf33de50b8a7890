"""The views of the dashboard ("sections") and the interface they share.

A section is a module of this package that exposes

* ``render(state: ViewState, data: AppData) -> Dash component``: a pure function that
  draws the whole view for that state (no callbacks, no global state), and optionally
* ``register(app)``: adds callbacks the view needs beyond the central ones (called once
  by ``create_app``).

The central callback reads the URL, turns it into a :class:`ViewState` and calls
:func:`render`, which picks the module of ``state.view`` from :data:`SECTIONS`. A section
whose module is not there yet is shown as a short "being built" panel.

Sections draw tables with ``app.tables.table_block`` (sortable, with a CSV download)
and register each table's builder with ``app.tables.table``.
"""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from types import ModuleType

from dash import html

from ...state import ViewState

log = logging.getLogger(__name__)

#: view (as in the URL) -> module name in this package
SECTIONS = {
    "map": "map_view",
    "region": "region_view",
    "profile": "profile",
    "quality": "quality",
    "distance": "distance",
    "market": "market",
    "about": "about",
}

TITLES = {
    "map": "Map",
    "region": "Regions",
    "profile": "Local authority profile",
    "quality": "Quality by sector",
    "distance": "Distance from home",
    "market": "The market: owners, concentration and openings",
    "about": "About the data",
}


@lru_cache(maxsize=None)
def module(view: str) -> ModuleType | None:
    """The section module for ``view``, or None when it is not there (yet)."""
    name = SECTIONS.get(view)
    if name is None:
        return None
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.{name}":
            return None
        raise


def being_built(view: str) -> html.Div:
    """The honest placeholder of a section that is not there yet."""
    title = TITLES.get(view, view)
    return html.Div(
        [
            html.H1(title, className="govuk-heading-l"),
            html.Div(
                html.P("This section is being built.", className="govuk-body"),
                className="govuk-inset-text",
            ),
        ],
        className="app-section",
        id=f"section-{view}",
    )


def view_key(state: ViewState) -> str:
    """What makes one view another: the view and, for a profile, its LA or footprint. A change
    of key is a change of view (the page moves to the new heading); a change of filters is not."""
    if state.view == "profile":
        return f"profile:{state.footprint or state.la or ''}"
    return state.view


def render(state: ViewState, data) -> object:
    """The component of the view named in ``state``, in a holder naming the view
    (``data-view``), which ``assets/view_change.js`` watches."""
    mod = module(state.view)
    if mod is None or not hasattr(mod, "render"):
        content = being_built(state.view)
    else:
        content = mod.render(state, data)
    return html.Div(content, className="app-view", **{"data-view": view_key(state)})


def register_all(app) -> None:
    """Call ``register(app)`` of every section that has one."""
    for view in SECTIONS:
        mod = module(view)
        if mod is not None and hasattr(mod, "register"):
            mod.register(app)
