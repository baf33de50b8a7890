"""About the data: sources from the provenance, licence text, rebuilt years, definitions."""

from __future__ import annotations

import pytest

from sufficiency.store import load
from sufficiency.app.sections import about
from sufficiency.state import ViewState
from sufficiency.config import EMBEDDED_DATA

OGL = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Ofsted; Department for Education; Office for National Statistics. "
    "Contains OS data © Crown copyright and database right."
)


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _text(component) -> str:
    """All text of a Dash component tree, in order."""
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return "".join(_text(c) for c in component)
    children = getattr(component, "children", None)  # a table has none: its cells are data
    return "" if children is None else _text(children)


def test_sources_frame_from_provenance(data):
    frame = about.sources_frame(data.provenance)
    assert len(frame) == len(data.provenance["sources"])
    first = data.provenance["sources"][0]
    row = frame.iloc[0]
    assert row["sha256 (first 12)"] == first["sha256"][:12]
    assert row["Rows read"] == first["rows_read"] and row["Rows kept"] == first["rows_kept"]
    assert row["Fixes"] == sum(f["count"] for f in first["fixes"])
    assert set(frame["Publisher"]) >= {"Ofsted", "Department for Education", "Office for National Statistics"}


def test_sources_frame_of_empty_provenance():
    assert about.sources_frame({}).empty


def test_render_carries_the_exact_attribution(data):
    text = _text(about.render(ViewState(view="about"), data))
    assert OGL in text


def test_render_lists_rebuilt_years_and_key_definitions(data):
    text = _text(about.render(ViewState(view="about"), data))
    rebuilt = ", ".join(str(y) for y in data.rebuilt_years())
    assert f"Rebuilt years: {rebuilt}." in text
    for words in ("registered capacity, not occupancy", "who owns the home", "secure units, children's homes and hostels",
                  "Goodair", "nearest 10", "redacts", "20 miles", "not applicable", "apportioned"):
        assert words in text, words
