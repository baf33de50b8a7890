"""The LAs of an area in each year: LAs through their lineage, regions, England, footprints."""

from __future__ import annotations

import pytest

from sufficiency.config import EMBEDDED_DATA
from sufficiency.errors import DataError
from sufficiency.market.areas import market_area, parse_codes
from sufficiency.store import load


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


@pytest.mark.parametrize(
    ("code", "year", "expected"),
    [
        ("E06000058", 2018, ("E06000028", "E06000029")),  # BCP before 2019: Bournemouth and Poole
        ("E06000058", 2019, ("E06000058",)),
        ("E10000006", 2022, ("E10000006",)),
        ("E06000063", 2022, ()),  # Cumberland before it existed: no figure (Cumbria was split)
        ("E08000016", 2025, ("E08000038",)),  # Barnsley recoded
        ("E08000038", 2020, ("E08000016",)),
    ],
)
def test_an_la_through_its_lineage(data, code, year, expected):
    assert market_area(data, area=code)(year) == expected


def test_regions_england_and_footprints(data):
    england = market_area(data, area="e92000001")
    assert (len(england(2018)), len(england(2019)), len(england(2025))) == (152, 151, 153)
    north_west = market_area(data, area="E12000002")
    assert "E10000006" in north_west(2022) and {"E06000063", "E06000064"} <= set(north_west(2025))
    gm = market_area(data, footprint="E08000001, e08000002,E08000001")
    assert (gm.kind, gm.members, gm(2025)) == ("footprint", ("E08000001", "E08000002"), ("E08000001", "E08000002"))
    cumbria = market_area(data, footprint="E10000006")
    assert cumbria(2025) == ("E06000063", "E06000064")  # a split council stands for its successors
    one = market_area(data, footprint="E08000025")
    assert one.name == "Birmingham" and one(2025) == market_area(data, area="E08000025")(2025)


def test_bad_areas_are_named(data):
    with pytest.raises(DataError, match="W06000015"):
        market_area(data, footprint="E08000001,W06000015")
    with pytest.raises(DataError, match="unknown area"):
        market_area(data, area="E99999999")
    with pytest.raises(DataError, match="no LA codes"):
        market_area(data, footprint=" , ")
    assert parse_codes(["e1", " E2 ", "E1", ""]) == ["E1", "E2"]


def test_an_area_with_no_la_in_the_years_asked_selects_nothing(data):
    """Cumberland (created 2023) asked for in 2022, as a market baseline would: no rows, not
    an error (the snapshot of such a view failed on it)."""
    from sufficiency.market.concentration import largest_owners, select

    area = market_area(data, area="E06000063")
    assert area(2022) == ()
    assert select(data.owner_supply, 2022, area).empty
    assert len(select(data.owner_supply, [2022, 2025], area)) > 0  # its own years still count
    largest_owners(data.owner_supply, 2025, area, 10, None, baseline=2022)  # no error
