"""An LA's profile: its headline figures beside its region, England and its statistical
neighbours, and its trend through council reorganisations.

Every value comes from the measure engine (:mod:`sufficiency.engine.queries`), so the
profile shows the same figure as the map, the region view and the snapshot. A missing
DfE figure stays missing, with the reason DfE or the build gives (``c``, ``x``, ``k``,
``z``, ``estimate``, ``not published``...), never a zero.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, LAST_YEAR
from ..flags import ESTIMATE
from ..geography.lineage import codes_in_year
from . import queries
from ..vocab import SECTORS
from .registry import FOI_YEARS, MEASURES

CHILDRENS_HOMES = ("childrens_home",)

#: The profile's headline figures, in order (keys of the measure registry).
HEADLINES: tuple[str, ...] = (
    "homes", "places", "places_local_authority", "places_private", "places_voluntary", "places_health_authority",
    "places_per_10k", "cla", "cla_per_10k", "ch_children", "cla_ch", "gap", "gap_dfe", "gap_per_10k",
    "pct_over_20_miles", "pct_outside_la", "ch_placed_outside_la", "ch_pct_outside_la", "ch_net_gain",
)
#: The observed FOI figures on children in children's homes (2014-2024 only).
OBSERVED_CH = ("ch_children", "ch_placed_outside_la", "ch_pct_outside_la", "ch_net_gain")
FOI_LAST_YEAR = FOI_YEARS[-1]
#: The columns of each area in :func:`headline_table` (value, flag, basis, n = LAs with a figure, las).
PARTS = ("", "_flag", "_basis", "_n", "_las")


def neighbour_model(year: int) -> str:
    """DfE's statistical neighbour model for a year: 2025 from 2023, 2021 before."""
    return "2025" if year >= 2023 else "2021"


