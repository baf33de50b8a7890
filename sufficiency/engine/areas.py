"""Sets of areas the engine computes measures for, and which LAs each area holds in a year.

An :class:`Areas` is a hashable description: every LA of the year, named LAs (through
their lineage: a council that did not exist that year stands for its predecessors), the
regions, England, or a group of LAs (a footprint). :func:`members` resolves it for a year
to (area code, LA code) pairs, the only input the aggregation needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..config import ENGLAND_CODE
from ..geography.lineage import code_for_year, codes_in_year

LA, REGION, COUNTRY, GROUP = "la", "region", "country", "group"
KINDS = (LA, REGION, COUNTRY, GROUP)


@dataclass(frozen=True)
class Areas:
    kind: str
    codes: tuple[str, ...] = ()  # LA: the LAs (empty: every LA of the year); REGION: regions (empty: all); GROUP: its LAs
    group_code: str | None = None  # the code a GROUP's row is given (e.g. a footprint id)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of area '{self.kind}' (expected one of {', '.join(KINDS)})")
        if self.kind == GROUP and not self.group_code:
            raise ValueError("a group of LAs needs a code for its row")

    @property
    def published_level(self) -> bool:
        """Regions and England: DfE publishes figures for these areas."""
        return self.kind in (REGION, COUNTRY)


def every_la() -> Areas:
    return Areas(LA)


def regions() -> Areas:
    return Areas(REGION)


def england() -> Areas:
    return Areas(COUNTRY)


def level(name: str) -> Areas:
    """The areas of a map level: 'la', 'region' or 'country'."""
    return {LA: every_la, REGION: regions, COUNTRY: england}[name]()


def one_la(code: str) -> Areas:
    return Areas(LA, (code,))


def group(codes, group_code: str) -> Areas:
    return Areas(GROUP, tuple(dict.fromkeys(codes)), group_code)


@lru_cache(maxsize=4096)
def members(data, areas: Areas, year: int) -> pd.DataFrame:
    """(area_code, la_code) of every area of ``areas`` in ``year`` (read-only, shared).

    ``attrs['areas']`` lists every area code, including areas with no LA that year (a
    council formed later: its row has no figures)."""
    rows = data.year_las.get(int(year), ())
    gaz = data.gazetteer
    if areas.kind == LA:
        if not areas.codes:
            pairs = [(la, la) for la, _ in rows]
            names = [la for la, _ in rows]
        else:
            pairs = [(c, m) for c in areas.codes for m in codes_in_year(c, year, gaz)]
            names = list(areas.codes)
    elif areas.kind == REGION:
        chosen = set(areas.codes)
        pairs = [(region, la) for la, region in rows if not chosen or region in chosen]
        names = sorted(chosen or {region for _, region in rows})
    elif areas.kind == COUNTRY:
        pairs = [(ENGLAND_CODE, la) for la, _ in rows]
        names = [ENGLAND_CODE]
    else:
        seen: dict[str, None] = {}
        for code in areas.codes:
            for m in code_for_year(code, year, gaz)[0]:
                seen[m] = None
        pairs = [(areas.group_code, m) for m in seen]
        names = [areas.group_code]
    first: dict[tuple, int] = {}
    for i, pair in enumerate(pairs):
        first.setdefault(pair, i)
    index = None if len(first) == len(pairs) else list(first.values())  # as drop_duplicates leaves it
    out = pd.DataFrame(list(first) or None, columns=["area_code", "la_code"], index=index, dtype=object)
    out.attrs["areas"] = names
    return out
