"""The demand-side tables built from the official files (found via raw_data_dir())."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sufficiency.config import ENGLAND_CODE, YEARS
from sufficiency.provenance import Provenance
from sufficiency.sources.dfe_areas import geography
from sufficiency.sources.dfe_cla import RATES_2023, RATES_2025
from sufficiency.sources.statistical_neighbours import statistical_neighbours
from sufficiency.tables.demand import build_demand_tables, build_national_distance
from sufficiency.tables.demand_schemas import MEASURES

EXPECTED_LAS = {**{y: 152 for y in range(2014, 2019)}, 2019: 151, 2020: 151, 2021: 152, 2022: 152,
                2023: 153, 2024: 153, 2025: 153}


@pytest.fixture(scope="module")
def built(raw_root):
    prov = Provenance(raw_root)
    tables = build_demand_tables(raw_root, prov)
    return tables, prov


@pytest.fixture(scope="module")
def demand(built):
    return built[0].demand.set_index(["year", "la_code"])


def test_every_year_has_the_councils_of_its_geography(built):
    d = built[0].demand
    counts = d.groupby("year")["la_code"].nunique().to_dict()
    assert counts == EXPECTED_LAS
    for year in YEARS:
        assert set(d.loc[d["year"] == year, "la_code"]) == set(geography(year))


def test_suppressed_value_is_nan_with_its_code(demand, raw_root):
    # City of London, 2025: line 405 of the 2025 rate file reads "...,847,c,c".
    line = (raw_root / RATES_2025).read_text(encoding="utf-8-sig").splitlines()[404]
    assert line.endswith("E09000001,Children looked after on 31 March each year,847,c,c")
    row = demand.loc[(2025, "E09000001")]
    assert np.isnan(row["cla"]) and row["cla_flag"] == "c"
    assert np.isnan(row["cla_rate_per_10k"]) and row["cla_rate_per_10k_flag"] == "c"
    assert row["population_0_17"] == 847


def test_flags_only_where_values_are_missing(built):
    d = built[0].demand
    for m in MEASURES:
        flag = d[f"{m}_flag"]
        assert (d[m].isna() == (flag.notna() & flag.ne("estimate"))).all(), m
        assert d.loc[flag.eq("estimate"), m].notna().all(), m


def test_la_figures_are_unrounded(built):
    d = built[0].demand
    for year, grp in d.groupby("year"):
        cla = grp["cla"].dropna()
        assert (cla % 10 != 0).mean() > 0.5, year


def _raw_cla(raw_root, rel, year, count_col):
    """DfE's CLA at 31 March by LA code for ``year``, read straight from the file."""
    f = pd.read_csv(raw_root / rel, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    type_col = "population_type" if "population_type" in f else "population_count"
    f = f[(f["geographic_level"] == "Local authority") & (f["time_period"] == str(year))
          & f[type_col].str.startswith("Children looked after")]
    return pd.to_numeric(f.set_index("new_la_code")[count_col], errors="coerce")


def test_la_cla_sums_to_the_published_national_figure(built):
    """Sum of LA figures vs DfE's national figure (rounded to 10).

    Tolerance: 5 for the national rounding plus 10 per suppressed LA cell. The councils DfE
    reports at 31 March of 2019, 2021 and 2023 (merged or split that April) are apportioned
    to the year's councils, so nothing needs adding back.
    """
    tables, _ = built
    d, pub = tables.demand, tables.dfe_published
    national = pub[(pub["area_code"] == ENGLAND_CODE) & (pub["measure"] == "cla")].groupby("year")["value"].first()
    checked = 0
    for year in YEARS:
        if year not in national.index:
            continue  # 2018: no official national figure in the files (the LA figures are research-derived)
        grp = d[d["year"] == year]
        total = grp["cla"].sum()
        tol = 5 + 10 * grp["cla_flag"].isin(["c", "k"]).sum()
        assert abs(total - national[year]) <= tol, (year, total, national[year])
        checked += 1
    assert checked == 11


def test_split_and_merged_councils_are_apportioned(demand, built, raw_root):
    _, prov = built
    n2021 = _raw_cla(raw_root, RATES_2025, 2021, "children_count")
    n2023 = _raw_cla(raw_root, RATES_2025, 2023, "children_count")
    n2019 = _raw_cla(raw_root, RATES_2023, 2019, "number")
    cases = {
        (2021, ("E06000061", "E06000062")): n2021["E10000021"],  # North + West = Northamptonshire
        (2023, ("E06000063", "E06000064")): n2023["E10000006"],  # Cumberland + Westmorland and Furness = Cumbria
        (2019, ("E06000058",)): n2019["E06000028"] + n2019["E06000029"],  # BCP = Bournemouth + Poole
        (2019, ("E06000059",)): n2019["E10000009"],  # Dorset = Dorset county (Christchurch's share included)
    }
    assert (n2021["E10000021"], n2023["E10000006"]) == (1144, 740)
    for (year, codes), expected in cases.items():
        rows = demand.loc[[(year, c) for c in codes]]
        assert rows["cla"].sum() == expected, (year, codes)
        assert (rows["cla"] % 1 == 0).all() and (rows["cla_flag"] == "estimate").all()
        assert rows["apportioned_from"].str.len().gt(0).all()
    north, west = demand.loc[(2021, "E06000061")], demand.loc[(2021, "E06000062")]
    assert north["apportioned_from"] == "E10000021 (Northamptonshire), by population 0-17"
    # shares follow the ONS 0-17 population of mid-2021 (79,186 and 92,050)
    assert north["cla"] == round(1144 * 79186 / (79186 + 92050))
    assert west["apportioned_from"] == north["apportioned_from"] and north["cla"] + west["cla"] == 1144
    assert north["cla_rate_per_10k"] == pytest.approx(north["cla"] / north["population_0_17"] * 10000)
    assert north["cla_rate_per_10k_flag"] == "estimate" and north["population_0_17_flag"] == "estimate"
    assert "Christchurch's share counted in Dorset" in demand.loc[(2019, "E06000059"), "apportioned_from"]
    assert demand.loc[(2019, "E06000058"), "cla_over_20_miles_flag"] == "estimate"
    assert demand.loc[(2022, "E06000061"), "apportioned_from"] == "" and pd.isna(demand.loc[(2022, "E06000061"), "cla_flag"])
    assert (demand["apportioned_from"] != "").sum() == 6
    fixes = [f for f in prov.fixes.as_list() if f["fix"].startswith("apportioned LA rows of")]
    assert {f["fix"].split(",")[0] for f in fixes} >= {
        "apportioned LA rows of E06000028 (Bournemouth)", "apportioned LA rows of E06000029 (Poole)",
        "apportioned LA rows of E10000009 (Dorset County Council)", "apportioned LA rows of E10000021 (Northamptonshire)",
        "apportioned LA rows of E10000006 (Cumbria)"}
    assert all(f.get("example") for f in fixes)
    assert not [f for f in prov.fixes.as_list() if f["fix"].startswith("dropped LA rows for councils")]


def test_every_la_has_cla_unless_dfe_suppressed_it(built):
    d = built[0].demand
    missing = d[d["cla"].isna()]
    # The Isles of Scilly's children are counted with Cornwall ('z', or absent from the SFR).
    scilly = missing["la_code"] == "E06000053"
    assert missing.loc[~scilly, "cla_flag"].isin(["c", "k"]).all(), missing[~scilly]
    assert missing.loc[scilly, "cla_flag"].isin(["z", "not published", "c"]).all()


def test_barnsley_and_sheffield_2025_have_ons_codes(demand, built):
    _, prov = built
    assert (2025, "E08000038") in demand.index and (2025, "E08000039") in demand.index
    assert (2025, "E08000016") not in demand.index and (2024, "E08000016") in demand.index
    assert demand.loc[(2025, "E08000038"), "cla"] > 0
    fixes = [f for f in prov.fixes.as_list() if f["fix"].startswith("recoded E08000016 to E08000038")]
    assert fixes and sum(f["count"] for f in fixes) >= 3


def test_research_panel_fills_2018_to_2020_distance_and_is_labelled(built):
    d = built[0].demand
    mid = d[d["year"].between(2018, 2020)]
    assert mid["cla_over_20_miles"].notna().sum() > 350
    assert mid["demand_source"].str.contains("research-derived (Goodair et al.)", regex=False).all()
    assert (d.loc[d["year"] >= 2021, "demand_source"] == "official").all()
    assert d.loc[d["year"] <= 2016, "cla_over_20_miles_flag"].eq("not published").all()


def test_cla_ch_definition_changes_with_the_source(built):
    d = built[0].demand
    assert d.loc[d["year"] == 2017, "cla_ch_definition"].dropna().str.startswith("secure units").all()
    assert d.loc[d["year"] == 2024, "cla_ch_definition"].dropna().str.startswith("secure homes").all()
    assert d.loc[d["year"] == 2019, "cla_ch"].isna().all()


def test_childrens_homes_children_derived_from_the_foi(demand):
    row = demand.loc[(2024, "E06000001")]
    assert row["ch_pct_outside_la"] > 0
    assert row["ch_children"] == pytest.approx(row["ch_placed_outside_la"] / row["ch_pct_outside_la"] * 100)
    assert row["ch_children"] >= row["ch_placed_outside_la"]


def test_fixes_and_provenance(built):
    _, prov = built
    fixes = prov.fixes.as_list()
    value_fix = [f for f in fixes if f["file"] == "SFR36_CLA2013.csv" and "spreadsheet error" in f["fix"]]
    assert value_fix and value_fix[0]["count"] == 1
    files = {rec.path.rsplit("/", 1)[-1] for rec in prov.sources.values()}
    assert {"SFR36_CLA2013.csv", "SFR50_CLA2017.csv", "dfe_cla_la_31march_by_characteristics_2021_2025.csv",
            "dfe_cla_number_and_rate_per_10k_2019_2023.csv", "dfe_cla_number_and_rate_per_10k_2021_2025.csv",
            "dfe_foi_2024-0040813_childrens_homes_net_gain_2014_2024.csv",
            "dfe_foi_2024-0040813_childrens_homes_placed_outside_la_2014_2024.csv",
            "dfe_cla_la_of_placement_netgain_2020_2024.csv", "goodair_la_placement_panel_2011_2022.csv",
            "ons_mid_year_population_0_to_17_by_la_2012_2024.csv"} <= files


def test_dfe_published_rows_are_rounded_and_separate(built):
    pub = built[0].dfe_published
    assert set(pub["level"]) == {"national", "regional"}
    cla = pub[(pub["measure"] == "cla") & (pub["area_code"] == ENGLAND_CODE)].set_index("year")["value"]
    assert cla[2025] == 81770 and (cla % 10 == 0).all()
    err = pub[(pub["year"] == 2013) & (pub["measure"] == "cla_net_gain") & (pub["area_code"] == ENGLAND_CODE)]
    assert err["flag"].tolist() == ["spreadsheet error"]


def test_national_distance_share_for_childrens_homes(raw_root):
    nd = build_national_distance(raw_root, Provenance(raw_root))
    ch = nd[nd["placement_group"] == "Secure homes and children's homes"].set_index("year")
    assert list(ch.index) == [2020, 2021, 2022, 2023, 2024]
    assert ch["share_over_20_miles"].between(0.45, 0.55).all()
    assert (abs(ch["share_over_20_miles"] * 100 - ch["published_pct_over_20_miles"]) <= 1).all()


def test_statistical_neighbours_use_ons_codes(raw_root):
    sn = statistical_neighbours(raw_root, Provenance(raw_root))
    per_model = sn.groupby("model")["la_code"].nunique().to_dict()
    assert per_model == {"2021": 152, "2025": 153}
    assert (sn.groupby(["model", "la_code"])["rank"].apply(sorted).map(lambda r: r == list(range(1, 11)))).all()
    assert "E08000038" in set(sn.loc[sn["model"] == "2025", "la_code"])
    assert "E08000016" in set(sn.loc[sn["model"] == "2021", "la_code"])
    assert (sn["la_code"] != sn["neighbour_code"]).all()
