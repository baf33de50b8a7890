"""The market on screen, on the embedded data: the page's figures, the command line's JSON and
the snapshot's Market sheets are one set of figures, for an LA and for a footprint; the map's
market measures equal the market library's for an LA, a region, a footprint and England."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest

from sufficiency.app import sections
from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import queries
from sufficiency.market.areas import market_area
from sufficiency.market.concentration import concentration
from sufficiency.present.areas import chosen
from sufficiency.snapshot import build_snapshot
from sufficiency.state import from_query
from sufficiency.store import load

KENT, MEDWAY = "E10000016", "E06000035"
VIEWS = {
    "la": (f"?view=market&area={KENT}&baseline=2020", ["--area", KENT]),
    "footprint": (f"?view=market&footprint={KENT},{MEDWAY}&baseline=2020&market_threshold=5",
                  ["--footprint", f"{MEDWAY},{KENT}"]),
}
OWNER = "Owner (organisation named by Ofsted)"
PLACES = "Registered places"
SHARE = "Share of the area's registered places (%)"


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _stores(component, out=None) -> dict:
    """Every table's data store in a rendered component, by table name."""
    out = {} if out is None else out
    cid = getattr(component, "id", None)
    if isinstance(cid, dict) and cid.get("type") == "table-data":
        out[cid["name"]] = component.data
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            _stores(child, out)
    return out


def _column(store: dict, heading: str) -> list:
    i = [c["name"] for c in store["columns"]].index(heading)
    return store["values"][i] if store["values"][i] is not None else store["cells"][i]


def _cli(*args) -> dict:
    cmd = [sys.executable, "-m", "sufficiency", "market", *args, "--year", "2025", "--json", "--data",
           str(EMBEDDED_DATA)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.mark.parametrize("kind", list(VIEWS))
def test_page_command_line_and_market_sheet_agree(data, kind):
    query, args = VIEWS[kind]
    state = from_query(query)
    page = _stores(sections.render(state, data))
    cli = _cli(*args)
    book = openpyxl.load_workbook(io.BytesIO(build_snapshot(data, state, "xlsx", charts=False).content))

    head = page["market-headline"]
    shown = dict(zip(_column(head, "Measure"), _column(head, "Value")))
    sheet = {r["Measure"]: r["Value"] for r in _sheet(book, "Market")}
    assert shown["Owners"] == cli["owners"] == sheet["Owners"]
    hhi = "Herfindahl-Hirschman index of registered places"
    assert shown[hhi] == pytest.approx(cli["hhi"]) and sheet[hhi] == pytest.approx(cli["hhi"])
    for k, label in (("1", "largest owner"), ("5", "5 largest owners"), ("10", "10 largest owners")):
        measure = f"Share of places held by the {label}"
        assert shown[measure] == pytest.approx(cli["top_share"][k] * 100)
        assert sheet[measure] == pytest.approx(cli["top_share"][k] * 100)

    owners = page["market-owners-area"]
    listed = list(zip(_column(owners, OWNER), _column(owners, PLACES)))[:10]
    assert listed == [(r["owner"], float(r["places"])) for r in cli["largest"]]
    area_name = chosen(state, data).name
    in_sheet = [(r[OWNER], r[PLACES]) for r in _sheet(book, "Market owners") if r["Scope"] == area_name][:10]
    assert in_sheet == [(r["owner"], r["places"]) for r in cli["largest"]]
    assert _column(owners, SHARE)[0] == pytest.approx(round(cli["largest"][0]["share"] * 100, 2))

    over = page["market-candidates"]
    threshold = state.market_threshold
    assert all(s > threshold for s in _column(over, SHARE))
    expected = [r["owner"] for r in cli["largest"] if r["share"] * 100 > threshold]
    assert _column(over, OWNER)[:len(expected)] == expected
    flagged = [r[OWNER] for r in _sheet(book, "Market owners")
               if r["Scope"] == area_name and r[f"Over {threshold}% of the area's places"] == "yes"]
    assert flagged == _column(over, OWNER)

    opened = [r for r in _sheet(book, "Market openings") if r["Year"] == 2025 and r["Sector"] == "All sectors chosen"]
    assert (opened[0]["Homes opened"], opened[0]["Places in homes opened"]) == (
        cli["openings"]["homes"], cli["openings"]["places"])
    assert (opened[0]["Homes closed"], opened[0]["Places in homes closed"]) == (
        cli["closures"]["homes"], cli["closures"]["places"])


def test_the_maps_market_measures_equal_the_market_librarys(data):
    sectors, types = tuple(from_query("").sectors), ("childrens_home",)
    fp = chosen(from_query(f"?footprint={KENT},{MEDWAY}"), data)
    cases = [
        (queries.A.one_la(KENT), KENT, market_area(data, area=KENT)),
        (queries.A.Areas(queries.A.REGION, ("E12000008",)), "E12000008", market_area(data, area="E12000008")),
        (fp.areas, fp.code, market_area(data, footprint=[KENT, MEDWAY])),
        (queries.A.england(), ENGLAND_CODE, market_area(data, area=ENGLAND_CODE)),
    ]
    for year in (2018, 2024, 2025):
        for areas, code, area in cases:
            c = concentration(data.owner_supply, year, area, sectors, types)
            hhi = queries.column(data, "market_hhi", year, sectors, types, areas).loc[code]
            top5 = queries.column(data, "market_top5_share", year, sectors, types, areas).loc[code]
            assert hhi["value"] == pytest.approx(c["hhi"]) and hhi["basis"] == "derived"
            assert top5["value"] == pytest.approx(c["top5_share"] * 100)
    before = queries.column(data, "market_hhi", 2017, sectors, types, queries.A.every_la())
    assert before["value"].isna().all() and set(before["flag"]) == {"not published"}


def test_the_market_page_for_a_year_before_owners_says_not_published(data):
    body = json.dumps(sections.render(from_query("?view=market&year=2016"), data).to_plotly_json(),
                      default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o))
    assert "Owners: not published for 2016" in body
    assert "Homes opened and closed" in body  # openings are counted from 2015


def test_a_sector_with_no_homes_in_the_baseline_year_still_builds_its_market_tables(data):
    """East of England's health-authority homes: none in 2018, so every owner's baseline is 0."""
    state = from_query("?view=market&year=2022&sector=health_authority&footprint=region-east-of-england&baseline=2018")
    snap = build_snapshot(data, state, "xlsx", charts=False)
    book = openpyxl.load_workbook(io.BytesIO(snap.content), read_only=True)
    assert "Market owners" in book.sheetnames
    assert sections.render(state, data) is not None
