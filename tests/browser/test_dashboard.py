"""The dashboard in a real browser on the embedded data: filters, URL state, permalinks,
back/forward, map clicks, downloads, accessibility and offline loading."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytestmark = pytest.mark.browser


def _ready(page, heading: str | None = None):
    page.wait_for_selector("#view-heading")
    if heading:
        page.wait_for_function(
            "(t) => (document.querySelector('#view-heading') || {}).textContent?.includes(t)", arg=heading
        )
    page.wait_for_load_state("networkidle")


def _wait_url(page, pattern: str):
    page.wait_for_url(re.compile(pattern))


def _checked(page, group: str, value: str) -> str:
    return page.locator(f"button[role][id*='\"group\":\"{group}\"'][id*='\"value\":\"{value}\"']").get_attribute("aria-checked")


def _wait_checked(page, group: str, value: str, expected: str):
    page.wait_for_function(
        "([g, v, e]) => [...document.querySelectorAll('button[role]')].some(b => { const id = JSON.parse(b.id);"
        " return id.group === g && id.value === v && b.getAttribute('aria-checked') === e; })",
        arg=[group, value, expected],
    )


def _choice(page, group: str, value: str):
    return page.locator(f"button[role][id*='\"group\":\"{group}\"'][id*='\"value\":\"{value}\"']")


def test_filters_update_the_url_and_a_copied_url_restores_them(page, context, open_app, live_server, screenshot, axe,
                                                                requests_log, console_errors):
    open_app("/")
    _ready(page, "31 March 2025")
    page.wait_for_selector("#section-map .js-plotly-plot")
    screenshot("dashboard-map-default")
    axe(page)

    page.select_option("#filter-year", "2020")
    _wait_url(page, r"year=2020")
    _ready(page, "31 March 2020")

    _choice(page, "sector", "Private").click()
    _wait_url(page, r"sector=local_authority%2Cvoluntary%2Chealth_authority|sector=local_authority,voluntary,health_authority")
    _wait_checked(page, "sector", "Private", "false")
    assert _checked(page, "sector", "Voluntary") == "true"

    _choice(page, "type", "secure_childrens_home").click()
    _wait_url(page, r"type=childrens_home%2Csecure_childrens_home|type=childrens_home,secure_childrens_home")
    _wait_checked(page, "type", "secure_childrens_home", "true")

    page.select_option("#filter-measure", "pct_ri_or_inadequate")
    _wait_url(page, r"measure=pct_ri_or_inadequate")
    _ready(page, "Homes rated requires improvement or inadequate")
    assert page.locator("#ratings-note").is_visible()

    page.select_option("#filter-area", "E12000002")
    _wait_url(page, r"area=E12000002")
    page.wait_for_function("() => document.querySelector('#headline-heading').textContent.startsWith('North West')")

    geo = _choice(page, "style", "geo")
    if geo.is_enabled():
        geo.click()
        _wait_url(page, r"style=geo")
        page.wait_for_function("() => document.querySelector('figcaption') && "
                               "document.querySelector('figcaption').textContent.includes('geographic map')")
    page.wait_for_selector("#section-map .js-plotly-plot")
    page.wait_for_load_state("networkidle")
    screenshot("dashboard-map-filtered")
    axe(page)

    permalink = page.url
    other = context.new_page()
    other.goto(permalink)
    _ready(other, "Homes rated requires improvement or inadequate")
    assert other.input_value("#filter-year") == "2020"
    assert other.input_value("#filter-measure") == "pct_ri_or_inadequate"
    assert other.input_value("#filter-area") == "E12000002"
    assert _checked(other, "sector", "Private") == "false"
    assert _checked(other, "type", "secure_childrens_home") == "true"
    if geo.is_enabled():
        assert _checked(other, "style", "geo") == "true"
    assert other.locator("#view-heading").inner_text() == page.locator("#view-heading").inner_text()
    other.close()

    # back and forward: the controls and the content follow the URL
    page.go_back()
    _wait_url(page, r"^(?!.*style=geo).*area=E12000002" if geo.is_enabled() else r"^(?!.*area=)")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('area=') || !location.search.includes('style=geo')")
    page.wait_for_function("() => document.querySelector('#filter-measure') && "
                           "document.querySelector('#filter-measure').value === 'pct_ri_or_inadequate'")
    while "measure=" in page.url:
        page.go_back()
        page.wait_for_load_state("networkidle")
    _ready(page, "Registered places per 10,000")
    page.wait_for_function("() => document.querySelector('#filter-measure').value === 'places_per_10k'")
    page.go_forward()
    _wait_url(page, r"measure=pct_ri_or_inadequate")
    _ready(page, "Homes rated requires improvement or inadequate")
    page.wait_for_function("() => document.querySelector('#filter-measure').value === 'pct_ri_or_inadequate'")

    assert requests_log.off_host() == []
    assert console_errors == []


def test_clicking_an_la_on_the_map_opens_its_profile(page, open_app, screenshot, requests_log, console_errors):
    open_app("/")
    _ready(page, "31 March 2025")
    plot = page.locator("#section-map .js-plotly-plot .nsewdrag").first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55)
    page.wait_for_selector(".hoverlayer .hovertext", state="attached")
    hover = page.locator(".hoverlayer .hovertext").first.text_content()
    assert "Rank" in hover and "Region:" in hover and "England value" in hover
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55)
    _wait_url(page, r"view=profile.*la=E\d{8}|la=E\d{8}.*view=profile")
    code = re.search(r"la=(E\d{8})", page.url).group(1)
    page.wait_for_function(
        "() => (document.querySelector('#navigation .govuk-service-navigation__item--active') || {})"
        ".textContent?.startsWith('LA profile')"
    )
    page.wait_for_selector("#section-map", state="detached")
    page.wait_for_load_state("networkidle")
    screenshot("dashboard-profile-from-map")
    assert code
    assert requests_log.off_host() == []
    assert console_errors == []


def test_region_view_charts_download_and_accessibility(page, open_app, screenshot, axe, requests_log, console_errors):
    open_app("/?year=2024")
    _ready(page, "31 March 2024")
    page.click("#nav-region")
    _wait_url(page, r"view=region")
    _ready(page, "Children's homes by region, 31 March 2024")
    for graph in ("#region-bar", "#region-map", "#region-homes-lines", "#region-change", "#region-share"):
        page.wait_for_selector(f"{graph} .main-svg")
    assert "North West" in page.locator("#biggest-riser").inner_text()
    page.wait_for_load_state("networkidle")
    screenshot("dashboard-regions")
    axe(page)

    with page.expect_download() as info:
        page.locator("button.app-download[id*='region-change']").click()
    download = info.value
    assert download.suggested_filename == "change-in-childrens-homes-by-region-2014-to-2024.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert len(rows) == 10
    nw = next(r for r in rows if r["Region"] == "North West")
    assert int(nw["Change in homes"]) == max(int(r["Change in homes"]) for r in rows if r["Region"] != "England")
    assert requests_log.off_host() == []
    assert console_errors == []


def test_map_table_sorts_and_downloads_exactly_what_is_shown(page, open_app, requests_log):
    open_app("/?measure=gap&year=2023")
    _ready(page, "31 March 2023")
    table = page.locator("#section-map .app-data-table")
    table.locator(".app-sort-button").nth(3).click(no_wait_after=True)  # the value column, twice: largest first
    table.locator("th[aria-sort='ascending']").wait_for()
    table.locator(".app-sort-button").nth(3).click(no_wait_after=True)
    table.locator("th[aria-sort='descending']").wait_for()
    shown = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    with page.expect_download() as info:
        page.locator("button.app-download[id*='la-map']").click()
    download = info.value
    assert download.suggested_filename == "gap-children-in-childrens-homes-minus-registered-places-2023.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0][:4] == ["LA code", "Local authority", "Region",
                           "Gap: children in children's homes minus registered places (children minus places)"]
    assert [r[1] for r in rows[1 : len(shown) + 1]] == shown
    values = [float(r[3]) for r in rows[1:] if r[3]]
    assert any(v < 0 for v in values)  # negative numbers stay numbers
    assert requests_log.off_host() == []


def test_keyboard_toggles_a_checkbox_with_visible_focus(page, open_app):
    open_app("/")
    _ready(page)
    box = _choice(page, "sector", "Voluntary")
    box.focus()
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).backgroundColor"
    )
    assert outline in ("rgb(255, 221, 0)",)  # GOV.UK focus colour
    page.keyboard.press("Space")
    _wait_url(page, r"sector=")
    _wait_checked(page, "sector", "Voluntary", "false")
    assert page.evaluate("() => document.activeElement.textContent") == "Voluntary"  # focus stays


def test_no_data_message_names_the_years_with_figures(page, open_app):
    open_app("/?measure=pct_over_20_miles&year=2015")
    _ready(page, "31 March 2015")
    message = page.locator("#no-data").inner_text()
    assert "has no figures for 2015" in message and "2017 to 2025" in message


def test_keyboard_reaches_a_profile_from_the_map_table(page, open_app, requests_log, console_errors):
    open_app("/?year=2024&sector=private")
    _ready(page, "31 March 2024")
    link = page.locator(".app-table a", has_text="Birmingham").first
    assert link.get_attribute("href") == "/?view=profile&year=2024&sector=private&la=E08000025"
    link.focus()
    page.keyboard.press("Enter")
    _wait_url(page, r"view=profile.*la=E08000025")
    page.wait_for_function("() => (document.querySelector('#profile-heading') || {}).textContent === 'Birmingham'")
    assert "sector=private" in page.url and "year=2024" in page.url
    assert _checked(page, "sector", "Voluntary") == "false"
    assert requests_log.off_host() == []
    assert console_errors == []


def test_region_map_follows_the_map_style(page, open_app, axe):
    open_app("/?view=region&style=geo")
    _ready(page, "Children's homes by region")
    page.wait_for_selector("#region-map .main-svg")
    caption = page.locator("#region-map").locator("xpath=ancestor::figure[1]//figcaption").inner_text()
    geo = _choice(page, "style", "geo").is_enabled()
    assert ("boundaries" in caption) == geo and ("hex" in caption) != geo
