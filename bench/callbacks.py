"""Server-side time per filter change against a bare pandas groupby of the same slice.

    .venv/bin/python bench/callbacks.py [RUNS]

For each interaction, times ``render_page`` (what the page callback runs: state from the URL,
cached measure values, figure and table) on warm caches, cold caches (first request of a
state), and a bare ``supply`` groupby of the same year, and prints median and p95.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sufficiency.app import queries  # noqa: E402
from sufficiency.app.callbacks import render_page  # noqa: E402
from sufficiency.app.data import load  # noqa: E402
from sufficiency.config import EMBEDDED_DATA  # noqa: E402

INTERACTIONS = {
    "change year": "?year=2019",
    "change sector": "?sector=private",
    "change measure": "?measure=gap",
    "geographic map": "?style=geo",
    "region view": "?view=region",
}


def _time(fn, runs):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[max(0, int(len(out) * 0.95) - 1)]


def main(runs: int = 20) -> None:
    data = load(EMBEDDED_DATA)
    render_page("", data)  # layouts, boundaries and the hex grid are built once per process
    print(f"{'interaction':16} {'groupby ms':>11} {'warm ms':>9} {'p95':>7} {'ratio':>6} {'cold ms':>8}")
    for name, search in INTERACTIONS.items():
        year = int(search.split("year=")[1]) if "year=" in search else 2025
        sel = data.supply

        def groupby():
            s = sel[sel["year"] == year]
            return s.groupby("la_code")[["homes", "places"]].sum()

        g_med, _ = _time(groupby, runs)
        cold = []
        for _ in range(3):
            for fn in vars(queries).values():
                if hasattr(fn, "cache_clear"):
                    fn.cache_clear()
            t = time.perf_counter()
            render_page(search, data)
            cold.append((time.perf_counter() - t) * 1000)
        w_med, w_p95 = _time(lambda: render_page(search, data), runs)
        print(f"{name:16} {g_med:11.2f} {w_med:9.1f} {w_p95:7.1f} {w_med / g_med:6.0f} {statistics.median(cold):8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
