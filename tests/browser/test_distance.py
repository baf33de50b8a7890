"""The distance view in a real browser: the modelled distribution with its 20 and 50-mile
lines, an upload (valid and invalid files), a scenario, accessibility and no off-host requests."""

from __future__ import annotations

import re

import pytest

from sufficiency.uploads.example import example_csv
from sufficiency.uploads.parse import default_gazetteer
from tests.helpers import table_rows

pytestmark = pytest.mark.browser

BIRMINGHAM = "/?view=distance&area=E08000025"


def _open(page, open_app, path: str, ready: str):
    open_app(path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")


def _upload(page, name: str, content: bytes):
    page.locator("#upload-file input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )


def test_distance_panel_has_the_20_and_50_mile_lines(page, open_app, screenshot, axe, requests_log, console_errors):
    _open(page, open_app, BIRMINGHAM, "#distance-histogram .main-svg")
    assert "Birmingham" in page.locator("h1").inner_text()
    labels = page.locator("#distance-histogram .annotation-text").all_text_contents()
    assert "20 miles" in labels and "50 miles" in labels
    assert page.locator("#distance-histogram path[style*='dash']").count() >= 2 or \
        page.locator("#distance-histogram .shapelayer path").count() >= 2
    assert re.fullmatch(r"\d+%( \(\d+-\d+%\))?", page.locator("#modelled-over-20").inner_text())  # with its range
    assert "Modelled" in page.locator("#modelled-heading").inner_text()
    assert "Observed" in page.locator("#observed-heading").inner_text()
    for gid in ("flows-destinations", "flows-sources"):
        page.wait_for_selector(f"#{gid} .main-svg")
    assert "Birmingham (own LA)" in page.locator("#flows-destinations").inner_text()
    screenshot("distance-birmingham")
    axe(page, context="#section-distance")
    assert requests_log.off_host() == [] and console_errors == []


def test_a_valid_upload_shows_a_suppressed_distribution(page, open_app, screenshot, axe, requests_log, console_errors):
    _open(page, open_app, BIRMINGHAM, "#upload-none")
    assert page.locator("#upload-file input[type=file]").get_attribute("aria-labelledby") == "upload-label"
    _upload(page, "made-up-placements.csv", example_csv(default_gazetteer(), rows=400).encode())
    page.wait_for_selector("#upload-ok")
    page.wait_for_selector("#upload-chart .main-svg")
    summary = page.locator("#upload-summary").inner_text()
    assert "made-up-placements.csv" in summary and "400" in summary
    rows = page.locator("#upload-table tbody tr")
    assert rows.count() == 7
    labels = page.locator("#upload-chart .annotation-text").all_text_contents()
    assert "20 miles" in labels and "50 miles" in labels
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the suppressed table (CSV)").click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert text.splitlines()[0] == "Distance from home,Children,% of children"
    # the upload is kept while the view changes (browser memory), and never in the URL
    page.select_option("#filter-year", "2024")
    page.wait_for_function("() => location.search.includes('year=2024')")
    page.wait_for_selector("#upload-ok")
    assert "csv" not in page.url and "base64" not in page.url
    screenshot("distance-upload-valid")
    axe(page, context="#section-distance")
    assert requests_log.off_host() == [] and console_errors == []


def test_an_invalid_upload_names_line_column_and_value(page, open_app, axe, console_errors):
    _open(page, open_app, BIRMINGHAM, "#upload-none")
    bad = (
        "home_area,placement_area,placement_type,provider_sector,distance_miles\n"
        "E08000025,E08000026,childrens_home,private,\n"
        "E08000025,E08000026,K9,private,12\n"
        "B15,E08000026,childrens_home,private,\n"
    ).encode()
    _upload(page, "bad.csv", bad)
    page.wait_for_selector("#upload-error-summary")
    assert "There are 2 problems with bad.csv" in page.locator("#upload-error-title").inner_text()
    cells = [r.locator("td").all_inner_texts() for r in page.locator("#upload-errors tbody tr").all()]
    assert cells[0][:3] == ["3", "placement_type", "'K9'"]
    assert "not a placement type" in cells[0][3]
    assert cells[1][:2] == ["4", "distance_miles"] and "postcode district" in cells[1][3]
    assert page.locator("#upload-ok").count() == 0
    axe(page, context="#section-distance")
    assert console_errors == []


def _callback_bodies(page) -> list[int]:
    sizes: list[int] = []
    page.on("request", lambda r: sizes.append(len(r.post_data_buffer or b"")) if "_dash-update-component" in r.url
            else None)
    return sizes


def test_a_file_over_the_limit_gets_a_message_and_is_never_sent(page, open_app, axe, console_errors):
    from sufficiency.uploads.parse import MAX_BYTES

    _open(page, open_app, BIRMINGHAM, "#upload-none")
    sizes = _callback_bodies(page)
    _upload(page, "big.csv", b"home_area\n" + b"E08000025\n" * (MAX_BYTES // 10 + 10_000))
    page.wait_for_selector("#upload-error-summary")
    assert "There is 1 problem with big.csv" in page.locator("#upload-error-title").inner_text()
    message = page.locator("#upload-errors tbody tr td").nth(3).inner_text()
    assert message.startswith("The file is 5.1 MB; the limit is 5 MB (and 100,000 rows).")
    assert sizes and max(sizes) < 100_000  # only the store's message went to the server, never the file
    axe(page, context="#section-distance")
    assert console_errors == []


def test_a_file_of_another_kind_gets_a_message(page, open_app):
    _open(page, open_app, BIRMINGHAM, "#upload-none")
    page.locator("#upload-file input[type=file]").set_input_files(
        {"name": "placements.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"})
    page.wait_for_selector("#upload-error-summary")
    assert "'placements.pdf' is not a CSV file (.csv) or an Excel workbook (.xlsx)" in \
        page.locator("#upload-errors").inner_text()


def test_an_excel_workbook_is_read(page, open_app, console_errors):
    import io

    import openpyxl
    import pandas as pd

    frame = pd.read_csv(io.StringIO(example_csv(default_gazetteer(), rows=200)), dtype=str, keep_default_na=False)
    wb = openpyxl.Workbook()
    wb.active.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    _open(page, open_app, BIRMINGHAM, "#upload-none")
    page.locator("#upload-file input[type=file]").set_input_files(
        {"name": "extract.xlsx", "buffer": buf.getvalue(),
         "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    page.wait_for_selector("#upload-ok")
    summary = page.locator("#upload-summary").inner_text()
    assert "extract.xlsx" in summary and "200" in summary and "Excel workbook" in summary
    assert console_errors == []


def test_the_panel_offers_a_template_and_an_example(page, open_app):
    _open(page, open_app, BIRMINGHAM, "#upload-none")
    page.locator("#upload-panel summary").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download a template (CSV)").click()
    assert info.value.suggested_filename == "placements-template.csv"
    assert open(info.value.path(), encoding="utf-8").read() == \
        "home_area,placement_area,placement_type,provider_sector,distance_miles\n"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download an example of made-up placements (CSV)").click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert len(text.splitlines()) == 401 and text.startswith("home_area,placement_area")


def test_a_scenario_changes_the_after_figures(page, open_app, screenshot, axe, requests_log, console_errors):
    _open(page, open_app, BIRMINGHAM, "#scenario-empty")
    page.fill("#scenario-places", "60")
    page.get_by_role("button", name="Apply the scenario").click()
    page.wait_for_function("() => location.search.includes('scenario_places=60')")
    page.wait_for_selector("#scenario-chart .main-svg")
    assert "Adding 60 places in Birmingham" in page.locator("#scenario-summary").inner_text()
    rows = table_rows(page, "[id*='\"distance-scenario\"'] .app-data-table")
    assert rows[0]["Area"] == "Birmingham" and rows[2]["Area"] == "England"
    before = float(rows[0]["% more than 20 miles before (modelled)"])
    after = float(rows[0]["% more than 20 miles after (modelled)"])
    assert after < before
    page.select_option("#scenario-sector", "private")
    page.wait_for_function("() => location.search.includes('scenario_sector=private')")
    page.wait_for_selector("#scenario-summary:has-text('private sector')")
    screenshot("distance-scenario")
    axe(page, context="#section-distance")
    assert requests_log.off_host() == [] and console_errors == []


def test_about_reports_the_model_fit(page, open_app, axe):
    _open(page, open_app, "/?view=about", "#about-fit-table")
    table = page.locator("#about-fit-table").inner_text()
    assert "Correlation" in table and "Mean absolute error" in table and "percentage points" in table
    axe(page, context="#about-fit-table")
