"""Load test: simulated users on the production server over loopback (asyncio + httpx).

    .venv/bin/python -m bench.loadtest [USERS] [SECONDS] [--cached] [--workers N]

Never-seen mix (the default). Each user arrives (0-3 s apart), opens a permalink nobody
has opened before (bench/states.py) as a browser with a cold cache would (the page,
``/_dash-layout``, ``/_dash-dependencies`` and the callbacks the address runs; one user in
five also fetches the scripts, which are otherwise cached ``immutable``), then, after 1-3 s
of thinking each time, does one of (shares of the interactions):

* opens another never-seen permalink (3 in 10 as a new page load, the others inside the
  page, as a link does): a map 28%, a region view 8%, an LA profile 14%, a footprint
  profile 4%, a quality view 6%, a distance view 6%, a distance view with a scenario 6%;
* opens a state already opened, written differently (tracking parameters, another order,
  explicit defaults): 6%;
* changes a filter of the page it has (a select or a checkbox of the filter panel, through
  the app's own callbacks, then the new address): 17%;
* downloads a snapshot of its view (xlsx half the time, zip and pdf a quarter each): 5%,
  1 interaction in 20.

The first interactions of the run, shared between the users, are one of each kind, so that
a short run sees every kind. Every callback body comes from ``/_dash-dependencies`` and the
components the server sent (bench/dash_protocol.py). Cached states (``--cached``): the
same users move between a fixed set of a few dozen URLs (bench/states.py, CACHED_URLS),
which after the first request of each are answered from the caches: the old load test.

Reported: p50/p95/p99/max per kind of request, errors (a status other than 2xx, Dash's 204
being a 2xx; a timeout; a connection error; a snapshot response with no file), and each
gunicorn worker's resident memory (psutil, sampled every 0.5 s), at the start and at its
peak. The run is bounded: no interaction starts after SECONDS (once one of each kind has
started), and requests still unanswered after the request timeout (30 s) are cut off and
counted as errors.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from . import dash_protocol as dp
from .states import CACHED_URLS, KIND_LABELS, VIEW_KINDS, Permalinks

# httpx logs every request at INFO once the app's logging is set up (the in-process benchmarks
# run first): a line per request would cost the client CPU on the cores the server shares.
logging.getLogger("httpx").setLevel(logging.WARNING)

#: Shares of a user's interactions (after the first page load).
ACTIONS = {"map": 0.28, "region": 0.08, "profile": 0.14, "footprint": 0.04, "quality": 0.06, "distance": 0.06,
           "scenario": 0.06, "rewritten": 0.06, "filter": 0.17, "snapshot": 0.05}
SNAPSHOT_FORMATS = {"xlsx": 0.5, "zip": 0.25, "pdf": 0.25}
FRESH_LOAD = 0.3  # share of permalinks opened as a new page load rather than inside the page
THINK = (1.0, 3.0)
REQUEST_TIMEOUT = 30.0
HEADERS = {"Accept-Encoding": "br, gzip", "User-Agent": "sufficiency-loadtest"}
VIEW = "view: "


def view_label(kind: str) -> str:
    return VIEW + {"rewritten": "same state, written differently", "filter": "after a filter change",
                   "cached": "cached state"}.get(kind, KIND_LABELS.get(kind, kind))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))]


@dataclass
class Results:
    mode: str = "never-seen"
    users: int = 0
    seconds: float = 0.0
    think: tuple = THINK
    timeout: float = REQUEST_TIMEOUT
    latencies: dict = field(default_factory=dict)  # kind -> [ms]
    errors: list = field(default_factory=list)  # (kind, reason)
    requests: int = 0
    interactions: Counter = field(default_factory=Counter)
    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    children_cpu: float = 0.0  # of server_cpu: the snapshot processes and their browsers
    snapshot_memory: int = 0  # bytes: the snapshot processes' peak PSS, browsers included
    memory: dict = field(default_factory=dict)  # worker pid -> {"start", "peak", "peak_tree"} (bytes)
    workers_seen: int = 0
    workers_at_start: int = 0
    server_exceptions: list = field(default_factory=list)  # the exception lines of the server's tracebacks
    failed_addresses: list = field(default_factory=list)  # (kind, reason, address) of failed views, the first few

    def add(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)

    def error(self, kind: str, reason: str) -> None:
        self.errors.append((kind, reason))

    def kinds(self) -> set[str]:
        return set(self.latencies) | {k for k, _ in self.errors}

    def all(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]


class MemorySampler(threading.Thread):
    """The resident memory (RSS) of each worker of ``server`` every ``every`` seconds; every
    ``tree_every`` seconds also the proportional memory (PSS, shared pages divided between
    the processes sharing them) of the worker with the processes it started (the PDF and
    chart Chromium), which is slower to read."""

    def __init__(self, server, every: float = 0.5, tree_every: float = 5.0) -> None:
        super().__init__(name="memory-sampler", daemon=True)
        self.server, self.every, self.tree_every = server, every, tree_every
        self.memory: dict = {}
        self.cpu: dict = {}
        self.children: set = set()  # pids of the snapshot processes and the browsers they started
        self.snapshot_peak = 0  # bytes: the snapshot processes' peak PSS, browsers included
        self._halt = threading.Event()
        self._last_tree = 0.0

    def sample(self, tree: bool = False) -> None:
        import psutil

        for worker in self.server.workers():
            try:
                rss = worker.memory_info().rss
                cpu = worker.cpu_times()
            except psutil.Error:
                continue
            m = self.memory.setdefault(worker.pid, {"start": rss, "peak": rss, "peak_tree": 0})
            m["peak"] = max(m["peak"], rss)
            self.cpu[worker.pid] = cpu.user + cpu.system
            if tree:
                total = 0
                try:
                    family = [worker, *worker.children(recursive=True)]
                except psutil.Error:
                    family = [worker]
                for p in family:
                    try:
                        total += p.memory_full_info().pss
                        if p.pid != worker.pid:
                            c = p.cpu_times()
                            self.cpu[p.pid] = c.user + c.system
                            self.children.add(p.pid)
                    except psutil.Error:
                        pass
                m["peak_tree"] = max(m["peak_tree"], total)
        if tree:
            self.sample_snapshot_processes()

    def sample_snapshot_processes(self) -> None:
        """The CPU and proportional memory of the server's snapshot processes (gunicorn's
        dirty arbiter, its workers and their browsers), counted apart from the web workers."""
        import psutil

        total = 0
        for p in getattr(self.server, "snapshot_processes", lambda: [])():
            try:
                c = p.cpu_times()
                self.cpu[p.pid] = c.user + c.system
                self.children.add(p.pid)
                total += p.memory_full_info().pss
            except psutil.Error:
                pass
        self.snapshot_peak = max(self.snapshot_peak, total)

    def run(self) -> None:
        while not self._halt.is_set():
            now = time.monotonic()
            tree = now - self._last_tree >= self.tree_every
            if tree:
                self._last_tree = now
            self.sample(tree)
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.sample(tree=True)


class Schedule:
    """What users do next: one of each kind first (shared by all users), then at random."""

    def __init__(self, seed: int, cached: bool) -> None:
        self.cached = cached
        first = [] if cached else [a for a in ACTIONS if a not in ("snapshot", "filter")] + ["filter:select"] \
            + [f"snapshot:{f}" for f in SNAPSHOT_FORMATS]
        random.Random(seed).shuffle(first)
        self.first = first

    def next(self, rnd: random.Random) -> tuple[str, bool]:
        """(action, whether it is one of the first round)."""
        if self.cached:
            return "cached", False
        if self.first:
            return self.first.pop(), True
        action = rnd.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        if action == "snapshot":
            action += ":" + rnd.choices(list(SNAPSHOT_FORMATS), weights=list(SNAPSHOT_FORMATS.values()))[0]
        return action, False


class Run:
    """One load test: the shared state of the simulated users."""

    def __init__(self, base: str, users: int, seconds: float, *, cached: bool, seed: int, think, links,
                 timeout: float = REQUEST_TIMEOUT) -> None:
        self.base, self.users, self.seconds, self.cached = base, users, seconds, cached
        self.think, self.timeout = think, timeout
        self.res = Results("cached states" if cached else "never-seen", users, seconds, think=tuple(think),
                           timeout=timeout)
        self.links = links if links is not None else Permalinks(seed)
        self.schedule = Schedule(seed, cached)
        self.seed = seed
        self.callbacks: dp.Callbacks | None = None
        self.layout = None
        self.config: dict = {}
        self.scripts: list[str] = []
        self.end = 0.0
        self.in_flight: dict[int, str] = {}

    async def request(self, client: httpx.AsyncClient, kind: str, method: str, url: str, record: bool = True, **kw):
        """One request, timed (its time kept under ``kind`` when ``record``); None when it
        failed (and the error is counted)."""
        token = object()
        self.in_flight[id(token)] = kind
        t = time.perf_counter()
        try:
            r = await client.request(method, url, **kw)
        except httpx.TimeoutException:
            self.res.error(kind, "timeout")
            if record:  # counted in the percentiles at the time it was given up
                self.res.add(kind, (time.perf_counter() - t) * 1000)
            return None
        except httpx.HTTPError as err:
            self.res.error(kind, f"connection error ({type(err).__name__})")
            return None
        finally:
            self.in_flight.pop(id(token), None)
            self.res.requests += 1
        ms = (time.perf_counter() - t) * 1000
        if record:
            self.res.add(kind, ms)
        if not (200 <= r.status_code < 300):
            self.res.error(kind, f"HTTP {r.status_code}")
            return None
        return r, ms

    async def _post(self, client, kind: str, url: str, body: dict):
        """One callback request: payload ({} for a 204) or None on an error."""
        got = await self.request(client, kind, "POST", url, False, json=body)
        if got is None:
            return None
        r, _ = got
        if r.status_code == 204:
            return {}
        try:
            return json.loads(r.content)
        except ValueError:
            self.res.error(kind, "response is not JSON")
            return None

    async def callback(self, client, kind: str, body: dict, page: dp.Page, record: bool = True):
        """A callback as the renderer runs it (a background callback polled until it has
        answered); (payload, ms until the answer) or None on an error."""
        t = time.perf_counter()
        payload = await self._post(client, kind, dp.callback_url(page.config), body)
        handles = dp.background_job(payload) if payload is not None else None
        if handles:
            dep = self.callbacks.by_output(body["output"])
            polled = dp.poll_body(body)
            while payload is not None and "response" not in payload:
                if time.perf_counter() - t > self.timeout:
                    self.res.error(kind, "timeout (background callback)")
                    payload = None
                    break
                await asyncio.sleep(dp.poll_interval(dep))
                payload = await self._post(client, kind, dp.callback_url(page.config, **handles), polled)
                if payload == {}:  # 204: the job ended with nothing to update
                    break
        ms = (time.perf_counter() - t) * 1000
        if record and (payload is not None or ms >= self.timeout * 1000):
            self.res.add(kind, ms)
        return None if payload is None else (payload, ms)

    async def view(self, client, page: dp.Page, search: str, label: str, initial: bool = False) -> bool:
        """What the browser does when the address changes (or, ``initial``, a page opens):
        every callback it runs, at once; the time is until the last answer."""
        t = time.perf_counter()
        bodies = dp.search_bodies(self.callbacks, page, search, initial)
        answers = await asyncio.gather(*(self.callback(client, label, b, page, record=False) for b in bodies))
        for a in answers:
            if a is not None:
                page.update(a[0])
        elapsed = time.perf_counter() - t
        if any(a is not None for a in answers) or elapsed >= self.timeout:  # answered, or given up
            self.res.add(label, elapsed * 1000)
        page.ok = all(a is not None for a in answers)
        if not page.ok and len(self.res.failed_addresses) < 5:
            reason = next((r for k, r in reversed(self.res.errors) if k == label), "error")
            self.res.failed_addresses.append((label, reason, search))
        return page.ok

    async def page_load(self, client, search: str, label: str, scripts: bool) -> dp.Page:
        got = await self.request(client, "page", "GET", "/" + search)
        config = dp.page_config(got[0].text) if got is not None else self.config
        if scripts:
            for url in self.scripts:
                await self.request(client, "static", "GET", url)
        await self.request(client, "layout", "GET", "/_dash-layout")
        await self.request(client, "layout", "GET", "/_dash-dependencies")
        page = dp.Page(self.layout, config)
        await self.view(client, page, search, label, initial=True)
        return page

    async def filter_change(self, client, page: dp.Page, search: str, rnd, select: bool) -> str | None:
        """Change one filter of the page: a select (always a new state) 7 times in 10 or when
        ``select``, else a checkbox or radio button (which may change nothing: unticking the
        only provision type)."""
        offered = dp.controls(self.callbacks, page)
        selects = [c for c in offered if c.label.startswith("select")]
        if select or (selects and rnd.random() < 0.7):
            offered = selects
        if not offered:
            self.res.error("filter change callback", "no filter on the page")
            return None
        control = rnd.choice(offered)
        answers = await asyncio.gather(*(self.callback(client, "filter change callback", b, page)
                                         for b in dp.control_bodies(control, page, search)))
        new = None
        for a in answers:
            if a is not None and dp.new_search(a[0]) is not None:
                new = dp.new_search(a[0])
        if new is not None and new != search:
            await self.view(client, page, new, view_label("filter"))
            return new
        return None

    async def snapshot(self, client, page: dp.Page, search: str, fmt: str) -> None:
        kind = f"snapshot: {fmt}"
        try:
            body = dp.snapshot_body(self.callbacks, page, search, fmt)
        except LookupError as err:
            self.res.error(kind, str(err))
            return
        got = await self.callback(client, kind, body, page)
        if got is None:
            return
        payload, _ = got
        if dp.snapshot_file(payload) is None:
            self.res.error(kind, "no file: " + (dp.snapshot_message(payload) or "empty response"))

    async def user(self, n: int) -> None:
        rnd = random.Random(self.seed * 1000 + n)
        limits = httpx.Limits(max_connections=6, max_keepalive_connections=6)  # as a browser, per host
        async with httpx.AsyncClient(base_url=self.base, headers=HEADERS, timeout=self.timeout,
                                     limits=limits) as client:
            await asyncio.sleep(rnd.uniform(0, min(3.0, self.seconds / 4)))
            if self.cached:
                search, label = rnd.choice(CACHED_URLS), view_label("cached")
            else:
                kind = rnd.choices(VIEW_KINDS, weights=[ACTIONS[k] for k in VIEW_KINDS])[0]
                search, label = self.links.new(kind).query, view_label(kind)
            page = await self.page_load(client, search, label, scripts=n % 5 == 0)
            self.res.interactions["first page load"] += 1
            while True:
                await asyncio.sleep(rnd.uniform(*self.think))
                if time.monotonic() >= self.end and not self.schedule.first:  # one of each kind, even in a short run
                    break
                action, first = self.schedule.next(rnd)
                if not page.ok and action.startswith(("filter", "snapshot")):
                    # The last view did not arrive, so there is nothing to change or download:
                    # the user opens another link (a first-round action waits for a working page).
                    if first:
                        self.schedule.first.insert(0, action)
                    action = "map"
                self.res.interactions[action.split(":")[0] if action.startswith("filter") else action] += 1
                if action.startswith("snapshot:"):
                    await self.snapshot(client, page, search, action.split(":", 1)[1])
                    continue
                if action.startswith("filter"):
                    search = await self.filter_change(client, page, search, rnd, action == "filter:select") or search
                    continue
                if action == "cached":
                    search = rnd.choice(CACHED_URLS)
                elif action == "rewritten":
                    search = self.links.rewritten().query
                else:
                    search = self.links.new(action).query
                if rnd.random() < FRESH_LOAD:
                    page = await self.page_load(client, search, view_label(action), scripts=False)
                else:
                    await self.view(client, page, search, view_label(action))

    async def main(self) -> None:
        async with httpx.AsyncClient(base_url=self.base, headers=HEADERS, timeout=60) as probe:
            html = (await probe.get("/")).text
            self.callbacks = dp.Callbacks((await probe.get("/_dash-dependencies")).json())
            self.layout = (await probe.get("/_dash-layout")).json()
        self.config = dp.page_config(html)
        self.scripts = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', html)
        self.end = time.monotonic() + self.seconds
        tasks = [asyncio.ensure_future(self.user(i)) for i in range(self.users)]
        done, pending = await asyncio.wait(tasks, timeout=self.seconds + self.timeout + 8)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if task.exception() is not None:
                raise task.exception()
        for kind in list(self.in_flight.values()):
            self.res.error(kind, f"unanswered {self.timeout + 5:.0f} s after the end")


def run(server, users: int = 50, seconds: float = 60, *, cached: bool = False, seed: int = 10,
        think=THINK, links: Permalinks | None = None, timeout: float = REQUEST_TIMEOUT) -> Results:
    """Run the load test against ``server`` (a :class:`bench.serving.Server`) on its own
    event loop in a worker thread, so that it also works from a thread that already has a
    loop running (as under the browser tests), while a thread samples the workers' memory."""
    from concurrent.futures import ThreadPoolExecutor

    test = Run(server.url, users, seconds, cached=cached, seed=seed, think=think, links=links, timeout=timeout)
    sampler = MemorySampler(server)
    sampler.sample(tree=True)
    at_start = len(sampler.memory)
    cpu_before = dict(sampler.cpu)
    log_before = len(server.log())
    sampler.start()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, test.main()).result()
    finally:
        sampler.stop()
    res = test.res
    res.wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF)
    res.client_cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    res.server_cpu = sum(cpu - cpu_before.get(pid, 0.0) for pid, cpu in sampler.cpu.items())
    res.children_cpu = sum(cpu - cpu_before.get(pid, 0.0) for pid, cpu in sampler.cpu.items()
                           if pid in sampler.children)
    res.memory = sampler.memory
    res.snapshot_memory = sampler.snapshot_peak
    res.workers_seen = len(sampler.memory)
    res.workers_at_start = at_start
    res.server_exceptions = server.exceptions(log_before)
    return res


