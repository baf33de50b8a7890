"""The engine finds areas' LAs through dicts and sets (``sufficiency.engine.lookup``); these
tests hold each look-up equal to the plain pandas way of asking the same question, on the
built tables, for random area sets of every kind and every year."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE, YEARS
from sufficiency.engine import areas as A
from sufficiency.engine import components as comp
from sufficiency.engine import compute, lookup, market, quality
from sufficiency.geography.lineage import code_for_year, codes_in_year
from sufficiency.store import load


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def area_sets(data, n: int, seed: int) -> list[A.Areas]:
    """Every LA, the regions, England, and ``n`` random sets of LAs, regions and groups (with
    codes of LAs that were later merged or split, and repeated codes)."""
    rng = random.Random(seed)
    codes = sorted(data.gazetteer["code"])
    regions = sorted(set(data.la_year["region_code"].dropna()))
    out = [A.every_la(), A.regions(), A.england()]
    for i in range(n):
        kind = ("la", "region", "group")[i % 3]
        if kind == "la":
            out.append(A.Areas(A.LA, tuple(rng.sample(codes, rng.randint(1, 4)))))
        elif kind == "region":
            out.append(A.Areas(A.REGION, tuple(rng.sample(regions, rng.randint(1, 3)))))
        else:
            chosen = rng.sample(codes, rng.randint(1, 12))
            out.append(A.group(chosen + chosen[:1], "FP1"))
    return out


def pandas_members(data, areas: A.Areas, year: int) -> pd.DataFrame:
    """``members`` asked of the LA-year table with pandas."""
    t = data.la_year.loc[data.la_year["year"] == year, ["la_code", "region_code"]]
    gaz = data.gazetteer
    if areas.kind == A.LA and not areas.codes:
        pairs, names = list(zip(t["la_code"], t["la_code"])), list(t["la_code"])
    elif areas.kind == A.LA:
        pairs = [(c, m) for c in areas.codes for m in codes_in_year(c, year, gaz)]
        names = list(areas.codes)
    elif areas.kind == A.REGION:
        chosen = t if not areas.codes else t[t["region_code"].isin(areas.codes)]
        pairs = list(zip(chosen["region_code"], chosen["la_code"]))
        names = sorted(set(areas.codes or t["region_code"]))
    elif areas.kind == A.COUNTRY:
        pairs, names = [(ENGLAND_CODE, c) for c in t["la_code"]], [ENGLAND_CODE]
    else:
        seen = dict.fromkeys(m for code in areas.codes for m in code_for_year(code, year, gaz)[0])
        pairs, names = [(areas.group_code, m) for m in seen], [areas.group_code]
    out = pd.DataFrame(pairs, columns=["area_code", "la_code"], dtype=object).drop_duplicates()
    out.attrs["areas"] = names
    return out


def pandas_equivalent(data, areas: A.Areas, year: int) -> str | None:
    group = set(pandas_members(data, areas, year)["la_code"])
    t = data.la_year.loc[data.la_year["year"] == year, ["la_code", "region_code"]]
    if group == set(t["la_code"]):
        return ENGLAND_CODE
    for region, part in t.groupby("region_code"):
        if group == set(part["la_code"]):
            return str(region)
    return None


def test_find_gives_positions_and_absent():
    where = lookup.positions(["E1", "E2", "E3"])
    assert lookup.find(where, np.array(["E3", "X", "E1"], dtype=object)).tolist() == [2, lookup.ABSENT, 0]
    assert lookup.find(where, []).dtype == np.intp


def test_members_and_published_equivalent_match_pandas(data):
    cases = area_sets(data, 45, seed=3)
    # a group of exactly one region's LAs is that region's published figure
    year = YEARS[-1]
    region = sorted({r for _, r in data.year_las[year]})[0]
    cases.append(A.group([la for la, r in data.year_las[year] if r == region], "FPR"))
    for areas in cases:
        for year in YEARS:
            expected, got = pandas_members(data, areas, year), A.members.__wrapped__(data, areas, year)
            assert got.attrs == expected.attrs, (areas, year)
            assert list(got.index) == list(expected.index), (areas, year)
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
            if areas.kind == A.GROUP:
                assert compute.published_equivalent.__wrapped__(data, areas, year) == pandas_equivalent(
                    data, areas, year), (areas, year)
    assert compute.published_equivalent.__wrapped__(data, cases[-1], YEARS[-1]) == region


def test_layout_matches_index_look_ups(data):
    for areas in area_sets(data, 30, seed=5):
        for year in YEARS:
            memb = A.members(data, areas, year)
            index = pd.Index(memb.attrs["areas"], dtype=object)
            group = index.get_indexer(memb["area_code"].to_numpy(dtype=object))
            rows = comp.block(data, year).codes.get_indexer(memb["la_code"].to_numpy(dtype=object))
            keep = (group >= 0) & (rows >= 0)
            _, got_group, got_rows, las, _ = compute._layout.__wrapped__(data, areas, year)
            assert got_group.tolist() == group[keep].tolist(), (areas, year)
            assert got_rows.tolist() == rows[keep].tolist(), (areas, year)
            assert las.sum() == keep.sum()


def test_market_positions_are_the_owner_rows_las(data):
    for year in YEARS:
        whole = market._year_rows(data, year)
        if whole is None:
            continue
        las = whole[0].las
        where = market._la_positions(data, year)
        sample = np.array(list(las[::7]) + ["E99999999"], dtype=object)
        assert lookup.find(where, sample).tolist() == las.get_indexer(sample).tolist()


def test_quality_rows_of_an_la_through_its_code_changes(data):
    supply = data.supply
    years, codes = supply["year"].to_numpy(), supply["la_code"].to_numpy(dtype=object)
    rng = random.Random(11)
    # the LAs reorganised since 2019 first, then others at random
    changed = [c for c in data.gazetteer["code"] if len({tuple(codes_in_year(c, y, data.gazetteer)) for y in YEARS}) > 1]
    for code in changed[:10] + rng.sample(sorted(data.gazetteer["code"]), 10):
        def in_year(year, code=code):
            return codes_in_year(code, year, data.gazetteer)
        keep = np.zeros(len(supply), dtype=bool)
        for year in np.unique(years):
            wanted = in_year(int(year))
            if wanted:
                keep |= (years == year) & np.isin(codes, list(wanted))
        pd.testing.assert_frame_equal(quality.area_rows(supply, code, in_year), supply[keep])
