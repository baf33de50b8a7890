"""The market tables built from the real Ofsted files: owners, concentration, openings, need."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from sufficiency.config import ENGLAND_CODE, YEARS
from sufficiency.geography.reorganisations import REGION_NAMES
from sufficiency.market.areas import market_area
from sufficiency.market.concentration import concentration, largest_owners
from sufficiency.market.need import NEED, correlation, openings_against_need
from sufficiency.market.openings import openings_closures
from sufficiency.market.summary import market_summary
from sufficiency.sources import ofsted_catalogue as cat
from sufficiency.sources.ofsted_owners import ALIASES, is_individual, owner_key
from sufficiency.sources.ofsted_providers import read_source
from sufficiency.store import load
from sufficiency.tables.openings import change_explained

#: Every group of spellings in Ofsted's 31 March 2025 provider-level list that is one owner; any
#: other spelling of that list is an owner of its own. (The homes take their 2025 attributes from
#: this list, which is complete; the providers+places sheet names the same owners but for one
#: home, which it gives to another organisation.)
MERGES_2025 = [
    ("ASPIRE 2 BE LTD", "Aspire 2 Be Ltd"),
    ("Athena Children's Services Limited", "Athena Childrens services limited"),
    ("Bethel Children's Care Limited", "Bethel Children's Care Ltd"),
    ("CHILDREN TO PROSPER LIMITED", "Children to Prosper Limited"),
    ("Caldecott Foundation Limited", "The Caldecott Foundation Limited"),
    ("Caretech Community Services Limited", "Caretech community services limited"),
    ("Cherish Childrens Care", "Cherish Childrens Care Ltd"),
    ("Coven Care Homes LTD", "Coven Care Homes Ltd"),
    ("Detail Personnel Care", "Detail Personnel Care Limited"),
    ("Educare Support Limited", "Educare Support ltd"),
    ("Flourish Childrens Services Limited", "Flourish Childrens Services Ltd"),
    ("HEBRON HOUSE", "HEBRON HOUSE LIMITED"),
    ("Homes 2 Inspire Ltd", "Homes2inspire Limited"),
    ("Horizon Care Mayfield Lodge Limited", "Horizon Care Mayfield Lodge Ltd"),
    ("INSPIRE SCOTLAND LIMITED", "Inspire Scotland Limited"),
    ("Jubilee House Care Trust Limited", "THE JUBILEE HOUSE CARE TRUST LIMITED"),
    ("K & G Care Ltd", "K&G Care Ltd"),
    ("KISIMUL GROUP LIMITED", "Kisimul Group Ltd"),
    ("Moonreach LTD", "Moonreach Limited"),
    ("Norhtumberland County Council", "Northumberland County Council"),
    ("Outbound Care", "Outbound care LTD"),
    ("PALS Residential Services", "PALS Residential Services Ltd"),
    ("Pike View Care Ltd", "Pike View Care ltd"),
    ("Prime Nurture Services", "Prime Nurture Services Ltd"),
    ("Reflexion Care Group Limited", "Reflexion care group limited"),
    ("Rise Above Care Ltd", "Rise above care ltd"),
    ("Social Care Services Limited", "Social Care Services Ltd"),
    ("Solent Child Care LTD", "Solent Child Care Limited"),
    ("Stockport MBC", "Stockport Supported Accommodation Service"),
    ("The SENAD Group Limited", "The Senad Group Limited"),
    ("Walsall Metropolitan Borough Council", "Walsall Metropolitan Borough council"),
    ("WiNurture Childcare Ltd", "Winurture Childcare Ltd"),
    ("Your Chapter Limited", "Your chapter"),
    ("Yourcare (Northwest) Limited", "Yourcare (Northwest) ltd"),
]


@pytest.fixture(scope="module")
def tables(build_result):
    return build_result.tables


@pytest.fixture(scope="module")
def data(compact_build_dir):
    return load(compact_build_dir)


@pytest.fixture(scope="module")
def list_2025(raw_root):
    return read_source(cat.provider_level_for(cat.discover(raw_root), 2025))


def _fixes(build_result) -> dict[str, int]:
    return {f["fix"]: f["count"] for f in build_result.provenance.fixes.as_list() if f["file"] == "homes"}


def test_owners_from_the_first_list_that_names_them(tables):
    homes = tables["homes"]
    assert homes.loc[homes.year < 2018, "owner"].isna().all()
    named = homes[homes.year >= 2018]
    assert (named.groupby("year").owner.apply(lambda s: s.notna().mean()) > 0.99).all()
    assert set(named.owner_source.dropna()) <= {"own list"} | {f"list {y}-03-31" for y in range(2018, 2026)}
    own = named[named.list_status == "published"]
    assert (own.owner_source.dropna() == "own list").mean() > 0.99
    assert not named.owner.dropna().map(is_individual).any()


def test_every_merge_in_the_2025_list(list_2025, tables):
    spellings = sorted({s for s in list_2025.owner.dropna() if not is_individual(s)})
    groups = defaultdict(set)
    for s in spellings:
        groups[owner_key(s)].add(s)
    merged = sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1)
    assert merged == sorted(MERGES_2025)
    # and the homes table has one owner per group, for each of its homes
    homes = tables["homes"]
    owners = homes[homes.year == 2025].set_index("urn").owner
    published = list_2025.set_index("urn").owner
    for group in MERGES_2025:
        urns = published.index[published.isin(group)]
        assert owners.reindex(urns).nunique() == 1, group
    assert owners.nunique() == len(groups)


def test_every_alias_is_used_by_the_real_files(tables, list_2025, build_result):
    fixes = _fixes(build_result)
    merged = sum(n for fix, n in fixes.items() if fix.startswith("owner spelling merged"))
    assert merged >= 500
    assert fixes["owner spelling merged into another spelling of the same owner (alias table)"] >= len(ALIASES)
    withheld = fixes["owner is a private individual: name withheld, counted with owners not published"]
    individuals_2025 = int(list_2025.owner.dropna().map(is_individual).sum())
    assert individuals_2025 > 0 and withheld >= individuals_2025


def _direct_count_2025(raw_root) -> pd.DataFrame:
    """Children's homes and places per owner, straight from the 2025 provider-level CSV."""
    path = raw_root / "ofsted_providers" / "ofsted_provider_level_2025-03-31.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    start = next(i for i, r in enumerate(rows) if "URN" in [c.strip() for c in r])
    head = [c.strip() for c in rows[start]]
    ptype, places = head.index("Provision type"), head.index("Places")
    owner = head.index("Organisation which owns the provider")
    counts = defaultdict(lambda: [0, 0])
    for r in rows[start + 1:]:
        if len(r) > owner and r[ptype].strip().lower() == "children's home" and r[owner].strip():
            key = owner_key(r[owner].strip())
            counts[key][0] += 1
            counts[key][1] += int(r[places])
    return pd.DataFrame([(k, h, p) for k, (h, p) in counts.items()], columns=["key", "homes", "places"])


