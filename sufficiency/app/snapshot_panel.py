"""The "Download sufficiency snapshot" control: choose a format, download the current view.

``panel(state)`` draws it (in the filter panel); ``register(app)`` adds its callback, which
reads the view from the URL at the moment of the click, builds the snapshot with
:func:`sufficiency.snapshot.build_snapshot` and sends it through ``dcc.Download``. While it
builds, the button is disabled and a progress message shows (``dcc.Loading``).
"""

from __future__ import annotations

import base64
import logging

from dash import Input, Output, State, dcc, html, no_update

from ..snapshot import FORMATS
from .layout import LOCATION_ID
from .state import ViewState

log = logging.getLogger(__name__)

PANEL_ID = "snapshot"
FORMAT_ID = "snapshot-format"
BUTTON_ID = "snapshot-button"
STATUS_ID = "snapshot-status"
PROGRESS_ID = "snapshot-progress"
DOWNLOAD_ID = "snapshot-download"
DEFAULT_FORMAT = "xlsx"
LABELS = {
    "xlsx": "Excel workbook (.xlsx)",
    "html": "Report to print (HTML)",
    "pdf": "Report (PDF)",
    "zip": "CSV files for R or Python (.zip)",
}
BUILDING = "Building the snapshot… this takes a few seconds."


def panel(state: ViewState | None = None) -> html.Div:
    """The control: a format choice, the button, a progress message and the download."""
    return html.Div(
        [
            html.H2("Download sufficiency snapshot", className="govuk-heading-s", id=f"{PANEL_ID}-heading"),
            html.P(
                "The figures, tables and charts of this view, with sources, definitions and a link that reopens it.",
                className="govuk-hint", id=f"{PANEL_ID}-hint",
            ),
            html.Div(
                [
                    html.Label("Format", htmlFor=FORMAT_ID, className="govuk-label"),
                    dcc.Dropdown(
                        id=FORMAT_ID, options=[{"label": LABELS[k], "value": k} for k in FORMATS],
                        value=DEFAULT_FORMAT, clearable=False, searchable=False, persistence=True,
                        className="app-snapshot-format",
                    ),
                ],
                className="govuk-form-group",
            ),
            html.Button(
                "Download sufficiency snapshot", id=BUTTON_ID, type="button", n_clicks=0,
                className="govuk-button govuk-button--secondary", **{"aria-describedby": f"{PANEL_ID}-hint",
                                                                   "data-module": "govuk-button"},
            ),
            html.P("", id=PROGRESS_ID, className="govuk-body-s", role="status", **{"aria-live": "polite"}),
            dcc.Loading(html.P("", id=STATUS_ID, className="govuk-body-s"), type="dot", id=f"{STATUS_ID}-loading"),
            dcc.Download(id=DOWNLOAD_ID),
        ],
        className="app-snapshot", id=PANEL_ID, role="group", **{"aria-labelledby": f"{PANEL_ID}-heading"},
    )


def download_data(snap) -> dict:
    """What ``dcc.Download`` sends for a snapshot (binary files base64-encoded)."""
    return {"content": base64.b64encode(snap.content).decode("ascii"), "filename": snap.filename,
            "type": snap.mime, "base64": True}


def register(app) -> None:
    from flask import request

    from ..snapshot import build_snapshot
    from ..snapshot.pdf import PdfUnavailable
    from . import data_dir_of
    from .data import load
    from .state import from_query

    @app.callback(
        Output(DOWNLOAD_ID, "data"),
        Output(STATUS_ID, "children"),
        Input(BUTTON_ID, "n_clicks"),
        State(FORMAT_ID, "value"),
        State(LOCATION_ID, "search"),
        prevent_initial_call=True,
        running=[(Output(BUTTON_ID, "disabled"), True, False), (Output(PROGRESS_ID, "children"), BUILDING, "")],
    )
    def on_snapshot(n_clicks, fmt, search):
        if not n_clicks:
            return no_update, no_update
        fmt = fmt if fmt in FORMATS else DEFAULT_FORMAT
        try:
            snap = build_snapshot(load(data_dir_of(app)), from_query(search), fmt, base_url=request.host_url)
        except PdfUnavailable as err:
            return no_update, str(err)
        except Exception:  # say so on the page rather than fail silently
            log.exception("snapshot failed")
            return no_update, "The snapshot could not be built. Try another format, or try again."
        message = f"Downloaded {snap.filename} ({len(snap.content) / 1024:,.0f} KB, built in {snap.seconds:.1f} s)."
        return download_data(snap), message + (f" {snap.note}" if snap.note else "")
