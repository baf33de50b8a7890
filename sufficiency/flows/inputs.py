"""The model's inputs for one year: origins (children in children's homes, by home LA) and
destinations (registered places in children's homes, by LA), with how each was obtained.

Origins are DfE's FOI count of each LA's children living in children's homes
(``la_year.ch_children``, 2014-2024). Where it is suppressed, or for 2025 when the FOI has
no figures, it is imputed and labelled (``basis``):

* ``cla_ch``: DfE's secure homes and children's homes count (2014-2017 SFR definition, or
  2021-2025) times the year's national ratio FOI / ``cla_ch`` over LAs that have both;
* ``cla``: the LA's children looked after times the year's ratio FOI / ``cla``;
* ``not available``: neither published (e.g. Isles of Scilly): no children in the model.

For 2025 the ratios are those of the nearest year with FOI figures (2024).
Destinations are Ofsted registered places of provision type ``childrens_home`` (secure
children's homes and residential special schools excluded) in the chosen sectors; with
``short_breaks`` (the build's ``short_break_places``), places in short-break-only homes are
left out (DfE's 31 March counts leave out children on a series of short breaks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SECTORS = ("Local authority", "Private", "Voluntary", "Health authority")
PROVISION_TYPE = "childrens_home"
OBSERVED, FROM_CLA_CH, FROM_CLA, MISSING = "observed", "imputed from cla_ch", "imputed from cla", "not available"


@dataclass(frozen=True)
class Ratios:
    year: int  # the year the ratios were measured in
    per_cla_ch: float
    per_cla: float


def _ratio(t: pd.DataFrame, num: str, den: str) -> float:
    both = t[t[num].notna() & t[den].notna() & (t[den] > 0)]
    return float(both[num].sum() / both[den].sum()) if len(both) else float("nan")


def imputation_ratios(la_year: pd.DataFrame, year: int) -> Ratios:
    """FOI children / ``cla_ch`` and FOI children / ``cla`` of ``year`` (or the nearest FOI year)."""
    foi_years = sorted(la_year.loc[la_year["ch_children"].notna(), "year"].unique())
    if not foi_years:
        raise ValueError("no FOI children's-homes figures in la_year")
    src = year if year in foi_years else min(foi_years, key=lambda y: (abs(y - year), -y))
    t = la_year[la_year["year"] == src]
    per_cla_ch = _ratio(t, "ch_children", "cla_ch")
    if np.isnan(per_cla_ch) and year != src:
        per_cla_ch = float("nan")
    return Ratios(int(src), per_cla_ch, _ratio(t, "ch_children", "cla"))


def origins(la_year: pd.DataFrame, year: int, codes: list[str]) -> pd.DataFrame:
    """Children in children's homes by home LA: columns ``children``, ``basis``."""
    t = la_year[la_year["year"] == year].set_index("la_code").reindex(codes)
    if t["region_code"].isna().all():
        raise ValueError(f"no la_year rows for {year}")
    r = imputation_ratios(la_year, year)
    if r.year != year:
        # cla_ch in the target year with the ratio of the nearest FOI year needs cla_ch there
        src = la_year[la_year["year"] == r.year]
        if np.isnan(r.per_cla_ch) or src["cla_ch"].notna().sum() == 0:
            r = Ratios(r.year, float("nan"), r.per_cla)
    obs = t["ch_children"] if r.year == year else pd.Series(np.nan, index=t.index)
    by_cla_ch = t["cla_ch"] * r.per_cla_ch if not np.isnan(r.per_cla_ch) else pd.Series(np.nan, index=t.index)
    by_cla = t["cla"] * r.per_cla
    children = obs.copy()
    basis = pd.Series(np.where(obs.notna(), OBSERVED, ""), index=t.index, dtype=object)
    for values, label in ((by_cla_ch, FROM_CLA_CH), (by_cla, FROM_CLA)):
        use = children.isna() & values.notna()
        children[use] = values[use]
        basis[use] = label
    basis[children.isna()] = MISSING
    out = pd.DataFrame({"children": children.fillna(0.0).astype(float), "basis": basis.astype(str)})
    out.attrs["ratio_year"] = r.year
    return out


def places(supply: pd.DataFrame, year: int, codes: list[str], sectors=SECTORS, short_breaks=None) -> pd.Series:
    """Registered places in children's homes by LA for the chosen sectors (0 where none).

    ``short_breaks``: places of short-break-only homes (year, la_code, sector, places) to leave out.
    """
    sel = supply[
        (supply["year"] == year) & (supply["provision_type"] == PROVISION_TYPE) & supply["sector"].isin(list(sectors))
    ]
    out = sel.groupby("la_code")["places"].sum().reindex(codes, fill_value=0).astype(float)
    if short_breaks is not None and len(short_breaks):
        sb = short_breaks[(short_breaks["year"] == year) & short_breaks["sector"].isin(list(sectors))]
        out = (out - sb.groupby("la_code")["places"].sum().reindex(codes, fill_value=0)).clip(lower=0.0)
    return out
