"""The scenario controls and the upload panel of the distance view, and their callbacks.

Upload, memory only: the file's bytes reach the server inside one callback request, are
validated and counted there, and are dropped when the callback returns. What is kept is the
suppressed distribution (counts below 5 hidden) in a ``dcc.Store`` with
``storage_type="memory"`` in the page shell: it lives in that browser tab's memory, survives
changes of view and filters, and is gone on reload or when the tab closes. Nothing is written
to disk, put in the URL, cached on the server or logged (a failure logs its kind only).
"""

from __future__ import annotations

import base64
import binascii
import logging
from urllib.parse import urlencode

from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ...geography.reorganisations import REGION_NAMES
from ...uploads import (DESCRIPTIONS, MAX_BYTES, MAX_ROWS, SUPPRESSED_MEANING, UploadError, export_frame,
                        parse_upload, publishable, upload_distribution)
from ...uploads.columns import REQUIRED
from ...callback_requests import BadClientValue
from ...uploads.example import example_csv, template_csv
from ...uploads.parse import ACCEPTED, shown, too_large
from ...uploads.stored import store_problem
from ...vocab import SECTOR_SLUGS
from .. import ids
from ..controls import EVENT_ID, option
from ..layout import LOCATION_ID, UPLOAD_STORE_ID
from ...state import SCENARIO_MAX_PLACES, from_query
from ..tables import to_csv

log = logging.getLogger(__name__)
SCENARIO_FIELDS = ("scenario_area", "scenario_sector")
UPLOAD_ID, RESULT_ID, DOWNLOAD_BUTTON, DOWNLOAD_FILE = ids.UPLOAD_FILE, ids.UPLOAD_RESULT, ids.UPLOAD_DOWNLOAD_BUTTON, ids.UPLOAD_DOWNLOAD
TEMPLATE_BUTTON, EXAMPLE_BUTTON, TEMPLATE_FILE = ids.UPLOAD_TEMPLATE_BUTTON, ids.UPLOAD_EXAMPLE_BUTTON, ids.UPLOAD_TEMPLATE
WRONG_KIND = ("'{name}' is not a CSV file (.csv) or an Excel workbook (.xlsx), so it was not sent. Save the placements "
              "as one of those.")


# --- scenario -------------------------------------------------------------------------


def _select(name: str, label: str, children, hint: str | None = None) -> html.Div:
    from ..controls import labelled_select

    return labelled_select(f"scenario-{name.removeprefix('scenario_')}", name, label, children, hint=hint)


def scenario_controls(state, data, area: str | None) -> html.Div:
    """Area (LA or region) and sector selects (applied at once, like the filters) and the
    number of places (applied with the button or Enter). All three are in the URL."""
    las = data.las_in_year(state.year).sort_values("name")
    regions = sorted(REGION_NAMES.items(), key=lambda kv: kv[1])
    area_opts = [option("", "Choose an LA or a region", "" if area is None else area)]
    if state.footprint:
        from ...present.areas import footprint_of

        fp = footprint_of(state, data)
        if fp is not None:
            area_opts.append(option("footprint", f"The footprint: {fp.name}", area))
    area_opts.append(html.Optgroup([option(c, n, area) for c, n in regions], label="Regions"))
    area_opts.append(html.Optgroup([option(c, n, area) for c, n in zip(las["code"], las["name"])],
                                   label=f"Local authorities ({state.year})"))
    sector_opts = [html.Option("In proportion to the sectors chosen", value="", selected=state.scenario_sector is None)]
    sector_opts += [html.Option(label, value=slug, selected=slug == state.scenario_sector)
                    for label, slug in SECTOR_SLUGS.items() if label in state.sectors]
    return html.Div(
        [
            _select("scenario_area", "Area of the change", area_opts),
            _select("scenario_sector", "Sector of the places", sector_opts, hint="Only the sectors ticked in the "
                    "filters are modelled."),
            html.Div([
                html.Label("Places to add (negative to remove)", htmlFor="scenario-places",
                           className="govuk-label govuk-label--s"),
                html.Div(f"A whole number from -{SCENARIO_MAX_PLACES:,} to {SCENARIO_MAX_PLACES:,}.",
                         className="govuk-hint", id="scenario-places-hint"),
                dcc.Input(id="scenario-places", type="number", value=state.scenario_places or None, step=1,
                          min=-SCENARIO_MAX_PLACES, max=SCENARIO_MAX_PLACES, debounce=True,
                          className="govuk-input govuk-input--width-5"),
            ], className="govuk-form-group"),
            html.Button("Apply the scenario", id="scenario-apply", type="button", className="govuk-button",
                        **{"data-module": "govuk-button"}),
        ],
        className="app-scenario-controls", id="scenario-controls", **{"data-keep-focus": "true"},
    )


