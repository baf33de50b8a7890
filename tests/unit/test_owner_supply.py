"""Owners' supply by LA, year, sector and provision type from hand-made homes."""

from __future__ import annotations

import pandas as pd

from sufficiency.tables.market_schemas import OWNER_SUPPLY_SCHEMA
from sufficiency.tables.owner_supply import build_owner_supply


def _homes():
    rows = [
        # year, urn, la, sector, owner, places, rating
        (2017, "A", "E08000035", "Private", None, 4, "Good"),  # before owners are named: left out
        (2018, "A", "E08000035", "Private", "Acme Care Ltd", 4, "Good"),
        (2018, "B", "E08000035", "Private", "Acme Care Ltd", None, None),
        (2018, "C", "E08000035", "Private", None, 3, "Inadequate"),  # owner not published
        (2018, "D", "E08000035", "Local authority", "Leeds City Council", 6, "Outstanding"),
        (2019, "A", "E08000035", "Private", "Acme Care Ltd", 5, "Requires improvement to be good"),
    ]
    out = pd.DataFrame(rows, columns=["year", "urn", "la_code_reporting", "sector", "owner", "places", "rating_overall"])
    out["places"] = out["places"].astype("Int64")
    out["owner"] = out["owner"].astype("string")
    return out.assign(region_code="E12000003", provision_type="childrens_home",
                      list_status=out["year"].map({2017: "rebuilt", 2018: "published", 2019: "rebuilt"}))


def test_owner_rows_count_homes_places_and_grades():
    t = build_owner_supply(_homes())
    OWNER_SUPPLY_SCHEMA.validate(t)
    assert sorted(t.year.unique()) == [2018, 2019]
    acme = t[(t.year == 2018) & (t.owner == "Acme Care Ltd")].iloc[0]
    assert (acme.homes, acme.places, acme.homes_places_unknown, acme.homes_good, acme.homes_no_rating) == (2, 4, 1, 1, 1)
    unknown = t[(t.year == 2018) & t.owner.isna()].iloc[0]
    assert (unknown.homes, unknown.places, unknown.homes_inadequate) == (1, 3, 1)
    assert t.loc[t.year == 2018, "places"].sum() == 13  # every home of the year, owner or not
    assert t.loc[t.year == 2019, "homes_requires_improvement"].sum() == 1
    assert set(t.list_status) == {"published", "rebuilt"}
