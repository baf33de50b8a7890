"""A chart drawn with the project's graph config loads plotly.js from the app and nothing else."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import dcc

from sufficiency.app import create_app, layout
from sufficiency.app.plotting import graph_config
from sufficiency.config import EMBEDDED_DATA

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chart_server(serve_app):
    app = create_app(EMBEDDED_DATA)
    square = go.Scatter(x=[0, 1, 1, 0, 0], y=[0, 0, 1, 1, 0], fill="toself", name="area")
    figure = go.Figure(square, layout={"title": {"text": "A polygon"}})
    app.layout = layout.page([dcc.Graph(id="chart", figure=figure, config=graph_config())])
    return serve_app(app)


def test_chart_renders_with_local_plotly_only(page, open_app, chart_server, requests_log, console_errors):
    requests_log.origin = chart_server.origin
    open_app("/", server=chart_server)
    page.wait_for_selector("#chart .main-svg")
    page.wait_for_load_state("networkidle")
    plotly_urls = [u for u in requests_log.urls if "plotly" in u]
    # The partial "basic" bundle from the app's assets, not the full bundle.
    assert plotly_urls and all("/assets/plotly/plotly-basic.min.js" in u for u in plotly_urls)
    assert requests_log.off_host() == []
    assert console_errors == []
    assert page.locator("#chart .modebar-btn[data-title*='Plotly']").count() == 0