def test_largest_owners_nationally_in_2025_match_the_list(tables, raw_root):
    direct = _direct_count_2025(raw_root).sort_values(["places", "homes"], ascending=False).head(10)
    ours = largest_owners(tables["owner_supply"], 2025, None, n=10)
    assert [owner_key(o) for o in ours.owner] == direct.key.tolist()
    assert ours.places.tolist() == direct.places.tolist() and ours.homes.tolist() == direct.homes.tolist()
    total = tables["supply"].query("year == 2025 and provision_type == 'childrens_home'").places.sum()
    assert ours.share.tolist() == pytest.approx((direct.places / total).tolist())
    assert ours.owner.iloc[0] == "Cambian Childcare Limited"


def test_owner_supply_adds_up_to_supply(tables):
    keys = ["year", "la_code", "sector", "provision_type"]
    owners = tables["owner_supply"].groupby(keys)[["homes", "places"]].sum()
    supply = tables["supply"][tables["supply"].year >= 2018].groupby(keys)[["homes", "places"]].sum()
    pd.testing.assert_frame_equal(owners.sort_index(), supply.sort_index(), check_dtype=False, check_index_type=False)


@pytest.mark.parametrize("level", ["cell", "la", "region", "england"])
def test_change_in_homes_equals_openings_minus_closures_for_every_area_and_year(tables, level):
    keys = {"cell": ["year", "la_code", "sector", "provision_type"], "la": ["year", "la_code"],
            "region": ["year", "region_code"], "england": ["year"]}[level]
    out = change_explained(tables["supply"], tables["openings"], keys)
    assert sorted(out.year.unique()) == list(YEARS[1:])
    bad = out[~(out.homes_ok & out.places_ok)]
    assert bad.empty, bad.head().to_string()
    if level == "la":  # every LA with homes in either year is checked, abolished councils included
        supply = tables["supply"]
        for y in YEARS[1:]:
            assert set(supply.loc[supply.year.isin([y - 1, y]), "la_code"]) <= set(out.loc[out.year == y, "la_code"])
    if level == "region":
        assert set(out.region_code) == set(REGION_NAMES)


