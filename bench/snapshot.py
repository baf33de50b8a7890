"""Time to build a sufficiency snapshot, each format, for England and one LA (docs/performance.md).

    .venv/bin/python bench/snapshot.py

Prints a markdown table: first run (cold caches) and the median of the next two, seconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sufficiency.store import load  # noqa: E402
from sufficiency.state import ViewState  # noqa: E402
from sufficiency.config import EMBEDDED_DATA  # noqa: E402
from sufficiency.snapshot import build_snapshot  # noqa: E402
from sufficiency.snapshot.charts import stop  # noqa: E402
from sufficiency.snapshot.pdf import stop as stop_pdf  # noqa: E402

VIEWS = {"England": ViewState(), "Kent (LA)": ViewState(view="profile", la="E10000016"),
         "gm-rcc (footprint)": ViewState(view="profile", footprint="gm-rcc")}
RUNS = [("xlsx", {}), ("zip", {"charts": False}), ("zip", {}), ("html", {"charts": False}), ("html", {}),
        ("pdf", {"charts": False}), ("pdf", {})]


def main() -> None:
    data = load(EMBEDDED_DATA)
    print("| area | format | first | warm | size |\n|---|---|---|---|---|")
    try:
        for label, state in VIEWS.items():
            for fmt, kw in RUNS:
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    snap = build_snapshot(data, state, fmt, **kw)
                    times.append(time.perf_counter() - start)
                name = fmt + (" (no charts)" if kw.get("charts") is False else "")
                print(f"| {label} | {name} | {times[0]:.2f} | {statistics.median(times[1:]):.2f} | "
                      f"{len(snap.content) // 1024} KB |")
    finally:
        stop()
        stop_pdf()


if __name__ == "__main__":
    main()
