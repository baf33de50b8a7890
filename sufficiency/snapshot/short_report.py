"""The report a commissioner attaches to a sufficiency strategy: two to four A4 pages for an
LA, a footprint, a region or England, then an appendix (filters, definitions, caveats,
sources).

``report_html(data, state, area, about, charts, svgs, problem) -> str``: one self-contained
HTML page (no scripts, no external files) that prints on A4 (the PDF is this page printed by
Chromium, :mod:`sufficiency.snapshot.pdf`). Key findings are written from the measure
engine's figures (:mod:`sufficiency.snapshot.findings`); every table has few enough columns
to fit the page (:mod:`sufficiency.snapshot.report_tables`); the wide tables (every LA,
every region, every year) are in the workbook and the CSV files, which the report names.
Every figure says its basis (observed, derived, estimated, modelled, projected) and which
children or homes it covers.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from ..engine.registry import MEASURES
from ..texts import DEFINITIONS
from . import report_tables as rt
from .about import About
from .findings import Finding, filters_text, forecast_of, key_findings, market_of
from .report import CSS as BASE_CSS
from .report import _text, figure_html, html_table

MIME = "text/html"
APPENDIX = "Appendix"
#: Headings of the findings by topic.
TOPICS = {"supply": "Supply", "comparison": "Compared", "gap": "Gap", "distance": "Distance", "quality": "Quality",
          "market": "Market", "forecast": "Forecast"}
#: The wide tables left to the workbook and the CSV files, in words.
WIDE_TABLES = ("every LA's figures (LAs)", "the regions and England (Regions)", "each year from 2014 (Trends)",
               "distance for every LA (Distance)", "ratings by year (Quality trend)")

CSS = BASE_CSS + """
@page { size: A4 portrait; margin: 12mm 12mm 14mm 12mm; }
body { font-size: 9.5pt; max-width: 186mm; }
h1 { font-size: 17pt; }
h2 { font-size: 12.5pt; margin: 10pt 0 4pt; }
table { font-size: 8pt; table-layout: auto; }
th, td { overflow-wrap: break-word; }
thead th.num { white-space: normal; }
ul.findings { padding-left: 14pt; }
ul.findings li { margin: 0 0 4pt; }
.basis { color: #505a5f; font-size: 8.5pt; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 5mm; }
.charts figure { margin: 0; }
figcaption { font-size: 8pt; }
section.appendix { break-before: page; page-break-before: always; }
section.appendix table { font-size: 7.5pt; }
"""


def _finding_html(f: Finding) -> str:
    return (f'<li><strong>{_text(TOPICS.get(f.topic, f.topic))}.</strong> {_text(f.text)} '
            f'<span class="basis">({_text(f.label)}; covers {_text(f.covers)})</span></li>')


def _table(frame: pd.DataFrame | None, table_id: str, note: str | None = None) -> str:
    if frame is None or frame.empty:
        return ""
    out = html_table(frame, frame.attrs.get("title", ""), table_id)
    return out + (f'<p class="basis">{_text(note)}</p>' if note else "")


def _figures(keys, charts, svgs, cls: str = "charts") -> str:
    drawn = [c for c in charts if c.key in keys and c.key in svgs]
    if not drawn:
        return ""
    return f'<div class="{cls}">' + "".join(figure_html(c.key, c.title, svgs[c.key], c.note) for c in drawn) + "</div>"


def _definitions(keys) -> list[str]:
    out = list(DEFINITIONS)
    for key in dict.fromkeys(keys):
        m = MEASURES[key]
        out.append(f"{m.label} ({m.unit}): {m.basis}; covers {m.covers_text}." + (f" {m.note}" if m.note else ""))
    return out


def _appendix(about: About, neighbours: pd.DataFrame | None) -> str:
    filters = "".join(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in about.filters)
    sources = about.sources[["File", "Publisher", "Vintage", "Licence"]].copy()
    sources.attrs = {"title": "Data sources read by the build (row counts and checksums: About sheet of the workbook)"}
    link = escape(about.permalink, quote=True)
    return "\n".join([
        f'<section class="appendix" id="appendix"><h2>{APPENDIX}: neighbours, filters, definitions, caveats and sources</h2>',
        _table(neighbours, "table-neighbours"),
        f'<h3>Filters</h3><dl class="filters">{filters}</dl>',
        f'<p>Permalink (reopens this view): <a href="{link}">{escape(about.permalink)}</a></p>',
        '<h3>Definitions</h3><ul id="definitions">'
        + "".join(f"<li>{_text(d)}</li>" for d in _definitions(rt.COMPARISON + rt.NEIGHBOUR_KEYS + ("gap_dfe",)))
        + "</ul>",
        '<h3>Caveats</h3><ul id="caveats">' + "".join(f"<li>{_text(c)}</li>" for c in about.caveats) + "</ul>",
        '<h3>Data sources</h3>', html_table(sources, sources.attrs["title"], "sources"),
        f'<p id="attribution">{_text(about.attribution)} <a rel="license" href="{escape(about.licence_url, quote=True)}">'
        f'{escape(about.licence_url)}</a></p>',
        "</section>",
    ])


def _where(data, area) -> str:
    """``Area code E10000016`` or, for a footprint, how many LAs it has."""
    if area.level == "footprint":
        from .common import _codes

        return f"A footprint of {len(_codes(area, data)(area.year))} local authorities (listed in the appendix)"
    return f"Area code {area.code}"


def report_html(data, state, area, about: About, charts=(), svgs: dict | None = None,
                chart_problem: str | None = None) -> str:
    """The report of ``state`` for ``area`` (:func:`sufficiency.snapshot.tables.snapshot_area`).
    ``charts``: :class:`sufficiency.snapshot.charts.Chart` items; ``svgs``: their SVG by key;
    ``chart_problem``: why some or all are missing."""
    svgs = svgs or {}
    market = market_of(data, area)
    forecast = forecast_of(data, area, "places")
    findings = key_findings(data, state, area, market=market, forecast=forecast)
    by_topic = {f.topic: f for f in findings}
    link = escape(about.permalink, quote=True)
    title = f"{area.name}: sufficiency of children's homes places at 31 March {area.year}"
    parts = [
        f"<h1>{_text(title)}</h1>",
        f'<p class="meta">{_text(_where(data, area))}. Covers {_text(filters_text(state))}. '
        f'Generated {_text(about.generated)}. Reopen this view: <a href="{link}">{escape(about.permalink)}</a></p>',
        '<section id="findings"><h2>Key findings</h2><ul class="findings">'
        + "".join(_finding_html(f) for f in findings) + "</ul></section>",
        f'<section id="compared"><h2>How {_text(area.name)} compares</h2>',
        _table(rt.comparison(data, state, area), "table-compared",
               "Basis: observed (published counts), derived (computed here from published figures), estimated "
               "(apportioned or inferred), modelled (the placement-flow model)."),
        _table(rt.benchmarks(data, state, area), "table-benchmarks",
               "Quartile band A is the quarter of LAs with the better values where a direction is better (lower for "
               "the gap and distance, higher for places and ratings); otherwise the highest values."),
        "</section>",
    ]
    if charts and len([c for c in charts if c.key in svgs]) < len(charts):
        missing = ", ".join(c.title for c in charts if c.key not in svgs)
        parts.append(f'<p class="notice" id="charts-missing">Some charts could not be drawn on this server '
                     f"({_text(chart_problem or 'not rendered')}): {_text(missing)}. The tables hold the figures.</p>")
    elif not charts:
        parts.append('<p class="notice" id="charts-missing">Charts are not included in this report; the tables and '
                     "the workbook hold every figure.</p>")
    parts += [
        '<section id="map-section"><h2>Map</h2>', _figures({"map"}, charts, svgs, "map-figure"), "</section>",
        '<section id="gap"><h2>The gap and its trend</h2>',
        f"<p>{_text(MEASURES['gap'].note)}</p>",
        _figures({"gap", "places"}, charts, svgs), "</section>",
        '<section id="distance"><h2>Distance from home</h2>',
        _table(rt.distance(data, state, area), "table-distance",
               "Observed figures cover all children looked after (DfE); modelled figures cover children in "
               "children's homes, from the placement-flow model, and are not published figures."),
        _figures({"distance", "cla"}, charts, svgs), "</section>",
        '<section id="quality"><h2>Quality by sector</h2>',
        _table(rt.quality_by_sector(data, state, area), "table-quality"),
        _figures({"ratings"}, charts, svgs), "</section>",
    ]
    if market:
        parts += ['<section id="market"><h2>The market</h2>',
                  f"<p>{_text(by_topic['market'].text)}</p>" if "market" in by_topic else "",
                  _table(rt.market(market), "table-market",
                         "Owners as Ofsted names them, summed over their homes in the area; no home is shown."),
                  "</section>"]
    if forecast:
        parts += ['<section id="forecast"><h2>Forecast</h2>',
                  _table(rt.forecast(forecast), "table-forecast",
                         "Projected from the published series to 31 March; the intervals come from backtests of the "
                         "same method. A projection, not a target."),
                  "</section>"]
    parts += [
        '<section id="more"><h2>More figures, sources and caveats</h2>',
        "<p>The workbook (xlsx) and the CSV files of this view hold the tables too wide for a page: "
        + _text("; ".join(WIDE_TABLES)) + ". Each chart of this report is in the CSV files' charts folder as PNG "
        "and SVG. The appendix lists the filters, definitions, caveats and sources.</p>",
        f'<p class="meta">{_text(about.attribution)}</p>',
        "</section>",
        _appendix(about, rt.neighbours(data, state, area)),
    ]
    body = "\n".join(p for p in parts if p)
    map_css = "div.map-figure figure { max-width: 125mm; margin: 4pt auto; }"
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_text(title)}</title><style>{CSS}{map_css}</style></head>\n<body>\n{body}\n</body></html>\n")
