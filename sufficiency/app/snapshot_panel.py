"""The "Download sufficiency snapshot" control: choose a format, download the current view.

``panel(state)`` draws it (in the filter panel): one button per format. ``register(app)``
adds its callback, which reads the view from the URL at the moment of the click, builds the snapshot with
:func:`sufficiency.snapshot.build_snapshot` (with the upload panel's suppressed figures, from
the browser-memory store, as an "Uploaded placements" table) and sends it through ``dcc.Download``. While it
builds, a progress message and a spinner show (``dcc.Loading``).
"""

from __future__ import annotations

import base64
import logging

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from ..snapshot import FORMATS
from .layout import LOCATION_ID, UPLOAD_STORE_ID
from . import ids
from ..state import ViewState

log = logging.getLogger(__name__)

PANEL_ID = ids.SNAPSHOT_PANEL
BUTTON_TYPE = ids.SNAPSHOT_BUTTON_TYPE
BUTTONS_ID = ids.SNAPSHOT_BUTTONS
STATUS_ID = ids.SNAPSHOT_STATUS
PROGRESS_ID = ids.SNAPSHOT_PROGRESS
DOWNLOAD_ID = ids.SNAPSHOT_DOWNLOAD
DEFAULT_FORMAT = "xlsx"
LABELS = {
    "xlsx": "Excel workbook",
    "html": "Report to print (HTML)",
    "pdf": "Report (PDF)",
    "zip": "CSV files and chart images (zip)",
}
BUILDING = "Building the snapshot… this takes a few seconds."


def button_id(fmt: str) -> dict:
    return {"type": BUTTON_TYPE, "format": fmt}


def panel(state: ViewState | None = None) -> html.Div:
    """The control: one button per format, a progress message and the download."""
    buttons = [
        html.Button(
            LABELS[fmt], id=button_id(fmt), type="button", n_clicks=0,
            className="govuk-button govuk-button--secondary app-snapshot-button",
            **{"aria-describedby": f"{PANEL_ID}-hint", "data-module": "govuk-button", "data-format": fmt},
        )
        for fmt in FORMATS
    ]
    return html.Div(
        [
            html.H2("Download sufficiency snapshot", className="govuk-heading-s", id=f"{PANEL_ID}-heading"),
            html.P(
                "This view's figures, tables and charts, with sources, definitions and a link that reopens it. "
                "Choose a format:",
                className="govuk-hint", id=f"{PANEL_ID}-hint",
            ),
            html.Div(buttons, className="govuk-button-group app-snapshot-buttons", id=BUTTONS_ID),
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

    from concurrent.futures import TimeoutError as Timeout

    from ..snapshot import jobs
    from ..snapshot.pdf import PdfUnavailable
    from . import data_dir_of
    from ..state import from_query

    @app.callback(
        Output(DOWNLOAD_ID, "data"),
        Output(STATUS_ID, "children"),
        Input(button_id(ALL), "n_clicks"),
        State(LOCATION_ID, "search"),
        State(UPLOAD_STORE_ID, "data"),
        prevent_initial_call=True,
        running=[(Output(PROGRESS_ID, "children"), BUILDING, "")],
    )
    def on_snapshot(clicks, search, upload):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks or []) or not ctx.triggered[0]["value"]:
            return no_update, no_update
        fmt = trigger.get("format") if trigger.get("format") in FORMATS else DEFAULT_FORMAT
        try:
            snap = jobs.build(str(data_dir_of(app)), from_query(search).to_query(), fmt, base_url=request.host_url,
                              upload=upload)
        except (PdfUnavailable, jobs.Busy) as err:
            return no_update, str(err)
        except Timeout:
            log.error("snapshot took longer than %s s", jobs.TIMEOUT)
            return no_update, "The snapshot is taking too long: the service is busy. Try again in a minute."
        except Exception:  # say so on the page rather than fail silently
            log.exception("snapshot failed")
            return no_update, "The snapshot could not be built. Try another format, or try again."
        message = f"Downloaded {snap.filename} ({len(snap.content) / 1024:,.0f} KB, built in {snap.seconds:.1f} s)."
        return download_data(snap), message + (f" {snap.note}" if snap.note else "")
