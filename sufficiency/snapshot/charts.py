"""The charts of the printable report: built by the dashboard's own figure builders and
rendered to SVG and PNG by kaleido (which drives the server's Chromium): SVG in the report,
both in the CSV zip's ``charts/`` folder.

Kaleido keeps one browser running once started (``kaleido.start_sync_server``), so the
first report pays for starting it (a few seconds) and later ones about 0.3 s a chart.
Rendered charts are cached by the figure's JSON. When kaleido or a browser is missing, or
a chart fails, :func:`render_svgs` returns what it could and says why: the report then
shows the tables alone and says so.
"""

from __future__ import annotations

import hashlib
import re
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.io as pio

from ..engine import quality as qm
from ..engine import queries
from ..engine.registry import MEASURES
from .common import _codes

log = logging.getLogger(__name__)
# kaleido and its browser driver log every tab they take and put back at INFO: keep the
# server's log to what matters.
for _name in ("kaleido", "choreographer", "logistro"):
    logging.getLogger(_name).setLevel(logging.WARNING)

WIDTH, HEIGHT = 640, 440  # a chart in the report's two columns (about 9 cm wide on A4)
MAP_WIDTH, MAP_HEIGHT = 700, 560
FONT_SIZE = 14
FORMATS = ("svg", "png")
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
    width: int = WIDTH
    note: str = ""  # said under the chart (the printed chart's notes)


def area_trend(data, state, area) -> tuple:
    """The area's trend year by year with its region and England (``area`` column 'la',
    'region', 'england', as the profile's trend table), and the names of the three."""
    from ..engine import profile as pm

    sectors, types = tuple(state.sectors), tuple(state.provision_types)
    names = {"la": area.name, "region": data.area_names.get(area.region, area.region), "england": "England"}
    if area.level == "la":
        return pm.trend_table(area.code, data, sectors, types), names
    if area.level == "footprint":
        from .tables import chosen_for

        return pm.footprint_trend_table(chosen_for(area), data, sectors, types), names
    parts = [queries.trend(data, area.code, sectors, types).assign(area="la")]
    if area.level == "region":
        parts.append(queries.trend(data, queries.ENGLAND_CODE, sectors, types).assign(area="england"))
    trend = pd.concat(parts, ignore_index=True)
    text = [c for c in trend.columns if trend[c].dtype != float and c != "year"]
    trend[text] = trend[text].astype(object)
    return trend, names


def focused_map(data, state, area) -> Chart | None:
    """The map measure by LA on the boundary map (cartesian, British National Grid, as the
    app draws it; the hex map when boundaries cannot be read), zoomed to the area and its
    surroundings with the area outlined."""
    from ..present.map import map_figure

    view = state.with_(year=area.year, zoom=area.level != "country")
    m = MEASURES[view.measure]
    vals = queries.values(data, view.measure, view.year, tuple(view.sectors), tuple(view.provision_types), "la",
                          view.baseline if m.needs_baseline else None)
    if not vals.notna().any() or (m.needs_baseline and view.baseline >= view.year):
        return None
    fig, drawn = map_figure(view, data, "geo")
    fig = {**fig, "layout": {**fig["layout"], "height": MAP_HEIGHT, "width": MAP_WIDTH, "dragmode": False}}
    where = "England" if area.level == "country" else f"{area.name} and its surroundings"
    style = "boundary map" if drawn == "geo" else "hex map"
    return Chart("map", f"{m.label} ({m.unit}) by local authority, 31 March {view.year}: {where} ({style}; "
                 f"{m.basis})", fig, MAP_HEIGHT, MAP_WIDTH)


def report_charts(data, state, area) -> list[Chart]:
    """The map and the key charts of the report, from the same builders as the app."""
    from ..figures import profile as pfig
    from ..figures.quality import rating_distribution_figure

    sectors, types = tuple(state.sectors), tuple(state.provision_types)
    charts = [c for c in (focused_map(data, state, area),) if c is not None]
    trend, names = area_trend(data, state, area)
    if sectors:
        charts.append(Chart("places", f"{area.name}: registered places by sector at 31 March each year (observed)",
                            pfig.supply_trend_figure(trend, area.name, "places")))
        charts.append(Chart("gap", f"{area.name}: gap, children in children's homes minus registered places (derived)",
                            pfig.gap_trend_figure(trend, area.name)))
    charts.append(Chart("cla", f"{area.name}: children looked after per 10,000 children aged 0-17 (observed)",
                        pfig.cla_trend_figure(trend, names)))
    charts.append(Chart("distance", f"{area.name}: children looked after placed more than 20 miles from home "
                        "(observed, all children looked after)", pfig.distance_trend_figure(trend, names)))
    if area.year >= qm.FIRST_RATED_YEAR:
        codes = _codes(area, data)
        dist = qm.distribution(data.supply, area.year, sectors, types, area=area.code, codes_in_year=codes)
        if not dist.empty:
            title = f"{area.name}: children's homes by latest rating and sector, {area.year}"
            charts.append(Chart("ratings", f"{title} (observed)", rating_distribution_figure(
                dist, title, qm.framework_label(data.supply, area.year))))
    return [_for_print(c) for c in charts]


