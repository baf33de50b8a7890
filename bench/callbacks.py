"""Server-side time per filter change against a bare pandas groupby of the same slice.

    .venv/bin/python bench/callbacks.py [RUNS]

For each interaction, times ``render_page`` (what the page callback runs: state from the URL,
then the cached page of that state) on warm caches, the whole callback over HTTP (Flask's
test client: request, callback, JSON of the response), the first request of a state (every
per-state cache cleared; the geometry built at start-up kept), and a bare ``supply`` groupby
of the same year. Prints medians and the p95 of the warm runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sufficiency.app import callbacks, create_app  # noqa: E402
from sufficiency.engine import components, compute, modelled, queries  # noqa: E402
from sufficiency.app.callbacks import render_page  # noqa: E402
from sufficiency.store import load  # noqa: E402
from sufficiency.app.sections import profile, quality  # noqa: E402
from sufficiency.app.sections.common import geo_available  # noqa: E402
from sufficiency.config import EMBEDDED_DATA  # noqa: E402

INTERACTIONS = {
    "change year": "?year=2019",
    "change sector": "?sector=private",
    "change measure": "?measure=gap",
    "geographic map": "?style=geo",
    "region view": "?view=region",
}
KEEP = ("years_with", "_blocks", "_layout", "members")  # computed once at start-up, not per state
OUTPUTS = [{"id": i, "property": "children"} for i in (callbacks.NAV_ID, callbacks.FILTERS_ID, callbacks.CONTENT_ID)]


def _time(fn, runs):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[max(0, int(len(out) * 0.95) - 1)]


def _clear() -> None:
    """Forget every per-state result (pages, filter panels, values, tables); keep what the
    start-up computes once (geometry, the years of each measure)."""
    for module in (queries, compute, components, modelled, callbacks, profile, quality):
        for name, fn in vars(module).items():
            if hasattr(fn, "cache_clear") and name not in KEEP:
                fn.cache_clear()


def _http(client, search):
    body = {
        "output": "..service-nav.children...filters.children...content.children..",
        "outputs": OUTPUTS, "inputs": [{"id": "url", "property": "search", "value": search}],
        "state": [], "changedPropIds": ["url.search"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.status_code
    return len(response.get_data())


def main(runs: int = 20) -> None:
    data = load(EMBEDDED_DATA)
    geo = geo_available()
    callbacks.warm_in_background(str(EMBEDDED_DATA), geo).join()  # the app's start-up work, before timing
    client = create_app(EMBEDDED_DATA).server.test_client()
    render_page("", data, geo=geo)
    print(f"{'interaction':16} {'groupby ms':>11} {'warm ms':>9} {'p95':>7} {'ratio':>6} {'http ms':>8} "
          f"{'KB':>5} {'cold ms':>8}")
    for name, search in INTERACTIONS.items():
        year = int(search.split("year=")[1]) if "year=" in search else 2025
        sel = data.supply

        def groupby():
            s = sel[sel["year"] == year]
            return s.groupby("la_code")[["homes", "places"]].sum()

        g_med, _ = _time(groupby, runs)
        cold = []
        for _ in range(3):
            _clear()
            t = time.perf_counter()
            render_page(search, data, geo=geo)
            cold.append((time.perf_counter() - t) * 1000)
        w_med, w_p95 = _time(lambda: render_page(search, data, geo=geo), runs)
        size = _http(client, search)
        h_med, _ = _time(lambda: _http(client, search), max(3, runs // 3))
        print(f"{name:16} {g_med:11.2f} {w_med:9.2f} {w_p95:7.2f} {w_med / g_med:6.2f} {h_med:8.1f} "
              f"{size / 1024:5.0f} {statistics.median(cold):8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
