"""An LA's profile: its headline figures beside its region, England and its statistical
neighbours, and its trend through council reorganisations.

Every value comes from the measure engine (:mod:`sufficiency.engine.queries`), so the
profile shows the same figure as the map, the region view and the snapshot. A missing
DfE figure stays missing, with the reason DfE or the build gives (``c``, ``x``, ``k``,
``z``, ``estimate``, ``not published``...), never a zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
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
    from ..geography.lineage import lineage

    model = neighbour_model(year)
    own = set(lineage(code, gazetteer)["code"])
    models = neighbours_table["model"].astype(str)
    sel = neighbours_table[(models == model) & neighbours_table["la_code"].isin(own)]
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    out = sel.sort_values("rank")[["rank", "neighbour_code", "closeness"]].rename(columns={"neighbour_code": "code"})
    out.insert(2, "name", out["code"].map(names))
    return out.drop_duplicates("code").reset_index(drop=True)


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
    nb_codes = [n for n in neighbours(code, year, data.neighbours, gaz)["code"] if codes_in_year(n, year, gaz)]
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
    text = [c for c in out.columns if out[c].dtype != float and c not in ("year",)]
    out[text] = out[text].astype(object)
    return out.copy()  # consolidated: one block per dtype


def is_estimate(flag) -> bool:
    return flag == ESTIMATE
