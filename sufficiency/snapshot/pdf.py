"""The printable report as PDF, printed by the server's headless Chromium.

Playwright drives Chromium when it is installed (``page.set_content(html)``, then
``page.pdf(format='A4')``); otherwise Chromium's own ``--print-to-pdf`` is used. The
browser is the system's (``CHROMIUM`` or ``BROWSER_PATH``, else ``chromium`` on PATH):
none is ever downloaded. Without one, :class:`PdfUnavailable` says so plainly.

With Playwright, one browser per process is started on first use (or by :func:`warm_up`)
and kept for later files: each PDF then costs a fresh page, not a browser start.
Playwright's sync API belongs to the thread that started it, so the browser lives on one
worker thread and print jobs are queued to it. It is closed at interpreter exit
(:func:`stop`).
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

log = logging.getLogger(__name__)

MIME = "application/pdf"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT_S = 60
CLOSE_TIMEOUT_S = 10


class PdfUnavailable(RuntimeError):
    """No headless browser on this server to print the PDF with."""


def chromium_path() -> Path | None:
    """The system Chromium, or None."""
    for env in ("CHROMIUM", "BROWSER_PATH"):
        value = os.environ.get(env)
        if value and Path(value).exists():
            return Path(value)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def available() -> bool:
    return chromium_path() is not None


def _no_browser() -> PdfUnavailable:
    return PdfUnavailable(
        "PDF needs a headless Chromium on the server, and none was found (set CHROMIUM to its path). "
        "Download the report (HTML) and print it to PDF from your browser instead."
    )


class _Printer:
    """One headless Chromium, driven by Playwright on its own thread; jobs come through a queue."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # starting the thread, queueing jobs, stopping
        self._jobs: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._playwright = None
        self.browser = None  # read only on the worker thread (and by tests)
        self.launches = 0

    # -- on the caller's thread -------------------------------------------------------
    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._jobs = queue.Queue()
                self._thread = threading.Thread(target=self._run, args=(self._jobs,), name="snapshot-pdf", daemon=True)
                self._thread.start()
            self._jobs.put((future, fn, args))
        return future

    def stop(self) -> None:
        with self._lock:
            thread, jobs = self._thread, self._jobs
            self._thread = self._jobs = None
        if thread is None or not thread.is_alive():
            return
        jobs.put(None)
        thread.join(CLOSE_TIMEOUT_S)

    # -- on the worker thread ---------------------------------------------------------
    def _run(self, jobs: queue.Queue) -> None:
        try:
            while True:
                job = jobs.get()
                if job is None:
                    return
                future, fn, args = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(fn(*args))
                except BaseException as err:  # handed to the caller
                    future.set_exception(err)
        finally:
            self._close()

    def _browser(self, path: Path):
        if self.browser is not None and self.browser.is_connected():
            return self.browser
        self._close()
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=str(path), headless=True, args=ARGS)
        self.launches += 1
        return self.browser

    def _close(self) -> None:
        browser, pw = self.browser, self._playwright
        self.browser = self._playwright = None
        for close in (getattr(browser, "close", None), getattr(pw, "stop", None)):
            if close is not None:
                try:
                    close()
                except Exception as err:  # already gone
                    log.debug("closing the PDF browser: %s", err)

    def start(self, path: Path) -> None:
        self._browser(path)

    def print_pdf(self, html: str, path: Path) -> bytes:
        try:
            return self._print(html, self._browser(path))
        except Exception:
            if self.browser is not None and self.browser.is_connected():
                raise
            return self._print(html, self._browser(path))  # the browser had gone: once more with a new one

    @staticmethod
    def _print(html: str, browser) -> bytes:
        page = browser.new_page()
        try:
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            page.close()


_printer = _Printer()
atexit.register(_printer.stop)


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _with_playwright(html: str, browser: Path) -> bytes:
    return _printer.submit(_printer.print_pdf, html, browser).result(TIMEOUT_S)


def _with_cli(html: str, browser: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="snapshot-pdf-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [str(browser), "--headless", *ARGS, "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
               f"--print-to-pdf={out}", src.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
        return out.read_bytes()


def html_to_pdf(html: str) -> bytes:
    """The PDF of the report page ``html`` (A4)."""
    browser = chromium_path()
    if browser is None:
        raise _no_browser()
    if not _has_playwright():
        return _with_cli(html, browser)
    try:
        return _with_playwright(html, browser)
    except Exception as err:  # Playwright could not print here: print with Chromium itself
        log.warning("PDF through Playwright failed (%s); printing with Chromium's command line", err)
        return _with_cli(html, browser)


def warm_up() -> None:
    """Start the PDF browser in the background, so the next PDF does not wait for it."""
    browser = chromium_path()
    if browser is None or not _has_playwright():
        return
    future = _printer.submit(_printer.start, browser)
    future.add_done_callback(lambda f: f.exception() and log.warning("PDF browser not started: %s", f.exception()))


def stop() -> None:
    """Close the PDF browser (done at interpreter exit; tests and the command line may call it)."""
    _printer.stop()
