"""Time the flow model: ``python bench/flows.py [RUNS]`` (figures in docs/flows.md and docs/performance.md).

"Cold" clears every cache of the model (results, calibrated parameters, warm starts) first.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sufficiency.store import load  # noqa: E402
from sufficiency.config import EMBEDDED_DATA  # noqa: E402
from sufficiency.distance import distance_matrix  # noqa: E402
from sufficiency.flows import (  # noqa: E402
    BASELINE_MODEL, FORMS, distribution, figure_ranges, footprint, held_out, observed_series, run_scenario, run_year,
)
from sufficiency.flows import cache, model  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def clear() -> None:
    cache.clear()


def main(runs: int = 5) -> None:
    data = load(EMBEDDED_DATA)
    run_year(data, 2024)  # imports and first touch

    def cold(year, form, name=None):
        def go():
            clear()
            run_year(data, year, form=form, **({"model": name} if name else {}))
        return go

    rows = [("distance matrix 2024 (153 x 153)", timed(lambda: distance_matrix(data.gazetteer, 2024), runs))]
    for form in FORMS:
        for year in (2020, 2024):
            rows.append((f"one year, calibration included: {form} {year}", timed(cold(year, form), runs)))
    rows.append(("one year, calibration included: power 2025 (2024's parameters)", timed(cold(2025, "power"), runs)))
    rows.append((f"one year, calibration included: version 1 model ({BASELINE_MODEL}), power 2024",
                 timed(cold(2024, "power", BASELINE_MODEL), runs)))
    run_year(data, 2024)
    rows.append(("one year, cached", timed(lambda: run_year(data, 2024), runs)))
    params = run_year(data, 2024).params

    def given(sectors):
        def go():
            cache.clear(warm=False)  # results and inputs; warm starts kept
            run_year(data, 2024, sectors=sectors, params=params)
        return go

    rows.append(("one year, parameters given (no calibration)", timed(given(model.ALL_SECTORS), runs)))
    rows.append(("one year, private places only, parameters given", timed(given(["Private"]), runs)))
    rows.append(("distribution by LA (153 x 61 bins)", timed(lambda: distribution(run_year(data, 2024), "la"), runs)))

    def ranges(by):
        def go():
            clear()
            figure_ranges(data, 2024, by)
        return go

    rows.append(("ranges by LA, cold (both forms, own shares low / central / high)", timed(ranges("la"), runs)))
    figure_ranges(data, 2024, "la")
    rows.append(("ranges by LA, models cached", timed(lambda: figure_ranges(data, 2024, "la"), runs)))
    def held(year):
        def go():
            clear()
            held_out(data, year)
        return go

    rows.append(("held-out predictions, one year (5 folds), cold", timed(held(2024), runs)))
    counter = iter(range(1, 10_000))
    run_scenario(data, 2024, "E08000025", 1)
    rows.append(("scenario: +N places in one LA, no ranges (baseline cached)",
                 timed(lambda: run_scenario(data, 2024, "E08000025", next(counter), ranges=False), runs)))
    rows.append(("scenario: +N places in one LA, with ranges (baselines cached)",
                 timed(lambda: run_scenario(data, 2024, "E08000025", next(counter)), runs)))
    rows.append(("scenario: -N places in a region, with ranges (baselines cached)",
                 timed(lambda: run_scenario(data, 2024, "E12000009", -next(counter)), runs)))
    footprint(data, 2024, ["E10000016", "E06000035"])
    rows.append(("footprint of two LAs with ranges (models cached)",
                 timed(lambda: footprint(data, 2024, ["E10000016", "E06000035"]), runs)))
    rows.append(("observed FOI series of an LA, 2014-2024", timed(lambda: observed_series(data.la_year, "E10000016"), runs)))
    print("| step | best ms | median ms | max ms |\n|---|---|---|---|")
    for name, t in rows:
        print(f"| {name} | {min(t):.1f} | {statistics.median(t):.1f} | {max(t):.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
