"""The LAs of an area in each year: an LA, a region, England or a footprint (a set of LAs).

A market measure is computed over the LAs of the year's reporting geography. An LA code is
followed through the council reorganisations: in a year before it existed, its
predecessors that became it whole (Bournemouth and Poole for BCP in 2018; see
:func:`sufficiency.metrics.profile.codes_in_year`); in a year after it was abolished, its
successors (Cumbria in 2025: Cumberland and Westmorland and Furness; only the parts that
came from it alone). A new council
carved out of a larger one has no LAs before it existed (Cumberland in 2022).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from ..config import ENGLAND_CODE, YEARS
from ..errors import DataError
from ..geography.reorganisations import BY_OLD, CHANGES, REGION_NAMES
from ..metrics.profile import codes_in_year


@dataclass(frozen=True)
class MarketArea:
    """An area and its LA codes by year; call it with a year for the codes (a ``LaCodes``)."""

    code: str  # an LA or region code, E92000001, or "footprint"
    name: str
    kind: str  # "la", "region", "country" or "footprint"
    members: tuple[str, ...]  # the LA codes given (an LA's own code; a footprint's codes)
    by_year: dict[int, tuple[str, ...]] = field(compare=False, repr=False, default_factory=dict)

    def __call__(self, year: int) -> tuple[str, ...]:
        return self.by_year.get(int(year), ())


def _successors(code: str, year: int) -> list[str]:
    """The councils of ``year`` that replaced ``code`` (for a split council, each part that
    came from it alone: Dorset County Council's is Dorset, not BCP, which Christchurch joined)."""
    change = BY_OLD.get(code)
    if change is None or change.start > year:
        return [code]
    whole = [new for new in change.new
             if len(change.new) == 1 or not any(new in c.new for c in CHANGES if c.old != code)]
    return [c for new in whole for c in _successors(new, year)]


def la_codes_in_year(code: str, year: int, gazetteer: pd.DataFrame) -> list[str]:
    """The LAs of ``year``'s reporting geography that make up LA ``code`` (see the module notes)."""
    live = gazetteer[(gazetteer["start"] <= year) & (gazetteer["end"] >= year)]["code"]
    found = codes_in_year(code, year, gazetteer)
    if not found:
        found = [c for c in _successors(code, year) if c in set(live)]
    return sorted(dict.fromkeys(found))


def parse_codes(text: str | Iterable[str]) -> list[str]:
    """LA codes from a comma-separated text or a list: trimmed, upper case, deduplicated, in order."""
    items = text.split(",") if isinstance(text, str) else list(text)
    return list(dict.fromkeys(c.strip().upper() for c in items if c and c.strip()))


def market_area(gazetteer: pd.DataFrame, area: str | None = None, footprint: str | Iterable[str] | None = None,
                name: str | None = None) -> MarketArea:
    """The area of an LA, region or England code (``area``) or of a footprint's LA codes.

    Raises :class:`DataError` for an unknown code, naming it.
    """
    if (area is None) == (footprint is None):
        raise DataError("give an area code or a footprint (a list of LA codes), not both")
    las = set(gazetteer["code"])
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    if area is not None:
        code = area.strip().upper()
        if code == ENGLAND_CODE:
            return _area(gazetteer, code, "England", "country", (), lambda y, live: sorted(live["code"]))
        if code in REGION_NAMES:
            return _area(gazetteer, code, REGION_NAMES[code], "region", (),
                         lambda y, live: sorted(live.loc[live["region_code"] == code, "code"]))
        if code not in las:
            raise DataError(f"unknown area '{area}'", hint=f"Give an LA code, a region code (E12...) or {ENGLAND_CODE}")
        return _area(gazetteer, code, names[code], "la", (code,), lambda y, live: la_codes_in_year(code, y, gazetteer))
    codes = parse_codes(footprint)
    if not codes:
        raise DataError("the footprint has no LA codes", hint="Give LA codes separated by commas")
    unknown = [c for c in codes if c not in las]
    if unknown:
        raise DataError(f"unknown LA code(s) in the footprint: {', '.join(unknown)}",
                        hint="Give the ONS codes of English children's-services LAs (E06, E08, E09, E10)")
    label = name or (names[codes[0]] if len(codes) == 1 else f"Footprint of {len(codes)} LAs")

    def members(year: int, live: pd.DataFrame) -> list[str]:
        return sorted({c for code in codes for c in la_codes_in_year(code, year, gazetteer)})

    return _area(gazetteer, "footprint", label, "footprint", tuple(codes), members)


def _area(gazetteer, code, name, kind, members, codes_of) -> MarketArea:
    by_year = {}
    for y in YEARS:
        live = gazetteer[(gazetteer["start"] <= y) & (gazetteer["end"] >= y)]
        by_year[y] = tuple(codes_of(y, live))
    return MarketArea(code, name, kind, members, by_year)
