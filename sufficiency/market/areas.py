"""The LAs of an area in each year: an LA, a region, England or a footprint (a set of LAs).

A market measure is computed over the LAs of the year's reporting geography, chosen by the
measure engine's rules (:mod:`sufficiency.engine.areas`, :mod:`sufficiency.geography.lineage`):
an LA through its lineage (Bournemouth and Poole for BCP before 2019; a successor of a split
council has none before it was formed), a footprint's codes through
:func:`~sufficiency.geography.lineage.code_for_year` (a split council stands for its
successors), a region's LAs of the year, or every LA for England.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..config import ENGLAND_CODE, YEARS
from ..engine.areas import COUNTRY, REGION, Areas, england, group, members, one_la
from ..errors import DataError
from ..geography.reorganisations import REGION_NAMES

FOOTPRINT = "footprint"


@dataclass(frozen=True)
class MarketArea:
    """An area and its LA codes by year; call it with a year for the codes (a ``LaCodes``)."""

    code: str  # an LA or region code, E92000001, or "footprint"
    name: str
    kind: str  # "la", "region", "country" or "footprint"
    members: tuple[str, ...]  # the LA codes given (an LA's own code; a footprint's codes)
    areas: Areas = field(compare=False, repr=False, default=None)  # the engine's description of the area
    by_year: dict[int, tuple[str, ...]] = field(compare=False, repr=False, default_factory=dict)

    def __call__(self, year: int) -> tuple[str, ...]:
        return self.by_year.get(int(year), ())


def parse_codes(text: str | Iterable[str]) -> list[str]:
    """LA codes from a comma-separated text or a list: trimmed, upper case, deduplicated, in order."""
    items = text.split(",") if isinstance(text, str) else list(text)
    return list(dict.fromkeys(c.strip().upper() for c in items if c and c.strip()))


def from_areas(data, areas: Areas, code: str, name: str, kind: str, given: tuple[str, ...] = ()) -> MarketArea:
    """The :class:`MarketArea` of one engine area (one LA, one region, England or one group)."""
    by_year = {y: tuple(sorted(set(members(data, areas, y)["la_code"]))) for y in YEARS}
    return MarketArea(code, name, kind, given, areas, by_year)


def market_area(data, area: str | None = None, footprint: str | Iterable[str] | None = None,
                name: str | None = None) -> MarketArea:
    """The area of an LA, region or England code (``area``) or of a footprint's LA codes.

    ``data`` is the :class:`~sufficiency.store.AppData`. Raises :class:`DataError` for an
    unknown code, naming it.
    """
    if (area is None) == (footprint is None):
        raise DataError("give an area code or a footprint (a list of LA codes), not both")
    names = data.la_names
    if area is not None:
        code = area.strip().upper()
        if code == ENGLAND_CODE:
            return from_areas(data, england(), code, "England", COUNTRY)
        if code in REGION_NAMES:
            return from_areas(data, Areas(REGION, (code,)), code, REGION_NAMES[code], REGION)
        if code not in names:
            raise DataError(f"unknown area '{area}'", hint=f"Give an LA code, a region code (E12...) or {ENGLAND_CODE}")
        return from_areas(data, one_la(code), code, names[code], "la", (code,))
    codes = parse_codes(footprint)
    if not codes:
        raise DataError("the footprint has no LA codes", hint="Give LA codes separated by commas")
    unknown = [c for c in codes if c not in names]
    if unknown:
        raise DataError(f"unknown LA code(s) in the footprint: {', '.join(unknown)}",
                        hint="Give the ONS codes of English children's-services LAs (E06, E08, E09, E10)")
    label = name or (names[codes[0]] if len(codes) == 1 else f"Footprint of {len(codes)} LAs")
    return from_areas(data, group(codes, FOOTPRINT), FOOTPRINT, label, FOOTPRINT, tuple(codes))