# --- upload ---------------------------------------------------------------------------


def upload_panel(state) -> html.Section:
    """The upload control, the column guide and the (callback-filled) result."""
    cols = [html.Tr([html.Th(html.Code(c), scope="row", className="govuk-table__header"),
                     html.Td(("Required. " if c in REQUIRED else "") + DESCRIPTIONS[c], className="govuk-table__cell")],
                    className="govuk-table__row") for c in DESCRIPTIONS]
    return html.Section(
        [
            html.H2("Your placements: upload a CSV file", className="govuk-heading-m", id="upload-heading"),
            html.P("See the distance distribution of your own placements, next to the modelled one. The file stays in "
                   "this browser tab's memory only: it is not saved, and it is gone when you reload or close the page. "
                   "Counts below 5 are suppressed in everything shown and in the download.", className="govuk-body"),
            html.Details([
                html.Summary(html.Span("Columns the file needs", className="govuk-details__summary-text"),
                             className="govuk-details__summary"),
                html.Div([
                    html.Table([html.Caption("Columns of the placements file", className="govuk-table__caption "
                                             "govuk-table__caption--s"), html.Tbody(cols, className="govuk-table__body")],
                               className="govuk-table"),
                    html.P(f"One row per child or placement, with a header line, as a CSV file or an Excel workbook "
                           f"(.xlsx: its first sheet is read). At most {MAX_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} "
                           "rows. No other columns: names, dates of birth or IDs are not needed and a file with them "
                           "is refused.", className="govuk-body"),
                    html.Div([
                        html.Button("Download a template (CSV)", id=TEMPLATE_BUTTON, type="button",
                                    className="govuk-button govuk-button--secondary",
                                    **{"data-module": "govuk-button"}),
                        html.Button("Download an example of made-up placements (CSV)", id=EXAMPLE_BUTTON, type="button",
                                    className="govuk-button govuk-button--secondary",
                                    **{"data-module": "govuk-button"}),
                    ], className="govuk-button-group"),
                ], className="govuk-details__text"),
            ], className="govuk-details"),
            html.Div([
                html.Label("Upload a placements file (CSV or Excel .xlsx)", htmlFor=UPLOAD_ID,
                           className="govuk-label govuk-label--s", id="upload-label"),
                html.Div(f"At most {MAX_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} rows.", className="govuk-hint",
                         id="upload-hint"),
                html.Div(
                    dcc.Upload(html.Div(["Drag and drop the file here, or ",
                                         html.Span("choose a file", className="govuk-link")]),
                               id=UPLOAD_ID, accept=",".join(ACCEPTED), max_size=MAX_BYTES, multiple=False,
                               className="app-upload",
                               style={"border": "2px dashed #b1b4b6", "padding": "20px", "cursor": "pointer"}),
                    # read by assets/upload.js: a file over the limit, or of another kind, gets a message at once
                    # and is never sent (dcc.Upload drops it without a word)
                    **{"data-upload-limit": str(MAX_BYTES), "data-upload-accept": ",".join(ACCEPTED),
                       "data-upload-store": UPLOAD_STORE_ID, "data-too-large": too_large("{size}"),
                       "data-wrong-kind": WRONG_KIND},
                    id=ids.UPLOAD_CONTROL,
                ),
            ], className="govuk-form-group"),
            html.Div(upload_result(None), id=RESULT_ID, **{"aria-live": "polite"}),
            dcc.Download(id=DOWNLOAD_FILE),
            dcc.Download(id=TEMPLATE_FILE),
        ],
        className="app-upload-panel", id="upload-panel", **{"aria-labelledby": "upload-heading"},
    )


