"""Single user, never-seen views: server time per view kind against a bare pandas groupby.

    .venv/bin/python -m bench.never_seen [STATES_PER_KIND]        (default 100)

The production app in-process (``sufficiency.server.build``: response cache, compression,
warm-up) answers, through Flask's test client, the callbacks a browser sends when it
opens a permalink nobody has opened before (bench/states.py): map, region view, LA profile,
quality view, distance view, distance view with a scenario, footprint profile. The time is request to
response bytes (brotli included), for every callback the new address runs
(``/_dash-dependencies``: today the page callback). The states of all kinds are opened
in one shuffled order, each once; the same request again ("repeat") is what a state
already served costs.

The baseline is a bare pandas groupby of the same slice, timed on the same state in the
same run: ``supply`` filtered to the state's year, sectors and provision types, summed by
LA (map, distance, scenario), by region (region view) or by sector over the area's rows
(quality), and for a profile the LA's rows (a footprint's: its LAs' rows) summed by year.
Ratio = median callback time / median groupby time.
"""

from __future__ import annotations

import random
import statistics
import sys
import threading
import time

from .states import KIND_LABELS, VIEW_KINDS, Permalinks

#: Targets of issue 10 (benchmark figures, not timed tests): the ratio of each view kind's
#: median to the groupby's, and the p95 of every kind.
RATIO_TARGET = {"map": 20, "region": 20, "quality": 20, "distance": 20, "scenario": 20, "profile": 40}
P95_TARGET_MS = 100
HEADERS = {"Accept-Encoding": "br, gzip"}


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values``."""
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))]


def footprint_codes(data, footprint: str) -> list[str]:
    """The LA codes of a footprint in the URL (a preset id or a list of codes)."""
    if "," in footprint or footprint.upper().startswith("E"):
        return footprint.upper().split(",")
    f = data.footprints
    return list(f.loc[f["footprint"] == footprint, "la_code"])


def groupby(data, state, kind: str):
    """The bare pandas work of the same slice as the view of ``state``."""
    supply = data.supply
    s = supply[supply["sector"].isin(state.sectors) & supply["provision_type"].isin(state.provision_types)]
    if kind == "profile":
        return s[s["la_code"] == state.la].groupby("year")[["homes", "places"]].sum()
    if kind == "footprint":
        codes = footprint_codes(data, state.footprint)
        return s[s["la_code"].isin(codes)].groupby("year")[["homes", "places"]].sum()
    s = s[s["year"] == state.year]
    if kind == "region":
        return s.groupby("region_code")[["homes", "places"]].sum()
    if kind == "quality":
        if state.area.startswith("E12"):
            s = s[s["region_code"] == state.area]
        elif not state.area.startswith("E92"):
            s = s[s["la_code"] == state.area]
        cols = ["homes_outstanding", "homes_good", "homes_requires_improvement", "homes_inadequate"]
        return s.groupby("sector")[cols].sum()
    return s.groupby("la_code")[["homes", "places"]].sum()


def _timed(fn, runs: int = 1) -> tuple[float, float]:
    """Median wall and CPU (this thread's) milliseconds of ``runs`` calls of ``fn``."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.thread_time()
        fn()
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def ratio(a: float, b: float) -> str:
    if not b:
        return "n/a"
    r = a / b
    return f"{r:.0f}x" if r >= 10 else f"{r:.1f}x"


def _wait_for_warm_up() -> None:
    """Let the app's start-up threads finish (they would otherwise share the core)."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "warm" in thread.name.lower():
            thread.join(timeout=600)


def measure(states_per_kind: int = 100, seed: int = 10, kinds=VIEW_KINDS, data_dir=None, quick: bool = False,
            max_seconds: float = 1800) -> dict:
    """Time ``states_per_kind`` never-seen states of each view kind (in one shuffled order,
    stopping early after ``max_seconds``). ``quick`` (the smoke run): the app is not warmed
    up first, and nothing is opened before the timed states."""
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.server import build
    from sufficiency.store import load

    from . import dash_protocol as dp

    folder = data_dir or EMBEDDED_DATA
    t = time.perf_counter()
    if quick:
        try:
            server = build(folder, warm_up=False)
        except TypeError:  # a build without that switch
            server = build(folder)
    else:
        server = build(folder)
        _wait_for_warm_up()
    startup = time.perf_counter() - t
    client = server.test_client()
    callbacks = dp.Callbacks(client.get("/_dash-dependencies").get_json())
    layout = client.get("/_dash-layout").get_json()
    data = load(folder)
    gen = Permalinks(seed)

    def open_view(query: str) -> tuple[float, float, int]:
        """Server time (wall, and CPU of the thread that answers) of a new address, every
        callback it runs, and the bytes sent."""
        page = dp.Page(layout)
        wall = cpu = 0.0
        size = 0
        for b in dp.search_bodies(callbacks, page, query, initial=True):
            start, start_cpu = time.perf_counter(), time.thread_time()
            r = client.post("/_dash-update-component", json=b, headers=HEADERS)
            data = r.get_data()
            cpu += (time.thread_time() - start_cpu) * 1000
            wall += (time.perf_counter() - start) * 1000
            if r.status_code not in (200, 204):
                raise RuntimeError(f"{query}: HTTP {r.status_code}")
            size += len(data)
        return wall, cpu, size

    for kind in () if quick else kinds:  # first use of each view (imports, one-off set-up), not counted
        open_view(gen.new(kind).query)
    plan = [(kind, gen.new(kind)) for kind in kinds for _ in range(states_per_kind)]
    random.Random(seed).shuffle(plan)
    names = ("wall", "cpu", "repeat", "groupby", "groupby_cpu", "bytes")
    rows = {k: {n: [] for n in names} for k in kinds}
    t = time.perf_counter()
    for kind, link in plan:
        if time.perf_counter() - t > max_seconds:
            break
        wall, cpu, size = open_view(link.query)
        again, _, _ = open_view(link.query)
        g_wall, g_cpu = _timed(lambda: groupby(data, link.state, kind), 3)
        for name, value in zip(names, (wall, cpu, again, g_wall, g_cpu, size)):
            rows[kind][name].append(value)
    seconds = time.perf_counter() - t
    out = []
    for kind in kinds:
        r = rows[kind]
        if not r["wall"]:
            continue
        med = {n: statistics.median(r[n]) for n in names}
        out.append({
            "kind": kind, "states": len(r["wall"]), "groupby_median": med["groupby"],
            "groupby_cpu_median": med["groupby_cpu"], "median": med["wall"], "p95": pct(r["wall"], 0.95),
            "max": max(r["wall"]), "cpu_median": med["cpu"], "cpu_p95": pct(r["cpu"], 0.95),
            "ratio": med["wall"] / med["groupby"], "cpu_ratio": med["cpu"] / med["groupby_cpu"],
            "ratio_target": RATIO_TARGET.get(kind), "repeat_median": med["repeat"], "bytes_median": med["bytes"],
        })
    return {"rows": out, "states_per_kind": states_per_kind, "seconds": seconds, "startup": startup, "quick": quick,
            "stopped": sum(len(r["wall"]) for r in rows.values()) < len(plan), "max_seconds": max_seconds,
            "callbacks": [d["output"] for d in callbacks.on_search(initial=True)]}


def markdown(res: dict) -> str:
    lines = [
        f"{res['states_per_kind']} random never-seen states of each view kind (bench/states.py), opened once each in "
        "one shuffled order, through the production app in-process (`sufficiency.server.build`, Flask's test "
        "client): request to response bytes, brotli included, for every callback a new address runs "
        f"({', '.join('`' + c + '`' for c in res['callbacks'])}). Groupby: a bare pandas groupby of the same slice "
        "on the same state (supply filtered to its year, sectors and provision types, by LA; by region for the "
        "region view; by sector over the area's rows for quality; the LA's rows by year for the profile, its LAs' "
        "rows by year for a footprint's; no target was set for footprints), median "
        "of 3. Ratio = median callback / median groupby. CPU: the answering thread's CPU time, which other work "
        "on the machine does not inflate (its ratio is against the groupby's CPU time). Repeat: the same request "
        f"again (answered from the caches). Milliseconds; {res['seconds']:.0f} s for the run, "
        f"{res['startup']:.0f} s to build and warm the app first"
        + (" (smoke run: no warm-up, so first uses are counted)." if res.get("quick") else "."),
        "",
        "| view kind | states | groupby median | callback median | p95 | max | ratio | CPU median | CPU p95 "
        f"| ratio (CPU) | target: ratio, p95 < {P95_TARGET_MS} ms | repeat median | response (br) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    if res.get("stopped"):
        lines[0] += (f" The run stopped at its time cap ({res['max_seconds']:.0f} s) before every state was opened: "
                     "the states column says how many were.")
    for r in res["rows"]:
        target = r["ratio_target"]
        verdict = [] if target is None else [f"{target}x {'met' if r['ratio'] <= target else 'not met'}"]
        verdict.append("p95 met" if r["p95"] < P95_TARGET_MS else "p95 not met")
        lines.append(
            f"| {KIND_LABELS[r['kind']]} | {r['states']} | {r['groupby_median']:.2f} | {r['median']:.0f} | "
            f"{r['p95']:.0f} | {r['max']:.0f} | {ratio(r['median'], r['groupby_median'])} | {r['cpu_median']:.0f} | "
            f"{r['cpu_p95']:.0f} | {ratio(r['cpu_median'], r['groupby_cpu_median'])} | {', '.join(verdict)} | "
            f"{r['repeat_median']:.2f} | {r['bytes_median'] / 1024:.0f} KB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(markdown(measure(n)))
