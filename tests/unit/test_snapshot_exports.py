"""Snapshot files: the workbook (openpyxl), the CSV zip, the HTML report (html.parser), the
PDF; each against the snapshot tables, with hostile inputs; and the command line."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import datetime
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from sufficiency.__main__ import main
from sufficiency.store import load
from sufficiency.state import ViewState
from sufficiency.config import EMBEDDED_DATA
from sufficiency.snapshot import build_snapshot, snapshot_tables
from sufficiency.snapshot import pdf as pdf_mod
from sufficiency.snapshot.about import about
from sufficiency.snapshot.csvzip import to_zip
from sufficiency.snapshot.report import html_table
from sufficiency.snapshot.safety import SUPPRESSED, safe_frame
from sufficiency.snapshot.tables import snapshot_area
from sufficiency.snapshot.xlsx import to_xlsx

WHEN = datetime(2026, 11, 22, 9, 30).astimezone()
LA_VIEW = ViewState(view="profile", la="E08000025", year=2024)
ENGLAND_VIEW = ViewState()
OGL = "Open Government Licence v3.0"


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


@pytest.fixture(scope="module", params=["england", "la"])
def case(request, data):
    state = ENGLAND_VIEW if request.param == "england" else LA_VIEW
    return state, snapshot_tables(data, state)


def _workbook(data, state, **kw):
    snap = build_snapshot(data, state, "xlsx", generated=WHEN, **kw)
    return snap, load_workbook(io.BytesIO(snap.content))


# --- Excel --------------------------------------------------------------------------------


def test_workbook_sheets_tables_freeze_and_types(data, case):
    state, tables = case
    snap, wb = _workbook(data, state)
    assert snap.filename.endswith(".xlsx") and snap.filename.startswith("sufficiency-snapshot_")
    assert wb.sheetnames == ["About", *tables]
    for name, frame in tables.items():
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert len(ws.tables) == 1, name
        table = next(iter(ws.tables.values()))
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref, name
        assert table.ref == f"A1:{ws.cell(row=1, column=frame.shape[1]).column_letter}{len(frame) + 1}", name
        assert [c.value for c in ws[1]] == [str(c) for c in frame.columns], name
        assert ws.column_dimensions["A"].width >= 8
        safe = safe_frame(frame)
        for i, record in enumerate(safe.itertuples(index=False, name=None), 2):
            for j, want in enumerate(record, 1):
                cell = ws.cell(row=i, column=j)
                if isinstance(want, (int, float, np.number)) and not isinstance(want, bool):
                    assert isinstance(cell.value, (int, float)), (name, i, j, cell.value)
                    assert cell.value == pytest.approx(float(want)), (name, i, j)
                    assert cell.number_format != "General", (name, i, j)
                else:
                    assert cell.value == (None if want == "" else want), (name, i, j)


def test_workbook_headline_formats_and_about(data):
    _, wb = _workbook(data, LA_VIEW)
    ws = wb["Headline"]
    header = [c.value for c in ws[1]]
    col = header.index("Selected area") + 1
    formats = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=col).number_format for r in range(2, ws.max_row + 1)}
    assert formats["places"] == "#,##0" and formats["places_per_10k"] == "#,##0.0"
    assert formats["pct_over_20_miles"] == '0.0"%"' and formats["homes_change"].startswith("+#,##0")
    about_text = "\n".join(str(c.value) for row in wb["About"].iter_rows() for c in row if c.value is not None)
    assert "Birmingham (E08000025)" in about_text and OGL in about_text
    assert "view=profile" in about_text and "la=E08000025" in about_text and "year=2024" in about_text
    assert "Rebuilt years" in about_text and "Modelled figures" in about_text and "Suppression" in about_text
    assert "2026-11-22 09:30" in about_text
    links = [c.hyperlink.target for row in wb["About"].iter_rows() for c in row if c.hyperlink]
    assert any("la=E08000025" in link for link in links)
    assert len(wb["About"].tables) == 1  # the sources


def test_workbook_neutralises_hostile_text_and_suppresses_uploads(data, monkeypatch):
    gaz = data.gazetteer.copy()
    gaz.loc[gaz["code"] == "E08000025", "name"] = '=HYPERLINK("http://example.invalid","Birmingham")'
    hostile = dataclasses.replace(data, gazetteer=gaz)  # names made afresh from the new gazetteer
    upload = pd.DataFrame({"home_area": ["@SUM(A1)", "+cmd", "Leeds"], "children": [3, 12, 0], "change": [-2, 7, -9]})
    _, wb = _workbook(hostile, ENGLAND_VIEW, uploads={"placements": upload})
    las = wb["LAs"]
    names = [c.value for c in las["B"]]
    assert "'=HYPERLINK(\"http://example.invalid\",\"Birmingham\")" in names
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@", "\t", "\r")) for v in names)
    up = wb["Upload placements"]
    rows = [[c.value for c in row] for row in up.iter_rows(min_row=2)]
    assert rows[0][0] == "'@SUM(A1)" and rows[1][0] == "'+cmd"
    assert [r[1] for r in rows] == [SUPPRESSED, 12, SUPPRESSED]
    assert rows[0][2] == -2 and isinstance(rows[0][2], int)  # real negative numbers stay numbers


# --- CSV zip ------------------------------------------------------------------------------


def test_zip_has_every_table_as_csv(data, case):
    state, tables = case
    snap = build_snapshot(data, state, "zip", generated=WHEN, charts=False)  # charts: test_short_report
    zf = zipfile.ZipFile(io.BytesIO(snap.content))
    names = [n.split("/", 1)[1] for n in zf.namelist()]
    assert {"README.txt", "about.csv", "sources.csv", "index.csv", "headline.csv", "las.csv", "regions.csv",
            "trends.csv", "distance.csv", "quality.csv"} <= set(names)
    folder = zf.namelist()[0].split("/", 1)[0]
    index = pd.read_csv(zf.open(f"{folder}/index.csv"))
    assert list(index["sheet"]) == list(tables)
    for file, sheet in zip(index["file"], index["sheet"]):
        got = pd.read_csv(zf.open(f"{folder}/{file}"), keep_default_na=False, dtype=str)
        want = safe_frame(tables[sheet])
        assert list(got.columns) == list(want.columns), sheet
        assert len(got) == len(want), sheet
        for col in want.columns:
            for g, w in zip(got[col], want[col]):
                if isinstance(w, (int, float, np.number)):
                    assert float(g) == pytest.approx(float(w)), (sheet, col)
                else:
                    assert g == ("" if w is None else str(w)), (sheet, col)
    readme = zf.read(f"{folder}/README.txt").decode()
    assert OGL in readme and "Permalink" in readme


def test_zip_keeps_codes_and_neutralises(data):
    tables = {"Hostile": pd.DataFrame({"a": ["=1+1", "c", "-2"], "b": [-3, np.nan, 2.5]})}
    info = about(data, ENGLAND_VIEW, snapshot_area(ENGLAND_VIEW, data), generated=WHEN)
    zf = zipfile.ZipFile(io.BytesIO(to_zip(tables, info)))
    text = zf.read("hostile.csv").decode()
    assert text.splitlines() == ["a,b", "'=1+1,-3.0", "c,", "-2,2.5"]


# --- report ---------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict[str, int] = {}
        self.headings: list[str] = []
        self.images: list[dict] = []
        self.links: list[str] = []
        self._in: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in ("h1", "h2"):
            self._in = tag
            self.headings.append("")
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag in ("h1", "h2"):
            self._in = None

    def handle_data(self, data):
        self.text.append(data)
        if self._in:
            self.headings[-1] += data


def test_report_html_without_charts(data, case):
    state, tables = case
    snap = build_snapshot(data, state, "html", generated=WHEN, charts=False)
    page = Page()
    page.feed(snap.content.decode("utf-8"))
    area = snapshot_area(state, data)
    assert page.headings[0] == f"{area.name}: sufficiency of children's homes places at 31 March {area.year}"
    for heading in ("Key findings", f"How {area.name} compares", "Map", "The gap and its trend", "Distance from home",
                    "Quality by sector", "More figures, sources and caveats"):
        assert heading in page.headings
    assert any(h.startswith("Appendix:") for h in page.headings)
    assert not any(h in page.headings for h in ("LAs", "Regions", "Trends"))  # the wide tables stay in the xlsx/csv
    assert "script" not in page.tags
    text = "".join(page.text)
    assert OGL in text and "Charts are not included" in text
    assert any("opengovernment" in link.replace("-", "") for link in page.links)
    assert "@page" in snap.content.decode() and "A4" in snap.content.decode()


def test_report_html_escapes_and_neutralises():
    frame = pd.DataFrame({"a": ["<script>x</script>", "=cmd|' /C calc'!A0"], "b": [1, -2]})
    html = html_table(frame, "Hostile", "hostile")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&#x27;=cmd" in html


def test_report_with_charts(data):
    pytest.importorskip("kaleido")
    if not pdf_mod.available():
        pytest.skip("no Chromium for the charts")
    from sufficiency.snapshot.charts import stop

    try:
        snap = build_snapshot(data, LA_VIEW, "html", generated=WHEN)
    finally:
        stop()
    page = Page()
    page.feed(snap.content.decode("utf-8"))
    svgs = [img for img in page.images if img.get("src", "").startswith("data:image/svg+xml;base64,")]
    assert len(svgs) >= 5, snap.note
    assert all(img.get("alt") for img in svgs)


def test_pdf(data):
    if not pdf_mod.available():
        with pytest.raises(pdf_mod.PdfUnavailable):
            build_snapshot(data, ENGLAND_VIEW, "pdf", charts=False)
        return
    snap = build_snapshot(data, ENGLAND_VIEW, "pdf", charts=False)
    assert snap.content.startswith(b"%PDF") and snap.filename.endswith(".pdf")


def test_pdfs_in_a_row_share_one_browser():
    if not pdf_mod.available():
        pytest.skip("no Chromium for the PDF")
    pytest.importorskip("playwright.sync_api")
    html = "<!doctype html><title>t</title><h1>Sufficiency</h1>"
    assert pdf_mod.html_to_pdf(html).startswith(b"%PDF")
    launches, browser = pdf_mod._printer.launches, pdf_mod._printer.browser
    assert browser is not None and launches >= 1
    assert pdf_mod.html_to_pdf(html).startswith(b"%PDF")
    assert pdf_mod._printer.launches == launches and pdf_mod._printer.browser is browser


def test_pdf_without_a_browser(monkeypatch):
    monkeypatch.setattr(pdf_mod, "chromium_path", lambda: None)
    with pytest.raises(pdf_mod.PdfUnavailable, match="Chromium"):
        pdf_mod.html_to_pdf("<p>x</p>")


def test_xlsx_writer_handles_an_empty_table(data):
    info = about(data, ENGLAND_VIEW, snapshot_area(ENGLAND_VIEW, data), generated=WHEN)
    wb = load_workbook(io.BytesIO(to_xlsx({"Empty": pd.DataFrame({"a": []})}, info)))
    assert wb["Empty"]["A2"].value == "No figures for the filters chosen."


# --- command line -----------------------------------------------------------------------------


@pytest.mark.parametrize("area,ext", [("E08000025", "xlsx"), ("E12000005", "zip"), ("E92000001", "html"),
                                      ("E92000001", "pdf")])
def test_command_line(tmp_path, capsys, area, ext):
    out = tmp_path / f"pack.{ext}"
    args = ["snapshot", "--area", area, "--year", "2024", "--sector", "private", "--sector", "local_authority",
            "--out", str(out)]
    if ext in ("html", "pdf", "zip"):
        args.append("--no-charts")
    if ext == "pdf" and not pdf_mod.available():
        assert main(args) == 2
        return
    assert main(args) == 0
    content = out.read_bytes()
    if ext == "xlsx":
        wb = load_workbook(out)
        assert "Headline" in wb.sheetnames
        about_text = " ".join(str(c.value) for row in wb["About"].iter_rows() for c in row if c.value)
        assert "Private, Local authority" in about_text or "Local authority, Private" in about_text
    elif ext == "zip":
        assert any(n.endswith("headline.csv") for n in zipfile.ZipFile(out).namelist())
    elif ext == "html":
        assert b"<h1>England: sufficiency of children&#x27;s homes places at 31 March 2024" in content
    else:
        assert content.startswith(b"%PDF")
    assert "Wrote" in capsys.readouterr().out


def test_command_line_rejects_an_unknown_area(tmp_path):
    with pytest.raises(SystemExit):
        main(["snapshot", "--area", "E99999999", "--year", "2024", "--out", str(tmp_path / "x.xlsx")])
