"""The report's building blocks: the A4 stylesheet, cells as the report prints them, a table
as HTML (numbers right-aligned, each row or column in its number format) and a chart as an
inline SVG figure. Text is escaped, and neutralised as in every export. The report itself
is :mod:`sufficiency.snapshot.short_report`."""

from __future__ import annotations

import base64
import math
from html import escape

import pandas as pd

from ..formats import UNIT_KINDS
from ..safety import neutralise
from .common import ROW_KINDS
from .safety import is_number, safe_frame

MIME = "text/html"

CSS = """
@page { size: A4 portrait; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #0b0c0c; margin: 0 auto; max-width: 1100px;
       padding: 16px; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 2px solid #1d70b8; padding-bottom: 2pt;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p, li { margin: 3pt 0; }
.meta { color: #505a5f; }
.notice { border-left: 5px solid #b1b4b6; padding: 4pt 8pt; background: #f3f2f1; }
a { color: #1d70b8; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding: 3pt 0; caption-side: top; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 2pt 4pt; vertical-align: top; text-align: left; }
thead th { background: #f3f2f1; border-bottom: 2px solid #0b0c0c; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead { display: table-header-group; }
tr, figure, img { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 8pt 0 12pt; }
figure img { width: 100%; height: auto; border: 1px solid #e5e5e5; }
figcaption { font-size: 9pt; color: #505a5f; }
dl.filters { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; }
dl.filters dt { font-weight: bold; }
dl.filters dd { margin: 0; }
@media print { body { padding: 0; max-width: none; } a { color: #0b0c0c; } .no-print { display: none; } }
"""


def _text(value) -> str:
    return escape(str(neutralise(value)))


def display(value, kind: str | None) -> str:
    """A cell as the report prints it."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if not is_number(value):
        return str(value)
    v = float(value)
    if kind == "year":
        return f"{int(v)}"
    if kind == "pct":
        return f"{v:.1f}%"
    if kind == "pct_change":
        return f"{v:+.1f}%"
    if kind == "change":
        return f"{v:+,.0f}"
    if kind == "rate":
        return f"{v:,.1f}"
    if kind == "count" or v.is_integer():
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def html_table(frame: pd.DataFrame, caption: str, table_id: str) -> str:
    """``frame`` (made safe here) as an HTML table with a caption; numbers right-aligned."""
    safe = safe_frame(frame)
    formats = safe.attrs.get("formats", {})
    row_unit = formats.get("_rows")
    cols = list(safe.columns)
    numeric = {c for c in cols if any(is_number(v) for v in safe[c])}
    head = "".join(f'<th scope="col"{" class=num" if c in numeric else ""}>{escape(str(c))}</th>' for c in cols)
    body = []
    row_kinds = safe.attrs.get(ROW_KINDS) or []
    for i, record in enumerate(safe.itertuples(index=False, name=None)):
        unit_kind = UNIT_KINDS.get(record[cols.index(row_unit)]) if row_unit in cols else None
        unit_kind = row_kinds[i] if i < len(row_kinds) else unit_kind
        cells = []
        for c, v in zip(cols, record):
            text = escape(display(v, unit_kind or formats.get(c)))
            cells.append(f'<td class="num">{text}</td>' if c in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(cols)}">No figures for the filters chosen.</td></tr>')
    return (f'<table id="{escape(table_id)}"><caption>{_text(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def figure_html(key: str, title: str, svg: bytes, note: str = "") -> str:
    src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    extra = f'<br><span class="chart-note">{_text(note)}</span>' if note else ""
    return (f'<figure id="chart-{escape(key)}"><img src="{src}" alt="{_text(title)}">'
            f"<figcaption>{_text(title)}{extra}</figcaption></figure>")
