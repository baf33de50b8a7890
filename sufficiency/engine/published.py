"""DfE's own regional and national figures, as published (rounded to the nearest 10).

Where DfE publishes a figure for a region or England, the dashboard shows that figure, not
a sum of the LAs' (which leaves out suppressed LAs). :func:`published` gives, for a year,
one row per region (E12) and England with the published counts, percentages and rates the
measures use; Inner and Outer London rows (E13) are not areas of the dashboard.

Derived here, and labelled so by the engine:

* ``ch_children``: children in children's homes from the FOI's published number placed
  outside the LA and its whole-number percentage, rounded to the nearest 10 (estimated);
* ``cla_over_20_miles`` of 2017: placed more than 20 miles from home inside plus outside
  the LA (the 2017 release publishes the two parts).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE

#: Published measures the engine reads (DfE's keys in ``dfe_published``).
KEYS = (
    "population_0_17", "cla", "cla_rate_per_10k", "cla_ch", "ch_placed_outside_la", "ch_pct_outside_la",
    "ch_net_gain", "cla_over_20_miles", "cla_pct_over_20_miles", "cla_outside_la", "cla_pct_outside_la",
    "cla_in_la_over_20_miles", "cla_out_la_over_20_miles",
)


def round_to_10(values):
    return np.round(np.asarray(values, dtype=float) / 10.0) * 10.0


@lru_cache(maxsize=64)
def published(data, year: int) -> pd.DataFrame:
    """Published figures of ``year`` by area code (regions and England); NaN where absent,
    with DfE's code in ``<key>__flag``. Read-only, shared."""
    p = data.dfe_published
    p = p[(p["year"] == year) & p["area_code"].astype(str).str.match(r"^E(12|92)")]
    p = p[p["measure"].isin(KEYS)]
    values = p.pivot_table(index="area_code", columns="measure", values="value", aggfunc="first")
    flags = p[p["flag"].notna()].pivot_table(index="area_code", columns="measure", values="flag", aggfunc="first")
    areas = sorted(set(p["area_code"]) | {ENGLAND_CODE})
    out = pd.DataFrame(index=pd.Index(areas, name="area_code"))
    for key in KEYS:
        out[key] = values[key].reindex(out.index).astype(float) if key in values else np.nan
        out[f"{key}__flag"] = flags[key].reindex(out.index).astype(object) if key in flags else None
    if out["cla_over_20_miles"].isna().all():
        parts = out[["cla_in_la_over_20_miles", "cla_out_la_over_20_miles"]]
        out["cla_over_20_miles"] = parts.sum(axis=1, min_count=2)
    ch = out["ch_placed_outside_la"] / out["ch_pct_outside_la"].where(out["ch_pct_outside_la"] > 0) * 100
    out["ch_children"] = round_to_10(ch)
    out["ch_children__flag"] = out["ch_placed_outside_la__flag"]
    return out