def neighbours(code: str, year: int, neighbours_table: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """The LA's DfE statistical neighbours for ``year``: rank, code, name, closeness."""
    return neighbours_in_model(code, neighbour_model(year), neighbours_table, gazetteer)


def neighbours_in_model(code: str, model: str, neighbours_table: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """The LA's statistical neighbours in DfE's ``model`` ('2021', '2025')."""
    from ..geography.lineage import lineage

    own = set(lineage(code, gazetteer)["code"])
    models = neighbours_table["model"].astype(str)
    sel = neighbours_table[(models == model) & neighbours_table["la_code"].isin(own)]
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    out = sel.sort_values("rank")[["rank", "neighbour_code", "closeness"]].rename(columns={"neighbour_code": "code"})
    out.insert(2, "name", out["code"].map(names))
    return out.drop_duplicates("code").reset_index(drop=True)


@lru_cache(maxsize=4096)
def neighbours_of(data, code: str, year: int) -> pd.DataFrame:
    """:func:`neighbours` of ``code`` in ``year`` from the store's tables, once per LA and
    model (shared: callers only read it)."""
    return neighbours_by_model(data, code, neighbour_model(int(year)))


@lru_cache(maxsize=4096)
def neighbours_by_model(data, code: str, model: str) -> pd.DataFrame:
    return neighbours_in_model(code, model, data.neighbours, data.gazetteer)


def _cells(row: pd.Series, key: str, prefix: str) -> dict:
    las = row.get("las", np.nan)
    return {prefix: float(row[key]), f"{prefix}_flag": row[f"{key}__flag"], f"{prefix}_basis": row[f"{key}__basis"],
            f"{prefix}_n": float(row[f"{key}__n"]), f"{prefix}_las": float(las)}


def headline_table(code: str, year: int, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """One row per headline measure: the LA (through its lineage), its region, England and
    its statistical neighbours' median."""
    sectors, types = tuple(sectors), tuple(types)
    gaz = data.gazetteer
    region = gaz.loc[gaz["code"] == code, "region_code"].iloc[0]
    own = queries.area_row(data, code, year, sectors, types, modelled=False)
    reg = queries.area_row(data, region, year, sectors, types, modelled=False)
    eng = queries.area_row(data, ENGLAND_CODE, year, sectors, types, modelled=False)
    nb_codes = [n for n in neighbours_of(data, code, year)["code"] if codes_in_year(n, year, gaz)]
    nb = queries.table(data, year, sectors, types, queries.A.Areas(queries.A.LA, tuple(nb_codes))) if nb_codes else None
    rows = []
    for key in HEADLINES:
        m = MEASURES[key]
        vals = nb[key].dropna() if nb is not None else pd.Series(dtype=float)
        rows.append({
            "key": key, "measure": m.label, "kind": m.kind, "basis": m.basis, "covers": m.covers_text,
            **_cells(own, key, "la"), **_cells(reg, key, "region"), **_cells(eng, key, "england"),
            "neighbours_median": float(vals.median()) if len(vals) else np.nan,
            "neighbours_flag": f"not published for {year}" if key in OBSERVED_CH and year > FOI_LAST_YEAR else None,
            "neighbours_with_value": int(len(vals)), "neighbours": len(nb_codes),
        })
    return pd.DataFrame(rows)


def trend_table(code: str, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """The LA (linked through its predecessors), its region and England, year by year.

    Columns: year, area ('la', 'region', 'england'), codes, every measure with
    ``<key>__flag``, ``<key>__basis``, ``<key>__n`` and ``las``."""
    sectors, types = tuple(sectors), tuple(types)
    region = data.gazetteer.loc[data.gazetteer["code"] == code, "region_code"].iloc[0]
    parts = []
    for area, c in (("la", code), ("region", region), ("england", ENGLAND_CODE)):
        t = queries.trend(data, c, sectors, types).copy()
        t.insert(0, "area", area)
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    order = out["area"].map({"la": 0, "region": 1, "england": 2})
    out = out.iloc[np.lexsort((order.to_numpy(), out["year"].to_numpy()))].reset_index(drop=True)
    text = [c for c, d in out.dtypes.items() if d != float and d != object and c != "year"]
    out[text] = out[text].astype(object)  # the rest of the texts are objects already
    return out.copy()  # consolidated: one block per dtype


def is_estimate(flag) -> bool:
    return flag == ESTIMATE


# --- benchmarking, as DfE's LAIT does it ----------------------------------------------------

#: The measures an LA is benchmarked on (ranked among all LAs, banded by quartile).
BENCHMARKS: tuple[str, ...] = (
    "places_per_10k", "cla_per_10k", "gap_per_10k", "pct_over_20_miles", "pct_outside_la", "ch_pct_outside_la",
    "pct_good_or_better", "places", "cla",
)
QUARTILE_WORDS = {
    "higher": "A = the quarter of LAs with the highest values (higher is better)",
    "lower": "A = the quarter of LAs with the lowest values (lower is better)",
    None: "A = the quarter of LAs with the highest values (no direction is better)",
}


def _rank_band(values: pd.Series, value: float, better: str | None) -> tuple[float, int, str | None]:
    """(rank, of, quartile band) of ``value`` among ``values`` (1 = highest; A = best quarter)."""
    v = values.to_numpy(dtype=float)
    v = v[~np.isnan(v)]
    if not np.isfinite(value) or not len(v):
        return np.nan, int(len(v)), None
    higher = int((v > value).sum())
    rank = higher + 1
    # how far from the better end: the share of LAs better than this one (ties count as equal)
    better_than = int((v < value).sum()) if better == "lower" else higher
    quarter = min(int(better_than / len(v) * 4), 3)
    return float(rank), int(len(v)), "ABCD"[quarter]


def benchmark_table(code: str, year: int, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """For each benchmark measure: the LA's value, its rank among all LAs (1 = highest), the
    quartile band (A-D, A the better quarter where a direction is better), the change since
    the previous year, its statistical neighbours' mean and median, its region and England."""
    sectors, types = tuple(sectors), tuple(types)
    gaz = data.gazetteer
    region = gaz.loc[gaz["code"] == code, "region_code"].iloc[0]
    every = queries.table(data, year, sectors, types, queries.A.every_la())
    own = queries.area_row(data, code, year, sectors, types, modelled=False)
    before = (queries.area_row(data, code, year - 1, sectors, types, modelled=False)
              if codes_in_year(code, year - 1, gaz) else None)
    reg = queries.area_row(data, region, year, sectors, types, modelled=False)
    eng = queries.area_row(data, ENGLAND_CODE, year, sectors, types, modelled=False)
    nb_codes = [n for n in neighbours_of(data, code, year)["code"] if codes_in_year(n, year, gaz)]
    nb = queries.table(data, year, sectors, types, queries.A.Areas(queries.A.LA, tuple(nb_codes))) if nb_codes else None
    rows = []
    for key in BENCHMARKS:
        m = MEASURES[key]
        value = float(own[key])
        rank, of, band = _rank_band(every[key], value, m.better)
        prev = float(before[key]) if before is not None else np.nan
        vals = nb[key].dropna() if nb is not None else pd.Series(dtype=float)
        rows.append({
            "key": key, "measure": m.label, "kind": m.kind, "better": m.better, "la": value,
            "la_flag": own[f"{key}__flag"], "rank": rank, "of": of, "quartile": band,
            "previous": prev, "change": value - prev if np.isfinite(value) and np.isfinite(prev) else np.nan,
            "neighbours_mean": float(vals.mean()) if len(vals) else np.nan,
            "neighbours_median": float(vals.median()) if len(vals) else np.nan,
            "neighbours_with_value": int(len(vals)), "region": float(reg[key]), "england": float(eng[key]),
        })
    return pd.DataFrame(rows)


def neighbour_table(code: str, year: int, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """The LA and each of its statistical neighbours (DfE's model for the year), named, with
    every benchmark measure's value, rank among all LAs and quartile band."""
    sectors, types = tuple(sectors), tuple(types)
    gaz = data.gazetteer
    names = data.la_names
    nb = neighbours_of(data, code, year)
    every = queries.table(data, year, sectors, types, queries.A.every_la())
    rows = [("selected", None, code, "")] + [("neighbour", int(r), c, str(k)) for r, c, k in
                                             zip(nb["rank"], nb["code"], nb["closeness"])]
    out = []
    columns = {key: every[key] for key in BENCHMARKS}  # read once, not once per row
    for role, rank, c, closeness in rows:
        if not codes_in_year(c, year, gaz):
            continue
        row = queries.area_row(data, c, year, sectors, types, modelled=False)
        rec = {"role": role, "neighbour_rank": rank, "code": c, "name": names.get(c, c), "closeness": closeness}
        for key in BENCHMARKS:
            m = MEASURES[key]
            value = float(row[key])
            rank_all, of, band = _rank_band(columns[key], value, m.better)
            rec[key] = value
            rec[f"{key}__flag"] = row[f"{key}__flag"]
            rec[f"{key}__rank"] = rank_all
            rec[f"{key}__quartile"] = band
        out.append(rec)
    frame = pd.DataFrame(out)
    frame.attrs["model"] = neighbour_model(year)
    return frame


# --- footprints ------------------------------------------------------------------------------


def footprint_region(data, areas, year: int) -> str | None:
    """The region all of a footprint's LAs are in, if they share one."""
    memb = queries.A.members(data, areas, int(year))
    t = data.la_year[data.la_year["year"] == year].set_index("la_code")["region_code"]
    regions = set(t.reindex(memb["la_code"]).dropna())
    return regions.pop() if len(regions) == 1 else None


def footprint_headline_table(chosen, year: int, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """The headline table of a footprint (the same columns as :func:`headline_table`): its
    figures beside its region (when its LAs share one) and England; no statistical neighbours."""
    sectors, types = tuple(sectors), tuple(types)
    own = queries.measure_row(data, int(year), sectors, types, chosen.areas, chosen.code)
    region = footprint_region(data, chosen.areas, year)
    reg = queries.area_row(data, region, year, sectors, types, modelled=False) if region else None
    eng = queries.area_row(data, ENGLAND_CODE, year, sectors, types, modelled=False)
    rows = []
    for key in HEADLINES:
        m = MEASURES[key]
        nothing = {"region": np.nan, "region_flag": None, "region_basis": None, "region_n": np.nan, "region_las": np.nan}
        rows.append({
            "key": key, "measure": m.label, "kind": m.kind, "basis": m.basis, "covers": m.covers_text,
            **_cells(own, key, "la"), **(_cells(reg, key, "region") if reg is not None else nothing),
            **_cells(eng, key, "england"), "neighbours_median": np.nan, "neighbours_flag": None,
            "neighbours_with_value": 0, "neighbours": 0,
        })
    out = pd.DataFrame(rows)
    out.attrs["region"] = region
    return out


def footprint_trend_table(chosen, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """A footprint (its LAs of each year), its region when they share one, and England, year by year."""
    sectors, types = tuple(sectors), tuple(types)
    region = footprint_region(data, chosen.areas, LAST_YEAR)
    parts = [queries.trend(data, chosen.code, sectors, types, chosen.areas).assign(area="la")]
    if region:
        parts.append(queries.trend(data, region, sectors, types).assign(area="region"))
    parts.append(queries.trend(data, ENGLAND_CODE, sectors, types).assign(area="england"))
    out = pd.concat(parts, ignore_index=True)
    order = out["area"].map({"la": 0, "region": 1, "england": 2})
    out = out.iloc[np.lexsort((order.to_numpy(), out["year"].to_numpy()))].reset_index(drop=True)
    text = [c for c in out.columns if out[c].dtype != float and c not in ("year",)]
    out[text] = out[text].astype(object)
    return out.copy()


def members_table(chosen, year: int, data, sectors=SECTORS, types=CHILDRENS_HOMES) -> pd.DataFrame:
    """The footprint's LAs side by side: each LA's headline figures in the year."""
    memb = queries.A.members(data, chosen.areas, int(year))
    codes = tuple(sorted(set(memb["la_code"])))
    t = queries.table(data, year, tuple(sectors), tuple(types), queries.A.Areas(queries.A.LA, codes))
    t = t.assign(name=[data.la_names.get(c, c) for c in t.index])
    return t
