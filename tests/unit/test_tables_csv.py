"""CSV downloads: formula neutralisation, sort order and exact columns."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sufficiency.app import tables
from sufficiency.app.state import ViewState


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
