"""Load test: simulated users on the production server over loopback (asyncio + httpx).

    .venv/bin/python -m bench.loadtest [USERS] [SECONDS]

Each user opens the dashboard as a browser with a cold cache would after its first visit
(the page, layout, dependencies and the page callback; scripts are cached `immutable`, and
one user in five also fetches them), then, after 1-4 s of thinking each time, changes a
filter: the filter-change callback (the body Chromium sends, recorded by bench.serving,
with another value) followed by the page callback for the new URL, as the browser does.
Reports p50/p95/p99 latency per request kind and overall, and every error (a non-2xx
status other than Dash's 204, or a failed connection).
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx

from .interactions import page_body, pct

YEARS = list(range(2014, 2026))
CHOICES = [
    ("year", lambda r: str(r.choice(YEARS))),
    ("measure", lambda r: r.choice(["places_per_10k", "gap", "homes", "places", "cla_ch"])),
    ("view", lambda r: r.choice(["map", "region", "quality", "profile"])),
    ("area", lambda r: r.choice(["E92000001", "E12000007", "E08000025", "E10000016"])),
]


@dataclass
class Results:
    latencies: dict = field(default_factory=dict)  # kind -> [ms]
    errors: list = field(default_factory=list)
    interactions: int = 0

    def add(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)

    def all(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]


def control_body(recorded: dict | None, search: str, name: str, value: str) -> dict:
    """The filter-change callback body: the recorded one with another event and URL."""
    body = copy.deepcopy(recorded) if recorded else None
    event = {"name": name, "value": value, "at": int(time.time() * 1000)}
    if body is None:
        return {}
    for item in body.get("inputs", []):
        if isinstance(item, dict) and item.get("id") == "filter-event":
            item["value"] = event
    for item in body.get("state", []):
        if isinstance(item, dict) and item.get("property") == "search":
            item["value"] = search
    body["changedPropIds"] = ["filter-event.data"]
    return body


async def _request(client, res: Results, kind: str, method: str, url: str, **kw):
    t = time.perf_counter()
    try:
        r = await client.request(method, url, **kw)
        await r.aread()
    except httpx.HTTPError as err:
        res.errors.append(f"{kind}: {type(err).__name__}")
        return None
    res.add(kind, (time.perf_counter() - t) * 1000)
    if not (200 <= r.status_code < 300):
        res.errors.append(f"{kind}: HTTP {r.status_code}")
        return None
    return r


async def user(n: int, base: str, end: float, recorded: dict | None, scripts: list[str], res: Results) -> None:
    rnd = random.Random(n)
    async with httpx.AsyncClient(base_url=base, headers={"Accept-Encoding": "br, gzip"}, timeout=60) as client:
        await asyncio.sleep(rnd.uniform(0, 3))  # users do not all arrive at once
        search = ""
        await _request(client, res, "page", "GET", "/")
        if n % 5 == 0:
            for url in scripts:
                await _request(client, res, "static", "GET", url)
        await _request(client, res, "layout", "GET", "/_dash-layout")
        await _request(client, res, "layout", "GET", "/_dash-dependencies")
        await _request(client, res, "page callback", "POST", "/_dash-update-component", json=page_body(search))
        while time.monotonic() < end:
            await asyncio.sleep(rnd.uniform(1, 4))
            if time.monotonic() >= end:
                break
            name, pick = rnd.choice(CHOICES)
            value = pick(rnd)
            r = None
            if recorded:  # without a recorded body, only the page callback is replayed
                r = await _request(client, res, "filter callback", "POST", "/_dash-update-component",
                                   json=control_body(recorded, search, name, value))
            new = None
            if r is not None and r.status_code == 200:
                try:
                    new = json.loads(r.content)["response"]["url"]["search"]
                except (ValueError, KeyError, TypeError):
                    new = None
            if new is None:  # no recorded body, or nothing changed: the URL the browser would go to
                new = "?" + urlencode({name: value})
            search = new
            await _request(client, res, "page callback", "POST", "/_dash-update-component", json=page_body(search))
            res.interactions += 1


async def run_async(base: str, users: int, seconds: float, recorded: dict | None) -> Results:
    async with httpx.AsyncClient(base_url=base) as probe:
        html = (await probe.get("/")).text
    scripts = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', html)
    res = Results()
    end = time.monotonic() + seconds
    await asyncio.gather(*(user(i, base, end, recorded, scripts, res) for i in range(users)))
    return res


def run(base: str, users: int = 50, seconds: float = 60, recorded: dict | None = None) -> Results:
    """Run the load test on its own event loop in a worker thread, so that it also works
    from a thread that already has a loop running (as under the browser tests)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run_async(base, users, seconds, recorded)).result()


def summary(res: Results, users: int, seconds: float, workers: int, threads: int) -> str:
    everything = res.all()
    lines = [
        f"{users} simulated users for {seconds:.0f} s against `make serve` (gunicorn, {workers} workers x "
        f"{threads} threads) on 127.0.0.1, client (asyncio + httpx) on the same 2 cores: "
        f"**{len(everything):,} requests, {res.interactions:,} filter changes, {len(res.errors)} errors**; "
        f"{len(everything) / seconds:.1f} requests/s.",
        "",
        "| request | count | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for kind, values in sorted(res.latencies.items(), key=lambda kv: -len(kv[1])) + [("**all**", everything)]:
        if values:
            lines.append(f"| {kind} | {len(values):,} | {statistics.median(values):.0f} | {pct(values, .95):.0f} | "
                         f"{pct(values, .99):.0f} | {max(values):.0f} |")
    if res.errors:
        lines += ["", "Errors: " + ", ".join(sorted(set(res.errors)))]
    return "\n".join(lines)


if __name__ == "__main__":
    from .serving import first_load, gunicorn

    users = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    with gunicorn() as base:
        recorded = first_load(base).control_body
        print(summary(run(base, users, seconds, recorded), users, seconds, 2, 4))
