"""Random permalinks of view states nobody has opened yet, as councils would share them.

    .venv/bin/python -m bench.states [N]        # prints N permalinks of the load-test mix

A :class:`Permalinks` generator (seeded) writes query strings with the dashboard's own
permalink keys (view, year, sector, type, area, measure, style, baseline, la,
scenario_area, scenario_places, scenario_sector) across every view kind:

* ``map`` and ``region``: year x sector subset x provision types x map measure x area
  (England, a region, an LA of the year) x map style x baseline year;
* ``profile``: an LA of the year (``view=profile&la=...``) with sectors and types;
* ``quality``: the rating share, area, year, sectors and types;
* ``distance``: the distance view of an area; ``scenario``: the same with a scenario
  (``scenario_area``, ``scenario_places``, sometimes ``scenario_sector``);
* ``footprint``: the profile of a commissioning footprint (``view=profile&footprint=...``):
  a preset, or a council's own list of neighbouring LAs, sometimes named. Maps, quality
  and distance views sometimes carry a footprint too (outlined, maybe zoomed to).

Permalinks are written as the app writes its address bar (``ViewState.to_query``). Each
is new: its state, as the app parses it (``sufficiency.state.from_query``),
differs from every earlier one of the generator in the fields its view draws from (a
measure that ignores the sector filter does not make two maps different by their
sectors). :meth:`Permalinks.rewritten` writes a state already generated another way (the
same state written differently: tracking parameters, another order, explicit defaults,
lower-case codes, sector, type and footprint lists in another order), so a cache keyed on
the normalised state answers it.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE, YEARS
from sufficiency.engine.quality import SHARES
from sufficiency.engine.registry import MAP_MEASURES, MEASURES
from sufficiency.geography.footprints import PRESETS
from sufficiency.geography.reorganisations import REGION_NAMES
from sufficiency.state import SCENARIO_MAX_PLACES, ViewState, from_query
from sufficiency.store import load
from sufficiency.vocab import PROVISION_TYPES, SECTOR_SLUGS

#: The view kinds of the single-user benchmark and of the load test, in report order.
VIEW_KINDS = ("map", "region", "profile", "quality", "distance", "scenario", "footprint")
#: What a view kind is in words (the tables' first column).
KIND_LABELS = {
    "map": "map", "region": "region view", "profile": "LA profile", "quality": "quality view",
    "distance": "distance view", "scenario": "distance view with a scenario", "footprint": "footprint profile",
}
SECTOR_KEYS = tuple(SECTOR_SLUGS.values())
TYPE_KEYS = tuple(PROVISION_TYPES)
REGIONS = tuple(REGION_NAMES)
#: Query parameters a shared link picks up on the way (mail, intranet, social media).
TRACKING = (("utm_source", "email"), ("utm_medium", "newsletter"), ("utm_campaign", "sufficiency"),
            ("fbclid", "IwAR0x"), ("ref", "intranet"))


@dataclass(frozen=True)
class Permalink:
    kind: str  # one of VIEW_KINDS, or "rewritten"
    query: str  # the URL's search string as the browser has it: "" or "?..."
    state: ViewState  # what the app makes of it

    @property
    def path(self) -> str:
        return "/" + self.query


def same_state(a: ViewState, b: ViewState) -> bool:
    """True when ``a`` and ``b`` are one view: equal, with the sector and provision-type
    lists compared as sets (``sector=private,voluntary`` is ``sector=voluntary,private``)."""
    return a.with_(sectors=frozenset(a.sectors), provision_types=frozenset(a.provision_types)) == \
        b.with_(sectors=frozenset(b.sectors), provision_types=frozenset(b.provision_types))


def _relevant(state: ViewState) -> tuple:
    """The fields the view of ``state`` draws from: two states that agree on them show the
    same figures, whatever else their URLs say."""
    state = state.with_(sectors=frozenset(state.sectors), provision_types=frozenset(state.provision_types))
    view = state.view
    if view in ("map", "region"):
        m = MEASURES[state.measure]
        return (view, state.year, state.measure, state.style,
                state.baseline if m.needs_baseline else None,
                state.sectors if m.follows_sectors else None,
                state.provision_types if m.follows_types else None, state.footprint, state.zoom)
    if view == "profile":
        return (view, state.footprint or state.la, state.year, state.sectors, state.provision_types)
    if view == "quality":
        share = state.measure if state.measure in SHARES else None
        return (view, state.area, state.footprint, state.year, share, state.sectors, state.provision_types)
    return (view, state.area, state.footprint, state.year, state.sectors, state.provision_types,
            state.scenario_area, state.scenario_places, state.scenario_sector)


class Permalinks:
    """A seeded source of never-seen permalinks (one instance per benchmark run, shared by
    every simulated user, so no two users open the same state either)."""

    def __init__(self, seed: int = 10, data=None) -> None:
        self.rnd = random.Random(seed)
        data = data if data is not None else load(EMBEDDED_DATA)
        self._las = {year: tuple(data.las_in_year(year)["code"]) for year in YEARS}
        self._region_of = dict(zip(data.gazetteer["code"], data.gazetteer["region_code"]))
        self._presets = tuple(p.id for p in PRESETS)
        self.seen: set = set()
        self.made: list[Permalink] = []

    # --- the parts of a state -----------------------------------------------------------

    def _sectors(self) -> tuple[str, ...] | None:
        r = self.rnd.random()
        if r < 0.35:
            return None  # every sector (the default: no parameter)
        if r < 0.37:
            return ()  # none ticked: the app says so
        chosen = self.rnd.sample(SECTOR_KEYS, self.rnd.randint(1, len(SECTOR_KEYS) - 1))
        return tuple(s for s in SECTOR_KEYS if s in chosen)  # in the panel's order, as the app writes them

    def _types(self) -> tuple[str, ...] | None:
        if self.rnd.random() < 0.55:
            return None  # children's homes only (the default)
        chosen = self.rnd.sample(TYPE_KEYS, self.rnd.randint(1, len(TYPE_KEYS)))
        return tuple(t for t in TYPE_KEYS if t in chosen)

    def _area(self, year: int, england: float = 0.45, region: float = 0.2) -> str:
        r = self.rnd.random()
        if r < england:
            return ENGLAND_CODE
        if r < england + region:
            return self.rnd.choice(REGIONS)
        return self.rnd.choice(self._las[year])

    def _footprint(self, params: dict, share: float) -> None:
        """Sometimes (``share``) a footprint: a preset, or 3-12 LAs of one region of the year."""
        if self.rnd.random() >= share:
            return
        if self.rnd.random() < 0.3:
            params["footprint"] = self.rnd.choice(self._presets)
            return
        region = self.rnd.choice(REGIONS)
        las = [c for c in self._las[params["year"]] if self._region_of.get(c) == region]
        chosen = self.rnd.sample(las, min(len(las), self.rnd.randint(3, 12)))
        params["footprint"] = ",".join(chosen)
        if self.rnd.random() < 0.4:
            params["footprint_name"] = self.rnd.choice(("Our consortium", "North partnership", "Commissioning group"))

    def _common(self, view: str) -> dict:
        params: dict = {"view": view}
        year = self.rnd.choice(YEARS)
        params["year"] = year
        sectors, types = self._sectors(), self._types()
        if sectors is not None:
            params["sector"] = ",".join(sectors) or "none"
        if types is not None:
            params["type"] = ",".join(types)
        return params

    def _params(self, kind: str) -> dict:
        if kind in ("map", "region"):
            p = self._common(kind)
            p["measure"] = self.rnd.choice(MAP_MEASURES)
            p["area"] = self._area(p["year"])
            if self.rnd.random() < 0.3:
                p["style"] = "geo"
            if MEASURES[p["measure"]].needs_baseline or self.rnd.random() < 0.1:
                p["baseline"] = self.rnd.choice([y for y in YEARS if y < p["year"]] or [YEARS[0]])
            if kind == "map":
                self._footprint(p, 0.1)
                if "footprint" in p and self.rnd.random() < 0.5:
                    p["zoom"] = "1"
            return p
        if kind == "footprint":
            p = self._common("profile")
            self._footprint(p, 1.0)
            return p
        if kind == "profile":
            p = self._common("profile")
            p["la"] = self.rnd.choice(self._las[p["year"]])
            if self.rnd.random() < 0.5:
                p["area"] = self._region_of.get(p["la"], ENGLAND_CODE)
            return p
        if kind == "quality":
            p = self._common("quality")
            p["area"] = self._area(p["year"])
            p["measure"] = self.rnd.choice(tuple(SHARES))
            self._footprint(p, 0.1)
            return p
        if kind in ("distance", "scenario"):
            p = self._common("distance")
            p["area"] = self._area(p["year"], england=0.15, region=0.25)
            if kind == "scenario":
                if p["area"] == ENGLAND_CODE or self.rnd.random() < 0.3:
                    p["scenario_area"] = self._area(p["year"], england=0, region=0.3)
                places = 0
                while places == 0:
                    places = self.rnd.randint(-min(200, SCENARIO_MAX_PLACES), min(400, SCENARIO_MAX_PLACES))
                p["scenario_places"] = places
                if self.rnd.random() < 0.3:
                    ticked = p.get("sector")
                    options = [s for s in (ticked.split(",") if ticked else SECTOR_KEYS) if s in SECTOR_KEYS]
                    if options:
                        p["scenario_sector"] = self.rnd.choice(options)
            return p
        raise ValueError(f"unknown view kind {kind!r}")

    # --- permalinks ---------------------------------------------------------------------

    def new(self, kind: str) -> Permalink:
        """A permalink of ``kind`` whose view no earlier one of this generator showed."""
        for _ in range(10_000):
            params = self._params(kind)
            # Written as the app writes a permalink (its address bar): defaults left out.
            state = from_query("?" + urlencode(params, safe=","))
            query = state.to_query()
            key = _relevant(state)
            if key in self.seen:
                continue
            self.seen.add(key)
            link = Permalink(kind, query, state)
            self.made.append(link)
            return link
        raise RuntimeError(f"no new {kind} state left after 10,000 draws")

    def rewritten(self, link: Permalink | None = None) -> Permalink:
        """An earlier permalink (``link``, or one drawn from those made) written another way
        that the app reads as the same state."""
        if link is None:
            if not self.made:
                self.new("map")
            link = self.rnd.choice(self.made)
        for _ in range(100):
            items = parse_qsl(link.query.lstrip("?"), keep_blank_values=True)
            tricks = self.rnd.sample(("tracking", "order", "defaults", "case", "sectors"), self.rnd.randint(1, 3))
            if "defaults" in tricks:
                present = {k for k, _ in items}
                default = ViewState()
                for key, value in (("view", default.view), ("style", default.style), ("year", default.year),
                                   ("area", default.area)):
                    if key not in present and getattr(link.state, key) == value:
                        items.append((key, str(value)))
            if "case" in tricks:
                items = [(k, v.lower() if k in ("area", "la", "scenario_area") else v) for k, v in items]
            if "sectors" in tricks:  # lists in another order
                items = [(k, ",".join(reversed(v.split(","))) if k in ("sector", "type", "footprint") else v)
                         for k, v in items]
            if "tracking" in tricks:
                items += self.rnd.sample(TRACKING, self.rnd.randint(1, 3))
            if "order" in tricks or "tracking" in tricks:
                self.rnd.shuffle(items)
            query = "?" + urlencode(items, safe=",") if items else ""
            if query != link.query and same_state(from_query(query), link.state):
                return Permalink("rewritten", query, link.state)
        # Always possible: a tracking parameter changes the URL, never the state.
        return Permalink("rewritten", (link.query + "&" if link.query else "?") + "utm_source=email", link.state)


#: The cached-state load test: a few dozen fixed URLs (one filter changed from the default
#: view), which after their first request are answered from the caches.
CACHED_URLS = (
    "",
    *(f"?year={y}" for y in YEARS),
    *(f"?measure={m}" for m in ("places", "homes", "gap", "cla_ch", "pct_good_or_better", "places_change")),
    *(f"?view={v}" for v in ("region", "quality", "profile", "distance")),
    *(f"?area={a}" for a in ("E12000007", "E08000025", "E10000016")),
    "?style=geo",
    "?sector=private",
    "?type=childrens_home,secure_childrens_home",
)


if __name__ == "__main__":
    gen = Permalinks()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for i in range(count):
        kind = VIEW_KINDS[i % len(VIEW_KINDS)]
        print(f"{kind:9} {gen.new(kind).path}")
    print(f"{'rewritten':9} {gen.rewritten().path}")
