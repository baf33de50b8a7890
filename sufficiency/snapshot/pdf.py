"""The printable report as PDF, printed by the server's headless Chromium.

Playwright drives Chromium when it is installed (``page.set_content(html)``, then
``page.pdf(format='A4')``); otherwise Chromium's own ``--print-to-pdf`` is used. The
browser is the system's (``CHROMIUM`` or ``BROWSER_PATH``, else ``chromium`` on PATH):
none is ever downloaded. Without one, :class:`PdfUnavailable` says so plainly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

MIME = "application/pdf"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT_S = 60


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


def _with_playwright(html: str, browser: Path) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(browser), headless=True, args=ARGS)
        try:
            page = chromium.new_page()
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            chromium.close()


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
        raise PdfUnavailable(
            "PDF needs a headless Chromium on the server, and none was found (set CHROMIUM to its path). "
            "Download the report (HTML) and print it to PDF from your browser instead."
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        return _with_cli(html, browser)
    try:
        return _with_playwright(html, browser)
    except Exception:  # e.g. called where Playwright's sync API cannot run: print with Chromium itself
        return _with_cli(html, browser)
