"""Scenario planner: add or remove registered places in an LA or a region (optionally of
one sector) and re-run the flow model with the baseline's calibrated parameters.

``run_scenario`` is pure: it returns the baseline and scenario ``FlowResult``, a table of
before and after figures for the affected LAs, their region(s) and England, and the answer
in children (``children``): how many more (or fewer) of each area's children in children's
homes would be placed inside their own LA, within 20 miles and more than 50 miles from home,
and the change in the gap, each change with its plausible range (``sufficiency.flows.ranges``:
the same change under each decay form and with every LA's own share at the ends of its
range). With ``footprint`` (a set of LA codes) a row for the footprint is added; with
``area_code`` ``FOOTPRINT`` ("footprint") the places are shared among the footprint's LAs in
proportion to their places, as for a region.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from .candidates import DEFAULT_MODEL, candidate
from .children import counts
from .model import ALL_SECTORS, DEFAULT_FORM, FlowResult, run_year, year_inputs
from .ranges import variants
from .summaries import within_masses

FOOTPRINT = "footprint"
#: Modelled children counts of the answer in children, each with the change's range.
CHILDREN_FIGURES = ("inside_own_la", "within_20", "over_50", "within_area", "outside_area", "from_elsewhere")


@dataclass(frozen=True)
class ScenarioResult:
    before: FlowResult
    after: FlowResult
    delta: pd.Series  # places added (negative: removed) per LA code
    table: pd.DataFrame  # area_code, level, places, children, gap, shares, before and after
    children: pd.DataFrame = field(default_factory=pd.DataFrame)  # the answer in children, with ranges


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to ``weights`` adding up to ``total``."""
    w = np.asarray(weights, dtype=float)
    if total == 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=int)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    short = total - out.sum()
    out[np.argsort(-(raw - out), kind="stable")[:short]] += 1
    return out


def allocate_places(data, year: int, area_code: str, delta_places: int, sectors=ALL_SECTORS, sector: str | None = None,
                    model: str = DEFAULT_MODEL, members=None) -> pd.Series:
    """Places added (or removed, if negative) per LA of ``area_code`` (an LA or a region), or
    of ``members`` (LA codes of ``year``: a footprint) when given.

    A region's (or footprint's) change is shared between its LAs in proportion to their places
    of ``sector`` (or of the chosen ``sectors`` if ``sector`` is None), equally when it has none;
    removals never take an LA below zero places of that kind (places the ``model`` counts:
    without short-break-only homes when it leaves them out).
    """
    las = data.las_in_year(year)
    if members is not None:
        known = set(las["code"])
        members = sorted(c for c in dict.fromkeys(members) if c in known)
        if not members:
            raise KeyError(f"none of the footprint's LAs is an LA of {year}")
    elif area_code in set(las["code"]):
        members = [area_code]
    else:
        members = sorted(las.loc[las["region_code"] == area_code, "code"])
        if not members:
            raise KeyError(f"{area_code} is neither an LA nor a region of {year}")
    kinds = [sector] if sector else list(sectors)
    table = year_inputs(data, year, candidate(model)).places
    existing = table.reindex(index=members, fill_value=0.0)[kinds].sum(axis=1).to_numpy(dtype=float)
    n = int(round(delta_places))
    if n >= 0:
        weights = existing if existing.sum() > 0 else np.ones(len(members))
        return pd.Series(_largest_remainder(n, weights), index=members, dtype=float)
    removed = _largest_remainder(min(-n, int(existing.sum())), existing)
    removed = np.minimum(removed, existing.astype(int))
    return pd.Series(-removed, index=members, dtype=float)


