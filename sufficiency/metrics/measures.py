"""The map measures: what each one means, its unit, and how it is computed.

Every measure is computed for LAs, regions and England from the same counts, so a
region's value is never an average of its LAs' rates. Supply counts follow the chosen
sectors and provision types; demand comes from the DfE (observed) figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SUPPLY_KEYS = ("homes", "places")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # shown in legends and hover
    diverging: bool = False
    needs_baseline: bool = False
    higher_is: str = "neutral"  # "more supply", "more need" or "neutral": for words, not colour
    source: str = "observed"  # "observed" (published), "derived" (computed from published counts), "modelled"
    note: str = ""


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("homes", "Children's homes", "homes", higher_is="more supply"),
        Measure("places", "Registered places", "places", higher_is="more supply"),
        Measure(
            "places_per_10k",
            "Registered places per 10,000 children aged 0-17",
            "places per 10,000 children",
            source="derived",
        ),
        Measure("cla_per_10k", "Children looked after per 10,000 children aged 0-17", "per 10,000 children"),
        Measure(
            "ch_children",
            "Children from this LA living in children's homes",
            "children",
            note="DfE FOI 2024-0040813 (children's homes); 2025: DfE secure homes and children's homes",
        ),
        Measure(
            "gap",
            "Gap: this LA's children in children's homes minus places in the LA",
            "children minus places",
            diverging=True,
            source="derived",
            note="Positive: more of the LA's children live in children's homes than there are places in the LA",
        ),
        Measure("gap_per_10k", "Gap per 10,000 children aged 0-17", "per 10,000 children", diverging=True, source="derived"),
        Measure(
            "pct_over_20_miles",
            "Children looked after placed more than 20 miles from home",
            "% of children looked after",
        ),
        Measure("pct_good_or_better", "Homes rated good or outstanding", "% of inspected homes", source="derived"),
        Measure("pct_ri_or_inadequate", "Homes rated requires improvement or inadequate", "% of inspected homes", source="derived"),
        Measure("homes_change", "Change in children's homes", "homes", diverging=True, needs_baseline=True, source="derived"),
        Measure("places_change", "Change in registered places", "places", diverging=True, needs_baseline=True, source="derived"),
        Measure("pct_outside_la", "Observed: children looked after placed outside the LA", "% of children looked after"),
        Measure(
            "ch_pct_outside_la",
            "Observed: children in children's homes placed outside the LA",
            "% of children in children's homes",
            note="DfE FOI 2024-0040813 (children's homes), 2014 to 2024",
        ),
        Measure(
            "ch_net_gain",
            "Observed: net gain of children in children's homes",
            "children",
            diverging=True,
            note="DfE FOI 2024-0040813: other LAs' children placed in the LA's homes minus the LA's children placed "
                 "in homes elsewhere",
        ),
        Measure(
            "modelled_over_20_miles",
            "Modelled: share placed more than 20 miles",
            "% of children in children's homes (modelled)",
            source="modelled",
            note="Modelled by the placement-flow model for the sectors chosen, by the child's home LA; not a published "
                 "figure",
        ),
        Measure(
            "modelled_over_50_miles",
            "Modelled: share placed more than 50 miles",
            "% of children in children's homes (modelled)",
            source="modelled",
            note="Modelled by the placement-flow model for the sectors chosen, by the child's home LA; no published "
                 "table has an over-50-miles band",
        ),
    )
}

#: Measures the placement-flow model gives (``sufficiency.metrics.modelled``), not ``compute``.
MODELLED = tuple(k for k, m in MEASURES.items() if m.source == "modelled")

GRADED = ("outstanding", "good", "requires_improvement", "inadequate")


def supply_counts(supply: pd.DataFrame, year: int, sectors, provision_types, by: str = "la_code") -> pd.DataFrame:
    """Homes, places and grade counts for one year, chosen sectors and provision types."""
    sel = supply[
        (supply["year"] == year) & supply["sector"].isin(list(sectors)) & supply["provision_type"].isin(list(provision_types))
    ]
    cols = ["homes", "places", *[f"homes_{g}" for g in GRADED]]
    return sel.groupby(by)[cols].sum()


def _demand(table: pd.DataFrame, year: int, key: str) -> pd.DataFrame:
    return table[table["year"] == year].set_index(key)


def _ch_children(demand: pd.DataFrame) -> pd.Series:
    ch = demand.get("ch_children")
    fallback = demand.get("cla_ch")
    if ch is None:
        return fallback if fallback is not None else pd.Series(np.nan, index=demand.index)
    return ch.where(ch.notna(), fallback) if fallback is not None else ch


def compute(
    measure: str,
    *,
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    year: int,
    sectors,
    provision_types,
    level: str = "la",
    baseline_year: int | None = None,
) -> pd.Series:
    """Values of ``measure`` for every area of ``level`` ('la', 'region' or 'country').

    ``demand`` is ``la_year`` for LAs, ``region_year`` for regions and England; supply is
    always the ``supply`` table, summed to the level asked.
    """
    if measure not in MEASURES:
        raise KeyError(f"unknown measure '{measure}'")
    if measure in MODELLED:
        raise ValueError(f"'{measure}' is modelled: use sufficiency.metrics.modelled.modelled_values")
    if level == "la":
        key, sup_by = "la_code", "la_code"
        dem = _demand(demand, year, key)
        sup = supply_counts(supply, year, sectors, provision_types, sup_by).reindex(dem.index, fill_value=0)
    else:
        key = "area_code"
        dem = _demand(demand[demand["level"] == ("region" if level == "region" else "country")], year, key)
        if level == "region":
            sup = supply_counts(supply, year, sectors, provision_types, "region_code")
        else:
            s = supply_counts(supply, year, sectors, provision_types, "year")
            sup = s.reindex([year], fill_value=0).set_axis(dem.index[:1]) if len(dem) else s
        sup = sup.reindex(dem.index, fill_value=0)

    pop = dem.get("population_0_17")
    if measure in ("homes", "places"):
        out = sup[measure].astype(float)
    elif measure == "places_per_10k":
        out = sup["places"] / pop * 10_000
    elif measure == "cla_per_10k":
        out = dem["cla"] / pop * 10_000
    elif measure == "ch_children":
        out = _ch_children(dem)
    elif measure in ("gap", "gap_per_10k"):
        out = _ch_children(dem) - sup["places"]
        if measure == "gap_per_10k":
            out = out / pop * 10_000
    elif measure == "pct_over_20_miles":
        out = dem["cla_over_20_miles"] / dem["cla"] * 100 if level != "la" else dem["cla_pct_over_20_miles"]
    elif measure in ("pct_outside_la", "ch_pct_outside_la"):
        out = dem["cla_pct_outside_la" if measure == "pct_outside_la" else "ch_pct_outside_la"]
    elif measure == "ch_net_gain":
        out = dem["ch_net_gain"]
    elif measure in ("pct_good_or_better", "pct_ri_or_inadequate"):
        graded = sup[[f"homes_{g}" for g in GRADED]].sum(axis=1)
        part = ("outstanding", "good") if measure == "pct_good_or_better" else ("requires_improvement", "inadequate")
        out = sup[[f"homes_{g}" for g in part]].sum(axis=1) / graded.replace(0, np.nan) * 100
    elif measure in ("homes_change", "places_change"):
        if baseline_year is None:
            raise ValueError("a change needs a baseline year")
        base = compute(
            measure.removesuffix("_change"),
            supply=supply,
            demand=demand,
            year=baseline_year,
            sectors=sectors,
            provision_types=provision_types,
            level=level,
        )
        now = sup[measure.removesuffix("_change")].astype(float)
        out = now - base.reindex(now.index)
    else:  # pragma: no cover - guarded by MEASURES
        raise KeyError(measure)
    return pd.Series(np.asarray(out, dtype=float), index=dem.index, name=measure)
