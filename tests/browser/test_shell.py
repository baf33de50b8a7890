"""The page shell in a real browser: loads, is navigable, attributes its sources, stays offline."""

from __future__ import annotations

import pytest

from sufficiency.app import layout

pytestmark = pytest.mark.browser


def test_page_loads_with_title_heading_and_shell(page, open_app, screenshot):
    response = open_app("/")
    assert response.status == 200
    assert page.title() == "Children's homes placement sufficiency"
    assert page.get_attribute("html", "lang") == "en-GB"
    page.wait_for_selector("h1#view-heading")
    assert page.locator("h1").count() == 1
    assert "31 March" in page.locator("h1").inner_text()
    name = page.locator("header .govuk-service-navigation__service-name")
    assert name.is_visible() and name.inner_text() == "Children's homes placement sufficiency"
    assert page.locator(".govuk-phase-banner").is_visible()
    assert "being built" in page.locator(".govuk-phase-banner").inner_text()
    assert page.locator("main").count() == 1
    screenshot("shell-desktop")


def test_skip_link_is_the_first_tab_stop_and_moves_to_main(page, open_app):
    open_app("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent, document.activeElement.getAttribute('href')]")
    assert focused == ["Skip to main content", "#main-content"]
    assert page.locator(".govuk-skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main-content'")


def test_footer_carries_the_ogl_attribution(page, open_app):
    open_app("/")
    footer = page.locator("footer")
    assert footer.count() == 1
    assert footer.inner_text().strip() == layout.ATTRIBUTION
    link = footer.get_by_role("link", name="Open Government Licence v3.0")
    assert link.get_attribute("href") == layout.OGL_URL


def test_page_makes_no_request_to_another_host(page, open_app, requests_log, console_errors):
    open_app("/")
    assert requests_log.urls, "no requests were recorded"
    assert requests_log.off_host() == []
    assert any(u.endswith("/_dash-layout") for u in requests_log.urls)
    assert any("govuk-frontend.min.css" in u for u in requests_log.urls)
    assert console_errors == []


def test_page_has_no_serious_accessibility_violations(page, open_app, axe, requests_log):
    open_app("/")
    page.wait_for_selector("#section-map .js-plotly-plot", timeout=60_000)  # drawn, not the loading overlay
    axe(page)
    assert requests_log.off_host() == []  # axe-core runs from the installed package


def test_narrow_screen_passes_axe(page, open_app, axe, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    open_app("/")
    page.wait_for_selector("#section-map .js-plotly-plot", timeout=60_000)  # drawn, not the loading overlay
    axe(page)
    screenshot("shell-mobile")
