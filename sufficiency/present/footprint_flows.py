"""A footprint's children in the distance view and the snapshot: how many of its children in
children's homes are placed in its own homes and how many outside it (modelled, with ranges),
and the numerical-insufficiency test (could its homes hold all its children if every place
were free? derived from observed counts), in words and as a table."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import flows
from ..flows.children import LABELS
from ..flows.labels import CH_MODELLED
from . import flow_text as ft
from .areas import chosen, members_in_year

#: Rows of the footprint table: ``flows.footprint`` key -> what it is.
ROWS = ("children", "places", "within_area", "outside_area", "share_outside_area", "from_elsewhere", "inside_own_la",
        "within_20", "over_50", "shortfall")
BASIS = {"children": "observed (imputed where suppressed)", "places": "observed", "shortfall": "derived"}
COVERS = {"places": "registered places in children's homes, not short-break only (Ofsted)", "shortfall":
          "children in children's homes from the footprint, and places"}


@lru_cache(maxsize=64)
def _footprint(data, year: int, codes: tuple, sectors: tuple) -> dict:
    return flows.footprint(data, int(year), list(codes), sectors=sectors)


def footprint_flows(data, state) -> dict | None:
    """``flows.footprint`` of the view's footprint (its LAs in the state's year), or None."""
    area = chosen(state, data)
    if not area.is_footprint or not state.sectors:
        return None
    codes = tuple(members_in_year(area, state.year, data))
    if not codes:
        return None
    try:
        return _footprint(data, int(state.year), codes, tuple(state.sectors))
    except (KeyError, ValueError):
        return None


def sufficiency_sentence(fp: dict, name: str) -> str:
    """The numerical-insufficiency test in plain words (derived)."""
    children, places = ft.children_text(fp["children"]), f"{round(fp['places']):,}"
    head = (f"{name} has {places} registered places in children's homes (not short-break only) and "
            f"{children} of its own children living in children's homes.")
    if fp["numerically_sufficient"]:
        return (head + " Even if every place were free it has enough places to place all its children locally: it "
                "is numerically sufficient (derived, 31 March). Places are not all free, and a free place may not "
                "suit the child who needs it.")
    return (head + f" Even if every place were free, about {ft.children_text(fp['shortfall'])} of its children "
            "would have to be placed outside it: it is numerically insufficient (derived, 31 March).")


def placed_sentence(fp: dict, name: str) -> str:
    """Where the footprint's children are placed, inside vs outside it (modelled)."""
    return (f"Of {name}'s {ft.children_text(fp['children'])} children in children's homes, "
            f"{ft.children_text(fp['within_area'], fp['within_area_low'], fp['within_area_high'])} are placed in "
            f"homes inside the footprint and "
            f"{ft.children_text(fp['outside_area'], fp['outside_area_low'], fp['outside_area_high'])} outside it, "
            f"in other areas' homes: {ft.pct_range(fp['share_outside_area'], fp['share_outside_area_low'], fp['share_outside_area_high'])}"
            f" placed outside. Figures for {CH_MODELLED}, with plausible ranges in brackets.")


def footprint_frame(fp: dict) -> pd.DataFrame:
    """The footprint's figures, one row each: Figure, Value, Low, High (whole children, or % for
    the share), In words, Basis, Covers."""
    rows = []
    for key in ROWS:
        label = "Placed outside the footprint (%)" if key == "share_outside_area" else LABELS[key].split(":")[0]
        label = label.replace("the area's", "the footprint's").replace("the area", "the footprint")
        v, lo, hi = fp[key], fp.get(f"{key}_low"), fp.get(f"{key}_high")
        if key == "share_outside_area":
            value, low, high = (round(x * 100, 1) for x in (v, lo, hi))
            text = ft.pct_range(v, lo, hi)
        else:
            value = round(v)
            low = None if lo is None else int(ft.change_bounds(v, lo, hi)[0])
            high = None if hi is None else int(ft.change_bounds(v, lo, hi)[1])
            text = ft.children_text(v, lo, hi)
        basis = BASIS.get(key, "modelled")
        rows.append({"Figure": label, "Value": value, "Low": low, "High": high, "In words": text, "Basis": basis,
                     "Covers": COVERS.get(key, "children in children's homes from the footprint" +
                                          (" (modelled)" if basis == "modelled" else " (DfE FOI)"))})
    rows.append({"Figure": "Numerically sufficient: at least as many places as children, if every place were free",
                 "Value": None, "Low": None, "High": None, "In words": "yes" if fp["numerically_sufficient"] else "no",
                 "Basis": "derived", "Covers": COVERS["shortfall"]})
    return pd.DataFrame(rows)
