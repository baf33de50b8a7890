"""Scenario planner: add or remove registered places in an LA or a region (optionally of
one sector) and re-run the flow model with the calibrated decay parameter.

``run_scenario`` is pure: it returns the baseline and scenario ``FlowResult`` and a table of
before and after figures for the affected LAs, their region(s) and England.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from .inputs import PROVISION_TYPE
from .model import ALL_SECTORS, DEFAULT_FORM, FlowResult, run_year
from .summaries import share_over


@dataclass(frozen=True)
class ScenarioResult:
    before: FlowResult
    after: FlowResult
    delta: pd.Series  # places added (negative: removed) per LA code
    table: pd.DataFrame  # area_code, level, places, children, gap, shares, before and after


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


def allocate_places(data, year: int, area_code: str, delta_places: int, sectors=ALL_SECTORS, sector: str | None = None) -> pd.Series:
    """Places added (or removed, if negative) per LA of ``area_code`` (an LA or a region).

    A region's change is shared between its LAs in proportion to their places of ``sector``
    (or of the chosen ``sectors`` if ``sector`` is None), equally when it has none; removals
    never take an LA below zero places of that kind.
    """
    las = data.las_in_year(year)
    if area_code in set(las["code"]):
        members = [area_code]
    else:
        members = sorted(las.loc[las["region_code"] == area_code, "code"])
        if not members:
            raise KeyError(f"{area_code} is neither an LA nor a region of {year}")
    kinds = [sector] if sector else list(sectors)
    s = data.supply
    sel = s[(s["year"] == year) & (s["provision_type"] == PROVISION_TYPE) & s["sector"].isin(kinds)]
    existing = sel.groupby("la_code")["places"].sum().reindex(members, fill_value=0).to_numpy(dtype=float)
    n = int(round(delta_places))
    if n >= 0:
        weights = existing if existing.sum() > 0 else np.ones(len(members))
        return pd.Series(_largest_remainder(n, weights), index=members, dtype=float)
    removed = _largest_remainder(min(-n, int(existing.sum())), existing)
    removed = np.minimum(removed, existing.astype(int))
    return pd.Series(-removed, index=members, dtype=float)


def _summary(result: FlowResult, areas: list[str]) -> pd.DataFrame:
    codes = result.codes
    regions = pd.Series(result.region_codes, index=codes)
    children = result.origins["children"]
    per_la = pd.DataFrame({"places": result.places, "children": children})
    shares = {(by, m): share_over(result, m, by) for by in ("england", "region", "la") for m in (20, 50)}
    rows = {}
    for area in areas:
        if area == ENGLAND_CODE:
            sel, level, by = codes, "country", "england"
        elif area in regions.values and area not in codes:
            sel, level, by = list(regions.index[regions == area]), "region", "region"
        else:
            sel, level, by = [area], "la", "la"
        p, c = per_la.loc[sel, "places"].sum(), per_la.loc[sel, "children"].sum()
        rows[area] = {
            "level": level,
            "places": p,
            "children": c,
            "gap": c - p,
            "share_over_20": shares[(by, 20)].get(area, np.nan),
            "share_over_50": shares[(by, 50)].get(area, np.nan),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def run_scenario(
    data,
    year: int,
    area_code: str,
    delta_places: int,
    sectors=ALL_SECTORS,
    sector: str | None = None,
    form: str = DEFAULT_FORM,
) -> ScenarioResult:
    """Before and after adding ``delta_places`` places (negative: removing) in ``area_code``.

    ``sectors`` are the sectors modelled (as in ``run_year``); ``sector`` is the sector of the
    places added or removed (None: in proportion to the chosen sectors' places). A change in a
    sector outside ``sectors`` changes nothing. The decay is the baseline's calibrated value.
    The table has one row per affected LA, then their region(s), then England, with
    ``<figure>_before``, ``<figure>_after`` and ``<figure>_change`` for places, children
    (modelled origins in the chosen sectors), gap (children minus places) and the modelled
    shares (0-1) over 20 and 50 miles from home, by home area.
    """
    before = run_year(data, year, sectors=sectors, form=form)
    if sector is not None and sector not in before.sectors:
        delta = pd.Series(dtype=float)
    else:
        delta = allocate_places(data, year, area_code, delta_places, before.sectors, sector)
    after = run_year(data, year, sectors=sectors, form=form, places_delta=delta, decay=before.decay)
    regions = pd.Series(before.region_codes, index=before.codes)
    las = [c for c in delta.index if c in regions.index] or ([area_code] if area_code in regions.index else [])
    areas = las + sorted(set(regions[las])) + ([area_code] if area_code not in regions.index and area_code not in regions[las].values else []) + [ENGLAND_CODE]
    areas = list(dict.fromkeys(areas))
    b, a = _summary(before, areas), _summary(after, areas)
    table = pd.DataFrame({"area_code": areas, "level": b["level"].to_numpy()})
    for col in ("places", "children", "gap", "share_over_20", "share_over_50"):
        table[f"{col}_before"] = b[col].to_numpy(dtype=float)
        table[f"{col}_after"] = a[col].to_numpy(dtype=float)
        table[f"{col}_change"] = table[f"{col}_after"] - table[f"{col}_before"]
    table["basis"] = "modelled"
    return ScenarioResult(before=before, after=after, delta=delta, table=table)
