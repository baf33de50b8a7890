"""The report a commissioner attaches: the Kent LA report as PDF (pages counted with pypdf),
its key findings against the measure engine, no internal key in its text; a footprint and
England report also build. Chart images in the CSV zip."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from sufficiency.config import EMBEDDED_DATA
from sufficiency.engine import profile as pm
from sufficiency.engine import queries
from sufficiency.engine.registry import MEASURES
from sufficiency.formats import number
from sufficiency.snapshot import build_snapshot
from sufficiency.snapshot import pdf as pdf_mod
from sufficiency.snapshot.findings import key_findings
from sufficiency.snapshot.short_report import APPENDIX
from sufficiency.snapshot.tables import snapshot_area
from sufficiency.state import ViewState
from sufficiency.store import load
from sufficiency.vocab import SECTORS

KENT = "E10000016"
SOUTH_EAST = "E12000008"
KENT_VIEW = ViewState(view="profile", la=KENT, area=KENT, year=2025)
TYPES = ("childrens_home",)
A4 = (595, 842)  # points, portrait
#: Internal words that must never reach a reader: every registry key with an underscore (the
#: others are plain words: homes, places, cla, gap), and the old unit codes.
INTERNAL = tuple(k for k in MEASURES if "_" in k) + ("per10k", "pct_")


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _charts_available() -> bool:
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return pdf_mod.available()


@pytest.fixture(scope="module")
def kent_pdf(data):
    if not pdf_mod.available():
        pytest.skip("no Chromium to print the PDF")
    from sufficiency.snapshot.charts import stop

    try:
        return build_snapshot(data, KENT_VIEW, "pdf", charts=_charts_available())
    finally:
        stop()


def _pages(content: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4
    return [page.extract_text() or "" for page in reader.pages]


def test_kent_report_is_at_most_four_a4_pages_then_the_appendix(kent_pdf):
    pages = _pages(kent_pdf.content)
    first = next(i for i, text in enumerate(pages) if f"{APPENDIX}:" in text)
    assert 2 <= first <= 4, [p[:80] for p in pages]
    assert len(pages) - first <= 4  # the appendix too stays short
    assert "Key findings" in pages[0] and "How Kent compares" in pages[0]
    assert kent_pdf.note is None  # every chart drew


def test_no_internal_key_in_the_pdf_text(kent_pdf):
    text = "\n".join(_pages(kent_pdf.content))
    for word in INTERNAL:
        assert word not in text, word
    assert "Registered places per 10,000 children aged 0-17" in text


def test_kent_findings_are_the_engines_figures(data):
    area = snapshot_area(KENT_VIEW, data)
    found = {f.topic: f for f in key_findings(data, KENT_VIEW, area)}
    row = queries.area_row(data, KENT, 2025, SECTORS, TYPES, 2014, modelled=True)
    bench = pm.benchmark_table(KENT, 2025, data, SECTORS, TYPES).set_index("key")
    supply = found["supply"]
    assert supply.figures["places"] == row["places"] and supply.figures["homes"] == row["homes"]
    assert supply.figures["places_per_10k"] == pytest.approx(row["places_per_10k"])
    assert supply.figures["places_change"] == row["places_change"]
    assert (supply.figures["rank"], supply.figures["of"]) == (bench.at["places_per_10k", "rank"],
                                                              bench.at["places_per_10k", "of"])
    want = (f"Kent had {number(row['places'])} registered places in {number(row['homes'])} children's homes at "
            f"31 March 2025, {number(row['places_per_10k'], 'rate')} per 10,000 children aged 0-17, rank "
            f"{int(bench.at['places_per_10k', 'rank'])} of {int(bench.at['places_per_10k', 'of'])} LAs (1 = most); "
            f"{number(row['places_change'])} more than in 2014.")
    assert supply.text == want
    assert set(supply.basis) == {"observed", "derived"}
    head = pm.headline_table(KENT, 2025, data, SECTORS, TYPES).set_index("key")
    compared = found["comparison"].figures
    assert compared["region"] == pytest.approx(head.at["places_per_10k", "region"])
    assert compared["england"] == pytest.approx(head.at["places_per_10k", "england"])
    assert compared["neighbours_median"] == pytest.approx(head.at["places_per_10k", "neighbours_median"])
    gap = found["gap"]
    assert gap.figures["gap"] == row["gap"] == row["cla_ch"] - row["places"]
    assert number(row["gap"], "change") in gap.text and "negative gap" in gap.text.lower()
    net = queries.area_row(data, KENT, 2024, SECTORS, TYPES, modelled=False)["ch_net_gain"]
    assert gap.figures["net_gain"] == net and number(net, "change") in gap.text
    distance = found["distance"]
    assert distance.figures["pct_over_20_miles"] == row["pct_over_20_miles"]
    assert distance.figures["modelled_over_20_miles"] == pytest.approx(row["modelled_over_20_miles"])
    assert set(distance.basis) == {"observed", "modelled"} and "all children looked after" in distance.covers
    quality = found["quality"]
    assert quality.figures["homes_inspected"] == row["homes_inspected"]
    assert f"{number(row['homes_good_or_better'])} of {number(row['homes_inspected'])}" in quality.text
    assert all(f.basis and f.covers for f in found.values())


def test_market_and_forecast_findings_follow_their_modules(data):
    from sufficiency.forecast.query import forecast
    from sufficiency.market import market_area
    from sufficiency.market.summary import market_summary

    area = snapshot_area(KENT_VIEW, data)
    found = {f.topic: f for f in key_findings(data, KENT_VIEW, area)}
    summary = market_summary(data.owner_supply, data.openings, market_area(data, area=KENT), 2025)
    assert found["market"].figures["owners"] == summary["owners"]
    assert found["market"].figures["homes_opened"] == summary["openings"]["homes"]
    last = forecast(data, "places", area=KENT)["points"][-1]
    assert found["forecast"].figures["median"] == last["median"] and found["forecast"].basis == ("projected",)


@pytest.mark.parametrize("state,name", [
    (ViewState(view="profile", footprint="gm-rcc"), "Greater Manchester"),
    (ViewState(), "England"),
    (ViewState(area=SOUTH_EAST), "South East"),
])
def test_footprint_england_and_region_reports_build(data, state, name):
    snap = build_snapshot(data, state, "html", charts=False)
    html = snap.content.decode("utf-8")
    assert f"<h1>{name}" in html and "Key findings" in html and f"{APPENDIX}:" in html
    for word in INTERNAL:
        assert word not in re.sub(r'href="[^"]*"|<style>.*?</style>', "", html, flags=re.S), word


def test_footprint_report_prints(data):
    if not pdf_mod.available():
        pytest.skip("no Chromium to print the PDF")
    snap = build_snapshot(data, ViewState(view="profile", footprint="gm-rcc"), "pdf", charts=False)
    pages = _pages(snap.content)
    assert next(i for i, text in enumerate(pages) if f"{APPENDIX}:" in text) <= 4


def test_zip_has_every_report_chart_as_png_and_svg(data):
    if not _charts_available():
        pytest.skip("no kaleido or Chromium for the charts")
    from sufficiency.snapshot.charts import report_charts, stop

    try:
        snap = build_snapshot(data, KENT_VIEW, "zip")
    finally:
        stop()
    zf = zipfile.ZipFile(io.BytesIO(snap.content))
    names = {n.split("/", 1)[1] for n in zf.namelist()}
    keys = [c.key for c in report_charts(data, KENT_VIEW, snapshot_area(KENT_VIEW, data))]
    assert len(keys) >= 5
    for key in keys:
        assert f"charts/{key}.png" in names and f"charts/{key}.svg" in names
        folder = zf.namelist()[0].split("/", 1)[0]
        assert zf.read(f"{folder}/charts/{key}.png").startswith(b"\x89PNG")
        assert b"<svg" in zf.read(f"{folder}/charts/{key}.svg")[:400]
