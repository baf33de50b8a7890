"""The homes table built from the real Ofsted files."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from sufficiency.config import YEARS
from sufficiency.tables.homes import COLUMNS

PUBLISHED = {
    2018: "ofsted_providers/ofsted_providers_places_2018-03-31.csv",
    2021: "ofsted_providers/ofsted_provider_level_2021-03-31.csv",
    2022: "ofsted_providers/ofsted_provider_level_2022-03-31.csv",
    2023: "ofsted_providers/ofsted_providers_places_2023-03-31.csv",
    2025: "ofsted_providers/ofsted_provider_level_2025-03-31.csv",
}


def published_homes(path) -> tuple[list[str], list[list[str]]]:
    """The header and the children's-home rows of a published list, straight from the CSV."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, r in enumerate(rows) if "URN" in [c.strip() for c in r])
    head = [c.strip() for c in rows[start]]
    ptype = head.index("Provision type")
    return head, [r for r in rows[start + 1:] if len(r) > ptype and r[ptype].strip().lower() == "children's home"]


def published_totals(path) -> tuple[int, int]:
    """Children's homes and their places in a published list."""
    head, homes = published_homes(path)
    places = head.index("Places")
    return len(homes), sum(int(r[places]) for r in homes)


@pytest.fixture(scope="module")
def built(build_result):
    """The homes table, the provenance and the adjacent-year check of the test run's one full build."""
    print(f"\nfull build: {build_result.seconds:.1f} s for {len(build_result.tables['homes'])} home-years")
    return build_result.tables["homes"], build_result.provenance, build_result.homes_consistency


def test_every_year_present_with_its_status(built):
    homes, _, _ = built
    assert sorted(homes.year.unique()) == list(YEARS)
    for y in YEARS:
        assert set(homes.list_status[homes.year == y]) == ({"published"} if y in PUBLISHED else {"rebuilt"}), y


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_published_years_match_the_published_lists(built, raw_root, year):
    homes, _, _ = built
    n, places = published_totals(raw_root / PUBLISHED[year])
    ch = homes[(homes.year == year) & (homes.provision_type == "childrens_home")]
    assert (len(ch), int(ch.places.sum())) == (n, places)


def published_by_la(path, year: int, raw_root) -> pd.DataFrame:
    """Children's homes and places per LA of a published list, straight from the CSV (names
    resolved to the council in force at 31 March of ``year``)."""
    from sufficiency.geography import resolve_la_name

    head, homes = published_homes(path)
    places, la = head.index("Places"), head.index("Local authority")
    codes = {n: resolve_la_name(n, year, raw_root=str(raw_root)) for n in {r[la].strip() for r in homes}}
    frame = pd.DataFrame({"la_code": [codes[r[la].strip()] for r in homes], "places": [int(r[places]) for r in homes]})
    return frame.groupby("la_code").agg(homes=("places", "size"), places=("places", "sum"))


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_published_lists_reproduce_per_la(built, raw_root, year):
    """Each LA's homes and places in a published complete list are exactly the list's."""
    homes, _, _ = built
    want = published_by_la(raw_root / PUBLISHED[year], year, raw_root)
    ch = homes[(homes.year == year) & (homes.provision_type == "childrens_home")]
    got = ch.groupby("la_code").agg(homes=("urn", "size"), places=("places", "sum")).astype(int)
    assert got.sort_index().equals(want.sort_index().astype(int))
    # and the year's reporting geography moves homes only out of councils reorganised that year
    moved = ch[ch.la_code != ch.la_code_reporting]
    assert set(moved.la_code) <= {"E10000006", "E10000023", "E10000027", "E08000016", "E08000019", "E10000009",
                                  "E10000021", "E10000002", "E06000028", "E06000029"}


def test_homes_stay_in_their_listed_la_when_a_later_record_names_another(built):
    homes, prov, _ = built
    for urn, code, years in (("SC475703", "E10000023", range(2015, 2023)),  # North Yorkshire, not Lancashire
                             ("SC366002", "E06000050", range(2014, 2025)),  # Cheshire West and Chester, not Halton
                             ("2592361", "E09000031", range(2021, 2024))):  # Waltham Forest, not Newham
        rows = homes[(homes.urn == urn) & homes.year.isin(list(years))]
        assert len(rows) == len(years) and set(rows.la_code_reporting) == {code}, urn
    fixes = {f["fix"]: f["count"] for f in prov.fixes.as_list() if f["file"] == "homes"}
    kept = fixes["home kept in its own list's council although a later record names another (no reorganisation in "
                 "between)"]
    assert 20 <= kept <= 60


