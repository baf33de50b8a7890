"""The demand-side tables built from the official files (found via raw_data_dir())."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sufficiency.config import ENGLAND_CODE, YEARS
from sufficiency.provenance import Provenance
from sufficiency.sources.dfe_areas import geography, same_area
from sufficiency.sources.dfe_cla import RATES_2023, RATES_2025
from sufficiency.sources.statistical_neighbours import statistical_neighbours
from sufficiency.sources.tabular import read_table
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
        assert (d[m].isna() == d[f"{m}_flag"].notna()).all(), m


def test_la_figures_are_unrounded(built):
    d = built[0].demand
    for year, grp in d.groupby("year"):
        cla = grp["cla"].dropna()
        assert (cla % 10 != 0).mean() > 0.5, year


def _dropped_council_cla(raw_root, rel, year, label, count_col):
    """CLA of councils in ``rel`` for ``year`` that the year's geography does not hold as such."""
    from sufficiency.geography import reporting_code

    f = read_table(raw_root / rel, header_contains="time_period").frame
    f = f[(f["geographic_level"] == "Local authority") & (f["time_period"] == str(year))]
    f = f[f.iloc[:, 10] == label]
    las = set(geography(year))
    recoded = f["new_la_code"].map(lambda c: bool(reporting_code(c, year)) and same_area(c, reporting_code(c, year)))
    out = f[~f["new_la_code"].isin(las) & ~recoded]
    return pd.to_numeric(out[count_col], errors="coerce").sum()


def test_la_cla_sums_to_the_published_national_figure(built, raw_root):
    """Sum of LA figures vs DfE's national figure (rounded to 10).

    Tolerance: 5 for the national rounding plus 10 per suppressed LA cell. In 2019, 2021
    and 2023 DfE gives the children of councils in force at 31 March (Bournemouth, Poole
    and Dorset county; Northamptonshire; Cumbria) that are not councils of that year's
    reporting geography; their figures, read from the same file, close the gap.
    """
    tables, _ = built
    d, pub = tables.demand, tables.dfe_published
    national = pub[(pub["area_code"] == ENGLAND_CODE) & (pub["measure"] == "cla")].groupby("year")["value"].first()
    rate_files = {2019: (RATES_2023, "Children looked after at 31 March each year", "number"),
                  2021: (RATES_2025, "Children looked after on 31 March each year", "children_count"),
                  2023: (RATES_2025, "Children looked after on 31 March each year", "children_count")}
    checked = 0
    for year in YEARS:
        if year not in national.index:
            continue  # 2018: no official national figure in the files (the LA figures are research-derived)
        grp = d[d["year"] == year]
        total = grp["cla"].sum()
        if year in rate_files:
            total += _dropped_council_cla(raw_root, *((rate_files[year][0], year) + rate_files[year][1:]))
        tol = 5 + 10 * grp["cla_flag"].isin(["c", "k"]).sum()
        assert abs(total - national[year]) <= tol, (year, total, national[year])
        checked += 1
    assert checked == 11


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
