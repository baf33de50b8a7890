"""The charts of the printable report: built by the dashboard's own figure builders and
rendered to SVG by kaleido (which drives the server's Chromium).

Kaleido keeps one browser running once started (``kaleido.start_sync_server``), so the
first report pays for starting it (a few seconds) and later ones about 0.3 s a chart.
Rendered charts are cached by the figure's JSON. When kaleido or a browser is missing, or
a chart fails, :func:`render_svgs` returns what it could and says why: the report then
shows the tables alone and says so.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import plotly.io as pio

from ..engine import quality as qm
from ..engine import queries
from ..engine.registry import MEASURES
from .common import _codes

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 900, 460
_lock = threading.Lock()
_cache: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 128
_state = {"started": False, "error": None}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    figure: object  # a plotly Figure
    height: int = HEIGHT


def report_charts(data, state, area) -> list[Chart]:
    """The map and the key charts of the snapshot, from the same builders as the app."""
    from ..engine import profile as pm
    from ..figures import profile as pfig
    from ..figures import regions as rfig
    from ..figures.quality import rating_distribution_figure
    from ..present.map import map_figure

    sectors, types = tuple(state.sectors), tuple(state.provision_types)
    charts = []
    view = state.with_(year=area.year, style="hex")
    m = MEASURES[view.measure]
    vals = queries.values(data, view.measure, view.year, sectors, types, "la",
                          view.baseline if m.needs_baseline else None)
    if vals.notna().any() and not (m.needs_baseline and view.baseline >= view.year):
        fig, _ = map_figure(view, data, "hex")
        fig = {**fig, "layout": {**fig["layout"], "height": 640}}
        charts.append(Chart("map", f"{m.label} by local authority, {view.year} (hex map)", fig, 640))
    if area.level == "la":
        trend = pm.trend_table(area.code, data, sectors, types)
        names = {"la": area.name, "region": data.area_names.get(area.region, area.region), "england": "England"}
        charts += [
            Chart("places", "Registered places by sector", pfig.supply_trend_figure(trend, area.name, "places")),
            Chart("cla", "Children looked after per 10,000 children", pfig.cla_trend_figure(trend, names)),
            Chart("gap", "Gap: children in children's homes minus registered places", pfig.gap_trend_figure(trend, area.name)),
            Chart("distance", "Children looked after placed more than 20 miles from home",
                  pfig.distance_trend_figure(trend, names)),
        ]
    elif sectors:
        series = queries.region_series(data, sectors, types)
        series = series[series["region_code"] != queries.ENGLAND_CODE]
        if area.level == "region":
            series = series[series["region_code"] == area.code]
        charts += [
            Chart("region-places", "Registered places by region", rfig.region_lines(series, "places", unit="places")),
            Chart("region-homes", "Children's homes by region", rfig.region_lines(series, "homes", unit="homes")),
        ]
    if area.year >= qm.FIRST_RATED_YEAR:
        codes = _codes(area, data)
        dist = qm.distribution(data.supply, area.year, sectors, types, area=area.code, codes_in_year=codes)
        if not dist.empty:
            title = f"{area.name}: children's homes by latest rating and sector, {area.year}"
            charts.append(Chart("ratings", title, rating_distribution_figure(
                dist, title, qm.framework_label(data.supply, area.year))))
    return charts


def _plotlyjs() -> str | None:
    path = Path(pio.__file__).resolve().parent.parent / "package_data" / "plotly.min.js"
    return str(path) if path.exists() else None


def _start():
    import kaleido

    if not _state["started"]:
        kaleido.start_sync_server(n=2, plotlyjs=_plotlyjs(), mathjax=False, silence_warnings=True)
        _state["started"] = True
    return kaleido


def _digest(fig, height: int) -> str:
    text = fig.to_json() if hasattr(fig, "to_json") else json.dumps(fig, sort_keys=True, default=str)
    return hashlib.sha256((text + f"|{WIDTH}x{height}").encode()).hexdigest()


def render_svgs(charts: list[Chart]) -> tuple[dict[str, bytes], str | None]:
    """SVG bytes of each chart (by key), and why some are missing (None when all drew)."""
    out, problem = {}, None
    with _lock:
        for chart in charts:
            key = _digest(chart.figure, chart.height)
            if key in _cache:
                _cache.move_to_end(key)
                out[chart.key] = _cache[key]
                continue
            try:
                kaleido = _start()
                svg = kaleido.calc_fig_sync(chart.figure, opts={"format": "svg", "width": WIDTH, "height": chart.height})
            except Exception as err:  # no kaleido, no browser, or a chart that fails: tables still carry the figures
                log.warning("chart %s not drawn: %s", chart.key, err)
                problem = f"{type(err).__name__}: {err}".splitlines()[0][:200]
                if isinstance(err, ImportError):
                    break
                continue
            _cache[key] = svg
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
            out[chart.key] = svg
    return out, problem


def warm_up() -> None:
    """Start the chart renderer now (in a thread), so the first report does not wait for it."""

    def run():
        try:
            with _lock:
                _start()
        except Exception as err:  # reported when a report is built
            log.warning("chart renderer not started: %s", err)

    threading.Thread(target=run, name="snapshot-charts-warm-up", daemon=True).start()


def stop() -> None:
    """Stop the chart renderer's browser (tests, command line)."""
    with _lock:
        if _state["started"]:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _state["started"] = False
