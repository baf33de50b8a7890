"""Time the flow model: ``python bench/flows.py [RUNS]`` (figures in docs/performance.md)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sufficiency.store import load  # noqa: E402
from sufficiency.config import EMBEDDED_DATA  # noqa: E402
from sufficiency.distance import distance_matrix  # noqa: E402
from sufficiency.flows import FORMS, distribution, run_scenario, run_year  # noqa: E402
from sufficiency.flows import model  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main(runs: int = 5) -> None:
    data = load(EMBEDDED_DATA)
    run_year(data, 2024)  # imports and first touch

    def cold(year, form):
        def go():
            model._CACHE.clear()
            run_year(data, year, form=form)
        return go

    rows = [("distance matrix 2024 (153 x 153)", timed(lambda: distance_matrix(data.gazetteer, 2024), runs))]
    for form in FORMS:
        for year in (2020, 2024):
            rows.append((f"one year, calibration included: {form} {year}", timed(cold(year, form), runs)))
    run_year(data, 2024)
    rows.append(("one year, cached", timed(lambda: run_year(data, 2024), runs)))
    decay = run_year(data, 2024).decay

    def given(sectors):
        def go():
            model._CACHE.clear()
            run_year(data, 2024, sectors=sectors, decay=decay)
        return go

    rows.append(("one year, decay given (no calibration)", timed(given(model.ALL_SECTORS), runs)))
    rows.append(("one year, private places only, decay given", timed(given(["Private"]), runs)))
    rows.append(("distribution by LA (153 x 61 bins)", timed(lambda: distribution(run_year(data, 2024), "la"), runs)))
    run_year(data, 2024)
    counter = iter(range(1, 10_000))
    rows.append(("scenario: +N places in one LA (baseline cached)", timed(lambda: run_scenario(data, 2024, "E08000025", next(counter)), runs)))
    rows.append(("scenario: -N places in a region (baseline cached)", timed(lambda: run_scenario(data, 2024, "E12000009", -next(counter)), runs)))
    print("| step | best ms | median ms | max ms |\n|---|---|---|---|")
    for name, t in rows:
        print(f"| {name} | {min(t):.1f} | {statistics.median(t):.1f} | {max(t):.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
