"""The market view in a real browser: headline, owners table, the threshold in the URL, the
owners' CSV, accessibility (axe)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from sufficiency.app import sections
from sufficiency.config import EMBEDDED_DATA
from sufficiency.state import from_query
from sufficiency.store import load

pytestmark = pytest.mark.browser


def _block(page, name: str):
    return page.locator(f"#{name}-caption").locator("xpath=ancestor::div[contains(@class, 'app-table-block')][1]")


def test_market_view_of_kent(page, open_app, screenshot, axe, requests_log, console_errors):
    # the live server runs in this process: its view caches are filled first, so that what is
    # tested does not depend on how fast the machine computes the page
    for query in ("?view=market&area=E10000016", "?view=market&area=E10000016&market_threshold=5",
                  "?view=market&area=E10000016&market_threshold=5&sector=local_authority,private,health_authority"):
        sections.render(from_query(query), load(EMBEDDED_DATA))
    open_app("/?view=market&area=E10000016")
    page.wait_for_selector("#market-headline")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "The market for children's homes: Kent, 31 March 2025"
    headline = page.locator("#market-headline").inner_text()
    assert "Owners" in headline and "45" in headline and "not concentrated" in headline
    assert "derived" in headline and "% of registered places" in headline
    assert "registered places in children's homes, all sectors, at 31 March 2025" in page.locator(
        "#market-covers").inner_text()
    owners = _block(page, "market-owners-area")
    owners.locator(".app-data-table tbody tr").first.wait_for()
    assert owners.locator(".app-data-table tbody tr").count() == 20
    assert "Kent County Council" in owners.locator(".app-data-table tbody tr").first.inner_text()
    candidates = _block(page, "market-candidates")
    candidates.locator(".app-data-table tbody tr").first.wait_for()
    assert candidates.locator(".app-data-table tbody tr").count() == 3  # three owners above 10% of Kent's places

    page.select_option("#market-threshold", "5")
    page.wait_for_url(re.compile(r"market_threshold=5"))
    page.wait_for_function("() => (document.querySelector('#market-candidates-heading') || {}).textContent"
                           "?.includes('more than 5%')")
    candidates = _block(page, "market-candidates")
    candidates.locator(".app-data-table tbody tr").first.wait_for()
    shown = candidates.locator(".app-data-table tbody tr").count()
    assert shown > 3
    with page.expect_download() as info:
        candidates.get_by_role("button", name="Download CSV").click()
    assert info.value.suggested_filename == "owners-over-5-percent-of-places-kent-2025.csv"
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert len(rows) == shown and rows[0]["Owner (organisation named by Ofsted)"] == "Kent County Council"
    assert all(float(r["Share of the area's registered places (%)"]) > 5 for r in rows)
    assert "Address" not in rows[0] and "URN" not in rows[0]

    owners = _block(page, "market-owners-area")
    with page.expect_download() as info:
        owners.get_by_role("button", name="Download CSV").click()
    assert info.value.suggested_filename == "largest-owners-kent-2025.csv"
    assert len(list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))) == 21
    page.get_by_role("checkbox", name="Voluntary").click()  # the sectors chosen: the market of the others
    page.wait_for_url(re.compile(r"sector=local_authority(%2C|,)private(%2C|,)health_authority"))
    page.wait_for_function("() => (document.querySelector('#market-covers') || {}).textContent"
                           "?.includes('local authority, private, health authority sector')")
    assert "market_threshold=5" in page.url
    levels = page.evaluate("() => [...document.querySelectorAll('#section-market h1, #section-market h2, "
                           "#section-market h3')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    screenshot("market-kent")
    axe(page)
    assert requests_log.off_host() == [] and console_errors == []
