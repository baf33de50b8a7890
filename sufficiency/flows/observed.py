"""Observed (published) placement figures per LA and year, labelled ``observed``.

* DfE, all children looked after: ``cla_pct_over_20_miles`` (placed more than 20 miles from
  home) and ``cla_pct_outside_la`` (placed outside the LA boundary), in %.
* DfE FOI 2024-0040813, children living in children's homes: ``ch_children``,
  ``ch_placed_outside_la``, ``ch_pct_outside_la`` (%) and ``ch_net_gain`` (other LAs'
  children placed in homes in this LA minus this LA's children placed in homes elsewhere).

Missing values keep DfE's code in the matching ``<measure>_flag`` column; nothing is imputed
here (the flow model's imputation is in ``sufficiency.flows.inputs``).
"""

from __future__ import annotations

import pandas as pd

MEASURES = (
    "cla",
    "cla_pct_over_20_miles",
    "cla_pct_outside_la",
    "ch_children",
    "ch_placed_outside_la",
    "ch_pct_outside_la",
    "ch_net_gain",
)
LABELS = {
    "cla": "Children looked after",
    "cla_pct_over_20_miles": "Children looked after placed more than 20 miles from home (%)",
    "cla_pct_outside_la": "Children looked after placed outside the LA (%)",
    "ch_children": "Children from this LA living in children's homes",
    "ch_placed_outside_la": "Children in children's homes placed outside the LA",
    "ch_pct_outside_la": "Children in children's homes placed outside the LA (%)",
    "ch_net_gain": "Net gain of children in children's homes (placed in minus placed out)",
}


def observed_figures(la_year: pd.DataFrame, year: int | None = None, la_code: str | None = None) -> pd.DataFrame:
    """One row per LA and year: year, la_code, region_code, each measure and its flag, basis='observed'."""
    t = la_year
    if year is not None:
        t = t[t["year"] == year]
    if la_code is not None:
        t = t[t["la_code"] == la_code]
    cols = ["year", "la_code", "region_code"]
    for m in MEASURES:
        cols.append(m)
        if f"{m}_flag" in t.columns:
            cols.append(f"{m}_flag")
    out = t[[c for c in cols if c in t.columns]].copy()
    out["basis"] = "observed"
    return out.sort_values(["year", "la_code"]).reset_index(drop=True)
