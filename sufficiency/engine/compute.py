"""The measure engine: every measure of :data:`~sufficiency.engine.registry.MEASURES` for a
set of areas, one year and one filter choice, computed once by one vectorised function.

Aggregation rules (docs/data-lineage.md, "Aggregation rules"):

1. One LA: the LA's own figures, as DfE publishes them (its percentage, its rate).
2. A region or England: DfE's published figure where there is one (whole numbers; DfE
   rounds them to the nearest 10); otherwise the rule for a group of LAs.
3. A group of LAs (a region without a published figure, a footprint, a council linked
   through its predecessors): a count is the sum over the LAs that have it, with its
   coverage (``__n`` of ``las``), never silently a total; a ratio is computed from the
   summed counts of the LAs that have both; the gap sums children minus places over the
   same LAs on both sides.
4. A missing figure keeps its reason (DfE's code or the build's) in ``__flag``.

The result has, for each measure ``m``: ``m`` (value, NaN when missing), ``m__flag`` (why
it is missing, or 'estimate' for an apportioned figure), ``m__basis`` (observed, derived,
estimated, modelled) and ``m__n`` (LAs with a figure); ``las`` is the number of LAs in the
area that year.
"""

from __future__ import annotations

from collections import Counter
import weakref
from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..geography.lineage import codes_in_year, no_figure_reason
from ..vocab import PROVISION_TYPES, SECTORS
from . import components as comp
from . import lookup
from .market import market_values
from .areas import COUNTRY, GROUP, LA, REGION, Areas, members
from .published import published
from .registry import (
    DERIVED, ESTIMATED, FOI_YEARS, MEASURES, MIN_INSPECTED, MODELLED_MEASURES, OBSERVED, TABLE_MEASURES,
    children_series,
)

NOT_PUBLISHED = "not published"
NO_INSPECTED = "no inspected homes"
TOO_FEW_INSPECTED = f"fewer than {MIN_INSPECTED} inspected homes"
NO_BASELINE = "choose a baseline year before the year shown"
NO_LAS = "no council of this area that year"
ESTIMATE = "estimate"

#: Ratio measures whose single-LA value is DfE's own published percentage or rate.
LA_PUBLISHED = {
    "pct_over_20_miles": "cla_pct_over_20_miles",
    "pct_outside_la": "cla_pct_outside_la",
    "ch_pct_outside_la": "ch_pct_outside_la",
    "cla_per_10k": "cla_rate_per_10k",
}
#: Ratio measures whose region and England value is a published percentage or rate.
AREA_PUBLISHED = {
    "pct_over_20_miles": "cla_pct_over_20_miles",
    "pct_outside_la": "cla_pct_outside_la",
    "ch_pct_outside_la": "ch_pct_outside_la",
    "cla_per_10k": "cla_rate_per_10k",
}
#: Counts DfE publishes for regions and England.
PUBLISHED_COUNTS = ("population_0_17", "cla", "cla_ch", "ch_children", "ch_placed_outside_la", "ch_net_gain",
                    "cla_over_20_miles", "cla_outside_la")
SUPPLY_COUNTS = set(comp.SUPPLY) | set(comp.BY_SECTOR) | set(comp.GRADED_COUNTS)


class _Frame:
    """Collects the output columns, then builds the frame once."""

    def __init__(self, index: pd.Index):
        self.index = index
        self.cols: dict[str, object] = {}

    def put(self, key: str, value, flag, basis, n) -> None:
        self.cols[key] = np.asarray(value, dtype=float)
        self.cols[f"{key}__flag"] = np.asarray(flag, dtype=object)
        self.cols[f"{key}__basis"] = np.asarray(basis, dtype=object)
        self.cols[f"{key}__n"] = np.asarray(n, dtype=float)

    def frame(self) -> pd.DataFrame:
        """One float block and one object block (flags and bases), so that building the
        frame does not convert each text column on its own."""
        floats = [k for k, v in self.cols.items() if v.dtype != object]
        texts = [k for k, v in self.cols.items() if v.dtype == object]
        nums = pd.DataFrame(np.column_stack([self.cols[k] for k in floats]), index=self.index, columns=floats)
        objs = pd.DataFrame(np.column_stack([self.cols[k] for k in texts]), index=self.index, columns=texts,
                            dtype=object)
        return pd.concat([nums, objs], axis=1)


@lru_cache(maxsize=64)
def la_positions(data, year: int) -> dict[str, int]:
    """LA code -> its position in the engine's arrays of ``year``."""
    return lookup.positions(comp.block(data, year).codes)


