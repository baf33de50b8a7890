"""The printable report: one self-contained HTML page (no scripts, no external files) that
prints well on A4: headline figures, the map and key charts as inline SVG images, the
tables, and the About section. Text is escaped, and neutralised as in every export."""

from __future__ import annotations

import base64
import math
from html import escape

import pandas as pd

from ..formats import UNIT_KINDS
from ..safety import neutralise
from .about import About
from .safety import is_number, safe_frame

MIME = "text/html"
WIDE_COLUMNS = 9  # tables with more columns print on landscape pages

CSS = """
@page { size: A4 portrait; margin: 14mm 12mm 16mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm; }
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
section.wide { page: wide; }
section.wide table { font-size: 7pt; }
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
    for record in safe.itertuples(index=False, name=None):
        unit_kind = UNIT_KINDS.get(record[cols.index(row_unit)]) if row_unit in cols else None
        cells = []
        for c, v in zip(cols, record):
            text = escape(display(v, unit_kind or formats.get(c)))
            cells.append(f'<td class="num">{text}</td>' if c in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(cols)}">No figures for the filters chosen.</td></tr>')
    return (f'<table id="{escape(table_id)}"><caption>{_text(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")


def about_html(about: About) -> str:
    filters = "".join(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in about.filters)
    link = escape(about.permalink, quote=True)
    before, _, after = about.attribution.partition("Open Government Licence v3.0")
    parts = [
        '<section id="about"><h2>About this snapshot</h2>',
        f'<p class="meta">Generated {_text(about.generated)}.</p>',
        '<h3>Filters</h3>', f'<dl class="filters">{filters}</dl>',
        f'<p>Permalink (reopens this view): <a href="{link}">{escape(about.permalink)}</a></p>',
        '<h3>Licence and attribution</h3>',
        f'<p id="attribution">{_text(before)}<a rel="license" href="{escape(about.licence_url, quote=True)}">'
        f'Open Government Licence v3.0</a>{_text(after)}</p>',
        '<h3>Definitions</h3><ul>' + "".join(f"<li>{_text(d)}</li>" for d in about.definitions) + "</ul>",
        '<h3>Caveats</h3><ul id="caveats">' + "".join(f"<li>{_text(c)}</li>" for c in about.caveats) + "</ul>",
        '<h3>Data sources and vintages</h3>',
        html_table(about.sources, "Data sources read by the build (Open Government Licence v3.0)", "sources"),
        "</section>",
    ]
    return "\n".join(parts)


def figure_html(key: str, title: str, svg: bytes) -> str:
    src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return (f'<figure id="chart-{escape(key)}"><img src="{src}" alt="{_text(title)}">'
            f"<figcaption>{_text(title)}</figcaption></figure>")


def to_html(tables: dict[str, pd.DataFrame], about: About, charts=(), svgs: dict | None = None,
            chart_problem: str | None = None) -> str:
    """The report page. ``charts``: :class:`sufficiency.snapshot.charts.Chart` items;
    ``svgs``: their rendered SVG by key; ``chart_problem``: why some or all are missing."""
    svgs = svgs or {}
    parts = [f"<h1>{_text(about.title)}</h1>",
             f'<p class="meta">Generated {_text(about.generated)}. '
             f'Reopen this view: <a href="{escape(about.permalink, quote=True)}">{escape(about.permalink)}</a></p>',
             f'<p class="meta">{_text(about.attribution)}</p>']
    head = tables.get("Headline")
    if head is not None:
        parts += ['<section id="headline"><h2>Headline figures</h2>',
                  html_table(head, head.attrs.get("title", "Headline figures"), "table-headline"), "</section>"]
    drawn = [c for c in charts if c.key in svgs]
    parts.append('<section id="charts"><h2>Map and charts</h2>')
    if charts and len(drawn) < len(charts):
        missing = ", ".join(c.title for c in charts if c.key not in svgs)
        parts.append(f'<p class="notice" id="charts-missing">Some charts could not be drawn on this server '
                     f"({_text(chart_problem or 'not rendered')}): {_text(missing)}. "
                     "The tables below hold every figure.</p>")
    elif not charts:
        parts.append('<p class="notice" id="charts-missing">Charts are not included in this report; '
                     "the tables below hold every figure.</p>")
    parts += [figure_html(c.key, c.title, svgs[c.key]) for c in drawn]
    parts.append("</section>")
    for name, frame in tables.items():
        if name == "Headline":
            continue
        cls = ' class="wide"' if frame.shape[1] > WIDE_COLUMNS else ""
        title = frame.attrs.get("title", name)
        parts += [f'<section id="section-{_slug(name)}"{cls}><h2>{_text(name)}</h2>',
                  html_table(frame, title, f"table-{_slug(name)}"), "</section>"]
    parts.append(about_html(about))
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_text(about.title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n")
