"""Callback latency per main interaction on the production app, against a bare pandas groupby.

    .venv/bin/python -m bench.interactions [RUNS]

Each interaction is the page callback (URL -> navigation, filters, content) as the browser
sends it, through the production WSGI app in-process (sufficiency.server: response cache,
brotli): "first" is the first request of a state in a fresh process state (every per-state
cache cleared), "repeat" a request for a state already served. The baseline is a bare
``supply`` groupby by LA of the same year and sector.
"""

from __future__ import annotations

import statistics
import sys
import time

from sufficiency.app import callbacks, create_app
from sufficiency.engine import components, compute, modelled, queries
from sufficiency.store import load
from sufficiency.config import EMBEDDED_DATA
from sufficiency.server import CACHED_OUTPUTS, harden, warm

INTERACTIONS = {
    "change year": "?year=2019",
    "change sector": "?sector=private",
    "change measure": "?measure=gap",
    "geographic map": "?style=geo",
    "region view": "?view=region",
}


def page_body(search: str) -> dict:
    return {
        "output": CACHED_OUTPUTS[0],
        "outputs": [{"id": i, "property": "children"} for i in (callbacks.NAV_ID, callbacks.FILTERS_ID, callbacks.CONTENT_ID)],
        "inputs": [{"id": "url", "property": "search", "value": search}],
        "state": [], "changedPropIds": ["url.search"],
    }


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _clear_caches(server) -> None:
    for module in (queries, compute, components, modelled, callbacks):
        for fn in vars(module).values():
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()
    cache = server.extensions["sufficiency_response_cache"]
    cache.__init__(cache.max_bytes)
    compress = server.extensions.get("compress")
    if compress is not None and getattr(compress, "cache", None) is not None:
        compress.cache.__init__()


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def measure(runs: int = 200, first_runs: int = 10) -> list[dict]:
    data = load(EMBEDDED_DATA)
    dash_app = create_app(EMBEDDED_DATA)
    server = harden(dash_app)
    warm(dash_app)
    client = server.test_client()
    headers = {"Accept-Encoding": "br, gzip"}

    def call(search):
        r = client.post("/_dash-update-component", json=page_body(search), headers=headers)
        assert r.status_code == 200, r.status_code
        return len(r.get_data())

    rows = []
    for name, search in INTERACTIONS.items():
        year = int(search.split("year=")[1]) if "year=" in search else 2025
        sector = "private" if "sector=" in search else None
        supply = data.supply

        def groupby():
            s = supply[supply["year"] == year]
            if sector:
                s = s[s["sector"] == sector]
            return s.groupby("la_code")[["homes", "places"]].sum()

        base = _timed(groupby, runs)
        first = []
        for _ in range(first_runs):
            _clear_caches(server)
            first += _timed(lambda: call(search), 1)
        size = call(search)
        repeat = _timed(lambda: call(search), runs)
        g = statistics.median(base)
        rows.append({
            "interaction": name, "groupby_median": g, "groupby_p95": pct(base, 0.95),
            "first_median": statistics.median(first), "first_p95": pct(first, 0.95),
            "repeat_median": statistics.median(repeat), "repeat_p95": pct(repeat, 0.95),
            "ratio_first": statistics.median(first) / g, "ratio_repeat": statistics.median(repeat) / g,
            "bytes": size,
        })
    return rows


def markdown(rows: list[dict], runs: int, first_runs: int) -> str:
    lines = [
        f"The page callback through the production app in-process (request, callback, JSON, brotli), "
        f"milliseconds; repeat: {runs} runs, first request of a state: {first_runs} runs with every cache "
        f"cleared; groupby: {runs} runs of a bare `supply` groupby by LA of the same year (and sector). "
        "Ratio = callback median / groupby median.",
        "",
        "| interaction | groupby median | groupby p95 | first median | first p95 | ratio (first) "
        "| repeat median | repeat p95 | ratio (repeat) | response (br) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['interaction']} | {r['groupby_median']:.2f} | {r['groupby_p95']:.2f} | {r['first_median']:.0f} | "
            f"{r['first_p95']:.0f} | {r['ratio_first']:.0f}x | {r['repeat_median']:.2f} | {r['repeat_p95']:.2f} | "
            f"{r['ratio_repeat']:.1f}x | {r['bytes'] / 1024:.0f} KB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(markdown(measure(n), n, 10))
