"""The forecasts in a real browser: an LA profile shows the fan charts and the projected gap,
the scenario over time changes the gap, a footprint profile shows its own fan charts; axe."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

FANS = ("forecast-cla", "forecast-cla_ch", "forecast-places", "forecast-gap")
VIEWS = ("?view=profile&la=E10000016", "?view=profile&la=E10000016&forecast_places=20&forecast_from=2027",
         "?view=profile&footprint=E06000035,E10000016")


@pytest.fixture(scope="module", autouse=True)
def warm(live_server):
    """Draw the views once in the server's process first, so that the page loads below are not
    a cold server's first computation of a profile (the live server runs in this process)."""
    from sufficiency.app.sections import render
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.state import from_query
    from sufficiency.store import load

    for query in VIEWS:
        render(from_query(query), load(EMBEDDED_DATA))


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("+", ""))


def test_la_profile_fan_charts_projected_gap_and_scenario_over_time(page, open_app, screenshot, axe, requests_log,
                                                                    console_errors):
    open_app("/?view=profile&la=E10000016")
    page.wait_for_selector("#forecast-headline", timeout=120_000)  # a profile never seen since the server started
    for gid in FANS:
        page.wait_for_selector(f"#{gid} .main-svg")
        chart = page.locator(f"#{gid}")
        legend = chart.locator(".legend").text_content()
        assert "Observed" in legend and "Projected: median" in legend and "Projected: 80% interval" in legend
        assert "observed | projected" in chart.locator(".annotation-text").all_text_contents()
    gap = page.locator("#forecast-gap-value").inner_text()
    assert re.fullmatch(r"[+-]?[\d,]+ \(80% interval [+-]?[\d,]+ to [+-]?[\d,]+\)", gap), gap
    assert "Projected gap in 2030" in page.locator("#forecast-headline").inner_text()
    assert "projected" in page.locator("#forecast-headline").inner_text()
    block = page.locator("#forecast-cla").locator("xpath=ancestor::section[1]")
    assert "At this horizon" in block.inner_text() and "missed Kent's children looked after" in block.inner_text()
    before = _number(gap.split(" ")[0])

    page.fill("#forecast-added", "20")
    page.select_option("#forecast-from", "2027")
    page.locator("#forecast-apply").click()
    page.wait_for_url(re.compile(r"forecast_places=20"))
    assert "forecast_from=2027" in page.url and "la=E10000016" in page.url
    page.wait_for_selector("#forecast-scenario-result", timeout=120_000)
    page.wait_for_selector("#forecast-scenario-chart .main-svg")
    result = page.locator("#forecast-scenario-result").inner_text()
    after, without = re.search(r"in 2030 is ([+-]?[\d,]+) .* instead of ([+-]?[\d,]+)", result).groups()
    assert _number(without) == before and _number(after) == pytest.approx(before - 20, abs=1)
    screenshot("forecast-profile-kent")
    axe(page)
    assert requests_log.off_host() == [] and console_errors == []


def test_footprint_profile_fan_chart(page, open_app, axe):
    open_app("/?view=profile&footprint=E10000016,E06000035")
    page.wait_for_selector("#forecast-cla .main-svg", timeout=120_000)
    assert "local authorities'" in page.locator("#forecast-section").inner_text()
    assert "Projected: median" in page.locator("#forecast-cla .legend").text_content()
    assert page.locator("#forecast-gap-value").inner_text().count("80% interval") == 1
    axe(page, context="#forecast-section")
