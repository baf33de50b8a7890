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
    t = data.la_year.loc[data.la_year["year"] == year, ["la_code", "region_code"]]
    gaz = data.gazetteer
    if areas.kind == LA:
        if not areas.codes:
            pairs = list(zip(t["la_code"], t["la_code"]))
            names = list(t["la_code"])
        else:
            pairs = [(c, m) for c in areas.codes for m in codes_in_year(c, year, gaz)]
            names = list(areas.codes)
    elif areas.kind == REGION:
        chosen = t if not areas.codes else t[t["region_code"].isin(areas.codes)]
        pairs = list(zip(chosen["region_code"], chosen["la_code"]))
        names = sorted(set(areas.codes or t["region_code"]))
    elif areas.kind == COUNTRY:
        pairs = [(ENGLAND_CODE, c) for c in t["la_code"]]
        names = [ENGLAND_CODE]
    else:
        seen: dict[str, None] = {}
        for code in areas.codes:
            for m in code_for_year(code, year, gaz)[0]:
                seen[m] = None
        pairs = [(areas.group_code, m) for m in seen]
        names = [areas.group_code]
    out = pd.DataFrame(pairs, columns=["area_code", "la_code"], dtype=object).drop_duplicates()
    out.attrs["areas"] = names
    return out
