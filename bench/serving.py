"""The production server for benchmarks: gunicorn on a free loopback port, and what one
browser visit costs (bytes over the wire, the callback requests it makes).

    .venv/bin/python -m bench.serving          # prints the first-load figures
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
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


@contextmanager
def gunicorn(workers: int = 2, threads: int = 4, port: int | None = None):
    """Run ``make serve``'s command on a free port; yields the base URL."""
    port = port or free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": str(workers), "THREADS": str(threads),
           "ACCESS_LOG": "/dev/null", "LOG_LEVEL": "warning"}
    exe = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(exe), "-c", "gunicorn.conf.py", "sufficiency.server:application"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    if json.load(r)["status"] == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class FirstLoad:
    requests: int = 0
    encoded_bytes: int = 0  # body bytes over the wire (compressed)
    header_bytes: int = 0
    decoded_bytes: int = 0  # body bytes once decompressed
    by_kind: dict = field(default_factory=dict)  # kind -> [requests, encoded, decoded]
    seconds: float = 0.0
    page_body: dict | None = None  # a real page-callback request body
    control_body: dict | None = None  # a real filter-change request body
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
    return "page and other"


def first_load(url: str, path: str = "/") -> FirstLoad:
    """Open ``path`` in Chromium with an empty cache, wait for the map, sum what was transferred.

    Also records one real page-callback body and, by choosing another year, one real
    filter-change body, which the load test replays."""
    from playwright.sync_api import sync_playwright

    out = FirstLoad()
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
            if req.method == "POST" and out.page_body is None and "content.children" in (req.post_data or ""):
                out.page_body = json.loads(req.post_data)
        posts = []
        page.on("request", lambda r: posts.append(r.post_data) if r.method == "POST" else None)
        page.select_option("select#filter-year", "2019")
        page.wait_for_function("() => location.search.includes('year=2019')")
        page.wait_for_load_state("networkidle")
        for data in posts:
            if data and "filter-event" in data and '"search"' in data:
                out.control_body = json.loads(data)
                break
        out.csp_violations = page.evaluate("window.__csp")
        browser.close()
    return out


def first_load_markdown(fl: FirstLoad) -> str:
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    lines = [
        f"Chromium with an empty cache opens `/` on the production server (`make serve`: gunicorn, "
        f"brotli) and waits for the map: **{fl.requests} requests, {kb(fl.encoded_bytes)} over the wire** "
        f"(bodies, compressed; {kb(fl.header_bytes)} of headers), {kb(fl.decoded_bytes)} once decompressed, "
        f"{fl.seconds:.1f} s on loopback. CSP violations reported by the page: {len(fl.csp_violations)}.",
        "",
        "| what | requests | over the wire | decompressed |",
        "|---|---|---|---|",
    ]
    for kind, (n, enc, dec) in sorted(fl.by_kind.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"| {kind} | {n} | {kb(enc)} | {kb(dec)} |")
    lines.append(f"| **total** | **{fl.requests}** | **{kb(fl.encoded_bytes)}** | **{kb(fl.decoded_bytes)}** |")
    lines += ["", "Every script and stylesheet has a fingerprinted URL cached for a year (`immutable`), "
              "so a second visit transfers only the page, the layout and the callbacks."]
    return "\n".join(lines)


if __name__ == "__main__":
    with gunicorn() as base:
        print(first_load_markdown(first_load(base)))