@lru_cache(maxsize=4096)
def _layout(data, areas: Areas, year: int):
    """(area index, group of each member pair, LA position of each pair, LAs per area,
    the LA position of each single-LA area or -1)."""
    memb = members(data, areas, year)
    names = memb.attrs["areas"]
    index = pd.Index(names, dtype=object, name="area_code")
    area_pos = lookup.positions(names)
    pairs = memb.to_numpy(dtype=object)  # area_code, la_code
    if len(area_pos) == len(names):
        la_pos = la_positions(data, year)
        group, rows = lookup.find(area_pos, pairs[:, 0]), lookup.find(la_pos, pairs[:, 1])
    else:  # repeated area codes: as the index says (it refuses them)
        group = index.get_indexer(pairs[:, 0])
        rows = comp.block(data, year).codes.get_indexer(pairs[:, 1])
    keep = (group >= 0) & (rows >= 0)
    group, rows = group[keep], rows[keep]
    las = np.bincount(group, minlength=len(index)).astype(float)
    lone = np.full(len(index), -1)
    if areas.kind in (LA, GROUP):
        ones = las == 1
        lone[group[ones[group]]] = rows[ones[group]]
    for a in (group, rows, las, lone):
        a.setflags(write=False)
    return index, group, rows, las, lone


@lru_cache(maxsize=2048)
def measure_table(data, year: int, sectors: tuple, types: tuple, areas: Areas, baseline: int | None = None) -> pd.DataFrame:
    """Every table measure for ``areas`` in ``year`` (read-only, shared between callers).

    ``sectors`` and ``types`` are the filters (tuples); ``baseline`` the earlier year of the
    change measures (None: they are missing with a reason)."""
    index, cols = measure_arrays(data, year, sectors, types, areas, baseline)
    frame = _Frame(index)
    frame.cols = cols
    out = frame.frame()
    out.attrs = {"year": int(year), "sectors": tuple(sectors), "types": tuple(types), "kind": areas.kind}
    return out


def measure_row(data, year: int, sectors: tuple, types: tuple, areas: Areas, code: str,
                baseline: int | None = None) -> dict:
    """One area's every measure as a plain dict (``key``, ``key__flag``, ``key__basis``,
    ``key__n``, ``las``): what a headline needs, without building a frame."""
    year, sectors, types = int(year), canonical(sectors, SECTORS), canonical(types, PROVISION_TYPES)
    wider = _wider_areas(data, areas, year)
    index, cols = _arrays(data, year, sectors, types, wider or areas, baseline)
    i = index.get_loc(code)
    return {k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in cols.items()}


def canonical(values, order) -> tuple:
    """``values`` in the order of ``order`` (any others after, sorted): the same filter
    written in another order is one cache entry."""
    chosen = set(values)
    return tuple(v for v in order if v in chosen) + tuple(sorted(chosen.difference(order), key=str))


@lru_cache(maxsize=4096)
def _wider_areas(data, areas: Areas, year: int) -> Areas | None:
    """Every LA (or every region) of ``year`` when ``areas`` is some of them, each in force
    that year, so that their rows can be read from the one computation for all of them
    (each area's figures depend on its own LAs only); None when that is not so (an LA
    through its lineage, a region or council without LAs that year, repeated codes)."""
    if not areas.codes or len(set(areas.codes)) != len(areas.codes):
        return None
    if areas.kind == LA:
        wider = Areas(LA)
        if not all(codes_in_year(c, year, data.gazetteer) == [c] for c in areas.codes):
            return None
    elif areas.kind == REGION:
        wider = Areas(REGION)
    else:
        return None
    index = _layout(data, wider, year)[0]
    return wider if (index.get_indexer(list(areas.codes)) >= 0).all() else None


@lru_cache(maxsize=8192)  # it holds _arrays' results too: the same bound
def measure_arrays(data, year: int, sectors: tuple, types: tuple, areas: Areas, baseline: int | None = None):
    """``(area index, {column: array})`` behind :func:`measure_table` (shared, read-only).

    Some LAs or regions are read from the computation for every LA or region of the year,
    which every map, profile and table with the same filters shares."""
    year, sectors, types = int(year), canonical(sectors, SECTORS), canonical(types, PROVISION_TYPES)
    wider = _wider_areas(data, areas, year)
    if wider is None:
        return _arrays(data, year, sectors, types, areas, baseline)
    index, cols = _arrays(data, year, sectors, types, wider, baseline)
    codes = list(areas.codes) if areas.kind == LA else sorted(set(areas.codes))  # as members() names them
    mine = pd.Index(codes, dtype=object, name="area_code")
    rows = index.get_indexer(mine)
    out = {k: v[rows] for k, v in cols.items()}
    for array in out.values():
        array.setflags(write=False)
    return mine, out