def _row(kind: str, values: list[float], errors: int) -> str:
    if not values:
        return f"| {kind} | 0 | {errors} | | | | |"
    return (f"| {kind} | {len(values):,} | {errors} | {statistics.median(values):.0f} | {pct(values, .95):.0f} | "
            f"{pct(values, .99):.0f} | {max(values):.0f} |")


def summary(res: Results, workers: int | None = None, threads: int | None = None) -> str:
    everything = res.all()
    errors = Counter(k for k, _ in res.errors)
    reasons = Counter(f"{k}: {r}" for k, r in res.errors)
    timeouts = sum(1 for _, r in res.errors if r.startswith(("timeout", "unanswered")))
    conn = sum(1 for _, r in res.errors if r.startswith("connection"))
    http = sum(1 for _, r in res.errors if r.startswith("HTTP"))
    if res.mode == "cached states":
        what = (f"**Cached states** (the old load test): {res.users} simulated users move between "
                f"{len(CACHED_URLS)} fixed URLs, so after the first request of each nearly every answer comes from "
                "the caches; this is not what a council opening its own links meets (see the never-seen mix).")
    else:
        what = (f"**Never-seen mix**: {res.users} simulated users, each opening permalinks nobody has opened "
                "(maps, region views, LA and footprint profiles, quality and distance views, scenarios), states written "
                "differently, filter changes and snapshot downloads (1 interaction in 20), think time "
                f"{res.think[0]:g}-{res.think[1]:g} s.")
    n = res.workers_at_start
    config = f"{n} worker{'s' if n != 1 else ''}" + (f" x {threads} threads" if threads else "")
    lines = [
        what + f" {res.seconds:.0f} s against `make serve` (gunicorn, {config}"
        f"{'' if workers else ', gunicorn.conf.py defaults'}) on 127.0.0.1. "
        f"**The client shares the machine's 2 cores with the server**: it used {res.client_cpu:.0f} s of CPU in the "
        f"{res.wall:.0f} s run, the server's workers and the processes they started {res.server_cpu:.0f} s "
        f"(of which the snapshot processes and browsers {res.children_cpu:.0f} s).",
        "",
        f"**{len(everything):,} timed requests and views, {sum(res.interactions.values()):,} interactions, "
        f"{len(res.errors)} errors** ({timeouts} timeouts, {conn} connection errors, {http} HTTP errors, "
        f"{len(res.errors) - timeouts - conn - http} other); {res.requests / res.seconds:.1f} requests/s. "
        "A view is the time until every callback of its new address has answered; a request given up after "
        f"the {res.timeout:g} s timeout counts in the percentiles at that time.",
        "",
        "| request | count | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    order = sorted(res.kinds(), key=lambda k: (not k.startswith(VIEW), not k.startswith("snapshot"),
                                               -len(res.latencies.get(k, []))))
    for kind in order:
        lines.append(_row(kind, res.latencies.get(kind, []), errors[kind]))
    views = [x for k, v in res.latencies.items() if k.startswith(VIEW) for x in v]
    lines.append(_row("**every view**", views, sum(n for k, n in errors.items() if k.startswith(VIEW))))
    lines.append(_row("**everything**", everything, len(res.errors)))
    if res.memory:
        mb = lambda b: f"{b / 2**20:,.0f} MB"  # noqa: E731
        lines += ["", "Worker memory (psutil): resident set (RSS) every 0.5 s; with its children: the proportional "
                  "memory (PSS) of the worker and the processes it started, such as the PDF and chart Chromium, "
                  "every 5 s.", "",
                  "| worker | RSS at start | peak RSS | peak PSS with its children |", "|---|---|---|---|"]
        for i, (pid, m) in enumerate(sorted(res.memory.items()), 1):
            lines.append(f"| {i} (pid {pid}) | {mb(m['start'])} | {mb(m['peak'])} | {mb(m['peak_tree'])} |")
        if res.snapshot_memory:
            lines.append(f"\nThe snapshot processes (gunicorn's dirty arbiter and workers, with their browsers): "
                         f"peak PSS {mb(res.snapshot_memory)}.")
        if res.workers_seen > res.workers_at_start:
            lines.append(f"\n{res.workers_seen - res.workers_at_start} workers were replaced during the run "
                         "(a crash, a timeout or gunicorn's max_requests).")
    if res.server_exceptions:
        found = Counter(res.server_exceptions)
        lines += ["", f"The server logged {len(res.server_exceptions)} exception(s) during the run: "
                  + "; ".join(f"`{e}` ({n})" for e, n in found.most_common(5)) + "."]
    if res.failed_addresses:
        lines += ["", "Addresses that failed (the first few): "
                  + "; ".join(f"{k}, {r}: `{a or '/'}`" for k, r, a in res.failed_addresses) + "."]
    if res.errors:
        lines += ["", "Errors: " + "; ".join(f"{r} ({n})" for r, n in reasons.most_common())]
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    from .serving import server as serve

    p = argparse.ArgumentParser(description="load test on the production server")
    p.add_argument("users", nargs="?", type=int, default=50)
    p.add_argument("seconds", nargs="?", type=float, default=60)
    p.add_argument("--cached", action="store_true", help="the cached-state test (a few dozen fixed URLs)")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    with serve(a.workers, a.threads) as s:
        print(summary(run(s, a.users, a.seconds, cached=a.cached), a.workers, a.threads))
    sys.exit(0)
