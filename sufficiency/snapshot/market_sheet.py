"""The snapshot's market sheets: concentration, its trend, the largest owners and openings.

Built with :mod:`sufficiency.present.market`, the same functions as the market view, for
the snapshot's area (its footprint, else the area of the filter panel or the open profile's
LA) and year. Owners appear only as owners' aggregates; shares are in per cent.
"""

from __future__ import annotations

import pandas as pd

from ..present import market as pm
from .common import Area, _finish

#: Sheet names, in order (new sheets: the existing ones are unchanged).
SHEETS = ("Market", "Market trend", "Market owners", "Market openings")


def _formats(frame: pd.DataFrame) -> dict:
    """Number format kind of each numeric column, from its heading."""
    out = {}
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]) or col == "Value":
            continue
        name = str(col)
        out[col] = ("year" if name == "Year" else "points" if "percentage points" in name
                    else "pct" if name.endswith("(%)") else "count")
    return out


def market_view(data, state, area: Area) -> pm.MarketView:
    """The market view of the snapshot's ``area`` (its code and year replace the state's)."""
    if area.level == "footprint":
        return pm.market_view(state.with_(year=area.year), data)
    return pm.market_view(state.with_(area=area.code, year=area.year, footprint=None, footprint_name=None), data)


def owners_frame(view: pm.MarketView, data) -> pd.DataFrame:
    """The largest owners of the area and of England, one table: Scope first; in the area's
    rows, whether the owner is over the view's threshold ("difficult to replace" candidate)."""
    area = pm.largest_table(view, data)
    if area.empty:
        return area
    over = set(pm.candidates(view, data)["owner"])
    owner = pm.LABELS["owner"].label
    area.insert(0, "Scope", view.area.name)
    area.insert(3, f"Over {view.threshold:.0%} of the area's places", ["yes" if o in over else "" for o in area[owner]])
    frames = [area]
    if view.area.kind != "country":
        england = pm.largest_table(view, data, england=True)
        england.insert(0, "Scope", "England")
        frames.append(england)
    return pd.concat(frames, ignore_index=True)


def market_tables(data, state, area: Area) -> dict[str, pd.DataFrame]:
    """The market sheets of the snapshot (:data:`SHEETS`), each with its title and formats."""
    view = market_view(data, state, area)
    where = f"{view.area.name}, 31 March {view.year}"
    head = pm.headline(view, data).drop(columns=["key"])
    if head.empty:
        first = view.owner_years[0] if view.owner_years else 2018
        head = pd.DataFrame({"Measure": ["Owners"], "Value": ["not published"], "Unit": [""], "Band": [""], "Basis": [""],
                             "Covers": [f"not published: Ofsted names owners from {first}"]})
    trend = pm.trend_table(view, data) if view.sectors else pd.DataFrame()
    owners = owners_frame(view, data)
    openings = pm.openings_table(view, data)
    return {
        "Market": _finish(head, f"Concentration of registered places (derived from Ofsted's lists): {where}",
                          _formats(head)),
        "Market trend": _finish(trend, f"Owners, HHI and the largest owners' shares by year: {view.area.name}",
                                _formats(trend)),
        "Market owners": _finish(owners, f"The {pm.LARGEST} largest owners, {where}, and in England"
                                 + (f"; change since {view.baseline}" if view.baseline else ""), _formats(owners)),
        "Market openings": _finish(openings, f"Homes and places opened and closed by year and sector: "
                                   f"{view.area.name}", _formats(openings)),
    }
