"""A footprint built on the map and its distance view, in a real browser: pick three LAs with the
footprint pick mode, reload the permalink, open the distance view (children inside and outside
the footprint, the numerical test, figures with ranges), download its xlsx and read it; and the
scenario planner's answer in children with a range."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from sufficiency.app.snapshot_panel import BUTTONS_ID, LABELS, STATUS_ID
from tests.helpers import table_rows

pytestmark = pytest.mark.browser

RANGE = re.compile(r"\d+% \(\d+-\d+%\)")
ANSWER = re.compile(r"(about \d+|less than 1) (more|fewer)( \((\d+-\d+|\d+ fewer to \d+ more)\))?")


def _codes(url: str) -> list[str]:
    value = parse_qs(urlsplit(url).query).get("footprint", [""])[0]
    return [c for c in value.split(",") if c]


def _map_ready(page):
    page.wait_for_selector("#view-heading", state="attached", timeout=60_000)
    page.wait_for_selector("#section-map .js-plotly-plot .nsewdrag", state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle")


def _plot_box(page) -> dict:
    """The map's drag layer box, once the map has stopped redrawing (a redraw replaces it)."""
    for _ in range(10):
        _map_ready(page)
        try:
            plot = page.locator("#section-map .js-plotly-plot .nsewdrag").first
            plot.scroll_into_view_if_needed(timeout=5_000)
            box = plot.bounding_box(timeout=5_000)
        except Exception:  # replaced while we looked: wait for the new one
            continue
        if box:
            return box
    raise AssertionError("the map never settled")


def test_a_footprint_built_on_the_map_in_the_distance_view_and_its_xlsx(page, open_app, screenshot, axe,
                                                                        requests_log, console_errors):
    open_app("/?year=2024")
    _map_ready(page)
    page.get_by_role("radio", name="Add or remove it in the footprint").click()
    page.wait_for_function("() => location.search.includes('pick=footprint')")
    _map_ready(page)
    spots = [(0.45, 0.55), (0.52, 0.45), (0.40, 0.40), (0.58, 0.62), (0.48, 0.70), (0.62, 0.38), (0.35, 0.60)]
    for fx, fy in spots:
        if len(_codes(page.url)) >= 3:
            break
        before = len(_codes(page.url))
        box = _plot_box(page)
        x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        try:
            page.wait_for_function(f"() => (new URLSearchParams(location.search).get('footprint') || '')"
                                   f".split(',').filter(Boolean).length > {before}", timeout=30_000)
        except Exception:  # the spot was sea or a tile already in the footprint: try the next one
            continue
        _map_ready(page)
    codes = _codes(page.url)
    assert len(codes) == 3, page.url
    assert "view=" not in page.url or "view=map" in page.url  # a pick adds to the footprint, no profile opens

    page.reload()
    page.wait_for_selector("#footprint-list")
    page.wait_for_load_state("networkidle")
    assert _codes(page.url) == codes
    assert page.locator("#footprint-list li").count() == 3

    page.click("#nav-distance")
    page.wait_for_function("() => location.search.includes('view=distance')")
    page.wait_for_selector("#footprint-test", timeout=120_000)
    page.wait_for_selector("#distance-histogram .main-svg")
    page.wait_for_load_state("networkidle")
    assert _codes(page.url) == codes
    test = page.locator("#footprint-test").inner_text()
    assert "registered places" in test and ("numerically sufficient" in test or "numerically insufficient" in test)
    placed = page.locator("#footprint-placed").inner_text()
    assert "inside the footprint" in placed and "outside it" in placed and RANGE.search(placed)
    assert RANGE.search(page.locator("#modelled-over-20").inner_text())
    assert "children in children's homes (modelled)" in page.locator("#modelled-figures").inner_text()
    assert "all children looked after (DfE, observed)" in page.locator("#populations-note").inner_text()
    rows = table_rows(page, "[id*='\"distance-footprint\"'] .app-data-table")
    assert any("Placed outside the footprint" in " ".join(r.values()) for r in rows)
    screenshot("distance-footprint")
    axe(page, context="#section-distance")

    with page.expect_download(timeout=180_000) as info:
        page.locator(f"#{BUTTONS_ID}").get_by_role("button", name=LABELS["xlsx"]).click()
    download = info.value
    page.wait_for_function(f"document.getElementById('{STATUS_ID}').innerText.startsWith('Downloaded')",
                           timeout=60_000)
    wb = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert {"Footprint LAs", "Modelled distance"} <= set(wb.sheetnames)
    fp_las = [r for r in wb["Footprint LAs"].iter_rows(min_row=2, values_only=True) if any(r)]
    assert sorted(str(r[0]) for r in fp_las if str(r[0]).startswith("E")) == sorted(codes) or \
        sum(1 for r in fp_las for c in r if str(c) in codes) >= 3
    modelled = {r[0]: r for r in wb["Modelled distance"].iter_rows(min_row=2, values_only=True) if r[0]}
    over20 = modelled["Placed more than 20 miles from home"]
    header = [c.value for c in wb["Modelled distance"][1]]
    row = dict(zip(header, over20))
    assert row["Low"] <= row["Value"] <= row["High"] and row["Basis"] == "modelled"
    assert "Placed outside the footprint" in modelled
    assert requests_log.off_host() == [] and console_errors == []


def test_the_scenario_answer_is_in_children_with_a_range(page, open_app, screenshot, axe, requests_log,
                                                         console_errors):
    open_app("/?view=distance&area=E10000016&year=2024")
    page.wait_for_selector("#scenario-empty", timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.fill("#scenario-places", "50")
    page.get_by_role("button", name="Apply the scenario").click()
    page.wait_for_function("() => location.search.includes('scenario_places=50')")
    page.wait_for_selector("#scenario-answer p", timeout=120_000)
    page.wait_for_load_state("networkidle")
    answer = page.locator("#scenario-answer").inner_text()
    assert answer.startswith("Kent: of its") and "would be placed inside Kent" in answer
    assert len(ANSWER.findall(answer)) >= 3 and re.search(r"\(\d+-\d+\)", answer)
    assert "falls by 50" in answer and "(modelled)" in answer
    rows = table_rows(page, "[id*='\"distance-scenario-children\"'] .app-data-table")
    assert rows and any("Kent" in " ".join(r.values()) for r in rows)
    screenshot("distance-scenario-children")
    axe(page, context="#section-distance")
    assert requests_log.off_host() == [] and console_errors == []


def test_the_profile_shows_observed_flows_and_modelled_ranges(page, open_app, axe, requests_log, console_errors):
    open_app("/?view=profile&la=E10000016")
    page.wait_for_selector("#profile-flows-modelled", timeout=120_000)
    page.wait_for_selector("#profile-flows .main-svg")
    page.wait_for_load_state("networkidle")
    latest = page.locator("#profile-flows-latest").inner_text()
    assert "(2024)" in latest and "children in children's homes (DfE FOI, observed)" in latest
    assert "2025 has no published figure" in latest
    modelled = page.locator("#profile-flows-modelled").inner_text()
    assert "children in children's homes (modelled)" in modelled and RANGE.search(modelled)
    axe(page, context="#profile-section")
    assert requests_log.off_host() == [] and console_errors == []
