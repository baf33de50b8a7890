"""Each chart's PNG and SVG downloads in a real browser: the buttons under a profile chart
give the chart as drawn, made by the app's own plotly.js (nothing fetched from elsewhere)."""

from __future__ import annotations

import pytest

from sufficiency.app.chart_images import dom_id, file_stem

pytestmark = pytest.mark.browser


def _open_profile(page, open_app):
    open_app("/?view=profile&la=E10000016")
    page.wait_for_function("() => (document.querySelector('#profile-heading') || {}).textContent === 'Kent'",
                           timeout=60_000)
    page.wait_for_selector("#profile-places .js-plotly-plot .main-svg", state="attached", timeout=60_000)


def _download(page, button):
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def test_profile_chart_downloads_as_png_and_svg(page, open_app, requests_log, console_errors):
    _open_profile(page, open_app)
    holder = page.locator(".app-chart", has=page.locator("#profile-places")).locator(".app-chart-images")
    svg_name, svg = _download(page, holder.get_by_role("button", name="Download SVG"))
    png_name, png = _download(page, holder.get_by_role("button", name="Download PNG"))
    assert svg_name == "registered-places-by-sector.svg"
    assert svg_name.endswith(".svg") and png_name.endswith(".png")
    assert svg_name.removesuffix(".svg") == png_name.removesuffix(".png")
    assert svg.lstrip().startswith(b"<svg") and b"</svg>" in svg[-200:]
    assert png.startswith(b"\x89PNG")
    assert not requests_log.off_host() and not console_errors


def test_every_chart_has_both_buttons_named_for_it(page, open_app):
    _open_profile(page, open_app)
    charts = page.locator(".app-chart").count()
    buttons = page.locator("button.app-chart-image")
    assert charts >= 3 and buttons.count() == 2 * charts
    for i in range(buttons.count()):
        target = buttons.nth(i).get_attribute("data-graph")
        assert page.locator(f"[id='{target}'] .js-plotly-plot").count() == 1, target
        assert (buttons.nth(i).get_attribute("aria-label") or "").startswith("Download ")


def test_dom_id_of_a_pattern_id_matches_dash():
    assert dom_id({"type": "map-graph", "name": "la"}) == '{"name":"la","type":"map-graph"}'
    assert dom_id("gap-chart") == "gap-chart"
    assert file_stem("Kent: registered places, by sector") == "kent-registered-places-by-sector"