def _summary(result: FlowResult, areas: list[str]) -> pd.DataFrame:
    codes = np.asarray(result.codes)
    regions = np.asarray(result.region_codes)
    children = result.origins["children"].to_numpy(dtype=float)
    places_ = result.places.to_numpy(dtype=float)
    near = within_masses(result, [20.0, 50.0]).to_numpy()
    rows = {}
    for area in areas:
        if area == ENGLAND_CODE:
            sel, level = np.ones(len(codes), dtype=bool), "country"
        elif area in regions and area not in codes:
            sel, level = regions == area, "region"
        else:
            sel, level = codes == area, "la"
        c, p = children[sel].sum(), places_[sel].sum()
        rows[area] = {
            "level": level,
            "places": p,
            "children": c,
            "gap": c - p,
            "share_over_20": 1.0 - near[sel, 0].sum() / c if c > 0 else np.nan,
            "share_over_50": 1.0 - near[sel, 1].sum() / c if c > 0 else np.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _members(before: FlowResult, area: str) -> list[str]:
    regions = pd.Series(before.region_codes, index=before.codes)
    if area == ENGLAND_CODE:
        return list(before.codes)
    if area in before.codes:
        return [area]
    return list(regions.index[regions == area])


def _children_table(data, year, areas, footprint, delta, sectors, sector, form, model, before, after, levels,
                    ranges: bool) -> pd.DataFrame:
    """The answer in children: before, after and change of each count, with the change's range."""
    groups = {a: _members(before, a) for a in areas}
    if footprint:
        groups[FOOTPRINT] = list(dict.fromkeys(footprint))
    runs = [(before, after)]
    if ranges:
        for f, share in variants(model, "la"):
            b = run_year(data, year, sectors=sectors, form=f, model=model, own_share=share)
            a = run_year(data, year, sectors=sectors, form=f, model=model, own_share=share, places_delta=delta,
                         params=b.params, delta_sector=sector)
            runs.append((b, a))
    rows = []
    for area, members in groups.items():
        c_b, c_a = counts(before, members), counts(after, members)
        row = {"area_code": area, "level": levels.get(area, FOOTPRINT), "children": c_b["children"]}
        for fig in ("places", "gap"):
            row[f"{fig}_before"], row[f"{fig}_after"] = c_b[fig], c_a[fig]
            row[f"{fig}_change"] = c_a[fig] - c_b[fig]
        changes = {fig: [] for fig in CHILDREN_FIGURES}
        afters = {fig: [] for fig in CHILDREN_FIGURES}
        for b, a in runs[1:]:
            vb, va = counts(b, members), counts(a, members)
            for fig in CHILDREN_FIGURES:
                changes[fig].append(va[fig] - vb[fig])
                afters[fig].append(va[fig])
        for fig in CHILDREN_FIGURES:
            change = c_a[fig] - c_b[fig]
            row[f"{fig}_before"], row[f"{fig}_after"], row[f"{fig}_change"] = c_b[fig], c_a[fig], change
            row[f"{fig}_change_low"] = min([change, *changes[fig]])
            row[f"{fig}_change_high"] = max([change, *changes[fig]])
            row[f"{fig}_after_low"] = min([c_a[fig], *afters[fig]])
            row[f"{fig}_after_high"] = max([c_a[fig], *afters[fig]])
        rows.append(row)
    out = pd.DataFrame(rows)
    out["basis"] = "modelled"
    return out


def run_scenario(
    data,
    year: int,
    area_code: str,
    delta_places: int,
    sectors=ALL_SECTORS,
    sector: str | None = None,
    form: str = DEFAULT_FORM,
    model: str = DEFAULT_MODEL,
    footprint=None,
    ranges: bool = True,
) -> ScenarioResult:
    """Before and after adding ``delta_places`` places (negative: removing) in ``area_code``.

    ``sectors`` are the sectors modelled (as in ``run_year``); ``sector`` is the sector of the
    places added or removed (None: in proportion to the chosen sectors' places). A change in a
    sector outside ``sectors`` changes nothing. The parameters are the baseline's calibrated values.
    The table has one row per affected LA, then their region(s), then England, with
    ``<figure>_before``, ``<figure>_after`` and ``<figure>_change`` for places, children
    (modelled origins in the chosen sectors), gap (children minus places) and the modelled
    shares (0-1) over 20 and 50 miles from home, by home area.

    ``children`` (the answer in children) has the same rows, plus one for ``footprint`` (LA
    codes) if given: ``children``; ``places`` and ``gap`` before / after / change (derived, no
    range); for each of ``CHILDREN_FIGURES`` (modelled children: placed inside their own LA,
    within 20 miles, more than 50 miles from home, within / outside the area, other areas'
    children in its homes) ``_before``, ``_after``, ``_change``, ``_change_low``,
    ``_change_high``, ``_after_low``, ``_after_high``. ``ranges=False`` skips the ranges
    (low = high = the central change).
    """
    before = run_year(data, year, sectors=sectors, form=form, model=model)
    in_footprint = area_code == FOOTPRINT
    if in_footprint and not footprint:
        raise ValueError("places added in a footprint need the footprint's LA codes")
    if sector is not None and sector not in before.sectors:
        delta = pd.Series(dtype=float)
    else:
        delta = allocate_places(data, year, area_code, delta_places, before.sectors, sector, model,
                                members=footprint if in_footprint else None)
    after = run_year(data, year, sectors=sectors, form=form, places_delta=delta, model=model, params=before.params,
                     delta_sector=sector)
    regions = pd.Series(before.region_codes, index=before.codes)
    las = [c for c in delta.index if c in regions.index] or ([area_code] if area_code in regions.index else [])
    if in_footprint and not las:
        las = [c for c in dict.fromkeys(footprint) if c in regions.index]
    named = [] if in_footprint or area_code in regions.index or area_code in regions[las].values else [area_code]
    areas = las + sorted(set(regions[las])) + named + [ENGLAND_CODE]
    areas = list(dict.fromkeys(areas))
    b, a = _summary(before, areas), _summary(after, areas)
    table = pd.DataFrame({"area_code": areas, "level": b["level"].to_numpy()})
    for col in ("places", "children", "gap", "share_over_20", "share_over_50"):
        table[f"{col}_before"] = b[col].to_numpy(dtype=float)
        table[f"{col}_after"] = a[col].to_numpy(dtype=float)
        table[f"{col}_change"] = table[f"{col}_after"] - table[f"{col}_before"]
    table["basis"] = "modelled"
    levels = dict(zip(table["area_code"], table["level"]))
    children = _children_table(data, year, areas, footprint, delta, sectors, sector, form, model, before, after,
                               levels, ranges)
    return ScenarioResult(before=before, after=after, delta=delta, table=table, children=children)
