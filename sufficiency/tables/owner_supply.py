"""Owners' supply by LA, year, sector and provision type: homes, places and homes by grade.

The aggregate the app ships for the market (no per-home rows): one row per owner in each
LA (reporting geography of the year, as ``supply``), year, sector and provision type, from
the first year Ofsted names owners. Homes whose owner is not published (or is a private
individual, whose name is withheld) are kept in rows with an empty ``owner``, so that the
rows of an area add up to its supply.
"""

from __future__ import annotations

import pandas as pd

from ..vocab import NO_RATING_SLUG, RATING_SLUGS

KEYS = ["year", "la_code", "region_code", "sector", "provision_type", "owner"]
GRADE_SLUGS = [*RATING_SLUGS.values(), NO_RATING_SLUG]
COUNT_COLUMNS = ["homes", "places", "homes_places_unknown", *[f"homes_{g}" for g in GRADE_SLUGS]]


def build_owner_supply(homes: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the ``homes`` table to owner x LA x year x sector x provision type."""
    named_years = sorted(homes.loc[homes["owner"].notna(), "year"].unique())
    h = homes[homes["year"].isin(named_years)]
    places = h["places"].astype("Float64")
    grade = h["rating_overall"].map(RATING_SLUGS).fillna(NO_RATING_SLUG)
    frame = pd.DataFrame({
        "year": h["year"].astype("int64"),
        "la_code": h["la_code_reporting"].astype(str),
        "region_code": h["region_code"].astype(str),
        "sector": h["sector"].astype(str),
        "provision_type": h["provision_type"].astype(str),
        "owner": h["owner"].astype(object).where(h["owner"].notna(), ""),
    })
    frame["homes"] = 1
    frame["places"] = places.fillna(0)
    frame["homes_places_unknown"] = places.isna().astype(int)
    for g in GRADE_SLUGS:
        frame[f"homes_{g}"] = grade.eq(g).astype(int)
    out = frame.groupby(KEYS, sort=True).sum().reset_index()
    for col in COUNT_COLUMNS:
        out[col] = out[col].astype("int64")
    out["owner"] = out["owner"].replace("", None)
    status = homes.groupby("year")["list_status"].first()
    out["list_status"] = out["year"].map(status).astype(str)
    return out
