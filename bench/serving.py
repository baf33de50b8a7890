"""The production server for benchmarks: gunicorn on a free loopback port (with its worker
processes, for memory figures), and what a first visit costs: bytes over the wire as
Chromium negotiated them, and the same requests again asking for brotli only and for gzip
only.

    .venv/bin/python -m bench.serving          # prints the first-load figures
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running ``make serve``: its base URL and its gunicorn master process."""

    url: str
    pid: int
    log_file: object = None  # the server's stderr (gunicorn's and the app's log)

    def log(self) -> str:
        """The server's log so far."""
        if self.log_file is None:
            return ""
        self.log_file.flush()
        self.log_file.seek(0)
        return self.log_file.read().decode("utf-8", "replace")

    def exceptions(self, since: int = 0) -> list[str]:
        """The exception line ending each traceback in the log after character ``since``."""
        lines = self.log()[since:].splitlines()
        out = []
        for i, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last)"):
                for later in lines[i + 1:]:
                    if later and not later[0].isspace():
                        out.append(later.strip()[:300])
                        break
        return out

    def dirty_arbiter(self) -> int | None:
        """The pid of gunicorn's dirty arbiter (the snapshot processes' parent)."""
        from sufficiency.snapshot.dirty import arbiter_pid

        return arbiter_pid(self.url.rsplit(":", 1)[-1])

    def workers(self) -> list:
        """The web worker processes (psutil), as the master has them now."""
        import psutil

        from sufficiency.snapshot.dirty import web_workers

        try:
            return web_workers(psutil.Process(self.pid), self.url.rsplit(":", 1)[-1])
        except psutil.Error:
            return []

    def snapshot_processes(self) -> list:
        """The dirty arbiter, its dirty workers and the browsers they started (psutil)."""
        import psutil

        dirty = self.dirty_arbiter()
        if dirty is None:
            return []
        try:
            arbiter = psutil.Process(dirty)
            return [arbiter, *arbiter.children(recursive=True)]
        except psutil.Error:
            return []


def _wait_for_every_worker(handle: Server, steady: float = 2.0, limit: float = 60.0) -> None:
    """The first worker answers /healthz while the master is still forking the others: wait
    until the number of workers has not changed for ``steady`` seconds, so that a load test
    counts every worker from its start (and does not take a late one for a replacement)."""
    deadline = time.monotonic() + limit
    count, since = len(handle.workers()), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < steady:
        time.sleep(0.2)
        now = len(handle.workers())
        if now != count:
            count, since = now, time.monotonic()


