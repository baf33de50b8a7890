"""The view state: every filter the user can set, to and from the URL query string.

A copied URL reopens the same view, and browser back/forward move between views, because
the state lives only in the query string. Parsing is forgiving: an unknown or malformed
value falls back to its default rather than failing the page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
import re
from urllib.parse import parse_qs, urlencode

from .config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from .engine.quality import SHARES as RATING_SHARES
from .engine.registry import MAP_MEASURES
from .vocab import PROVISION_TYPES, SECTOR_SLUGS

VIEWS = ("map", "region", "profile", "quality", "distance", "about", "market")
MAP_STYLES = ("hex", "geo")
SLUG_TO_SECTOR = {v: k for k, v in SECTOR_SLUGS.items()}
#: Largest number of places a scenario adds or removes.
SCENARIO_MAX_PLACES = 5000
#: The projected years a scenario over time can add places from.
FORECAST_FROM_YEARS = tuple(range(LAST_YEAR + 1, LAST_YEAR + 6))
#: The market view's share threshold of "difficult to replace" owners, in per cent: default and range.
MARKET_THRESHOLD, MARKET_THRESHOLD_RANGE = 10, (1, 50)


@dataclass(frozen=True)
class ViewState:
    view: str = "map"
    year: int = LAST_YEAR
    sectors: tuple[str, ...] = tuple(SECTOR_SLUGS)  # sector labels
    provision_types: tuple[str, ...] = ("childrens_home",)
    area: str = ENGLAND_CODE  # England, a region (E12) or an LA code
    measure: str = "places_per_10k"
    style: str = "hex"
    baseline: int = FIRST_YEAR  # the earlier year of a change
    la: str | None = None  # the LA whose profile is open
    scenario_area: str | None = None  # the LA, region or "footprint" a scenario changes (None: the footprint, else the area above, if not England)
    scenario_places: int = 0  # places added (negative: removed) in the scenario
    scenario_sector: str | None = None  # sector slug of the places changed (None: the sectors chosen)
    footprint: str | None = None  # a preset id, or LA codes joined by commas (sorted, no repeats)
    footprint_name: str | None = None  # the name a user gave their footprint
    pick: str | None = None  # "footprint": a map click adds or removes the LA in the footprint
    zoom: bool = False  # the map zoomed to the chosen area
    forecast_places: int = 0  # places added (negative: removed) in the scenario over time of the projected gap
    forecast_from: int = FORECAST_FROM_YEARS[0]  # the projected year from which those places are open
    ratings: str | None = None  # which grades the quality view counts (a key of engine.quality.SHARES)
    market_threshold: int = MARKET_THRESHOLD  # % of the area's places above which an owner is "difficult to replace"
    def with_(self, **changes) -> "ViewState":
        return replace(self, **changes)

    def normalised(self) -> "ViewState":
        """The same view with its sectors and provision types in one order (the key of
        every cache of views: ``sector=private,voluntary`` is ``sector=voluntary,private``)."""
        return replace(self, sectors=tuple(s for s in SLUG_TO_SECTOR.values() if s in self.sectors),
                       provision_types=tuple(t for t in PROVISION_TYPES if t in self.provision_types))

    def to_query(self) -> str:
        """The query string (with a leading '?'); defaults are left out to keep URLs short."""
        default = ViewState()
        out = {}
        for key, value in asdict(self).items():
            if value == getattr(default, key):
                continue
            if key == "sectors":
                out["sector"] = ",".join(SECTOR_SLUGS[s] for s in value) or "none"
            elif key == "provision_types":
                out["type"] = ",".join(value)
            elif key == "zoom":
                out["zoom"] = "1"
            elif value is not None:
                out[key] = str(value)
        return "?" + urlencode(out) if out else ""


def _int_in(text: str | None, lo: int, hi: int, default: int) -> int:
    try:
        value = int(str(text))
    except (TypeError, ValueError):
        return default
    return value if lo <= value <= hi else default


def _code(text: str | None) -> str | None:
    text = (text or "").strip().upper()
    return text if len(text) == 9 and text[0] == "E" and text[1:].isdigit() else None


def from_query(search: str | None) -> ViewState:
    """Parse a query string such as ``?year=2020&sector=private`` into a :class:`ViewState`."""
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}
    d = ViewState()
    view = params.get("view", d.view)
    sectors = d.sectors
    if "sector" in params:
        raw = params["sector"]
        sectors = tuple(SLUG_TO_SECTOR[s] for s in raw.split(",") if s in SLUG_TO_SECTOR) if raw != "none" else ()
    types = d.provision_types
    if "type" in params:
        types = tuple(t for t in params["type"].split(",") if t in PROVISION_TYPES) or d.provision_types
    measure = params.get("measure", d.measure)
    style = params.get("style", d.style)
    footprint, footprint_name = _footprint(params.get("footprint")), params.get("footprint_name")
    return ViewState(
        view=view if view in VIEWS else d.view,
        year=_int_in(params.get("year"), FIRST_YEAR, LAST_YEAR, d.year),
        sectors=sectors,
        provision_types=types,
        area=_code(params.get("area")) or d.area,
        measure=measure if measure in MAP_MEASURES else d.measure,
        style=style if style in MAP_STYLES else d.style,
        baseline=_int_in(params.get("baseline"), FIRST_YEAR, LAST_YEAR, d.baseline),
        la=_code(params.get("la")),
        scenario_area="footprint" if params.get("scenario_area") == "footprint" else _code(params.get("scenario_area")),
        scenario_places=_int_in(params.get("scenario_places"), -SCENARIO_MAX_PLACES, SCENARIO_MAX_PLACES, 0),
        scenario_sector=params.get("scenario_sector") if params.get("scenario_sector") in SLUG_TO_SECTOR else None,
        pick="footprint" if params.get("pick") == "footprint" else None,
        zoom=params.get("zoom") in ("1", "true", "yes"),
        ratings=params.get("ratings") if params.get("ratings") in RATING_SHARES else None,
        market_threshold=_int_in(params.get("market_threshold"), *MARKET_THRESHOLD_RANGE, d.market_threshold),
        footprint=footprint,
        footprint_name=" ".join(footprint_name.split())[:80] or None if footprint and footprint_name else None,
        forecast_places=_int_in(params.get("forecast_places"), -SCENARIO_MAX_PLACES, SCENARIO_MAX_PLACES, 0),
        forecast_from=_int_in(params.get("forecast_from"), FORECAST_FROM_YEARS[0], FORECAST_FROM_YEARS[-1],
                              d.forecast_from),
    )


#: Longest ``footprint`` value read (a few hundred codes); the rest is ignored.
FOOTPRINT_MAX_TEXT = 6000
_PRESET = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
_LA = re.compile(r"^E(06|08|09|10)\d{6}$")


def _footprint(text: str | None) -> str | None:
    """A ``footprint`` URL value in canonical form: a preset id (lower case), or the council
    codes it lists, deduplicated and sorted (so any order names one view). Codes of other
    countries and malformed codes are left out here; :mod:`sufficiency.present.areas` says so."""
    text = (text or "").strip()[:FOOTPRINT_MAX_TEXT]
    if not text:
        return None
    if "," not in text and not _LA.match(text.upper()) and _PRESET.match(text.lower()):
        return text.lower()
    codes = sorted({c.strip().upper() for c in text.split(",") if _LA.match(c.strip().upper())})
    return ",".join(codes[:FOOTPRINT_MAX_CODES]) or None


FOOTPRINT_MAX_CODES = 160
