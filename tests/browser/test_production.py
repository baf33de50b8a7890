"""The production app (sufficiency.server) in Chromium: the Content-Security-Policy lets the
dashboard render and redraw with no violation, static files are compressed and cached."""

from __future__ import annotations

import pytest

from sufficiency.app import create_app
from sufficiency.config import EMBEDDED_DATA
from sufficiency.server import harden

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || ''));
});
"""


@pytest.fixture(scope="module")
def production(serve_app):
    app = create_app(EMBEDDED_DATA)
    harden(app)
    return serve_app(app)


@pytest.fixture
def prod_page(browser, production):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.set_default_timeout(20_000)
    origin = production.url
    ctx.route(lambda url: not (url.startswith(origin) or url.split(":", 1)[0] in ("data", "blob", "about")),
              lambda route: route.abort())
    ctx.add_init_script(WATCH_CSP)
    page = ctx.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    responses = []
    page.on("response", lambda r: responses.append(r))
    yield page, messages, responses
    ctx.close()


def _download(page, selector: str, tries: int = 3) -> str:
    """Click ``selector`` until a download starts (a click that lands while the view is being
    redrawn reaches the old button); the file's suggested name."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        try:
            with page.expect_download(timeout=20_000) as info:
                page.locator(selector).click()
            return info.value.suggested_filename
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.wait_for_load_state("networkidle")
    raise AssertionError("unreachable")


def _violations(page, messages):
    found = page.evaluate("window.__csp")
    found += [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    return found


def test_dashboard_renders_and_redraws_under_the_csp(prod_page, production):
    page, messages, responses = prod_page
    response = page.goto(production.url + "/")
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]
    page.wait_for_selector("#main-content h1")
    page.wait_for_selector(".js-plotly-plot .choroplethlayer, .js-plotly-plot .scatterlayer")
    page.wait_for_load_state("networkidle")
    heading = page.inner_text("h1")
    # A filter change goes through both callbacks and redraws the map.
    page.select_option("select#filter-year", "2019")
    page.wait_for_function("() => location.search.includes('year=2019')")
    page.wait_for_function("h => document.querySelector('h1').innerText !== h", arg=heading)
    page.wait_for_load_state("networkidle")
    assert _violations(page, messages) == []
    assert not [m for m in messages if m.startswith(("error", "pageerror"))]
    scripts = [r for r in responses if r.url.endswith(".js") or ".js?" in r.url]
    plain = [(r.url, r.status, r.headers) for r in scripts if r.headers.get("content-encoding") not in ("br", "gzip")]
    assert scripts and not plain
    assert any("immutable" in (r.headers.get("cache-control") or "") for r in scripts)


def test_geographic_map_and_region_view_render_under_the_csp(prod_page, production):
    page, messages, _ = prod_page
    for path in ("/?style=geo", "/?view=region"):
        page.goto(production.url + path)
        page.wait_for_selector("#main-content h1")
        page.wait_for_selector(".js-plotly-plot")
        page.wait_for_load_state("networkidle")
    assert _violations(page, messages) == []


def test_error_page_in_the_browser_is_friendly(prod_page, production):
    page, _, _ = prod_page
    response = page.goto(production.url + "/assets/no-such-file.css")
    assert response.status == 404
    assert page.inner_text("h1") == "Page not found"
    assert "Traceback" not in page.content()


def test_every_kind_of_callback_request_passes_the_request_limits(prod_page, production):
    """The browser's own requests for pattern-matching controls (filter toggles, a table
    download, a snapshot button) and an upload pass the production request checks."""
    import re

    from sufficiency.uploads.example import example_csv
    from sufficiency.uploads.parse import default_gazetteer

    page, messages, responses = prod_page
    page.goto(production.url + "/")
    page.wait_for_selector(".js-plotly-plot .scatterlayer")
    page.wait_for_load_state("networkidle")
    page.locator("button[role][id*='\"group\":\"sector\"'][id*='\"value\":\"Private\"']").click()
    page.wait_for_url(re.compile("sector="))
    page.locator("button[role][id*='\"group\":\"type\"'][id*='\"value\":\"secure_childrens_home\"']").click()
    page.wait_for_url(re.compile("type="))
    page.wait_for_load_state("networkidle")
    page.locator("#section-map .app-data-table tbody tr").first.wait_for()
    assert _download(page, "button.app-download[id*='la-map']").endswith(".csv")
    with page.expect_download(timeout=60_000) as info:
        page.locator("button.app-snapshot-button[data-format='zip']").click()
    assert info.value.suggested_filename.endswith(".zip")
    page.goto(production.url + "/?view=distance&area=E08000025")
    page.wait_for_selector("#upload-none")
    page.locator("#upload-file input[type=file]").set_input_files(
        {"name": "made-up.csv", "mimeType": "text/csv", "buffer": example_csv(default_gazetteer(), rows=300).encode()})
    page.wait_for_selector("#upload-ok")
    refused = [(r.url, r.status) for r in responses if "_dash-update-component" in r.url and r.status >= 400]
    assert refused == []
    assert not [m for m in messages if m.startswith(("error", "pageerror"))]
