"""The profile, quality and about views in a real browser, in the whole app: content,
charts, the grade switch, accessibility (axe) and screenshots."""

from __future__ import annotations

import csv
import io
import re

import pytest

from sufficiency.app import layout

pytestmark = pytest.mark.browser


def _open(page, open_app, path: str, ready: str):
    open_app(path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")


def test_birmingham_profile_headline_and_charts(page, open_app, screenshot, axe, requests_log, console_errors):
    _open(page, open_app, "/?view=profile&la=E08000025", "#profile-headlines")
    assert page.locator("h1").inner_text() == "Birmingham"
    headlines = page.locator("#profile-headlines").inner_text()
    assert "Registered places" in headlines and "312" in headlines
    assert "West Midlands" in headlines and "England" in headlines
    assert "Nottingham" in page.locator("#profile-neighbours").inner_text()
    assert page.locator("#profile-comparison-caption").inner_text() == "Birmingham compared, 31 March 2025"
    assert page.locator("#profile-comparison .app-data-table td").count() > 20
    charts = ("profile-places", "profile-homes", "profile-cla", "profile-gap", "profile-distance", "profile-ratings",
              "profile-neighbours-chart", "profile-flows", "forecast-cla", "forecast-cla_ch", "forecast-places",
              "forecast-gap")
    for gid in charts:
        page.wait_for_selector(f"#{gid} .main-svg")
    assert page.locator(".js-plotly-plot").count() == len(charts)
    assert page.locator("#profile-comparison").get_by_role("button", name="Download CSV").count() == 1
    # each chart's table: sortable, and its CSV holds exactly the rows shown, in order
    page.locator("#profile-places").locator("xpath=ancestor::section[1]").locator("summary").click()
    block = page.locator("#profile-places").locator("xpath=ancestor::section[1]")
    sort = block.locator(".app-sort-button").first
    sort.click(no_wait_after=True)  # sort by year, twice: newest first
    block.locator("th[aria-sort='ascending']").first.wait_for()
    block.locator(".app-sort-button").first.click(no_wait_after=True)
    block.locator("th[aria-sort='descending']").first.wait_for()
    years = block.locator(".app-data-table tbody th").all_inner_texts()
    assert years[0] == "2025"
    with page.expect_download() as info:
        block.get_by_role("button", name="Download CSV").click()
    assert info.value.suggested_filename == "profile_E08000025_places.csv"
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert [r[0] for r in rows[1:]] == years
    levels = page.evaluate("() => [...document.querySelectorAll('#profile-section h1, #profile-section h2, #profile-section h3')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    screenshot("sections-profile-birmingham")
    axe(page)
    assert requests_log.off_host() == [] and console_errors == []


def test_profile_without_an_la_asks_for_one(page, open_app, axe):
    _open(page, open_app, "/?view=profile", "#profile-la")
    assert page.get_by_label("Choose a local authority").count() == 1
    page.select_option("#profile-la", label="Bournemouth, Christchurch and Poole")
    page.get_by_role("button", name="Show profile").click()
    page.wait_for_selector("#profile-lineage")
    assert "la=E06000058" in page.url
    assert "Bournemouth (E06000028, to 2018)" in page.locator("#profile-lineage").inner_text()
    axe(page)


def test_quality_view_switches_the_story(page, open_app, screenshot, axe, console_errors):
    _open(page, open_app, "/?view=quality", "#quality-distribution .main-svg")
    assert "like-for-like" in page.locator("#quality-caveat").inner_text()
    assert "good or outstanding" in page.locator("#quality-trend .gtitle").text_content()
    good = page.get_by_role("button", name="Good or outstanding", exact=True)
    assert good.get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Requires improvement or inadequate", exact=True).click()
    page.wait_for_url(re.compile(r"ratings=pct_ri_or_inadequate"))  # the choice is in the URL
    assert "measure=" not in page.url  # and the map measure is left alone
    page.wait_for_function(
        "() => document.querySelector('#quality-trend .gtitle')?.textContent.includes('requires improvement or inadequate')"
    )
    assert page.get_by_role("button", name="Requires improvement or inadequate", exact=True).get_attribute("aria-pressed") == "true"
    assert page.locator("#quality-frameworks-caption").inner_text() == (
        "Children's homes in England by the framework of their latest rating")
    # back restores the other choice, forward this one
    page.go_back()
    page.wait_for_function("() => (document.querySelector('#quality-trend .gtitle') || {}).textContent?.includes('good or outstanding')")
    assert page.get_by_role("button", name="Good or outstanding", exact=True).get_attribute("aria-pressed") == "true"
    page.go_forward()
    page.wait_for_function(
        "() => (document.querySelector('#quality-trend .gtitle') || {}).textContent?.includes('requires improvement')"
    )
    page.wait_for_load_state("networkidle")
    screenshot("sections-quality-england")
    axe(page)
    assert console_errors == []


def test_about_view_sources_licence_and_rebuilt_years(page, open_app, screenshot, axe):
    _open(page, open_app, "/?view=about", "#about-sources")
    assert layout.ATTRIBUTION in page.locator("#about-attribution").inner_text()
    assert "Rebuilt years: 2014, 2015, 2016, 2017, 2019, 2020, 2024." in page.locator("#about-rebuilt").inner_text()
    assert page.locator("#about-sources tbody tr").count() > 20
    screenshot("sections-about")
    axe(page)
