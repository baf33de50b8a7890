"""Tables behind the charts: display as a sortable table, and download exactly that as CSV.

Each table has a name and a builder ``builder(state, data) -> (frame, file_name)``,
registered with :func:`table`. The page shows the frame; the download callback calls the
same builder and applies the table's current sort, so the CSV holds exactly the rows and
columns shown. Text that a spreadsheet would read as a formula is neutralised.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from dash import dcc, html

from ..callback_requests import BadClientValue
from ..state import ViewState
from . import ids
from ..safety import FORMULA_START, csv_text, neutralise  # noqa: F401  (re-exported for callers)

Builder = Callable[[ViewState, object], tuple[pd.DataFrame, str]]
TABLES: dict[str, Builder] = {}
#: table name -> (column shown as links, column of LA codes): each name links to its profile
LINKS: dict[str, tuple[str, str]] = {}


def table(name: str, *, link: tuple[str, str] | None = None) -> Callable[[Builder], Builder]:
    """Register ``builder`` as the table called ``name``. ``link`` = (name column, code
    column) shows each name as a link to that LA's profile, keeping the other filters."""

    def add(builder: Builder) -> Builder:
        TABLES[name] = builder
        if link:
            LINKS[name] = link
        else:
            LINKS.pop(name, None)
        return builder

    return add


def profile_href(state: ViewState, code: str) -> str:
    """The URL of ``code``'s profile with every other filter of ``state`` kept."""
    return "/" + state.with_(view="profile", la=code).to_query()


def _text_key(values: pd.Series) -> pd.Series:
    """Text sorts without regard to case; empty cells count as missing (last)."""
    text = values.astype(object).where(values.notna(), None).map(lambda v: None if v is None else str(v).lower())
    return text.where(text != "", None)


def sort_frame(frame: pd.DataFrame, sort_by: list | dict | None) -> pd.DataFrame:
    """``frame`` in the order the table shows after sorting by ``sort_by`` (``{"column_id",
    "direction": "asc"|"desc"}``, or a list of them): missing values last, ties in the
    original order, text without regard to case, as ``assets/tables.js`` sorts."""
    specs = [sort_by] if isinstance(sort_by, dict) else list(sort_by or [])
    for spec in reversed(specs):
        col = spec.get("column_id") if isinstance(spec, dict) else None
        if col in frame.columns:
            key = None if pd.api.types.is_numeric_dtype(frame[col]) else _text_key
            frame = frame.sort_values(col, ascending=spec.get("direction") != "desc", kind="stable",
                                      na_position="last", key=key)
    return frame


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of ``frame`` with every text cell neutralised and missing cells empty."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return csv_text(safe)


def file_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"[,'\u2019]", "", text.lower())).strip("-")


def download(name: str, state: ViewState, data, sort_by: list | None = None) -> dict:
    """What ``dcc.Download`` sends for table ``name``: the CSV text and its file name."""
    if name not in TABLES:
        raise BadClientValue(f"there is no table '{str(name)[:60]}' to download")
    frame, file_name = TABLES[name](state, data)
    return {"content": to_csv(sort_frame(frame, sort_by)), "filename": file_name, "type": "text/csv"}


def _cell_text(value, decimals: int, plain: bool = False) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if plain and isinstance(value, (int, np.integer, float, np.floating)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.{decimals}f}"
    return str(value)


def _floats(series: pd.Series) -> np.ndarray:
    """A numeric column as floats (NaN where missing)."""
    if series.dtype.kind in "fiu":  # numbers already (numpy's own dtypes): no parsing
        return series.to_numpy(dtype=float)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _decimals(series: pd.Series, floats: np.ndarray | None = None) -> int:
    """Decimals a numeric column is shown with: none for whole numbers, else 1 (2 below 1)."""
    v = _floats(series) if floats is None else floats
    v = v[~np.isnan(v)]
    if not len(v) or (v == np.round(v)).all():
        return 0
    return 2 if (np.abs(v) < 1).all() else 1


def payload(name: str, frame: pd.DataFrame, state: ViewState | None = None) -> dict:
    """What the browser renders the table from (``assets/tables.js``): column headings, each
    cell as shown (numbers with thousands separators and one set of decimals per column),
    the raw values that numeric columns sort by, and each row's link when the table has one."""
    link_col, code_col = LINKS.get(name, (None, None)) if state is not None else (None, None)
    columns, cells, values = [], [], []
    for col, series in frame.items():
        numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        floats = _floats(series) if numeric else None
        decimals = _decimals(series, floats) if numeric else 0
        plain = str(col).lower().endswith("year")  # a year reads 2025, not 2,025
        columns.append({"name": str(col), "numeric": bool(numeric), "link": col == link_col})
        cells.append([_cell_text(v, decimals, plain) for v in series.tolist()])
        values.append([v if math.isfinite(v) else None for v in floats.tolist()] if numeric else None)
    links = None
    if link_col is not None:
        base = state.with_(view="profile", la="LACODE").to_query()
        links = ["/" + base.replace("LACODE", str(c)) for c in frame[code_col]]
    return {"name": name, "columns": columns, "cells": cells, "values": values, "links": links, "rows": len(frame)}


def table_block(name: str, frame: pd.DataFrame, caption: str, *, state: ViewState | None = None,
                block_id: str | None = None, heading: str = "h3") -> html.Div:
    """A captioned table of ``frame`` whose columns sort from their headings (buttons, so
    keyboard users sort too), with a "Download CSV" button for exactly the rows and order
    shown. The browser draws the table from the frame's cells (``assets/tables.js``): the
    server sends data, not one component per cell. With ``state``, the table's link column
    (see :func:`table`) links each LA to its profile, keeping the other filters."""
    caption_id = f"{name}-caption"
    title = getattr(html, heading.capitalize())
    return html.Div(
        [
            title(caption, id=caption_id, className="govuk-heading-s"),
            html.Div(
                html.Div(id=ids.table(name), **{"data-rows": str(len(frame))}),
                role="region", **{"aria-labelledby": caption_id}, tabIndex="0", className="app-table",
            ),
            dcc.Store(id=ids.table_data(name), data=payload(name, frame, state)),
            dcc.Store(id=ids.table_sort(name), data=None),
            dcc.Store(id=ids.table_drawn(name), data=None),
            html.Button(
                "Download CSV",
                id=ids.table_download(name),
                className="govuk-button govuk-button--secondary app-download",
                type="button",
                **{"aria-describedby": caption_id, "data-module": "govuk-button"},
            ),
        ],
        className="app-table-block",
        **({"id": block_id} if block_id else {}),
    )


def register(app) -> None:
    """The browser draws every table from its data (one clientside callback; ``assets/tables.js``
    writes the table into its holder and records that it did in the table-drawn store)."""
    from dash import MATCH, ClientsideFunction, Input, Output

    app.clientside_callback(
        ClientsideFunction(namespace="tables", function_name="render"),
        Output(ids.table_drawn(MATCH), "data"),
        Input(ids.table_data(MATCH), "data"),
    )
