"""Time what the distance view, profile and snapshot add to the flow model: ``python
bench/distance_answers.py [RUNS]`` (figures in docs/flows.md, "On screen and in exports").

"Cold" clears the flow model's caches and this layer's memos first, so the ranges' model runs
(both decay forms, every LA's own share at both ends) are calibrated again; "warm" repeats the
call with everything cached, as a second view of the same year and sectors does.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sufficiency.config import EMBEDDED_DATA  # noqa: E402
from sufficiency.flows import cache  # noqa: E402
from sufficiency.present import distance_figures as dfg  # noqa: E402
from sufficiency.present import footprint_flows as ff  # noqa: E402
from sufficiency.present import scenario as ps  # noqa: E402
from sufficiency.state import from_query  # noqa: E402
from sufficiency.store import load  # noqa: E402

CASES = {
    "modelled figures with ranges, an LA": ("?view=distance&area=E10000016&year=2024", dfg.modelled_figures),
    "modelled figures with ranges, a footprint": ("?view=distance&footprint=gm-rcc&year=2024", dfg.modelled_figures),
    "footprint inside / outside with ranges": ("?view=distance&footprint=gm-rcc&year=2024", ff.footprint_flows),
    "scenario answer in children, +50 in an LA": ("?view=distance&area=E10000016&year=2024&scenario_places=50",
                                                 ps.scenario_answer),
    "scenario answer in children, -30 in a footprint": ("?view=distance&footprint=gm-rcc&year=2024&"
                                                        "scenario_places=-30", ps.scenario_answer),
}


def clear() -> None:
    cache.clear()
    for fn in (dfg.level_ranges, dfg._set_ranges, ff._footprint, ps._run):
        fn.cache_clear()


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main(runs: int = 3) -> None:
    data = load(EMBEDDED_DATA)
    print("| step | cold best ms | cold median ms | warm median ms |")
    print("|---|---|---|---|")
    for name, (query, fn) in CASES.items():
        state = from_query(query)
        cold, warm = [], []
        for _ in range(runs):
            clear()
            cold.append(ms(lambda: fn(data, state)))
            warm.append(ms(lambda: fn(data, state)))
        print(f"| {name} | {min(cold):.0f} | {statistics.median(cold):.0f} | {statistics.median(warm):.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