def test_no_home_without_an_la(built):
    homes, _, _ = built
    for col in ("la_code", "la_code_reporting", "region_code"):
        assert homes[col].notna().all(), col
    # the year's reporting geography: 152 LAs to 2018, 151 in 2019-20, 152 in 2021-22, 153 from 2023
    cumbria = homes[(homes.year == 2023) & (homes.la_code == "E10000006")]
    assert len(cumbria) and set(cumbria.la_code_reporting) <= {"E06000063", "E06000064"}
    assert not homes[homes.year >= 2019].la_code_reporting.isin(["E06000028", "E06000029"]).any()


def test_rebuilt_years_agree_with_joiners_and_leavers_on_both_sides(built):
    _, _, checks = built
    checks = checks.set_index("year")
    assert list(checks.index) == list(YEARS[1:])
    exceptions = checks[["new_not_joiner", "joiner_not_new", "gone_not_leaver", "leaver_not_gone"]].map(len)
    print("\n" + exceptions.assign(new=checks.new, gone=checks.gone).to_string())
    # years obtained from one another through the official file of the year: exact
    for y in (2017, 2018, 2019, 2021, 2023):
        assert exceptions.loc[y].sum() == 0, y
    # independent ends (2016 official vs Goodair 2015-16, 2020, 2022, 2024, 2025): few, counted exceptions
    assert (exceptions.sum(axis=1) <= 20).all()
    assert exceptions.loc[2025, "gone_not_leaver"] == 16  # homes only the 31 March 2024 list shows


def test_rebuilt_years_contain_their_inspected_lists(built, raw_root):
    homes, prov, _ = built
    added = {f["file"]: f["count"] for f in prov.fixes.as_list() if "inspected-only list" in f["fix"]}
    assert added == {"ofsted_provider_level_2015-03-31.csv": 2, "ofsted_provider_level_2024-03-31.csv": 24}


def test_columns_types_and_no_identifying_text(built):
    homes, _, _ = built
    assert list(homes.columns) == COLUMNS
    assert homes.year.dtype == "int64" and str(homes.places.dtype) == "Int64"
    assert str(homes.short_breaks_only.dtype) == "boolean"
    assert not homes.duplicated(["year", "urn"]).any()
    text = homes.select_dtypes(include=["string", "object"])
    assert not text.apply(lambda s: s.str.contains("REDACTED", na=False)).any().any()


def test_places_and_ratings_sources(built):
    homes, prov, _ = built
    own = homes.places_source.eq("own list")
    assert own[homes.list_status == "published"].all()
    assert not own[homes.year == 2015].any()  # the 2015 list has no Places column
    fixes = {(f["file"], f["fix"]): f["count"] for f in prov.fixes.as_list()}
    assert fixes[("homes", "places for 2015 taken from the nearest record with places (not the year's own list)")] == (homes.year == 2015).sum()
    rated = homes[homes.rating_source.notna() & homes.rating_overall.notna()]
    assert rated.inspection_date.notna().all()
    assert (rated.inspection_date <= pd.to_datetime(rated.year.astype(str) + "-03-31")).all()
    pre = homes[homes.year.between(2015, 2018) & homes.framework.notna()]
    assert set(pre.framework) == {"Overall effectiveness (pre-2019)"}
    assert set(homes[homes.year >= 2019].framework.dropna()) == {"SCCIF"}


def test_provenance_records_every_file(built):
    _, prov, _ = built
    read = {k for k in prov.sources}
    assert "derived_research/goodair_childrens_homes_joiners_leavers_2014_2018.csv" in read
    assert "ofsted_providers/original_ods/childrens_social_care_data_in_england_2025.ods" in read
    twin = prov.sources["ofsted_providers/ofsted_provider_level_2025-03-31.csv"]
    assert (twin.rows_read, twin.parts) == (0, ["not read: childrens_social_care_data_in_england_2025.ods "
                                                "[Provider_level_at_31_Mar_2025] used instead"])
    for rec in prov.sources.values():
        assert rec.rows_read >= rec.rows_kept > 0 or rec.rows_read == 0