def read_upload(contents: str | None, filename: str | None) -> dict | None:
    """What the store keeps for an upload: the suppressed figures, or the problems found."""
    if not contents:
        return None
    if not isinstance(contents, str) or (filename is not None and not isinstance(filename, str)):
        return _error_store(None, [{"line": None, "column": None, "value": None,  # not what a browser sends
                                    "message": "The file could not be read. Save it as CSV and try again."}], 1)
    _, _, b64 = contents.partition(",")
    if len(b64) * 3 // 4 > MAX_BYTES + 3:  # refused before decoding
        return _error_store(filename, [{"line": None, "column": None, "value": None,
                                        "message": too_large(len(b64) * 3 / 4)}], 1)
    try:
        content = base64.b64decode(b64, validate=True)
        result = parse_upload(content, filename or "")
    except UploadError as err:
        issues = [{"line": i.line, "column": i.column, "value": i.value, "message": i.message} for i in err.issues]
        return _error_store(filename, issues, err.total)
    except (binascii.Error, ValueError) as err:
        log.warning("an upload could not be read (%s)", type(err).__name__)  # the kind only, never the content
        return _error_store(filename, [{"line": None, "column": None, "value": None,
                                        "message": "The file could not be read. Save it as CSV and try again."}], 1)
    pub = publishable(upload_distribution(result.frame), result.basis_counts())
    return {"ok": True, "filename": shown(filename or ""), "encoding": result.encoding, "notes": list(result.notes),
            "figures": pub}


def _error_store(filename, issues, total) -> dict:
    return {"ok": False, "filename": shown(filename or ""), "issues": issues, "total": int(total)}


def _cell(text, header=False):
    return (html.Th if header else html.Td)(text, className="govuk-table__header" if header else "govuk-table__cell",
                                            **({"scope": "col"} if header else {}))


def _errors(store: dict) -> html.Div:
    total, issues = store["total"], store["issues"]
    head = f"There {'is 1 problem' if total == 1 else f'are {total:,} problems'} with {store['filename'] or 'the file'}"
    more = f" The first {len(issues)} are listed." if total > len(issues) else ""
    rows = [html.Tr([_cell("" if i["line"] is None else str(i["line"])), _cell(i["column"] or ""),
                     _cell("" if i["value"] is None else f"'{i['value']}'"), _cell(i["message"])],
                    className="govuk-table__row") for i in issues]
    return html.Div([
        html.H3(head, className="govuk-error-summary__title", id="upload-error-title"),
        html.Div([
            html.P("Nothing from the file is shown until every problem is fixed." + more, className="govuk-body"),
            html.Table([html.Caption("Problems found: line of the file, column, value, what is wrong",
                                     className="govuk-table__caption govuk-table__caption--s"),
                        html.Thead(html.Tr([_cell(h, True) for h in ("Line", "Column", "Value", "Problem")],
                                           className="govuk-table__row"), className="govuk-table__head"),
                        html.Tbody(rows, className="govuk-table__body")], className="govuk-table", id="upload-errors"),
        ], className="govuk-error-summary__body"),
    ], className="govuk-error-summary", role="alert", tabIndex="-1", id="upload-error-summary")


def _n(value, pct=None) -> str:
    if value is None:
        return "c"
    return f"{value:,}" + (f" ({pct:.1f}%)" if pct is not None else "")


def upload_result(store: dict | None):
    """The panel's result for what the store holds (pure)."""
    from ...figures.distance import upload_bands
    from .common import chart

    if not store:
        return html.P("No file uploaded.", className="govuk-body", id="upload-none")
    if not store.get("ok"):
        return _errors(store)
    f = store["figures"]
    if f["too_few"]:
        return html.Div(html.P(f"{store['filename']} was read, but it has fewer than 5 rows, so nothing can be shown.",
                               className="govuk-body"), className="govuk-inset-text", id="upload-too-few")
    over = f["over"]
    basis = "; ".join(f"{k}: {_n(v)}" for k, v in f["basis"].items())
    items = [("File", store["filename"]), ("Children (rows)", _n(f["children"])),
             ("Placed more than 20 miles from home", _n(over["20"]["children"], over["20"]["percent"])),
             ("Placed more than 50 miles from home", _n(over["50"]["children"], over["50"]["percent"])),
             ("Placed in the home LA / another LA / area not an LA",
              f"{_n(f['inside_home_la'])} / {_n(f['outside_home_la'])} / {_n(f['area_not_la'])}"),
             ("Distances", basis), ("Encoding", store["encoding"])]
    summary = html.Dl([html.Div([html.Dt(k, className="govuk-summary-list__key"),
                                 html.Dd(v, className="govuk-summary-list__value")], className="govuk-summary-list__row")
                       for k, v in items], className="govuk-summary-list", id="upload-summary")
    frame = export_frame(f)
    table = html.Table([
        html.Caption("Your placements by distance from home (counts below 5 suppressed)",
                     className="govuk-table__caption govuk-table__caption--s"),
        html.Thead(html.Tr([_cell(c, True) for c in frame.columns], className="govuk-table__row"),
                   className="govuk-table__head"),
        html.Tbody([html.Tr([_cell(str(v)) for v in row], className="govuk-table__row")
                    for row in frame.itertuples(index=False)], className="govuk-table__body"),
    ], className="govuk-table", id="upload-table")
    return html.Div([
        html.H3("Your placements: distance from home", className="govuk-heading-s", id="upload-result-heading"),
        summary,
        chart(upload_bands(f["bands"], title="Your placements: % of children by distance from home"), "upload-chart",
              "Bars: % of the children in your file in each distance band; c: suppressed. Dashed lines: 20 and 50 "
              "miles."),
        table,
        html.P(SUPPRESSED_MEANING, className="govuk-body-s", id="upload-suppression-note"),
        *[html.P(n, className="govuk-body-s") for n in store.get("notes", [])],
        html.Button("Download the suppressed table (CSV)", id=DOWNLOAD_BUTTON, type="button",
                    className="govuk-button govuk-button--secondary", **{"data-module": "govuk-button"}),
    ], id="upload-ok")


