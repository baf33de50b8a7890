"""The Dash app: :func:`create_app` builds it; ``app.py`` at the top level runs it."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import html

from sufficiency.config import app_data_dir

from . import callbacks, layout, sections, snapshot_panel
from .plotting import ASSETS_DIR, configure_plotly, use_partial_plotly_bundle

TITLE = layout.SERVICE_NAME
#: Key in ``app.server.config`` holding the folder the app reads its tables from.
DATA_DIR_KEY = "SUFFICIENCY_DATA_DIR"


def build_layout():
    """The layout served on each page load: the shell, filled in from the URL by callbacks."""
    return layout.page(layout.dashboard_body(), navigation_slot=html.Div(id=callbacks.NAV_ID))


def create_app(data_dir: str | Path | None = None, *, background_warm: bool = True) -> dash.Dash:
    """Build the dashboard.

    ``data_dir`` is the folder of tables to read (default: ``app_data_dir()``, that is the
    embedded ``data/`` unless ``SUFFICIENCY_DATA`` is set). Every script, stylesheet and
    font is served by the app itself: nothing is fetched from another host.
    ``background_warm``: fill the caches in a thread beside the server (the development
    server); the production server warms before it forks instead (``sufficiency.server``).
    """
    configure_plotly()
    app = dash.Dash(
        __name__,
        title=TITLE,
        update_title=None,
        serve_locally=True,
        external_scripts=[],
        external_stylesheets=[],
        assets_folder=str(ASSETS_DIR),
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1, viewport-fit=cover"},
            {"name": "theme-color", "content": "#1d70b8"},
        ],
    )
    use_partial_plotly_bundle()
    app.index_string = layout.INDEX_STRING
    app.layout = build_layout
    app.server.config[DATA_DIR_KEY] = Path(data_dir) if data_dir is not None else app_data_dir()
    callbacks.register(app, app.server.config[DATA_DIR_KEY], background_warm=background_warm)
    sections.register_all(app)
    snapshot_panel.register(app)
    return app


def data_dir_of(app: dash.Dash) -> Path:
    """The data folder ``app`` was created with."""
    return app.server.config[DATA_DIR_KEY]
