"""Plotly settings that keep every chart offline.

Plotly.js fetches map outlines (topojson) from a CDN for ``geo`` traces unless told
otherwise, and its mode bar links to Chart Studio. The dashboard draws its maps as
cartesian polygons from the project's own boundaries, so no ``geo`` trace is needed; if
one is ever used, its topojson must be put in ``assets/topojson/`` and is then served
by the app itself.
"""

from __future__ import annotations

from pathlib import Path

import plotly.io as pio

from sufficiency.config import PROJECT_ROOT

ASSETS_DIR = PROJECT_ROOT / "assets"
TOPOJSON_DIR = ASSETS_DIR / "topojson"
TOPOJSON_URL = "/assets/topojson/"

#: The ``config`` to give every ``dcc.Graph``.
GRAPH_CONFIG: dict = {
    "topojsonURL": TOPOJSON_URL,
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "plotlyServerURL": "",
    "responsive": True,
}


def graph_config(**overrides) -> dict:
    """A copy of :data:`GRAPH_CONFIG` with ``overrides`` applied."""
    return {**GRAPH_CONFIG, **overrides}


def figure_dict(fig) -> dict:
    """``fig`` as the plain dict ``dcc.Graph`` sends: converted once when the page is built,
    so that a cached page is not copied and validated again on every response."""
    return fig if isinstance(fig, dict) else fig.to_dict()


def configure_plotly() -> None:
    """Point plotly.py's own defaults (used by figure export) at local files."""
    pio.defaults.topojson = str(TOPOJSON_DIR)
    plotlyjs = Path(pio.__file__).resolve().parent.parent / "package_data" / "plotly.min.js"
    if plotlyjs.exists():
        pio.defaults.plotlyjs = str(plotlyjs)


def use_partial_plotly_bundle() -> None:
    """Serve plotly.js's "basic" partial bundle from ``assets/plotly`` instead of the full one.

    The dashboard draws only scatter and bar traces, which the basic bundle (MIT, same
    plotly.js version as plotly.py's) holds at a quarter of the full bundle's size. Dash adds
    the full bundle to the core components' scripts each time an app is created; this takes it
    out again, and Dash serves the assets folder's copy on every page instead.
    """
    from dash import dcc

    dcc._js_dist[:] = [d for d in dcc._js_dist if d.get("namespace") != "plotly"]
