"""Some LAs or regions are read from the engine's computation for every LA or region of the
year: the figures are exactly those computed for those areas alone, and a filter written in
another order is the same computation."""

from __future__ import annotations

import numpy as np
import pytest

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import areas as A
from sufficiency.engine import compute
from sufficiency.geography.lineage import codes_in_year
from sufficiency.store import load
from sufficiency.vocab import SECTORS

CH = ("childrens_home",)


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def _same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        x, y = np.atleast_1d(np.asarray(a[key])), np.atleast_1d(np.asarray(b[key]))
        if x.dtype == object:
            assert list(x) == list(y), key
        else:
            np.testing.assert_array_equal(x, y, err_msg=key)


def _lineage_code(data, year):
    """A council in the gazetteer that is not in force in ``year`` but has predecessors then."""
    for code in data.gazetteer["code"]:
        linked = codes_in_year(code, year, data.gazetteer)
        if linked and linked != [code]:
            return code
    return None


@pytest.mark.parametrize("year,sectors,baseline", [(2024, SECTORS, None), (2019, ("Private",), 2015),
                                                    (2025, ("Local authority", "Voluntary"), 2014)])
def test_some_las_read_from_every_la_equal_their_own_computation(data, year, sectors, baseline):
    las = list(data.las_in_year(year)["code"])
    chosen = A.Areas(A.LA, (las[7], las[0], las[40]))
    assert compute._wider_areas(data, chosen, year) == A.every_la()
    index, cols = compute.measure_arrays(data, year, sectors, CH, chosen, baseline)
    own_index, own = compute._arrays(data, year, tuple(sectors), CH, chosen, baseline)
    assert list(index) == list(own_index) == [las[7], las[0], las[40]]
    _same(cols, own)
    row = compute.measure_row(data, year, sectors, CH, A.one_la(las[3]), las[3], baseline)
    alone = compute._arrays(data, year, tuple(sectors), CH, A.one_la(las[3]), baseline)[1]
    _same(row, {k: v[0] for k, v in alone.items()})


def test_regions_read_from_every_region_equal_their_own_computation(data):
    regions = compute._layout(data, A.regions(), 2022)[0]
    chosen = A.Areas(A.REGION, (regions[4], regions[1]))
    assert compute._wider_areas(data, chosen, 2022) == A.regions()
    index, cols = compute.measure_arrays(data, 2022, SECTORS, CH, chosen, 2016)
    own_index, own = compute._arrays(data, 2022, tuple(SECTORS), CH, chosen, 2016)
    assert list(index) == list(own_index) == sorted([regions[4], regions[1]])
    _same(cols, own)


def test_an_la_through_its_lineage_england_and_groups_are_computed_alone(data):
    code = _lineage_code(data, 2014)
    assert code is not None
    assert compute._wider_areas(data, A.one_la(code), 2014) is None
    assert compute._wider_areas(data, A.england(), 2014) is None
    assert compute._wider_areas(data, A.group([code], "my-footprint"), 2014) is None
    row = compute.measure_row(data, 2014, SECTORS, CH, A.one_la(code), code)
    assert row["las"] == len(codes_in_year(code, 2014, data.gazetteer))
    assert compute.measure_row(data, 2014, SECTORS, CH, A.england(), ENGLAND_CODE)["las"] > 100


def test_a_filter_in_another_order_is_one_computation(data):
    before = compute._arrays.cache_info().currsize
    a = compute.measure_arrays(data, 2023, ("Voluntary", "Private"), CH, A.every_la())
    b = compute.measure_arrays(data, 2023, ("Private", "Voluntary"), CH, A.every_la())
    assert a[1]["places"] is b[1]["places"]
    assert compute._arrays.cache_info().currsize <= before + 1
    assert compute.canonical(("Voluntary", "Private"), SECTORS) == ("Private", "Voluntary")
