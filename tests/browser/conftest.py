"""Browser test harness: the app on a live local server, driven by Debian's headless Chromium.

* ``live_server`` (session): the app on the embedded data, on a free loopback port, in a
  background thread. ``serve_app`` starts another app (for example with a test layout).
* ``browser`` (session): one Chromium, ``/usr/bin/chromium`` unless ``CHROMIUM`` is set.
  Playwright's own browser builds are never downloaded.
* ``context`` / ``page`` (per test): a fresh browser context. Every request the page makes
  is recorded in ``requests_log``; requests to any other host are recorded and then
  blocked, so a test can assert there were none and no test can reach the network.
  Console errors and page errors are recorded in ``console_errors``.
* ``screenshot(name)``: saves a full-page PNG to ``test-artifacts/``; a failing test's
  page is saved there too.
* ``axe(page)``: runs axe-core (shipped inside axe-playwright-python, injected from the
  installed package) and fails on any serious or critical violation.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from sufficiency.app import create_app
from sufficiency.config import EMBEDDED_DATA, PROJECT_ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
LOCAL_SCHEMES = {"data", "blob", "about"}
SERIOUS = {"serious", "critical"}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")


# --- the app on a live server ---------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def origin(self) -> tuple[str, str]:
        return ("http", f"{self.host}:{self.port}")


@contextmanager
def _serve(app) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer("127.0.0.1", server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    with _serve(create_app(EMBEDDED_DATA)) as server:
        yield server


@pytest.fixture(scope="session")
def serve_app():
    """Serve another Dash app for the rest of the session: ``serve_app(app) -> LiveServer``."""
    stack = []

    def start(app) -> LiveServer:
        manager = _serve(app)
        server = manager.__enter__()
        stack.append(manager)
        return server

    yield start
    while stack:
        stack.pop().__exit__(None, None, None)


# --- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make test does, as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class RequestLog:
    """Every URL the page asked for, in order, and which of them left the app's host."""

    origin: tuple[str, str]
    urls: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or (parts.scheme, parts.netloc) == self.origin

    def off_host(self) -> list[str]:
        return [u for u in self.urls if not self.is_local(u)]


@pytest.fixture
def requests_log(live_server) -> RequestLog:
    return RequestLog(origin=live_server.origin)


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def context(browser, requests_log, console_errors):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.set_default_timeout(15_000)
    ctx.on("request", lambda req: requests_log.urls.append(req.url))
    ctx.route(lambda url: not requests_log.is_local(url), lambda route: route.abort())

    def watch(page):
        page.on("websocket", lambda ws: requests_log.urls.append(ws.url))
        page.on("pageerror", lambda err: console_errors.append(f"pageerror: {err}"))
        page.on(
            "console",
            lambda msg: console_errors.append(f"console: {msg.text}") if msg.type == "error" else None,
        )

    ctx.on("page", watch)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, request):
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not pg.is_closed():
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"FAILED-{_artifact_name(request.node.nodeid)}.png"), full_page=True)
        except Exception:  # the page may be gone; the failure itself is what matters
            pass


@pytest.fixture
def open_app(page, live_server) -> Callable:
    """Open a path of the app and wait until Dash has rendered the page shell."""

    def go(path: str = "/", server: LiveServer | None = None):
        response = page.goto((server or live_server).url + path)
        page.wait_for_selector("#main-content")
        page.wait_for_load_state("networkidle")
        return response

    return go


@pytest.fixture
def screenshot(page, request) -> Callable[[str], Path]:
    def shoot(name: str | None = None, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name or _artifact_name(request.node.nodeid)}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return shoot


# --- accessibility --------------------------------------------------------------------


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe(_axe, request) -> Callable:
    """``axe(page)`` runs axe-core, saves the report and fails on serious/critical issues."""

    def check(pg, *, context=None, allowed_impacts=frozenset({"minor", "moderate"})):
        results = _axe.run(pg, context=context)
        violations = results.response["violations"]
        ARTIFACTS.mkdir(exist_ok=True)
        report = ARTIFACTS / f"axe-{_artifact_name(request.node.nodeid)}.json"
        report.write_text(json.dumps(violations, indent=2), encoding="utf-8")
        bad = [v for v in violations if v.get("impact") not in allowed_impacts]
        assert not bad, "axe found serious or critical violations:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)] "
            + "; ".join(n["target"][0] if n.get("target") else "" for n in v["nodes"][:3])
            for v in bad
        )
        return results

    return check
