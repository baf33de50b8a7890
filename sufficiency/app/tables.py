"""Tables behind the charts: display as a sortable table, and download exactly that as CSV.

Each table has a name and a builder ``builder(state, data) -> (frame, file_name)``,
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

from ..state import ViewState
from . import ids
from ..safety import FORMULA_START, neutralise  # noqa: F401  (re-exported for callers)

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


def _markdown_link(text: str, href: str) -> str:
    text = re.sub(r"([\\\[\]()*_`])", r"\\\1", str(text))
    return f"[{text}]({href})"


def shown(name: str, frame: pd.DataFrame, state: ViewState | None) -> pd.DataFrame:
    """``frame`` as the page shows it: link columns as Markdown links (same rows and order)."""
    if name not in LINKS or state is None:
        return frame
    col, code_col = LINKS[name]
    out = frame.copy()
    out[col] = [_markdown_link(t, profile_href(state, c)) for t, c in zip(frame[col], frame[code_col])]
    return out


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


def download(name: str, state: ViewState, data, sort_by: list | None = None) -> dict:
    """What ``dcc.Download`` sends for table ``name``: the CSV text and its file name."""
    frame, file_name = TABLES[name](state, data)
    order = sort_frame(shown(name, frame, state), sort_by).index  # the order of the cells as shown
    return {"content": to_csv(frame.loc[order]), "filename": file_name, "type": "text/csv"}


def _column(name: str, series: pd.Series, link: bool = False) -> dict:
    if link:
        return {"id": name, "name": name, "type": "text", "presentation": "markdown"}
    numeric = pd.api.types.is_numeric_dtype(series)
    return {"id": name, "name": name, "type": "numeric" if numeric else "text"}


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).replace({np.nan: None}).to_dict("records")


def table_block(name: str, frame: pd.DataFrame, caption: str, *, page_size: int = 200,
                state: ViewState | None = None, block_id: str | None = None, heading: str = "h3") -> html.Div:
    """A captioned, sortable table of ``frame`` with a "Download CSV" button. With ``state``,
    the table's link column (see :func:`table`) links each LA to its profile."""
    caption_id = f"{name}-caption"
    link_col = LINKS[name][0] if name in LINKS and state is not None else None
    grid = dash_table.DataTable(
        id=ids.table(name),
        columns=[_column(c, frame[c], c == link_col) for c in frame.columns],
        data=_records(shown(name, frame, state)),
        markdown_options={"link_target": "_self"},
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
    title = getattr(html, heading.capitalize())
    return html.Div(
        [
            title(caption, id=caption_id, className="govuk-heading-s"),
            html.Div(grid, role="region", **{"aria-labelledby": caption_id}, tabIndex="0", className="app-table"),
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
