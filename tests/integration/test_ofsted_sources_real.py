"""The Ofsted files as published: catalogue, coverage, and workbook sheets vs CSV copies."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sufficiency.sources import ofsted_catalogue as cat
from sufficiency.sources.ofsted_catalogue import OfstedSource
from sufficiency.sources.ofsted_providers import read_source

COMPLETE = {
    ("providers", date(2014, 9, 30)),
    ("providers_places", date(2018, 3, 31)),
    ("provider_level", date(2021, 3, 31)),
    ("provider_level", date(2022, 3, 31)),
    ("providers_places", date(2023, 3, 31)),
    ("provider_level", date(2025, 3, 31)),
    ("providers_places", date(2025, 3, 31)),
}


@pytest.fixture(scope="module")
def sources(raw_root):
    return cat.discover(raw_root)


def test_every_list_found_with_its_coverage(sources):
    lists = {(s.kind, s.date): s for s in sources if s.is_list}
    levels = {s.year for s in sources if s.kind == "provider_level"}
    assert levels == set(range(2015, 2026))
    assert {k for k, s in lists.items() if s.complete} == COMPLETE
    assert sorted(s.year for s in sources if s.kind == "joiners_leavers") == [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2025]
    assert [s.path.name for s in cat.dated_joiners_leavers(sources)] == ["goodair_childrens_homes_joiners_leavers_2014_2018.csv"]


def test_workbook_sheets_are_read_rather_than_csv_copies(sources):
    by_key = {(s.kind, s.date): s for s in sources}
    for kind in ("provider_level", "providers_places", "joiners_leavers"):
        for year in (2023, 2025):
            src = by_key[(kind, date(year, 3, 31))]
            assert src.path.suffix == ".ods", src.label
            assert src.sheet.endswith(f"_{year}")


def test_csv_copies_and_workbook_sheets_give_identical_home_rows(raw_root):
    twins = cat.csv_twins(raw_root)
    assert len(twins) == 5  # 2023: 3 sheets; 2025: provider level and leavers/joiners
    for sheet_src, csv_path in twins:
        from_sheet = read_source(sheet_src)
        from_csv = read_source(OfstedSource(sheet_src.kind, csv_path, sheet_src.date, None, sheet_src.start))
        assert len(from_sheet) > 400, sheet_src.label
        pd.testing.assert_frame_equal(from_sheet, from_csv, obj=sheet_src.label)
