"""Tables behind the charts: display as a sortable table, and download exactly that as CSV.

Each table has a name and a builder ``builder(state, folder) -> (frame, file_name)``,
registered with :func:`table`. The page shows the frame; the download callback calls the
same builder and applies the table's current sort, so the CSV holds exactly the rows and
columns shown. Text that a spreadsheet would read as a formula is neutralised.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from dash import dash_table, html

from .state import ViewState
from ..safety import FORMULA_START, neutralise  # noqa: F401  (re-exported for callers)

Builder = Callable[[ViewState, str], tuple[pd.DataFrame, str]]
TABLES: dict[str, Builder] = {}



def table(name: str) -> Callable[[Builder], Builder]:
    """Register ``builder`` as the table called ``name``."""

    def add(builder: Builder) -> Builder:
        TABLES[name] = builder
        return builder

    return add


def sort_frame(frame: pd.DataFrame, sort_by: list | None) -> pd.DataFrame:
    """``frame`` in the order of a DataTable ``sort_by`` (missing values last, as shown)."""
    for spec in reversed(sort_by or []):
        col = spec.get("column_id")
        if col in frame.columns:
            frame = frame.sort_values(col, ascending=spec.get("direction") != "desc", kind="stable", na_position="last")
    return frame


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of ``frame`` with every text cell neutralised and missing cells empty."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n")


def file_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"[,'\u2019]", "", text.lower())).strip("-")


def download(name: str, state: ViewState, folder: str, sort_by: list | None = None) -> dict:
    """What ``dcc.Download`` sends for table ``name``: the CSV text and its file name."""
    frame, file_name = TABLES[name](state, folder)
    return {"content": to_csv(sort_frame(frame, sort_by)), "filename": file_name, "type": "text/csv"}


def _column(name: str, series: pd.Series) -> dict:
    numeric = pd.api.types.is_numeric_dtype(series)
    return {"id": name, "name": name, "type": "numeric" if numeric else "text"}


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).replace({np.nan: None}).to_dict("records")


def table_block(name: str, frame: pd.DataFrame, caption: str, *, page_size: int = 200) -> html.Div:
    """A captioned, sortable table of ``frame`` with a "Download CSV" button."""
    caption_id = f"{name}-caption"
    grid = dash_table.DataTable(
        id={"type": "table", "name": name},
        columns=[_column(c, frame[c]) for c in frame.columns],
        data=_records(frame),
        sort_action="native",
        sort_mode="single",
        page_action="native" if len(frame) > page_size else "none",
        page_size=page_size,
        style_as_list_view=True,
        style_table={"overflow": "visible"},
        style_header={"fontWeight": "bold", "backgroundColor": "#f3f2f1", "borderBottom": "2px solid #b1b4b6",
                      "whiteSpace": "normal", "height": "auto"},
        style_cell={"fontFamily": "Arial, sans-serif", "fontSize": "16px", "padding": "6px 10px",
                    "color": "#0b0c0c", "textAlign": "left", "minWidth": "90px", "maxWidth": "260px",
                    "whiteSpace": "normal", "height": "auto"},
        style_cell_conditional=[
            {"if": {"column_type": "numeric"}, "textAlign": "right"},
        ],
    )
    return html.Div(
        [
            html.H3(caption, id=caption_id, className="govuk-heading-s"),
            html.Div(grid, role="region", **{"aria-labelledby": caption_id}, tabIndex="0", className="app-table"),
            html.Button(
                "Download CSV",
                id={"type": "download", "name": name},
                className="govuk-button govuk-button--secondary app-download",
                type="button",
                **{"aria-describedby": caption_id, "data-module": "govuk-button"},
            ),
        ],
        className="app-table-block",
    )
