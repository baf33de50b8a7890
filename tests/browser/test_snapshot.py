"""The "Download sufficiency snapshot" control in a real browser: click it on two views (the
England map and an LA profile), read the files that arrive, check them against the app's
own figures for the same view."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from sufficiency.engine import queries
from sufficiency.store import load
from sufficiency.app.snapshot_panel import BUTTONS_ID, LABELS, STATUS_ID
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import profile as pm
from sufficiency.vocab import SECTORS

pytestmark = pytest.mark.browser


def _download(page, open_app, path: str, fmt: str = "xlsx"):
    open_app(path)
    page.wait_for_selector(f"#{BUTTONS_ID}")
    with page.expect_download(timeout=240_000) as info:  # a zip draws the report's charts (PNG and SVG)
        page.locator(f"#{BUTTONS_ID}").get_by_role("button", name=LABELS[fmt]).click()
    download = info.value
    page.wait_for_function(f"document.getElementById('{STATUS_ID}').innerText.startsWith('Downloaded')", timeout=30_000)
    return download.suggested_filename, download.path().read_bytes()


def _headline(wb) -> dict:
    ws = wb["Headline"]
    header = [c.value for c in ws[1]]
    return {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}


def test_snapshot_of_the_england_map(page, open_app, console_errors):
    name, content = _download(page, open_app, "/?year=2024&sector=private,local_authority")
    assert name.startswith(f"sufficiency-snapshot_England_{ENGLAND_CODE}_2024_") and name.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames[:4] == ["About", "Headline", "LAs", "Regions"]
    h = queries.area_row(load(EMBEDDED_DATA), ENGLAND_CODE, 2024, ("Local authority", "Private"), ("childrens_home",))
    head = _headline(wb)
    assert head["places"]["Selected area"] == h["places"] and head["homes"]["Selected area"] == h["homes"]
    about = " ".join(str(c) for row in wb["About"].iter_rows(values_only=True) for c in row if c)
    assert "sector=private%2Clocal_authority" in about and "year=2024" in about
    assert len(wb["LAs"].tables) == 1 and wb["LAs"].freeze_panes == "A2"
    assert page.locator(f"#{STATUS_ID}").inner_text().startswith(f"Downloaded {name}")
    assert not console_errors


def test_snapshot_of_an_la_profile(page, open_app, console_errors):
    name, content = _download(page, open_app, "/?view=profile&la=E08000025")
    assert name.startswith("sufficiency-snapshot_Birmingham_E08000025_2025_")
    wb = load_workbook(io.BytesIO(content))
    data = load(EMBEDDED_DATA)
    want = pm.headline_table("E08000025", 2025, data, SECTORS, ("childrens_home",)).set_index("key")
    head = _headline(wb)
    for key in ("places", "cla", "places_per_10k", "gap"):
        assert head[key]["Selected area"] == pytest.approx(want.at[key, "la"])
        assert head[key]["England"] == pytest.approx(want.at[key, "england"])
    assert "Statistical neighbours (median)" in head["places"]
    assert not console_errors


def test_snapshot_as_csv_zip(page, open_app, axe):
    name, content = _download(page, open_app, "/?area=E12000005", "zip")
    assert name.startswith("sufficiency-snapshot_West-Midlands_E12000005_") and name.endswith(".zip")
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert any(n.endswith("/headline.csv") for n in names) and any(n.endswith("/README.txt") for n in names)
    axe(page, context="#snapshot")
