"""The upload panel's store as a snapshot table: converted, flagged, suppressed, neutralised."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from sufficiency.store import load
from sufficiency.state import ViewState
from sufficiency.config import EMBEDDED_DATA
from sufficiency.snapshot import build_snapshot, snapshot_tables
from sufficiency.snapshot.safety import SUPPRESSED, UPLOADED, safe_frame
from sufficiency.snapshot.uploaded import NAME, uploads_from_store

WHEN = datetime(2026, 11, 22, 9, 30).astimezone()
STORE = {
    "ok": True, "filename": "Smith family placements.csv", "encoding": "utf-8", "notes": ["2 blank lines skipped."],
    "figures": {
        "children": 40, "too_few": False,
        "bands": [
            {"band": "Up to 5 miles", "from_miles": 0.0, "to_miles": 5.0, "children": 3, "percent": 7.5},
            {"band": "=HYPERLINK(\"http://example.invalid\")", "from_miles": 5.0, "to_miles": 10.0,
             "children": 12, "percent": 30.0},
            {"band": "More than 10 miles", "from_miles": 10.0, "to_miles": None, "children": None, "percent": None},
            {"band": "More than 20 miles", "from_miles": 20.0, "to_miles": None, "children": 25, "percent": 62.5},
        ],
        "over": {"20": {"children": 25, "percent": 62.5}, "50": {"children": None, "percent": None}},
        "inside_home_la": 10, "outside_home_la": 30, "area_not_la": 0,
        "basis": {"postcode": 36, "+cmd": 4},
    },
}


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def test_store_converts_to_one_flagged_table_without_identifying_text():
    uploads = uploads_from_store(STORE)
    assert list(uploads) == [NAME]
    table = uploads[NAME]
    assert table.attrs[UPLOADED] is True
    assert list(table.columns) == ["Figure", "Detail", "Children", "% of children"]
    text = " ".join(str(v) for v in table.to_numpy().ravel())
    assert "Smith" not in text and "blank lines" not in text and "utf-8" not in text
    rows = table.set_index("Detail")
    assert rows.at["", "Children"] == 40
    assert rows.at["More than 10 miles", "Children"] == "c"  # already suppressed: stays so
    assert rows.at["Up to 5 miles", "% of children"] is None  # would give the count away
    assert rows.at["50 miles", "Children"] == "c" and rows.at["20 miles", "% of children"] == 62.5
    safe = safe_frame(table).set_index("Detail")
    assert safe.at["Up to 5 miles", "Children"] == SUPPRESSED
    assert safe.at["home or placement area not an LA", "Children"] == SUPPRESSED
    assert safe.at["in another LA", "Children"] == 30
    assert safe.at["More than 10 miles", "Children"] == "c"


@pytest.mark.parametrize("store", [None, {}, {"ok": False, "issues": [], "total": 1},
                                   {"ok": True, "figures": {"too_few": True, "children": None}}])
def test_nothing_to_add_without_a_readable_upload(store):
    assert uploads_from_store(store) is None


def test_snapshot_tables_name_the_upload_uploaded_placements(data):
    tables = snapshot_tables(data, ViewState(), uploads_from_store(STORE))
    assert NAME in tables and tables[NAME].attrs[UPLOADED] is True
    assert tables[NAME].attrs["title"].startswith("Uploaded placements")


def test_workbook_suppresses_and_neutralises_the_uploaded_placements(data):
    snap = build_snapshot(data, ViewState(), "xlsx", generated=WHEN, uploads=uploads_from_store(STORE))
    wb = load_workbook(io.BytesIO(snap.content))
    ws = wb[NAME]
    rows = {r[1]: r[2:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Up to 5 miles"][0] == SUPPRESSED  # a count of 3
    assert rows["'=HYPERLINK(\"http://example.invalid\")"][0] == 12
    assert rows["'+cmd"][0] == SUPPRESSED
    assert rows[None][0] == 40  # children in the file (no detail)
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert not any("Smith" in str(c) for s in wb.worksheets for row in s.iter_rows(values_only=True) for c in row)


def test_csv_zip_has_the_uploaded_placements(data):
    snap = build_snapshot(data, ViewState(), "zip", generated=WHEN, uploads=uploads_from_store(STORE))
    zf = zipfile.ZipFile(io.BytesIO(snap.content))
    name = next(n for n in zf.namelist() if "upload" in n.lower())
    text = zf.read(name).decode("utf-8-sig")
    assert "Up to 5 miles,<5," in text and "\"'=HYPERLINK" in text and "'+cmd,<5" in text
