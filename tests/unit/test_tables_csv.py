"""CSV downloads: formula neutralisation, sort order and exact columns."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sufficiency.app import tables
from sufficiency.state import ViewState


@pytest.mark.parametrize(
    "raw, safe",
    [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Barnsley", "Barnsley"),
        ("-3.5", "-3.5"),
        ("+4", "+4"),
        (-3.5, -3.5),
        (7, 7),
    ],
)
def test_neutralise(raw, safe):
    assert tables.neutralise(raw) == safe


def test_to_csv_keeps_negative_numbers_as_numbers_and_neutralises_text():
    frame = pd.DataFrame({"name": ["=1+1", "Leeds"], "gap": [-12.5, np.nan], "count": [3, -4]})
    text = tables.to_csv(frame)
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == ["name", "gap", "count"]
    assert back["name"].tolist() == ["'=1+1", "Leeds"]
    assert back["gap"].iloc[0] == -12.5 and pd.isna(back["gap"].iloc[1])
    assert back["count"].tolist() == [3, -4]
    assert "\n-12.5" not in text and ",-12.5," in text


def test_sort_frame_follows_the_table_sort():
    frame = pd.DataFrame({"a": [2, 1, np.nan], "b": ["x", "y", "z"]})
    assert tables.sort_frame(frame, [{"column_id": "a", "direction": "desc"}])["b"].tolist() == ["x", "y", "z"]
    assert tables.sort_frame(frame, [{"column_id": "a", "direction": "asc"}])["b"].tolist() == ["y", "x", "z"]
    assert tables.sort_frame(frame, None)["b"].tolist() == ["x", "y", "z"]
    assert tables.sort_frame(frame, [{"column_id": "nope", "direction": "asc"}]).equals(frame)


def test_download_uses_the_registered_builder(monkeypatch):
    frame = pd.DataFrame({"LA": ["B", "A"], "value": [1.0, -2.0]})
    monkeypatch.setitem(tables.TABLES, "test", lambda state, folder: (frame, f"test-{state.year}.csv"))
    sent = tables.download("test", ViewState(year=2020), "unused", [{"column_id": "value", "direction": "asc"}])
    assert sent["filename"] == "test-2020.csv"
    assert sent["content"].splitlines() == ["LA,value", "A,-2.0", "B,1.0"]


def test_file_slug():
    assert tables.file_slug("Registered places per 10,000 children aged 0-17") == (
        "registered-places-per-10000-children-aged-0-17"
    )


def test_file_slug_drops_apostrophes():
    assert tables.file_slug("Gap: this LA's children in children\u2019s homes") == "gap-this-las-children-in-childrens-homes"


def test_link_column_links_each_la_to_its_profile_and_the_csv_keeps_plain_names(monkeypatch):
    frame = pd.DataFrame({"LA code": ["E06000001", "E06000002", "E06000003"],
                          "Local authority": ["Bath and North East Somerset", "Bath", "=Evil"],
                          "value": [1.0, 2.0, 3.0]})
    monkeypatch.setitem(tables.TABLES, "linked", lambda state, folder: (frame, "linked.csv"))
    monkeypatch.setitem(tables.LINKS, "linked", ("Local authority", "LA code"))
    state = ViewState(year=2020, sectors=("Private",))
    sent = tables.payload("linked", frame, state)
    assert sent["links"][1] == "/?view=profile&year=2020&sector=private&la=E06000002"
    assert [c["link"] for c in sent["columns"]] == [False, True, False]
    assert sent["cells"][1] == ["Bath and North East Somerset", "Bath", "=Evil"]  # the browser writes text, not HTML
    # the CSV follows the order shown, with plain names, and text that a spreadsheet would run is neutralised
    out = tables.download("linked", state, "unused", [{"column_id": "Local authority", "direction": "asc"}])
    names = [line.split(",")[1] for line in out["content"].splitlines()[1:]]
    assert names == ["'=Evil", "Bath", "Bath and North East Somerset"]


def test_payload_formats_numbers_once_per_column_and_keeps_raw_values_for_sorting():
    frame = pd.DataFrame({"Year": [2024, 2025], "Places": [1234, 5], "Share": [0.25, np.nan], "Name": ["a", None]})
    sent = tables.payload("plain", frame)
    assert sent["cells"][0] == ["2024", "2025"]  # a year reads 2025, not 2,025
    assert sent["cells"][1] == ["1,234", "5"]
    assert sent["cells"][2] == ["0.25", ""]
    assert sent["values"][2] == [0.25, None]
    assert sent["values"][3] is None and sent["links"] is None and sent["rows"] == 2


def test_table_block_sends_data_not_cells_and_labels_its_region():
    frame = pd.DataFrame({"LA code": ["E06000001"], "value": [1.5]})
    block = tables.table_block("plain", frame, "Caption")
    region = block.children[1]
    assert region.role == "region" and region.tabIndex == "0"
    assert getattr(region, "aria-labelledby") == "plain-caption"
    store = block.children[2]
    assert store.data == tables.payload("plain", frame)


def _rows_as_a_spreadsheet_reads_them(text: str) -> list[str]:
    """Split CSV text into rows the way a spreadsheet does: a CR or LF outside quotes ends a row."""
    rows, cell, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch in "\r\n" and not quoted:
            if cell:
                rows.append(cell)
            cell = ""
            continue
        cell += ch
    return rows + ([cell] if cell else [])


@pytest.mark.parametrize("value", ["\r=3+3", "x\r=3+3", "y\n@SUM(A1)", "z\r\n+1"])
def test_a_line_break_inside_a_cell_never_starts_a_row(value):
    from sufficiency.snapshot.csvzip import csv_text as zip_csv

    frame = pd.DataFrame({"name": [value, "Leeds"], "n": [1, 2]})
    for text in (tables.to_csv(frame), zip_csv(frame)):
        rows = _rows_as_a_spreadsheet_reads_them(text)
        assert len(rows) == 3, rows  # header and two rows: the cell's line break stays inside its quotes
        assert not any(r.startswith(("=", "+", "@", "-")) for r in rows)
        back = pd.read_csv(io.StringIO(text))
        assert back["name"].iloc[0] in (value, "'" + value) and back["n"].tolist() == [1, 2]
