"""The LA register, name crosswalk and reorganisations, checked against the ONS files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sufficiency.errors import UnknownLocalAuthority
from sufficiency.geography import (
    current_code,
    la_code_from_dfe_number,
    las_in_year,
    region_of,
    registry,
    reporting_code,
    resolve_la_name,
)
from sufficiency.geography.reorganisations import CHANGES


@pytest.mark.parametrize(
    "year,count",
    [(2014, 152), (2018, 152), (2019, 151), (2020, 151), (2021, 152), (2022, 152), (2023, 153), (2025, 153)],
)
def test_reporting_geography_has_the_councils_of_each_year(year, count):
    assert len(las_in_year(year)) == count


def test_register_has_163_codes_each_with_region_and_dfe_number():
    reg = registry()
    assert len(reg) == 163
    assert reg["region_code"].str.match(r"^E1200000[1-9]$").all()
    assert reg["dfe_number"].notna().all()


def test_reorganisations_agree_with_ons_change_file(raw_root):
    text = (raw_root / "geography/ons_la_changes_2018_2025.csv").read_text(encoding="utf-8-sig")
    ons = {(r["oldcd"], r["newcd"], int(r["start"])) for r in csv.DictReader(io.StringIO(text))}
    ons_terminated = {(r[0], r[2]) for r in ons if r[1] == ""}
    for change in CHANGES:
        if change.old.startswith("E10"):  # county councils: ONS lists them as terminated
            assert (change.old, change.start) in ons_terminated or any(
                o == change.old for o, _, _ in ons
            ), change
        else:
            assert all((change.old, new, change.start) in ons for new in change.new), change


def test_reorganisations_agree_with_boundary_years(raw_root):
    feats = json.loads((raw_root / "geography/ons_utla_england_2014_2025_super_generalised.geojson").read_text())["features"]
    ends = {f["properties"]["areacd"]: f["properties"].get("end") for f in feats}
    starts = {f["properties"]["areacd"]: f["properties"].get("start") for f in feats}
    for change in CHANGES:
        assert ends[change.old] == change.start - 1
        for new in change.new:
            assert starts[new] == change.start


@pytest.mark.parametrize(
    "name,year,code",
    [
        ("Durham", 2020, "E06000047"),
        ("County Durham", 2020, "E06000047"),
        ("Bristol", 2016, "E06000023"),
        ("Bristol, City of", 2016, "E06000023"),
        ("Southend on Sea", 2024, "E06000033"),
        ("St Helens", 2024, "E08000013"),
        ("Bournemouth, Christchurch & Poole", 2021, "E06000058"),
        ("Medway Towns", 2015, "E06000035"),
        ("Leicester City", 2015, "E06000016"),
        ("Newcastle", 2015, "E08000021"),
        ("WEST BERKSHIRE (NEWBURY)", 2015, "E06000037"),
        ("Dorset", 2019, "E10000009"),  # 31 March 2019: still the county council
        ("Dorset", 2020, "E06000059"),
        ("Cumbria", 2023, "E10000006"),
        ("Barnsley", 2025, "E08000016"),  # ONS recode took effect after 31 March 2025
    ],
)
def test_names_resolve_to_the_council_in_force_at_31_march(name, year, code):
    assert resolve_la_name(name, year) == code


def test_unknown_name_names_file_and_row():
    with pytest.raises(UnknownLocalAuthority) as err:
        resolve_la_name("Durham City", 2020, file="providers.csv", row=14, column="Local authority")
    assert str(err.value).startswith("row 14 of providers.csv: unknown local authority 'Durham City'")


def test_welsh_councils_are_outside_the_map():
    assert resolve_la_name("Cardiff", 2025) is None


def test_council_that_no_longer_existed_is_refused_unless_any_era():
    with pytest.raises(UnknownLocalAuthority, match="did not exist at 31 March 2016"):
        resolve_la_name("Cumberland", 2016)
    assert resolve_la_name("Cumberland", 2016, any_era=True) == "E06000063"


def test_reporting_and_current_codes():
    assert reporting_code("E06000028", 2019) == "E06000058"  # Bournemouth -> BCP
    assert reporting_code("E06000028", 2018) == "E06000028"
    assert reporting_code("E10000006", 2023, "Carlisle") == "E06000063"
    assert reporting_code("E10000006", 2023, "Westmorland and Lonsdale") == "E06000064"
    assert reporting_code("E10000006", 2023, None) is None
    assert reporting_code("E10000021", 2021, "Kettering") == "E06000061"
    assert reporting_code("E08000016", 2025) == "E08000038"
    assert reporting_code("E06000060", 2016) == "E10000002"  # a recode maps back
    assert reporting_code("E06000058", 2016) is None  # a merger does not
    assert current_code("E10000023") == "E06000065"
    assert region_of("E06000063") == "E12000002"


def test_dfe_numbers_map_to_the_year_s_code():
    assert la_code_from_dfe_number(825, 2016) == "E10000002"
    assert la_code_from_dfe_number(825, 2021) == "E06000060"
    assert la_code_from_dfe_number("370", 2025) == "E08000038"
