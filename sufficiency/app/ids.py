"""Every component id a callback reads or writes, declared once.

Layouts build components with these ids and callbacks wire them; tests and benchmarks
name them from here too. Pattern-matching ids are dicts whose ``type`` is one of the
``*_TYPE`` names below.
"""

from __future__ import annotations

# --- the page shell -------------------------------------------------------------------
LOCATION = "url"  # dcc.Location: the view state lives in its search string
MAIN = "main-content"
NAV = "service-nav"  # the view navigation, filled in from the URL
FILTERS = "filters"  # the filter panel, filled in from the URL
CONTENT = "content"  # the chosen view's content, filled in from the URL
DOWNLOAD = "download"  # dcc.Download of every table's CSV
EVENT = "filter-event"  # dcc.Store: a select's change, set by assets/filters.js
UPLOAD_STORE = "upload-store"  # an uploaded file's suppressed figures, browser memory only
VIEW_ANNOUNCER = "view-announcer"  # live region: the heading of a newly opened view (assets/view_change.js)

FOOTPRINT_NAME = "filter-footprint_name"  # the footprint's name (a text field)

# --- pattern-matching types -----------------------------------------------------------
TOGGLE_TYPE = "filter-toggle"  # {"type", "group", "value"}: a checkbox button of the filter panel
RADIO_TYPE = "filter-radio"  # {"type", "group", "value"}: a radio button
MAP_TYPE = "la-map"  # {"type", "name"}: a map whose click opens a profile
TABLE_TYPE = "table"  # {"type", "name"}: a sortable table (drawn by assets/tables.js)
TABLE_DATA_TYPE = "table-data"  # {"type", "name"}: dcc.Store of a table's cells
TABLE_SORT_TYPE = "table-sort"  # {"type", "name"}: dcc.Store of a table's sort, set by assets/tables.js
TABLE_DRAWN_TYPE = "table-drawn"  # {"type", "name"}: dcc.Store: rows drawn (the clientside callback's output)
TABLE_DOWNLOAD_TYPE = "download"  # {"type", "name"}: a table's "Download CSV" button
SNAPSHOT_BUTTON_TYPE = "snapshot-format"  # {"type", "format"}: a snapshot download button

# --- the distance view ----------------------------------------------------------------
SCENARIO_PLACES = "scenario-places"
SCENARIO_APPLY = "scenario-apply"
UPLOAD_FILE = "upload-file"
UPLOAD_RESULT = "upload-result"
UPLOAD_DOWNLOAD_BUTTON = "upload-download"
UPLOAD_DOWNLOAD = "upload-csv"
UPLOAD_CONTROL = "upload-control"  # holds the limits that assets/upload.js checks before a file is sent
UPLOAD_TEMPLATE_BUTTON = "upload-template"
UPLOAD_EXAMPLE_BUTTON = "upload-example"
UPLOAD_TEMPLATE = "upload-template-file"  # dcc.Download of the template or the example

# --- the snapshot panel ---------------------------------------------------------------
SNAPSHOT_PANEL = "snapshot"
SNAPSHOT_BUTTONS = "snapshot-buttons"
SNAPSHOT_STATUS = "snapshot-status"
SNAPSHOT_PROGRESS = "snapshot-progress"
SNAPSHOT_DOWNLOAD = "snapshot-download"


def map_graph(name: str = "la") -> dict:
    return {"type": MAP_TYPE, "name": name}


def table(name: str) -> dict:
    return {"type": TABLE_TYPE, "name": name}


def table_data(name: str) -> dict:
    return {"type": TABLE_DATA_TYPE, "name": name}


def table_drawn(name: str) -> dict:
    return {"type": TABLE_DRAWN_TYPE, "name": name}


def table_sort(name: str) -> dict:
    return {"type": TABLE_SORT_TYPE, "name": name}


def table_download(name: str) -> dict:
    return {"type": TABLE_DOWNLOAD_TYPE, "name": name}