def upload_csv(store: dict | None) -> dict:
    """The download of the suppressed distribution (what the table shows)."""
    if not store or not store.get("ok") or store["figures"]["too_few"]:
        raise PreventUpdate
    return {"content": to_csv(export_frame(store["figures"])), "filename": "your-placements-by-distance.csv",
            "type": "text/csv"}


# --- wiring ---------------------------------------------------------------------------


def scenario_search(search: str | None, name: str, value) -> str | None:
    """The new query string after a scenario control changed, or None when nothing changes."""
    state = from_query(search)
    probe = from_query("?" + urlencode({name: "" if value is None else value}))
    new = state.with_(**{name: getattr(probe, name)})
    return new.to_query() if new != state else None


def template_download(which: str, gazetteer) -> dict:
    """The template (the header line) or the example of made-up placements, for ``dcc.Download``."""
    if which == TEMPLATE_BUTTON:
        return {"content": template_csv(), "filename": "placements-template.csv", "type": "text/csv"}
    return {"content": example_csv(gazetteer), "filename": "placements-example-made-up.csv", "type": "text/csv"}


def register(app) -> None:
    @app.callback(Output(TEMPLATE_FILE, "data"), Input(TEMPLATE_BUTTON, "n_clicks"), Input(EXAMPLE_BUTTON, "n_clicks"),
                  prevent_initial_call=True)
    def _template(_template_clicks, _example_clicks):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        from .. import data_dir_of
        from ...store import load

        return template_download(ctx.triggered_id, load(data_dir_of(app)).gazetteer)

    @app.callback(Output(LOCATION_ID, "search", allow_duplicate=True), Input(EVENT_ID, "data"),
                  State(LOCATION_ID, "search"), prevent_initial_call=True)
    def _scenario_select(event, search):
        if not isinstance(event, dict) or event.get("name") not in SCENARIO_FIELDS:
            raise PreventUpdate
        new = scenario_search(search, event["name"], event.get("value"))
        return new if new is not None else no_update

    @app.callback(Output(LOCATION_ID, "search", allow_duplicate=True), Input("scenario-apply", "n_clicks"),
                  Input("scenario-places", "n_submit"), State("scenario-places", "value"), State(LOCATION_ID, "search"),
                  prevent_initial_call=True)
    def _scenario_places(_clicks, _submit, value, search):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        try:
            places = int(round(float(value))) if value not in (None, "") else 0
        except (TypeError, ValueError):
            raise PreventUpdate
        new = scenario_search(search, "scenario_places", places)
        return new if new is not None else no_update

    @app.callback(Output(UPLOAD_STORE_ID, "data"), Input(UPLOAD_ID, "contents"), State(UPLOAD_ID, "filename"),
                  prevent_initial_call=True)
    def _upload(contents, filename):
        return read_upload(contents, filename)

    @app.callback(Output(RESULT_ID, "children"), Input(UPLOAD_STORE_ID, "data"), Input(RESULT_ID, "id"))
    def _show(store, _id):
        return upload_result(_checked(store))

    @app.callback(Output(DOWNLOAD_FILE, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), State(UPLOAD_STORE_ID, "data"),
                  prevent_initial_call=True)
    def _download(clicks, store):
        if not clicks:
            raise PreventUpdate
        return upload_csv(_checked(store))


def _checked(store):
    """``store`` if it is what the upload callback wrote (it comes back from the browser), else a 400."""
    problem = store_problem(store)
    if problem:
        raise BadClientValue(problem)
    return store
