"""Sufficiency snapshot: the evidence pack of one view of the dashboard, to file and quote.

``build_snapshot(data, state, fmt)`` returns the file for ``fmt``:

* ``xlsx``: Excel workbook (About, Headline, LAs, Regions, Trends, Distance, Quality...,
  Scenario when one is active);
* ``html``: the report (two to four A4 pages and an appendix: key findings, comparisons,
  map and charts as inline SVG; :mod:`sufficiency.snapshot.short_report`);
* ``pdf``: the same report printed by the server's headless Chromium;
* ``zip``: the tables as CSV files, with the About text and every report chart as PNG and SVG.

The tables come from :func:`sufficiency.snapshot.tables.snapshot_tables`, built with the
app's own functions, so every export agrees with the screen for the same filters.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from . import about as about_mod
from . import modelled
from .tables import Area, snapshot_area, snapshot_tables

FORMATS = {
    "xlsx": "Excel workbook",
    "html": "Report (HTML, prints to A4)",
    "pdf": "Report (PDF)",
    "zip": "CSV files and chart images (zip)",
}
PREFIX = "sufficiency-snapshot"


@dataclass(frozen=True)
class Snapshot:
    content: bytes
    filename: str
    mime: str
    seconds: float
    note: str | None = None  # e.g. why charts are missing from a report


def ascii_slug(text: str) -> str:
    """``"Bristol, City of"`` -> ``"Bristol-City-of"``: ASCII letters, digits and hyphens."""
    flat = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", flat).strip("-") or "area"


def file_name(area: Area, fmt: str, when: datetime | None = None) -> str:
    """``sufficiency-snapshot_Birmingham_E08000025_2025_2026-11-22.xlsx``."""
    day = (when or datetime.now()).strftime("%Y-%m-%d")
    return f"{PREFIX}_{ascii_slug(area.name)}_{area.file_code}_{area.year}_{day}.{fmt}"


def chart_images(data, state, area: Area) -> tuple[dict[str, bytes], str | None]:
    """Every chart of the report as PNG and SVG, by file name (``charts/<key>.png``), and why
    some are missing (None when all drew)."""
    from .charts import FORMATS, render, report_charts

    chart_list = report_charts(data, state, area)
    out, problem = {}, None
    for fmt in FORMATS:
        images, why = render(chart_list, fmt)
        out.update({f"charts/{key}.{fmt}": image for key, image in images.items()})
        problem = problem or why
    return out, problem


def build_snapshot(data, state, fmt: str, *, base_url: str = about_mod.DEFAULT_BASE_URL,
                   generated: datetime | None = None, uploads: dict | None = None, charts: bool = True) -> Snapshot:
    """The snapshot of ``state`` as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown snapshot format '{fmt}' (expected one of {', '.join(FORMATS)})")
    start = time.perf_counter()
    when = generated or datetime.now().astimezone()
    area = snapshot_area(state, data)
    tables = snapshot_tables(data, state, uploads)
    has_model = modelled.model_available(data, area.year, state.sectors)
    info = about_mod.about(data, state, area, base_url=base_url, generated=when, modelled_available=has_model)
    note = None
    if fmt == "xlsx":
        from .xlsx import MIME, to_xlsx

        content, mime = to_xlsx(tables, info), MIME
    elif fmt == "zip":
        from .csvzip import MIME, to_zip

        images, problem = chart_images(data, state, area) if charts else ({}, None)
        if problem:
            note = f"Some charts could not be drawn ({problem}); the zip has the tables."
        content, mime = to_zip(tables, info, folder=file_name(area, "zip", when).removesuffix(".zip"),
                               images=images), MIME
    else:
        from .short_report import MIME as HTML_MIME
        from .short_report import report_html

        chart_list, svgs, problem = [], {}, None
        if charts:
            from .charts import render_svgs, report_charts

            chart_list = report_charts(data, state, area)
            svgs, problem = render_svgs(chart_list)
            if problem:
                note = f"Some charts could not be drawn ({problem}); the report has the tables."
        html = report_html(data, state, area, info, chart_list, svgs, problem)
        if fmt == "html":
            content, mime = html.encode("utf-8"), HTML_MIME
        else:
            from .pdf import MIME, html_to_pdf

            content, mime = html_to_pdf(html), MIME
    return Snapshot(content, file_name(area, fmt, when), mime, time.perf_counter() - start, note)


__all__ = ["FORMATS", "Snapshot", "build_snapshot", "file_name", "snapshot_area", "snapshot_tables"]
