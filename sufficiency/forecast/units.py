"""Forecast units: the councils forecast as one series at an origin year.

Codes are linked through reorganisations (``sufficiency.geography.reorganisations``):

* a **recode** (same area, new code: Buckinghamshire 2020, North Yorkshire and Somerset
  2023, Barnsley and Sheffield 2025) continues the old code's series under the new code;
* councils **merged or split** (Bournemouth, Poole and Dorset County Council -> BCP and
  Dorset in 2019; Northamptonshire -> North and West Northamptonshire in 2021; Cumbria ->
  Cumberland and Westmorland and Furness in 2023) form a *cluster* whose area is the same
  before and after. A successor is forecast on its own once each successor of its cluster has
  at least ``min_own`` published (not apportioned) values of children looked after up to the
  origin; until then the cluster is one unit, with the predecessors' figures before the
  change and the successors' sum after, and the successors get no forecast of their own
  ("too short"). Successors' histories are never back-cast by share.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..geography.reorganisations import CHANGES

ESTIMATE = "estimate"


@lru_cache(maxsize=1)
def recodes() -> dict[str, str]:
    """Old code -> the code that continues it (same area)."""
    return {c.old: c.new[0] for c in CHANGES if c.kind == "recode"}


def lineage(code: str) -> str:
    """The code a council's series is kept under (recodes followed forward)."""
    seen = 0
    rec = recodes()
    while code in rec and seen < 5:
        code, seen = rec[code], seen + 1
    return code


@dataclass(frozen=True)
class Cluster:
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    start: int  # first year (at 31 March) the successors are reported

    @property
    def code(self) -> str:
        return "+".join(self.successors)

    @property
    def members(self) -> frozenset[str]:
        return frozenset(self.predecessors) | frozenset(self.successors)


@lru_cache(maxsize=1)
def clusters() -> tuple[Cluster, ...]:
    """Groups of merged or split councils whose joint area is unchanged."""
    groups: list[set[str]] = []
    starts: dict[frozenset, int] = {}
    for c in CHANGES:
        if c.kind == "recode":
            continue
        codes = {c.old, *c.new}
        hit = [g for g in groups if g & codes]
        merged = set().union(codes, *hit)
        groups = [g for g in groups if not (g & codes)] + [merged]
    out = []
    for g in groups:
        olds = sorted(c.old for c in CHANGES if c.old in g and c.kind != "recode")
        news = sorted({n for c in CHANGES if c.old in g for n in c.new})
        start = max(c.start for c in CHANGES if c.old in g)
        starts[frozenset(g)] = start
        out.append(Cluster(tuple(olds), tuple(news), start))
    return tuple(sorted(out, key=lambda k: k.code))


def cluster_of(code: str) -> Cluster | None:
    for k in clusters():
        if code in k.members:
            return k
    return None


@dataclass(frozen=True)
class Unit:
    code: str  # LA code, or successors joined by '+' for a cluster
    members: frozenset[str]  # lineage codes whose figures are summed
    region_code: str
    cluster: bool


def own_counts(la_year: pd.DataFrame, origin: int, column: str = "cla") -> dict[str, int]:
    """Published (not apportioned) values of ``column`` up to ``origin``, for every code at once."""
    rows = la_year[la_year["year"].astype(int) <= origin]
    ok = rows[column].notna()
    flag = rows.get(f"{column}_flag")
    if flag is not None:
        ok &= flag.ne(ESTIMATE)
    return {str(k): int(v) for k, v in ok.groupby(rows["la_code"].to_numpy()).sum().items()}


def own_years(la_year: pd.DataFrame, code: str, origin: int, column: str = "cla") -> int:
    """Published (not apportioned) values of ``column`` for ``code`` up to ``origin``."""
    return own_counts(la_year, origin, column).get(code, 0)


def units_at(la_year: pd.DataFrame, origin: int, min_own: int = 3) -> list[Unit]:
    """The forecast units of ``origin`` (sorted by code), from data up to ``origin`` only."""
    live = la_year[la_year["year"] == origin]
    region = dict(zip(live["la_code"].map(lineage), live["region_code"]))
    own = own_counts(la_year, origin)
    units: dict[str, Unit] = {}
    in_cluster: set[str] = set()
    for k in clusters():
        in_cluster |= k.members
        if not any(c in region for c in k.members):
            continue  # none of its councils is in the data (a part of England, a test's toy data)
        alone = origin >= k.start and all(own.get(s, 0) >= min_own for s in k.successors)
        if alone:
            for s in k.successors:
                units[s] = Unit(s, frozenset({s}), region[s], False)
        else:
            reg = next(region[c] for c in sorted(k.members) if c in region)
            units[k.code] = Unit(k.code, k.members, reg, True)
    for code in sorted(set(region) - in_cluster):
        units[code] = Unit(code, frozenset({code}), region[code], False)
    return [units[c] for c in sorted(units)]