@contextmanager
def server(workers: int | None = None, threads: int | None = None, port: int | None = None, env: dict | None = None):
    """Run ``make serve``'s command (gunicorn.conf.py) on a free port; yields a :class:`Server`.
    ``workers``/``threads`` override gunicorn.conf.py's defaults (``WEB_CONCURRENCY``, ``THREADS``)."""
    port = port or free_port()
    env = {**os.environ, "PORT": str(port), "ACCESS_LOG": "/dev/null", "LOG_LEVEL": "warning", **(env or {})}
    if workers is not None:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads is not None:
        env["THREADS"] = str(threads)
    exe = Path(sys.executable).with_name("gunicorn")
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stall the server
    proc = subprocess.Popen([str(exe), "-c", "gunicorn.conf.py", "sufficiency.server:application"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    handle = Server(url, proc.pid, log)
    try:
        deadline = time.monotonic() + 300  # the app warms up before it answers; the cores may be busy
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    if json.load(r)["status"] == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + handle.log()[-2000:])
            time.sleep(0.3)
        _wait_for_every_worker(handle)
        yield handle
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def gunicorn(workers: int | None = 2, threads: int | None = 4, port: int | None = None):
    """:func:`server`, yielding only the base URL."""
    with server(workers, threads, port) as s:
        yield s.url


@dataclass
class FirstLoad:
    requests: int = 0
    encoded_bytes: int = 0  # body bytes over the wire (compressed as Chromium negotiated)
    header_bytes: int = 0
    decoded_bytes: int = 0  # body bytes once decompressed
    by_kind: dict = field(default_factory=dict)  # kind -> [requests, encoded, decoded]
    seconds: float = 0.0
    accept_encoding: str = ""  # what Chromium asked for
    replayed: dict = field(default_factory=dict)  # Accept-Encoding -> kind -> [requests, over the wire]
    largest: list = field(default_factory=list)  # (decoded bytes, encoded bytes, path)
    csp_violations: list = field(default_factory=list)


def _kind(url: str, method: str) -> str:
    if method == "POST":
        return "callbacks"
    path = url.split("?", 1)[0]
    if path.endswith(".js"):
        return "plotly.js" if "plotly" in path and "min.js" in path else "scripts"
    if path.endswith(".css"):
        return "styles"
    if "/_dash-layout" in path or "/_dash-dependencies" in path:
        return "layout"
    if path.endswith((".woff", ".woff2", ".ttf")):
        return "fonts"
    if path.endswith((".png", ".svg", ".ico", ".jpg")):
        return "images"
    return "page and other"


def replay(url: str, requests: list[tuple[str, str, str | None]], encoding: str) -> dict:
    """Send the requests of a first visit again with ``Accept-Encoding: encoding``; per kind,
    [requests, body bytes over the wire]."""
    import httpx

    out: dict = {}
    with httpx.Client(base_url=url, headers={"Accept-Encoding": encoding}, timeout=120) as client:
        for method, full, data in requests:
            path = full.split(url, 1)[-1]
            r = client.request(method, path, content=data.encode() if data else None,
                               headers={"Content-Type": "application/json"} if data else None)
            r.read()
            row = out.setdefault(_kind(full, method), [0, 0])
            row[0] += 1
            row[1] += r.num_bytes_downloaded
    return out


def first_load(url: str, path: str = "/") -> FirstLoad:
    """Open ``path`` in Chromium with an empty cache, wait for the map, sum what was
    transferred; then send the same requests again asking for gzip only and for brotli only.
    Runs in a thread of its own: Playwright's sync API refuses a thread whose asyncio loop is
    running (a caller that already drives a browser, such as the test session)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_first_load, url, path).result()


def _first_load(url: str, path: str) -> FirstLoad:
    from playwright.sync_api import sync_playwright

    out = FirstLoad()
    sent = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        ctx.add_init_script("window.__csp=[];document.addEventListener('securitypolicyviolation',"
                            "e=>window.__csp.push(e.violatedDirective+' '+e.blockedURI));")
        ctx.set_default_timeout(120_000)  # the cores may be busy with other work
        page = ctx.new_page()
        finished = []
        page.on("requestfinished", lambda r: finished.append(r))
        start = time.perf_counter()
        page.goto(url + path)
        page.wait_for_selector(".js-plotly-plot")
        page.wait_for_load_state("networkidle")
        out.seconds = time.perf_counter() - start
        for req in list(finished):
            sizes = req.sizes()
            resp = req.response()
            try:
                body = resp.body() if resp is not None and resp.status != 204 else b""
            except Exception:  # a response with no body kept by the browser
                body = b""
            kind = _kind(req.url, req.method)
            row = out.by_kind.setdefault(kind, [0, 0, 0])
            row[0] += 1
            row[1] += sizes["responseBodySize"]
            row[2] += len(body)
            out.requests += 1
            out.encoded_bytes += sizes["responseBodySize"]
            out.header_bytes += sizes["responseHeadersSize"]
            out.decoded_bytes += len(body)
            out.largest.append((len(body), sizes["responseBodySize"], req.url.split(url, 1)[-1].split("?", 1)[0]))
            out.accept_encoding = out.accept_encoding or (req.all_headers().get("accept-encoding") or "")
            if req.url.startswith(url):
                sent.append((req.method, req.url, req.post_data))
        out.csp_violations = page.evaluate("window.__csp")
        browser.close()
    out.largest = sorted(out.largest, reverse=True)[:6]
    for encoding in ("br", "gzip"):
        out.replayed[encoding] = replay(url, sent, encoding)
    return out


def first_load_markdown(fl: FirstLoad) -> str:
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    br, gz = fl.replayed.get("br", {}), fl.replayed.get("gzip", {})
    total = lambda d: sum(v[1] for v in d.values())  # noqa: E731
    lines = [
        f"Chromium with an empty cache opens `/` on the production server (`make serve`) and waits for the map: "
        f"**{fl.requests} requests, {kb(fl.encoded_bytes)} over the wire** as Chromium negotiated it "
        f"(`Accept-Encoding: {fl.accept_encoding}`; bodies, plus {kb(fl.header_bytes)} of headers), "
        f"{kb(fl.decoded_bytes)} once decompressed, {fl.seconds:.1f} s on loopback. The same requests sent again "
        f"asking for brotli only: **{kb(total(br))}**; for gzip only: **{kb(total(gz))}**. CSP violations reported "
        f"by the page: {len(fl.csp_violations)}.",
        "",
        "| what | requests | Chromium | br | gzip | decompressed |",
        "|---|---|---|---|---|---|",
    ]
    for kind, (n, enc, dec) in sorted(fl.by_kind.items(), key=lambda kv: -kv[1][2]):
        lines.append(f"| {kind} | {n} | {kb(enc)} | {kb(br.get(kind, [0, 0])[1])} | {kb(gz.get(kind, [0, 0])[1])} "
                     f"| {kb(dec)} |")
    lines.append(f"| **total** | **{fl.requests}** | **{kb(fl.encoded_bytes)}** | **{kb(total(br))}** | "
                 f"**{kb(total(gz))}** | **{kb(fl.decoded_bytes)}** |")
    lines += ["", "Largest responses (decompressed, over the wire as Chromium had them): "
              + "; ".join(f"`{p}` {kb(d)} ({kb(e)})" for d, e, p in fl.largest) + ".",
              "", "Every script and stylesheet has a fingerprinted URL cached for a year (`immutable`), "
              "so a second visit transfers only the page, the layout and the callbacks."]
    return "\n".join(lines)


if __name__ == "__main__":
    with gunicorn() as base:
        print(first_load_markdown(first_load(base)))
