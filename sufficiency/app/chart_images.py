"""Each chart's "Download PNG" and "Download SVG" buttons, for Word and PowerPoint.

The mode bar is hidden on every chart (it is not keyboard-friendly, and its image button
gives PNG only), so each chart carries two plain buttons under it. ``assets/chart_images.js``
handles their clicks in the browser with plotly.js's own ``Plotly.downloadImage`` (the
local bundle in ``assets/plotly``; nothing is fetched): the image is the chart as drawn,
at its size on the page (PNG at twice the pixels).
"""

from __future__ import annotations

import json
import re

from dash import html

FORMATS = {"png": "Download PNG", "svg": "Download SVG"}
BUTTON_CLASS = "govuk-button govuk-button--secondary app-chart-image"


def dom_id(graph_id) -> str:
    """The element id Dash gives a component: the id itself, or a dict id as JSON with its
    keys sorted and no spaces (as Dash's renderer writes it)."""
    if isinstance(graph_id, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(graph_id[k], separators=(',', ':'))}"
                              for k in sorted(graph_id)) + "}"
    return str(graph_id)


def file_stem(name: str) -> str:
    """``"Kent: registered places by sector"`` -> ``"kent-registered-places-by-sector"`` (at most 80 characters)."""
    stem = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    return stem[:80].rstrip("-") or "chart"


def image_buttons(graph_id, name: str) -> html.Div:
    """The two download buttons of the chart ``graph_id``; ``name`` is its caption (the file's name and the buttons' label)."""
    target, stem = dom_id(graph_id), file_stem(name)
    return html.Div(
        [
            html.Button(
                label, type="button", className=BUTTON_CLASS,
                **{"data-graph": target, "data-format": fmt, "data-filename": stem,
                   "aria-label": f"{label}: {name}"},
            )
            for fmt, label in FORMATS.items()
        ],
        className="app-chart-images",
    )