@lru_cache(maxsize=8192)  # every filter of every year is computed at start-up (warmup.py): 3,780 entries
def _arrays(data, year: int, sectors: tuple, types: tuple, areas: Areas, baseline: int | None = None):
    """The computation of :func:`measure_arrays` for exactly ``areas``."""
    year = int(year)
    c = comp.components(data, year, tuple(sectors), tuple(types))
    index, group, rows, las_arr, lone_pos = _layout(data, areas, year)
    size = len(index)
    single = lone_pos >= 0
    one_each = bool(len(las_arr)) and las_arr.max() <= 1

    def col(name: str) -> np.ndarray:
        return c.values[name][rows]

    def own(name: str) -> np.ndarray:
        """The single LA's own value of each single-LA area (NaN elsewhere)."""
        v = c.values[name]
        return np.where(single, v[np.maximum(lone_pos, 0)], np.nan)

    def own_flag(name: str) -> np.ndarray:
        f = c.flags.get(name)
        if f is None:
            return np.full(size, None, dtype=object)
        return np.where(single, f[np.maximum(lone_pos, 0)], None).astype(object)

    def total(v: np.ndarray) -> np.ndarray:
        ok = ~np.isnan(v)
        sums = np.bincount(group[ok], weights=v[ok], minlength=size)
        return np.where(np.bincount(group[ok], minlength=size) > 0, sums, np.nan)

    def count(v: np.ndarray) -> np.ndarray:
        return np.bincount(group[~np.isnan(v)], minlength=size).astype(float)

    flag_cache: dict[str, np.ndarray] = {}

    def missing_flag(column: str) -> np.ndarray:
        """Why ``column`` is missing in each area: its LAs' commonest code, else 'not published'."""
        if column in flag_cache:
            return flag_cache[column]
        out = np.full(size, NOT_PUBLISHED, dtype=object)
        flags = c.flags.get(column)
        if flags is not None and one_each:  # every area one LA: its own code
            f = flags[rows]
            keep = (f != None) & (f != ESTIMATE)  # noqa: E711 (element-wise)
            out[group[keep]] = f[keep]
        elif flags is not None:
            tally: dict[int, Counter] = {}
            for g, f in zip(group, flags[rows]):
                if f is not None and f != ESTIMATE:
                    tally.setdefault(g, Counter())[f] += 1
            for g, counter in tally.items():
                out[g] = counter.most_common(1)[0][0]
        flag_cache[column] = out
        return out

    pub = None
    if areas.published_level:
        pub = published(data, year).reindex(index)
    elif areas.kind == GROUP:
        same = published_equivalent(data, areas, year)
        if same is not None:  # the group is exactly a region's (or England's) LAs: DfE's figures are its own
            pub = published(data, year).reindex([same]).set_axis(index)
    pub_cols: dict[str, np.ndarray] = {}

    def pub_col(column: str) -> np.ndarray:
        """A published column as floats (read once: a frame's column look-up costs more than the sums)."""
        if column not in pub_cols:
            pub_cols[column] = pub[column].to_numpy(dtype=float)
        return pub_cols[column]

    out = _Frame(index)
    out.cols["las"] = las_arr
    n_all = las_arr

    # --- counts ------------------------------------------------------------------------
    count_cache: dict[str, tuple] = {}

    def counts(column: str) -> tuple:
        if column in count_cache:
            return count_cache[column]
        v, n = total(col(column)), count(col(column))
        flag = np.where(np.isnan(v), missing_flag(column), None).astype(object)
        flag = np.where(own_flag(column) == ESTIMATE, ESTIMATE, flag)
        basis = np.full(len(index), ESTIMATED if column in comp.ESTIMATED_COUNTS else OBSERVED, dtype=object)
        if pub is not None and column in PUBLISHED_COUNTS:
            p = pub_col(column)
            use = ~np.isnan(p)
            v, n = np.where(use, p, v), np.where(use, n_all, n)
            flag = np.where(use, None, flag)
            if column == "ch_children":
                basis = np.full(len(index), ESTIMATED, dtype=object)
        if column in SUPPLY_COUNTS:  # the lists are complete: no home is a real zero, if the area has LAs
            v, n = np.where(np.isnan(v) & (n_all > 0), 0.0, v), n_all
            flag = np.where(n_all > 0, None, NO_LAS).astype(object)
        count_cache[column] = (v, flag, basis, n)
        return count_cache[column]

    def ratio(num: str, den: str, scale: float, la_col: str | None, area_col: str | None) -> tuple:
        a, b = col(num), col(den)
        both = ~np.isnan(a) & ~np.isnan(b)
        nsum = total(np.where(both, a, np.nan))
        dsum = total(np.where(both, b, np.nan))
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(dsum > 0, nsum / dsum * scale, np.nan)
        n = count(np.where(both, a, np.nan))
        basis = np.full(len(index), DERIVED, dtype=object)
        if pub is not None:
            pnum, _, _, pn = counts(num)
            pden, _, _, dn = counts(den)
            full = (pn == n_all) & (dn == n_all) & (n_all > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                from_pub = np.where(full & (pden > 0), pnum / pden * scale, np.nan)
            use = ~np.isnan(from_pub)
            v, n = np.where(use, from_pub, v), np.where(use, n_all, n)
            if area_col:
                p = pub_col(area_col)
                use = ~np.isnan(p)
                v, n = np.where(use, p, v), np.where(use, n_all, n)
                basis = np.where(use, OBSERVED, basis)
        if la_col:
            mine = own(la_col)
            use = single & ~np.isnan(mine)
            v = np.where(use, mine, v)
            basis = np.where(use, OBSERVED, basis)
        flag = np.where(np.isnan(v), np.where(missing_flag(num) == NOT_PUBLISHED, missing_flag(den), missing_flag(num)),
                        None).astype(object)
        if la_col:
            flag = np.where((own_flag(la_col) == ESTIMATE) & ~np.isnan(v), ESTIMATE, flag)
        return v, flag, basis, n

    def gap(children: str, scale: float | None) -> tuple:
        kids = col(children)
        have = ~np.isnan(kids)
        diff = np.where(have, kids - col("places"), np.nan)
        d = total(diff)
        n = count(diff)
        pop_sum = total(np.where(have, col("population_0_17"), np.nan))
        if pub is not None:
            pc, _, _, pn = counts(children)
            places, _, _, _ = counts("places")
            use = (pn == n_all) & ~np.isnan(pc) & (n_all > 0)
            d, n = np.where(use, pc - places, d), np.where(use, n_all, n)
            ppop, _, _, popn = counts("population_0_17")
            pop_sum = np.where(use & (popn == n_all), ppop, pop_sum)
        v = d
        if scale is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.where(pop_sum > 0, d / pop_sum * scale, np.nan)
        flag = np.where(np.isnan(v), missing_flag(children), None).astype(object)
        flag = np.where((own_flag(children) == ESTIMATE) & ~np.isnan(v), ESTIMATE, flag)
        return v, flag, np.full(len(index), DERIVED, dtype=object), n

    def graded(grades: tuple) -> tuple:
        inspected = counts("homes_inspected")[0]
        chosen = sum(counts(f"homes_{g}")[0] for g in grades)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(inspected >= MIN_INSPECTED, chosen / inspected * 100, np.nan)
        flag = np.where(inspected == 0, NO_INSPECTED, np.where(inspected < MIN_INSPECTED, TOO_FEW_INSPECTED, None))
        return v, flag.astype(object), np.full(len(index), DERIVED, dtype=object), n_all

    market = None  # the market measures, computed once for both
    for key in TABLE_MEASURES:
        m = MEASURES[key]
        kind = m.formula[0]
        if kind == "count":
            out.put(key, *counts(m.formula[1]))
        elif kind == "ratio":
            _, num, den, scale = m.formula
            out.put(key, *ratio(num, den, scale, LA_PUBLISHED.get(key), AREA_PUBLISHED.get(key)))
        elif kind in ("gap", "gap_rate"):
            children = m.formula[1]
            if children == "children":
                children = children_series(year)
            out.put(key, *gap(children, m.formula[2] if kind == "gap_rate" else None))
        elif kind == "graded":
            out.put(key, *graded(m.formula[1]))
        elif kind == "change":
            out.put(key, *_change(data, m.formula[1], year, sectors, types, areas, baseline, index,
                                  out.cols[m.formula[1]]))
        elif kind == "market":
            if market is None:
                market = market_values(data, year, tuple(sectors), tuple(types),
                                       comp.block(data, year).codes.to_numpy(dtype=object)[rows], group, size)
            v, flag = market[m.formula[1]]
            out.put(key, v, flag, np.full(size, DERIVED, dtype=object), las_arr)
        else:  # pragma: no cover - the registry's formulas are all handled above
            raise ValueError(f"unknown formula {m.formula!r} of {key}")
    if year not in FOI_YEARS:  # the FOI on children's homes covers 2014-2024 only: say so
        for key in TABLE_MEASURES:
            if MEASURES[key].covers == "ch":
                missing = np.isnan(out.cols[key])
                out.cols[f"{key}__flag"] = np.where(missing, f"not published for {year}",
                                                    out.cols[f"{key}__flag"]).astype(object)
    for key, array in out.cols.items():
        out.cols[key] = _shared(array)
    return index, out.cols


#: One object for each text the engine writes (flags, bases): numpy makes a new string for
#: every element it fills from a text, and thousands of cached computations hold them.
_TEXTS: dict[str, str] = {}
#: One read-only array for each column content the cached computations hold (a measure that
#: ignores the filters is the same array in every filter's computation; so is a column of
#: one basis, or of missing values). Weak: an array goes when no cached computation holds it.
_ARRAYS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _shared(array: np.ndarray) -> np.ndarray:
    """``array``, read-only, as the one array of its content already held if there is one."""
    if array.dtype == object:
        texts = _TEXTS
        cells = [texts.setdefault(v, v) if type(v) is str else v for v in array.tolist()]
        array = np.empty(len(cells), dtype=object)
        array[:] = cells
        try:
            key = ("O", len(cells), hash(tuple(cells)))
        except TypeError:  # pragma: no cover - the engine's cells are texts and numbers
            key = None
        same = (lambda other: other.tolist() == cells)
    else:
        key = (array.dtype.str, array.shape, hash(array.tobytes()))
        same = (lambda other: other.dtype == array.dtype and other.tobytes() == array.tobytes())
    array.setflags(write=False)
    if key is None:
        return array
    held = _ARRAYS.get(key)
    if held is not None and same(held):
        return held
    _ARRAYS[key] = array
    return array


@lru_cache(maxsize=1024)
def published_equivalent(data, areas: Areas, year: int) -> str | None:
    """The region (or England) whose LAs in ``year`` are exactly a group's, if there is one."""
    return _published_sets(data, int(year)).get(frozenset(members(data, areas, year)["la_code"]))


@lru_cache(maxsize=64)
def _published_sets(data, year: int) -> dict[frozenset, str]:
    """The set of LAs of each region and of England in ``year`` -> its code."""
    rows = data.year_las.get(year, ())
    by_region: dict[str, set] = {}
    for la, region in rows:
        by_region.setdefault(region, set()).add(la)
    out = {frozenset(las): region for region, las in by_region.items() if isinstance(region, str)}
    if rows:
        out[frozenset(la for la, _ in rows)] = ENGLAND_CODE
    return out


def _baseline_areas(areas: Areas, index: pd.Index) -> Areas:
    """The same areas at the baseline year: each LA through its lineage."""
    if areas.kind == LA:
        return Areas(LA, tuple(index))
    return areas


def _change(data, of: str, year: int, sectors, types, areas: Areas, baseline, index, now) -> tuple:
    n = len(index)
    if baseline is None or int(baseline) >= year:
        return np.full(n, np.nan), np.full(n, NO_BASELINE, dtype=object), np.full(n, DERIVED, dtype=object), np.zeros(n)
    before = measure_table(data, int(baseline), tuple(sectors), tuple(types), _baseline_areas(areas, index), None)
    base = before[of].reindex(index).to_numpy(dtype=float)
    had = before["las"].reindex(index).fillna(0).to_numpy() > 0
    v = np.where(had, now - base, np.nan)
    if areas.kind == LA:
        reasons = np.array([None if h else no_figure_reason(code, int(baseline), data.gazetteer)
                            for code, h in zip(index, had)], dtype=object)
    else:
        reasons = np.where(had, None, f"no figure in {baseline}").astype(object)
    return v, reasons, np.full(n, DERIVED, dtype=object), before["las"].reindex(index).fillna(0).to_numpy()


def values(table: pd.DataFrame, key: str) -> pd.Series:
    """One measure's values from a :func:`measure_table` (a Series by area code)."""
    return table[key].rename(key)


__all__ = ["measure_table", "values", "NOT_PUBLISHED", "TOO_FEW_INSPECTED", "NO_INSPECTED", "MODELLED_MEASURES",
           "REGION", "COUNTRY", "GROUP", "LA"]