def test_openings_come_with_registration_dates_and_counted_moves(tables, build_result):
    o = tables["openings"]
    by_year = o.groupby("year")[["homes_opened", "homes_opened_registered", "homes_moved_in", "homes_moved_out"]].sum()
    assert (by_year.homes_opened_registered <= by_year.homes_opened).all()
    assert (by_year.homes_opened_registered / by_year.homes_opened > 0.9).all()
    assert (by_year.homes_moved_in == by_year.homes_moved_out).all()
    fixes = _fixes(build_result)
    for y in (2019, 2020, 2021, 2023, 2025):  # the reorganisations (BCP, Bucks, Northants, Cumbria..., ONS recodes)
        assert fixes[f"home moved to another council at a reorganisation ({y - 1} to {y})"] > 0
    moved = sum(n for f, n in fixes.items() if f.startswith("home moved") or f.startswith("home recorded in another"))
    assert moved == by_year.homes_moved_in.sum()


def test_concentration_of_england_and_las(tables):
    c = concentration(tables["owner_supply"], 2025)
    ch = tables["supply"].query("year == 2025 and provision_type == 'childrens_home'")
    assert (c["homes"], c["places"]) == (ch.homes.sum(), ch.places.sum())
    assert c["owners"] > 1000 and c["hhi"] < 1_000 and c["hhi_band"] == "not concentrated"
    assert 0 < c["top1_share"] < c["top5_share"] < c["top10_share"] < 1


def test_a_footprint_of_one_la_equals_the_la_and_of_a_regions_las_the_region(data):
    def summary(area, year):
        return market_summary(data.owner_supply, data.openings, area, year)

    for year in (2018, 2023, 2025):
        for code in ("E08000025", "E06000058", "E06000060"):
            la = market_area(data, area=code)
            if la(year):
                assert summary(market_area(data, footprint=code), year)["hhi"] == pytest.approx(summary(la, year)["hhi"])
        region = market_area(data, area="E12000002")
        a = summary(region, year)
        b = summary(market_area(data, footprint=",".join(region(year))), year)
        for key in ("owners", "openings", "closures"):
            assert a[key] == b[key], key
        assert a["hhi"] == pytest.approx(b["hhi"]) and a["top_share"] == pytest.approx(b["top_share"])
        assert [r["places"] for r in a["largest"]] == [r["places"] for r in b["largest"]]


