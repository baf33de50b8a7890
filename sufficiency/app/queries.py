"""Cached, pure computations behind the views: values, tables and headline figures.

Every function takes the data folder (a string) and plain hashable arguments, so results
are cached per (measure, year, sectors, provision types, level, baseline) with
``functools.lru_cache``. Returned frames are shared between callers: copy before changing.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, YEARS
from ..geography.reorganisations import REGION_NAMES
from ..metrics.measures import MEASURES, compute, supply_counts
from ..store import AppData, load

REGION_CODES = tuple(sorted(REGION_NAMES))


def data_of(folder: str) -> AppData:
    return load(folder)


def _demand(data: AppData, level: str) -> pd.DataFrame:
    return data.la_year if level == "la" else data.region_year


@lru_cache(maxsize=512)
def values(
    folder: str, measure: str, year: int, sectors: tuple, types: tuple, level: str = "la", baseline: int | None = None
) -> pd.Series:
    """``measure`` for every area of ``level`` (LA, region or country) in ``year``."""
    data = data_of(folder)
    if MEASURES[measure].source == "modelled":
        from ..metrics.modelled import modelled_values

        return modelled_values(data, measure, int(year), tuple(sectors), level)
    base = baseline if MEASURES[measure].needs_baseline else None
    supply = data.supply
    if level == "country" and not (sectors and types):
        # compute() cannot place an empty England total: give it one zero row to sum.
        zero = supply.iloc[:1].copy()
        zero.loc[:, zero.select_dtypes("number").columns.drop("year")] = 0
        zero["year"], zero["sector"], zero["provision_type"] = int(year), "none", "none"
        supply, sectors, types = pd.concat([supply, zero], ignore_index=True), ("none",), ("none",)
    return compute(
        measure, supply=supply, demand=_demand(data, level), year=int(year), sectors=list(sectors),
        provision_types=list(types), level=level, baseline_year=base,
    )


def has_values(series: pd.Series) -> bool:
    v = series.to_numpy(dtype=float)
    return bool(np.isfinite(v).any())


@lru_cache(maxsize=64)
def years_with(folder: str, measure: str) -> tuple[int, ...]:
    """The years in which ``measure`` has a value for at least one LA (all sectors and types)."""
    from ..vocab import PROVISION_TYPES, SECTORS

    out = []
    for year in YEARS:
        s = values(folder, measure, year, SECTORS, tuple(PROVISION_TYPES), "la", YEARS[0])
        if has_values(s) and not (MEASURES[measure].needs_baseline and year == YEARS[0]):
            out.append(year)
    return tuple(out)


def _counts(folder: str, year: int, sectors: tuple, types: tuple, by: str) -> pd.DataFrame:
    data = data_of(folder)
    return supply_counts(data.supply, int(year), list(sectors), list(types), by)


@lru_cache(maxsize=256)
def la_table(folder: str, measure: str, year: int, sectors: tuple, types: tuple, baseline: int) -> pd.DataFrame:
    """The table behind the LA map: code, name, region, value and the counts it comes from."""
    data = data_of(folder)
    vals = values(folder, measure, year, sectors, types, "la", baseline)
    las = data.la_year[data.la_year["year"] == year].set_index("la_code")
    counts = _counts(folder, year, sectors, types, "la_code").reindex(las.index, fill_value=0)
    names = data.la_names
    out = pd.DataFrame(
        {
            "LA code": las.index,
            "Local authority": [names.get(c, c) for c in las.index],
            "Region": [REGION_NAMES.get(r, r) for r in las["region_code"]],
            "Value": vals.reindex(las.index).round(2).to_numpy(),
            "Children's homes": counts["homes"].astype(int).to_numpy(),
            "Registered places": counts["places"].astype(int).to_numpy(),
        }
    )
    extra = _source_columns(measure, las, counts, folder, year, sectors, types, baseline)
    for col, series in extra.items():
        out[col] = np.asarray(series)
    return out.sort_values("Local authority", kind="stable").reset_index(drop=True)


def _source_columns(measure, dem, counts, folder, year, sectors, types, baseline) -> dict:
    """The counts each measure is computed from, beyond homes and places."""
    pop = dem["population_0_17"].round(0)
    ch = dem["ch_children"].where(dem["ch_children"].notna(), dem.get("cla_ch"))
    if measure in ("places_per_10k", "cla_per_10k", "gap_per_10k"):
        cols = {"Children aged 0-17": pop}
        if measure == "cla_per_10k":
            cols["Children looked after"] = dem["cla"]
        if measure == "gap_per_10k":
            cols["Children in children's homes"] = ch
        return cols
    if measure in ("ch_children", "gap"):
        return {"Children in children's homes": ch}
    if measure == "pct_over_20_miles":
        return {"Children looked after": dem["cla"], "Placed more than 20 miles from home": dem["cla_over_20_miles"]}
    if measure in ("pct_good_or_better", "pct_ri_or_inadequate"):
        graded = counts[[f"homes_{g}" for g in ("outstanding", "good", "requires_improvement", "inadequate")]]
        return {
            "Homes inspected and graded": graded.sum(axis=1).astype(int),
            "Good or outstanding": (graded["homes_outstanding"] + graded["homes_good"]).astype(int),
            "Requires improvement or inadequate": (
                graded["homes_requires_improvement"] + graded["homes_inadequate"]
            ).astype(int),
        }
    if measure in ("homes_change", "places_change"):
        what = measure.removesuffix("_change")
        base = values(folder, what, baseline, sectors, types, "la", None).reindex(dem.index)
        label = "Children's homes" if what == "homes" else "Registered places"
        return {f"{label} in {baseline}": base}
    return {}


@lru_cache(maxsize=256)
def headline(folder: str, area: str, year: int, sectors: tuple, types: tuple) -> dict:
    """Homes, places, places per 10,000, children looked after and the gap for one area."""
    data = data_of(folder)
    if area == ENGLAND_CODE:
        level = "country"
    elif area in REGION_NAMES:
        level = "region"
    else:
        level = "la"
    out = {}
    for key in ("homes", "places", "places_per_10k", "gap"):
        s = values(folder, key, year, sectors, types, level, None)
        out[key] = float(s.get(area, np.nan))
    if level == "la":
        row = data.la_year[(data.la_year["year"] == year) & (data.la_year["la_code"] == area)]
    else:
        row = data.region_year[(data.region_year["year"] == year) & (data.region_year["area_code"] == area)]
    out["cla"] = float(row["cla"].iloc[0]) if len(row) and pd.notna(row["cla"].iloc[0]) else np.nan
    out["level"] = level
    return out


@lru_cache(maxsize=128)
def region_supply_series(folder: str, sectors: tuple, types: tuple) -> pd.DataFrame:
    """Homes and places by region and year (the sectors and types chosen), with England."""
    data = data_of(folder)
    sel = data.supply[data.supply["sector"].isin(list(sectors)) & data.supply["provision_type"].isin(list(types))]
    grid = pd.MultiIndex.from_product([YEARS, REGION_CODES], names=["year", "region_code"])
    by = sel.groupby(["year", "region_code"])[["homes", "places"]].sum().reindex(grid, fill_value=0).reset_index()
    total = by.groupby("year")[["homes", "places"]].transform("sum")
    by["share_homes"] = (by["homes"] / total["homes"].replace(0, np.nan) * 100).round(2)
    by["region"] = by["region_code"].map(REGION_NAMES)
    return by


@lru_cache(maxsize=128)
def region_change(folder: str, baseline: int, year: int, sectors: tuple, types: tuple) -> pd.DataFrame:
    """Homes and places by region in ``baseline`` and ``year``: change and % change."""
    s = region_supply_series(folder, sectors, types)
    rows = []
    for code in REGION_CODES + (ENGLAND_CODE,):
        pick = s if code == ENGLAND_CODE else s[s["region_code"] == code]
        before = pick[pick["year"] == baseline][["homes", "places"]].sum()
        after = pick[pick["year"] == year][["homes", "places"]].sum()
        row = {"region_code": code, "region": REGION_NAMES.get(code, "England")}
        for what in ("homes", "places"):
            b, a = int(before[what]), int(after[what])
            row[f"{what}_{baseline}"] = b
            row[f"{what}_{year}"] = a
            row[f"{what}_change"] = a - b
            row[f"{what}_pct_change"] = round((a - b) / b * 100, 1) if b else np.nan
        rows.append(row)
    return pd.DataFrame(rows)