def _for_print(chart: Chart) -> Chart:
    """The chart as the report prints it: a fixed size, a larger font, no title inside the
    image (the caption carries it), and the notes under a chart moved to the caption's note."""
    fig = chart.figure if isinstance(chart.figure, dict) else chart.figure.to_dict()
    layout = dict(fig.get("layout", {}))
    layout["font"] = {**layout.get("font", {}), "size": FONT_SIZE}
    if chart.key == "map":
        return Chart(chart.key, chart.title, {**fig, "layout": layout}, chart.height, chart.width)
    notes, kept = [], []
    for a in layout.get("annotations", []) or []:
        below = a.get("yref") == "paper" and a.get("xref") == "paper" and float(a.get("y", 0)) < 0
        (notes if below else kept).append(a)
    layout["annotations"] = kept
    layout["title"] = {"text": ""}
    margin = dict(layout.get("margin", {}))
    if chart.key == "ratings":
        margin.update(t=80)
        layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "y": 1.02, "yanchor": "bottom"}
    else:
        margin.update(t=30, b=120)
        layout["legend"] = {**layout.get("legend", {}), "y": -0.22}
        layout["xaxis"] = {**layout.get("xaxis", {}), "title": {"text": ""}}
    layout.update(margin=margin, height=chart.height, width=chart.width)
    note = " ".join(re.sub(r"<br\s*/?>", " ", str(a.get("text", ""))) for a in notes).strip()
    return Chart(chart.key, chart.title, {**fig, "layout": layout}, chart.height, chart.width, note)


def _plotlyjs() -> str | None:
    path = Path(pio.__file__).resolve().parent.parent / "package_data" / "plotly.min.js"
    return str(path) if path.exists() else None


def _start():
    import kaleido

    if not _state["started"]:
        kaleido.start_sync_server(n=2, plotlyjs=_plotlyjs(), mathjax=False, silence_warnings=True)
        _state["started"] = True
    return kaleido


def _digest(fig, width: int, height: int, fmt: str) -> str:
    text = fig.to_json() if hasattr(fig, "to_json") else json.dumps(fig, sort_keys=True, default=str)
    return hashlib.sha256((text + f"|{width}x{height}|{fmt}").encode()).hexdigest()


def render(charts: list[Chart], fmt: str = "svg") -> tuple[dict[str, bytes], str | None]:
    """Image bytes (``fmt``: svg or png) of each chart (by key), and why some are missing
    (None when all drew). PNG is drawn at twice the size, for slides and documents."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart image format '{fmt}' (expected one of {', '.join(FORMATS)})")
    out, problem = {}, None
    with _lock:
        for chart in charts:
            key = _digest(chart.figure, chart.width, chart.height, fmt)
            if key in _cache:
                _cache.move_to_end(key)
                out[chart.key] = _cache[key]
                continue
            try:
                kaleido = _start()
                opts = {"format": fmt, "width": chart.width, "height": chart.height, **({"scale": 2} if fmt == "png" else {})}
                image = kaleido.calc_fig_sync(chart.figure, opts=opts)
            except Exception as err:  # no kaleido, no browser, or a chart that fails: tables still carry the figures
                log.warning("chart %s not drawn: %s", chart.key, err)
                problem = f"{type(err).__name__}: {err}".splitlines()[0][:200]
                if isinstance(err, ImportError):
                    break
                continue
            _cache[key] = image
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
            out[chart.key] = image
    return out, problem


def render_svgs(charts: list[Chart]) -> tuple[dict[str, bytes], str | None]:
    """SVG bytes of each chart (by key), and why some are missing (None when all drew)."""
    return render(charts, "svg")


def warm_up(draw: bool = False) -> None:
    """Start the chart renderer now (in a thread), so the first report does not wait for it;
    ``draw``: also draw an empty chart, which starts its browser and loads plotly.js there
    (seconds of work that the first report would otherwise wait for)."""

    def run():
        try:
            with _lock:
                kaleido = _start()
                if draw:
                    kaleido.calc_fig_sync({"data": [], "layout": {}}, opts={"format": "svg", "width": 20, "height": 20})
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