def test_openings_against_need_computed_from_the_tables(data):
    pts = openings_against_need(data, 2025, window=3)
    assert set(pts.sector) == {"Local authority", "Private", "Voluntary", "Health authority", "All sectors"}
    assert pts.la_code.nunique() == 153 and (pts.need_year == 2022).all()
    leeds = pts[(pts.la_code == "E08000035") & (pts.sector == "All sectors")].iloc[0]
    o = data.openings.query("year == 2025 and la_code == 'E08000035' and provision_type == 'childrens_home'")
    assert leeds.places_opened == o.places_opened_3y.sum()
    ly = data.la_year.query("year == 2022 and la_code == 'E08000035'").iloc[0]
    places = data.supply.query("year == 2022 and la_code == 'E08000035' and provision_type == 'childrens_home'").places.sum()
    assert leeds.gap == pytest.approx(ly.ch_children - places, abs=0.5)  # FOI children in homes, estimated: rounded
    assert leeds.cla_per_10k == pytest.approx(ly.cla_rate_per_10k)  # DfE's own rate for one LA
    assert leeds.places_opened_per_10k == pytest.approx(leeds.places_opened / ly.population_0_17 * 10_000)
    assert leeds.opened_pct_of_places == pytest.approx(leeds.places_opened / places * 100)
    # successors of a split council have no start figures; recoded and merged ones keep theirs
    starts = pts.groupby("la_code").places.first()
    assert starts[["E06000063", "E06000064"]].isna().all() and starts[["E06000065", "E08000038"]].notna().all()
    bcp = openings_against_need(data, 2019, window=1)
    assert bcp.set_index(["la_code", "sector"]).loc[("E06000058", "All sectors"), "places"] == data.supply.query(
        "year == 2018 and la_code in ['E06000028', 'E06000029'] and provision_type == 'childrens_home'").places.sum()
    corr = correlation(pts, "cla_per_10k").set_index("sector")
    assert corr.loc["All sectors", "las"] > 140 and np.isfinite(corr.loc["Private", "spearman"])
    assert set(NEED) >= {"gap", "cla_per_10k", "ch_pct_outside_la"}
    with pytest.raises(ValueError, match="from 2015"):
        openings_against_need(data, 2017, window=5)


def test_no_home_in_the_shipped_market_tables(compact_build_dir, tables):
    for name in ("owner_supply", "openings"):
        frame = pd.read_csv(compact_build_dir / f"{name}.csv", dtype=str)
        assert not {"urn", "name", "address", "postcode"} & set(frame.columns)
        assert not frame.apply(lambda s: s.str.contains("REDACTED", na=False)).any().any()
    owners = pd.read_csv(compact_build_dir / "owner_supply.csv", dtype=str).owner.dropna()
    assert not owners.map(is_individual).any()
    homes = tables["homes"]
    assert set(owners) == set(homes.owner.dropna())


def _market(compact_build_dir, *args) -> dict:
    cmd = [sys.executable, "-m", "sufficiency", "market", *args, "--json", "--data", str(compact_build_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_market_command_prints_the_json_shape(compact_build_dir, tables):
    out = _market(compact_build_dir, "--area", ENGLAND_CODE, "--year", "2025")
    assert list(out) == ["area", "year", "owners", "hhi", "top_share", "largest", "openings", "closures"]
    assert (out["area"], out["year"]) == (ENGLAND_CODE, 2025)
    c = concentration(tables["owner_supply"], 2025)
    assert out["owners"] == c["owners"] and out["hhi"] == pytest.approx(c["hhi"])
    assert out["top_share"] == pytest.approx({"1": c["top1_share"], "5": c["top5_share"], "10": c["top10_share"]})
    assert len(out["largest"]) == 10 and list(out["largest"][0]) == ["owner", "places", "share"]
    assert all(0 < r["share"] < 1 for r in out["largest"])
    o = openings_closures(tables["openings"], 2025)
    assert out["openings"] == {"homes": o["homes_opened"], "places": o["places_opened"]}
    assert out["closures"] == {"homes": o["homes_closed"], "places": o["places_closed"]}


def test_market_command_for_a_footprint_and_a_sector(compact_build_dir):
    gm = "E08000001,E08000002,E08000003,E08000004,E08000005,E08000006,E08000007,E08000008,E08000009,E08000010"
    out = _market(compact_build_dir, "--footprint", gm, "--year", "2024", "--sector", "private")
    assert out["area"] == gm
    parts = [_market(compact_build_dir, "--area", c, "--year", "2024", "--sector", "private") for c in gm.split(",")]
    assert out["openings"]["homes"] == sum(p["openings"]["homes"] for p in parts)
    assert out["closures"]["places"] == sum(p["closures"]["places"] for p in parts)
    old = _market(compact_build_dir, "--area", "E08000025", "--year", "2016")
    assert (old["owners"], old["hhi"], old["largest"]) == (None, None, [])
    assert old["openings"]["homes"] >= 0


def test_market_command_names_a_bad_code(compact_build_dir):
    cmd = [sys.executable, "-m", "sufficiency", "market", "--footprint", "E08000001,X1", "--year", "2025",
           "--data", str(compact_build_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "X1" in done.stderr
