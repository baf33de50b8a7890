"""Time the forecasts: ``python bench/forecasts.py [--runs N] [--footprint-runs M] [--docs]``.

* Build, per measure (what ``sufficiency.forecast.tables.build_forecast_tables`` does for it):
  the projection from the last year (components, the inner backtests that calibrate it, the
  calibration), the stored tables of every LA, region and England, and the backtest tables
  (evaluation with intervals at every origin, naive and drift); then the whole forecast build.
  Kept fits and draws are cleared before every run, so each run is a build's.
* Request time: a footprint's forecast summed from the stored components (10 Greater
  Manchester LAs, the North West's LAs, every LA) for children looked after, places and the
  gap; the first call of a process also makes the measure's draws (shown apart).

Prints a markdown table (median and 95th percentile of the runs, wall clock and CPU); with
``--docs`` also writes it into docs/forecasts.md between the ``bench-forecasts`` markers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sufficiency.config import EMBEDDED_DATA  # noqa: E402
from sufficiency.store import load  # noqa: E402

DOC = ROOT / "docs" / "forecasts.md"
START, END = "<!-- bench-forecasts:start -->", "<!-- bench-forecasts:end -->"
GREATER_MANCHESTER = ["E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006", "E08000007",
                      "E08000008", "E08000009", "E08000010"]
NORTH_WEST = "E12000002"


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(0.95 * (len(s) - 1))))]


def timed(fn, runs: int, before=None) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``runs`` calls of ``fn`` (``before`` runs untimed before each)."""
    wall, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def clear_kept() -> None:
    from sufficiency.forecast import aggregate, methods

    methods._fit_pooled.cache_clear()
    aggregate._draws.cache_clear()


def build_rows(la_year, runs: int) -> list[tuple[str, list[float], list[float]]]:
    from sufficiency.forecast import tables as T
    from sufficiency.forecast.project import project
    from sufficiency.forecast.vocab import ORIGIN, SERIES_MEASURES

    rows = []
    projections = {}
    for measure in SERIES_MEASURES:
        def proj(m=measure):
            projections[m] = project(la_year, m, ORIGIN)
        rows.append((f"{measure}: projection from {ORIGIN} (components, inner backtests, calibration)",
                     *timed(proj, runs, clear_kept)))
    built = T.build_forecast_tables(la_year)
    comp, cal = built["forecast_components"], built["forecast_calibration"]
    for measure in SERIES_MEASURES:
        def areas(m=measure):
            cs = T.component_set_from_tables(comp, cal, m)
            T._area_rows(cs, m, T._areas(cs))
        rows.append((f"{measure}: every LA, region and England from the stored components", *timed(areas, runs, clear_kept)))

    def gap():
        ch, places = (T.component_set_from_tables(comp, cal, m) for m in ("cla_ch", "places"))
        T._area_rows(ch, "gap", T._areas(ch), gap_supply=places)
    rows.append(("gap: every LA, region and England (children in homes minus places)", *timed(gap, runs, clear_kept)))
    for measure in SERIES_MEASURES:
        rows.append((f"{measure}: backtest tables (origins 2018-2023, intervals, naive and drift)",
                     *timed(lambda m=measure: T.backtest_tables(la_year, m, projections[m]), runs, clear_kept)))
    rows.append(("all forecast tables (the build's forecast step)", *timed(lambda: T.build_forecast_tables(la_year), runs, clear_kept)))
    return rows


def footprint_rows(data, runs: int) -> list[tuple[str, list[float], list[float]]]:
    from sufficiency.forecast import query

    las = sorted(data.la_year.query("year == 2025")["la_code"])
    nw = sorted(data.la_year.query("year == 2025 and region_code == @NORTH_WEST")["la_code"])
    rows = []
    for measure in ("cla", "places", "gap"):
        def forecastable(codes, m=measure):
            return [c for c in codes if query.status(data, m, c)["status"] == "projected"]

        footprints = (("10 LAs (Greater Manchester)", GREATER_MANCHESTER),
                      ("the North West's LAs", forecastable(nw)), ("every LA with a forecast", forecastable(las)))
        query._sets.cache_clear()
        clear_kept()
        rows.append((f"{measure}: first footprint of a process (reads the components, makes the draws)",
                     *timed(lambda m=measure: query.forecast(data, m, footprint=GREATER_MANCHESTER), 1)))
        for name, codes in footprints:
            rows.append((f"{measure}: footprint of {name} ({len(codes)})",
                         *timed(lambda m=measure, c=codes: query.forecast(data, m, footprint=c), runs)))
    return rows


def markdown(rows, runs: int, footprint_runs: int) -> str:
    load1 = os.getloadavg()[0]
    lines = [f"Build rows: {runs} runs each; footprint rows: {footprint_runs} runs each (first-call rows: one). "
             f"{os.cpu_count()} cores shared with other work (load average {load1:.1f} at the end), so wall times are "
             "upper bounds; CPU is the process's own time.", "",
             "| step | median ms | p95 ms | median CPU ms |", "|---|---|---|---|"]
    for name, wall, cpu in rows:
        lines.append(f"| {name} | {statistics.median(wall):,.0f} | {p95(wall):,.0f} | {statistics.median(cpu):,.0f} |"
                     if statistics.median(wall) >= 100 else
                     f"| {name} | {statistics.median(wall):.1f} | {p95(wall):.1f} | {statistics.median(cpu):.1f} |")
    return "\n".join(lines)


def write_doc(body: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = f"{START}\n{body.strip()}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="runs of each build step")
    p.add_argument("--footprint-runs", type=int, default=50)
    p.add_argument("--docs", action="store_true", help="write the table into docs/forecasts.md")
    a = p.parse_args(argv)
    warnings.simplefilter("ignore")  # statsmodels' notes on the tiny early panels
    import statsmodels.robust.robust_linear_model  # noqa: F401  (imports are not the build's)

    data = load(EMBEDDED_DATA)
    rows = build_rows(data.la_year, a.runs) + footprint_rows(data, a.footprint_runs)
    body = markdown(rows, a.runs, a.footprint_runs)
    print(body)
    if a.docs:
        write_doc(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
