"""The demand table: children looked after, by LA (reporting geography) and year, 2014-2025.

One row per LA of each year's geography. Each measure is a float (NaN where missing) with
a ``<measure>_flag`` column holding DfE's code ('c', 'k', 'x', 'z') or the reason it is
missing ('not published', 'not derivable', 'not in panel'). For each year and measure
one source is used (``SOURCES``, first that covers the year); an LA absent from it is
'not published'. Derived measures carry the flags of their inputs.

``demand_source`` is "official" unless some values in the row come from Goodair et al.'s
research panel (2018-2020), in which case it names those measures.

In 2019, 2021 and 2023 DfE reports the councils in force at 31 March, which were merged
or split that April; their figures are apportioned to the year's councils
(``sufficiency/sources/dfe_areas.py``), flagged ``'estimate'``, and ``apportioned_from``
names the predecessor(s) and method (empty otherwise). Percentages and rates of those rows
are then recomputed from the apportioned counts where both counts are present
(:data:`RATIOS`); otherwise they keep what the apportionment gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import YEARS
from ..provenance import Provenance
from ..sources import dfe_cla, dfe_foi, dfe_netgain, dfe_sfr, ons_population, research_panel
from ..sources.dfe_areas import APPORTIONED_FROM, geography
from ..sources.dfe_national import national_distance
from ..sources.dfe_values import ESTIMATE, pct_flagged, sum_flagged
from .demand_schemas import DEMAND_SCHEMA, DFE_PUBLISHED_SCHEMA, MEASURES

NOT_PUBLISHED = "not published"
OFFICIAL = "official"
RESEARCH = research_panel.SOURCE_LABEL
CH_DEFINITION = "secure homes and children's homes (DfE LA characteristics)"

#: measure -> sources in order of preference (first covering the year wins)
SOURCES = {
    "cla": ("rates", "sfr", "panel"),
    "cla_rate_per_10k": ("rates",),
    "cla_ch": ("cla", "sfr"),
    "ch_children": ("foi",),
    "ch_placed_outside_la": ("foi",),
    "ch_pct_outside_la": ("foi",),
    "ch_net_gain": ("foi",),
    "cla_outside_la": ("cla", "sfr"),
    "cla_pct_outside_la": ("cla", "sfr"),
    "cla_over_20_miles": ("cla", "sfr", "panel"),
    "cla_pct_over_20_miles": ("cla", "sfr", "panel"),
    "cla_net_gain": ("netgain", "sfr"),
    "cla_uasc": ("cla", "sfr"),
}
#: percentage or rate -> (numerator, denominator, scale), recomputed on apportioned rows
RATIOS = {
    "cla_pct_over_20_miles": ("cla_over_20_miles", "cla", 100.0),
    "cla_pct_outside_la": ("cla_outside_la", "cla", 100.0),
    "ch_pct_outside_la": ("ch_placed_outside_la", "ch_children", 100.0),
    "cla_rate_per_10k": ("cla", "population_0_17", 10000.0),
}
POPULATION_SOURCES = {
    "rates": "DfE CLA rate file (ONS mid-year estimate for the year before)",
    "ons": "ONS mid-year estimate for the year before",
}


@dataclass
class DemandTables:
    demand: pd.DataFrame
    dfe_published: pd.DataFrame  # DfE's national and regional rows (rounded to 10)


def read_sources(raw_root: Path, provenance: Provenance) -> dict[str, pd.DataFrame]:
    """Every demand-side source as a long frame, by short name."""
    return {
        "sfr": dfe_sfr.read_sfr(raw_root, provenance),
        "cla": dfe_cla.read_characteristics(raw_root, provenance),
        "rates": dfe_cla.read_rates(raw_root, provenance),
        "foi": dfe_foi.read_foi(raw_root, provenance),
        "netgain": dfe_netgain.read_netgain(raw_root, provenance),
        "panel": research_panel.read_panel(raw_root, provenance),
        "ons": ons_population.read_population(raw_root, provenance),
    }


def _grid() -> pd.MultiIndex:
    pairs = [(y, code) for y in YEARS for code in geography(y)]
    return pd.MultiIndex.from_tuples(pairs, names=["year", "la_code"])


def _wide(long: pd.DataFrame, grid: pd.MultiIndex) -> tuple[dict[str, tuple[pd.Series, pd.Series]], dict[str, pd.Series]]:
    """LA rows of one source: measure -> (values, flags) on ``grid`` (NaN where absent),
    and measure -> ``apportioned_from`` note (NaN where not apportioned)."""
    la = long[(long["level"] == "la") & long["year"].isin(YEARS)].rename(columns={"area_code": "la_code"})
    if APPORTIONED_FROM not in la:
        la = la.assign(**{APPORTIONED_FROM: np.nan})
    out, notes = {}, {}
    for measure, grp in la.groupby("measure"):
        g = grp.set_index(["year", "la_code"])
        out[measure] = (g["value"].reindex(grid), g["flag"].reindex(grid).astype(object))
        notes[measure] = g[APPORTIONED_FROM].reindex(grid).astype(object)
    return out, notes


def _recompute_ratios(out: pd.DataFrame) -> None:
    """Percentages and rates of apportioned rows from their (apportioned) counts, in place."""
    for measure, (num, den, scale) in RATIOS.items():
        est = out[f"{num}_flag"].eq(ESTIMATE) | out[f"{den}_flag"].eq(ESTIMATE)
        ok = est & out[num].notna() & out[den].notna() & (out[den] > 0)
        out.loc[ok, measure] = out.loc[ok, num] / out.loc[ok, den] * scale
        out.loc[ok, f"{measure}_flag"] = ESTIMATE


def _derive(name: str, w: dict) -> None:
    """Add the derived measures a source supports (in place)."""
    if name == "sfr":
        if "cla_in_la_over_20_miles" in w:
            w["cla_over_20_miles"] = sum_flagged([w["cla_in_la_over_20_miles"], w["cla_out_la_over_20_miles"]])
            w["cla_pct_over_20_miles"] = pct_flagged(w["cla_over_20_miles"], w["cla"])
        w["cla_pct_outside_la"] = pct_flagged(w["cla_outside_la"], w["cla"])
    if name == "panel":
        w["cla_pct_over_20_miles"] = pct_flagged(w["cla_over_20_miles"], w["cla"])
    if name == "foi":
        # children in children's homes = number placed outside / (percentage / 100)
        w["ch_children"] = pct_flagged(w["ch_placed_outside_la"], w["ch_pct_outside_la"])


def _years_covered(values: pd.Series, flags: pd.Series) -> set[int]:
    """The years in which a source has anything (a value or a code) for some LA."""
    has = values.notna() | flags.notna()
    return set(values.index.get_level_values("year")[has.to_numpy()])


def build_demand_tables(raw_root: str | Path, provenance: Provenance) -> DemandTables:
    """Read every demand-side file once and build ``demand`` and ``dfe_published``."""
    raw_root = Path(raw_root)
    sources = read_sources(raw_root, provenance)
    grid = _grid()
    wides, notes, covered = {}, {}, {}
    for name, long in sources.items():
        wides[name], notes[name] = _wide(long, grid)
        _derive(name, wides[name])
        covered[name] = {m: _years_covered(v, f) for m, (v, f) in wides[name].items()}

    years = grid.get_level_values("year")
    out = pd.DataFrame(index=grid)
    research_cols = pd.Series([[] for _ in range(len(grid))], index=grid, dtype=object)
    chosen_ch = pd.Series(np.nan, index=grid, dtype=object)
    apportioned = pd.Series(np.nan, index=grid, dtype=object)
    for measure, order in SOURCES.items():
        values = pd.Series(np.nan, index=grid)
        flags = pd.Series(np.nan, index=grid, dtype=object)
        for year in YEARS:
            name = next((s for s in order if year in covered[s].get(measure, set())), None)
            if name is None:
                continue
            rows = years == year
            v, f = wides[name][measure]
            values[rows], flags[rows] = v[rows], f[rows]
            present = rows & (v.notna() | f.notna()).to_numpy()
            note = notes[name].get(measure)
            if note is not None:
                hit = present & note.notna().to_numpy() & apportioned.isna().to_numpy()
                apportioned[hit] = note[hit]
            if name == "panel":
                for key in grid[present]:
                    research_cols[key].append(measure)
            if measure == "cla_ch":
                chosen_ch[present] = dfe_sfr.CLA_SECURE_DEFINITION if name == "sfr" else CH_DEFINITION
        flags[values.isna() & flags.isna()] = NOT_PUBLISHED
        flags[values.notna() & flags.ne(ESTIMATE)] = np.nan
        out[measure], out[f"{measure}_flag"] = values, flags
    out["cla_ch_definition"] = chosen_ch

    dfe_v, dfe_f = wides["rates"].get("population_0_17")
    ons_v, ons_f = wides["ons"].get("population_0_17")
    use_dfe = dfe_v.notna()
    use_ons = ~use_dfe & ons_v.notna()
    pop_note = notes["rates"]["population_0_17"].where(use_dfe, notes["ons"]["population_0_17"])
    hit = pop_note.notna() & apportioned.isna()
    apportioned[hit] = pop_note[hit]
    out["population_0_17"] = dfe_v.where(use_dfe, ons_v)
    pop_flag = dfe_f.where(dfe_f.notna(), ons_f).astype(object)
    pop_flag[pop_flag.isna()] = NOT_PUBLISHED
    pop_flag[out["population_0_17"].notna() & pop_flag.ne(ESTIMATE)] = np.nan
    out["population_0_17_flag"] = pop_flag
    _recompute_ratios(out)
    out[APPORTIONED_FROM] = apportioned.fillna("")
    source = pd.Series(np.nan, index=grid, dtype=object)
    source[use_dfe] = POPULATION_SOURCES["rates"]
    source[use_ons] = POPULATION_SOURCES["ons"]
    out["population_source"] = source
    out["demand_source"] = [
        OFFICIAL if not cols else f"{OFFICIAL}; {RESEARCH}: {', '.join(cols)}" for cols in research_cols
    ]
    demand = out.reset_index()
    demand = demand[["year", "la_code", *[c for m in MEASURES for c in (m, f"{m}_flag")],
                     "cla_ch_definition", "population_source", "demand_source", APPORTIONED_FROM]]
    demand = DEMAND_SCHEMA.validate(demand)

    published = pd.concat([s for n, s in sources.items() if n != "panel"], ignore_index=True)
    published = published[published["level"] != "la"][["year", "area_code", "level", "measure", "value", "flag", "file"]]
    published = DFE_PUBLISHED_SCHEMA.validate(published.reset_index(drop=True).astype({"flag": object}))
    return DemandTables(demand, published)


def build_demand(raw_root: str | Path, provenance: Provenance) -> pd.DataFrame:
    """The ``demand`` table (see module doc); every file read is recorded in ``provenance``."""
    return build_demand_tables(raw_root, provenance).demand


def build_dfe_published(raw_root: str | Path, provenance: Provenance) -> pd.DataFrame:
    """``dfe_published(year, area_code, level, measure, value, flag, file)``: national and regional rows."""
    return build_demand_tables(raw_root, provenance).dfe_published


def build_national_distance(raw_root: str | Path, provenance: Provenance) -> pd.DataFrame:
    """National share of children placed more than 20 miles from home, by year and placement group."""
    return national_distance(Path(raw_root), provenance)
