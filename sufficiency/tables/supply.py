"""Supply by LA, year, provision type and sector: counts of homes, places and grades.

This is the aggregate the app ships (no per-home rows). Homes are counted in the LA of
the year's reporting geography (``homes.la_code_reporting``), so that supply and DfE
demand share one map per year.
"""

from __future__ import annotations

import pandas as pd

from ..vocab import NO_RATING_SLUG, RATING_SLUGS

KEYS = ["year", "la_code", "region_code", "provision_type", "sector"]
GRADE_SLUGS = [*RATING_SLUGS.values(), NO_RATING_SLUG]
COUNT_COLUMNS = (
    ["homes", "places", "homes_places_unknown", "homes_rated_sccif", "homes_rated_pre2019"]
    + [f"homes_{g}" for g in GRADE_SLUGS]
    + [f"places_{g}" for g in GRADE_SLUGS]
)


def build_supply(homes: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the ``homes`` table to LA x year x provision type x sector."""
    h = homes.rename(columns={"la_code": "la_code_own", "la_code_reporting": "la_code"})
    grade = h["rating_overall"].map(RATING_SLUGS).fillna(NO_RATING_SLUG)
    places = h["places"].astype("Float64")
    frame = pd.DataFrame({k: h[k] for k in KEYS})
    frame["homes"] = 1
    frame["places"] = places.fillna(0)
    frame["homes_places_unknown"] = places.isna().astype(int)
    frame["homes_rated_sccif"] = h["framework"].eq("SCCIF").fillna(False).astype(int)
    frame["homes_rated_pre2019"] = h["framework"].str.startswith("Overall effectiveness").fillna(False).astype(int)
    for g in GRADE_SLUGS:
        hit = grade.eq(g)
        frame[f"homes_{g}"] = hit.astype(int)
        frame[f"places_{g}"] = places.where(hit, 0).fillna(0)
    out = frame.groupby(KEYS, observed=True, sort=True, dropna=False).sum().reset_index()
    for col in COUNT_COLUMNS:
        out[col] = out[col].astype("int64")
    status = homes.groupby("year")["list_status"].first()
    out["list_status"] = out["year"].map(status)
    return out
