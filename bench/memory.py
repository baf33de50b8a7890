"""One worker's memory through thousands of distinct states.

    .venv/bin/python -m bench.memory [STATES]        (default 3000)

``make serve``'s command with one worker answers the callbacks of STATES never-seen
permalinks of every view kind (bench/states.py, in the load test's proportions), a few at
a time so that the worker is never idle. Its resident memory (RSS, and USS: the pages it
alone holds, not shared with the master) is read before the first state and after every
thousand. The run stops early, saying so, after ``max_seconds``.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time

import httpx

from . import dash_protocol as dp
from .loadtest import ACTIONS, HEADERS
from .states import VIEW_KINDS, Permalinks


def _reading(worker, states: int, t0: float) -> dict:
    info = worker.memory_full_info()
    return {"states": states, "rss": info.rss, "uss": info.uss, "seconds": time.perf_counter() - t0}


async def _drive(base: str, links, states: int, checkpoints, worker, concurrency: int, max_seconds: float, out: dict):
    async with httpx.AsyncClient(base_url=base, headers=HEADERS, timeout=60,
                                 limits=httpx.Limits(max_connections=concurrency)) as client:
        callbacks = dp.Callbacks((await client.get("/_dash-dependencies")).json())
        layout = (await client.get("/_dash-layout")).json()
        rnd = random.Random(3000)
        kinds = rnd.choices(VIEW_KINDS, weights=[ACTIONS[k] for k in VIEW_KINDS], k=states)
        queue = [links.new(k).query for k in kinds]
        t0 = time.perf_counter()
        out["readings"].append(_reading(worker, 0, t0))
        done = 0
        lock = asyncio.Lock()

        async def one(search: str) -> None:
            nonlocal done
            for body in dp.search_bodies(callbacks, dp.Page(layout), search, initial=True):
                try:
                    r = await client.post("/_dash-update-component", json=body)
                    await r.aread()
                    if not (200 <= r.status_code < 300):
                        out["errors"].append(f"HTTP {r.status_code}")
                except httpx.HTTPError as err:
                    out["errors"].append(type(err).__name__)
            async with lock:
                done += 1
                if done in checkpoints:
                    out["readings"].append(_reading(worker, done, t0))

        async def lane(n: int) -> None:
            while queue and time.perf_counter() - t0 < max_seconds:
                await one(queue.pop())

        await asyncio.gather(*(lane(i) for i in range(concurrency)))
        if done not in checkpoints:
            out["readings"].append(_reading(worker, done, t0))
        out["done"] = done


def measure(server, states: int = 3000, every: int = 1000, concurrency: int = 3, max_seconds: float = 1800,
            links: Permalinks | None = None) -> dict:
    """Drive the single worker of ``server`` (a :class:`bench.serving.Server`) through
    ``states`` distinct states; memory readings every ``every`` states."""
    from concurrent.futures import ThreadPoolExecutor

    workers = server.workers()
    if len(workers) != 1:
        raise RuntimeError(f"the memory test needs a server with one worker, not {len(workers)}")
    worker = workers[0]
    checkpoints = set(range(every, states + 1, every)) | {states}
    out = {"states": states, "readings": [], "errors": [], "done": 0, "pid": worker.pid, "concurrency": concurrency,
           "max_seconds": max_seconds}
    links = links if links is not None else Permalinks(3000)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _drive(server.url, links, states, checkpoints, worker, concurrency, max_seconds,
                                        out)).result()
    out["same_worker"] = [w.pid for w in server.workers()] == [worker.pid]
    return out


def markdown(res: dict) -> str:
    mb = lambda b: f"{b / 2**20:,.0f} MB"  # noqa: E731
    r = res["readings"]
    lines = [
        f"`make serve` with one worker answers the callbacks of {res['states']:,} distinct never-seen states (every "
        f"view kind, in the load test's proportions; {res['concurrency']} requests at a time); the worker's resident "
        "memory (psutil: RSS, and USS, the memory it alone holds, not shared with the master it was forked from):",
        "",
        "| after | states/s so far | RSS | USS |",
        "|---|---|---|---|",
    ]
    for x in r:
        rate = f"{x['states'] / x['seconds']:.1f}" if x["states"] and x["seconds"] else ""
        label = "start" if not x["states"] else f"{x['states']:,} states ({x['seconds']:.0f} s)"
        lines.append(f"| {label} | {rate} | {mb(x['rss'])} | {mb(x['uss'])} |")
    if len(r) > 1:
        lines += ["", f"Growth from the start: RSS {mb(r[-1]['rss'] - r[0]['rss'])}, USS {mb(r[-1]['uss'] - r[0]['uss'])}"
                  + (f"; from the first {r[1]['states']:,} states to the end: USS "
                     f"{mb(r[-1]['uss'] - r[1]['uss'])}." if len(r) > 2 else ".")]
    if res["done"] < res["states"]:
        lines += ["", f"Stopped after {res['done']:,} states: the run is capped at {res['max_seconds']:.0f} s."]
    if not res["same_worker"]:
        lines += ["", "The worker was replaced during the run (a restart or gunicorn's max_requests)."]
    lines += ["", f"{len(res['errors'])} errors" + (f": {', '.join(sorted(set(res['errors'])))}" if res["errors"] else ".")]
    return "\n".join(lines)


if __name__ == "__main__":
    from .serving import server as serve

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with serve(1, 4) as s:
        print(markdown(measure(s, n, every=max(1, n // 3))))
