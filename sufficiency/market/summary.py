"""The market of one area in one year as plain values: what ``python -m sufficiency market`` prints.

Owners, HHI and the top shares come from ``owner_supply`` (Ofsted names owners from 2018:
earlier years give ``None``); openings and closures from ``openings`` (from 2015: the year
to 31 March, from one year's list to the next). Shares are fractions 0-1. All figures are
derived from Ofsted's lists, published or rebuilt (``list_status``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .areas import MarketArea
from .concentration import DEFAULT_TYPES, TOP, concentration, largest_owners
from .openings import openings_closures


def _number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def area_label(area: MarketArea) -> str:
    """The ``area`` value of the summary: the area code, or a footprint's LA codes joined by commas."""
    return ",".join(area.members) if area.kind == "footprint" else area.code


def market_summary(owner_supply, openings, area: MarketArea, year: int, sectors: Iterable[str] | None = None,
                   provision_types: Iterable[str] | None = DEFAULT_TYPES, top: int = 10) -> dict:
    """``{"area", "year", "owners", "hhi", "top_share": {"1", "5", "10"}, "largest": [{"owner", "places",
    "share"}], "openings": {"homes", "places"}, "closures": {"homes", "places"}}`` for ``area`` in ``year``.
    """
    out: dict = {"area": area_label(area), "year": int(year), "owners": None, "hhi": None,
                 "top_share": {str(k): None for k in TOP}, "largest": [], "openings": None, "closures": None}
    if int(year) in set(owner_supply["year"].astype(int)):
        c = concentration(owner_supply, year, area, sectors, provision_types)
        out["owners"] = c["owners"]
        out["hhi"] = _number(c["hhi"])
        out["top_share"] = {str(k): _number(c[f"top{k}_share"]) for k in TOP}
        largest = largest_owners(owner_supply, year, area, top, sectors, provision_types)
        out["largest"] = [{"owner": r.owner, "places": int(r.places), "share": _number(r.share)}
                          for r in largest.itertuples(index=False)]
    if int(year) in set(openings["year"].astype(int)):
        o = openings_closures(openings, year, area, sectors, provision_types)
        out["openings"] = {"homes": o["homes_opened"], "places": o["places_opened"]}
        out["closures"] = {"homes": o["homes_closed"], "places": o["places_closed"]}
    return out
