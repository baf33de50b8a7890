"""The market tables of the build: owners' supply and openings and closures, validated.

Both are computed from the ``homes`` table's columns only. The openings are checked
against the homes they explain: for every LA, year, sector and provision type, the homes
(and places) of year Y minus those of Y-1 must equal the flows between them; a failure
stops the build naming the cells.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError, FixLog
from .area_schemas import validate
from .market_schemas import OPENINGS_SCHEMA, OWNER_SUPPLY_SCHEMA
from .openings import build_openings, change_explained
from .owner_supply import build_owner_supply

TABLES = ("owner_supply", "openings")


def _check_invariant(homes: pd.DataFrame, openings: pd.DataFrame) -> None:
    keys = ["year", "la_code", "sector", "provision_type"]
    counts = homes.assign(places=homes["places"].astype("Float64").fillna(0)).rename(
        columns={"la_code": "la_code_own", "la_code_reporting": "la_code"})
    counts = counts.assign(homes=1).groupby(keys)[["homes", "places"]].sum().astype(float).reset_index()
    bad = change_explained(counts, openings, keys)
    bad = bad[~(bad["homes_ok"] & bad["places_ok"])]
    if len(bad):
        cells = "; ".join(" ".join(str(v) for v in row) for row in bad[keys].head(5).itertuples(index=False))
        raise DataError(
            f"openings and closures do not explain the change in homes for {len(bad)} cell(s), e.g. {cells}",
            hint="Check sufficiency/tables/openings.py against the homes table (a home counted twice or not at all)",
        )


def build_market_tables(homes: pd.DataFrame, fixes: FixLog | None = None) -> dict[str, pd.DataFrame]:
    """``owner_supply`` and ``openings`` from ``homes``, validated against their schemas."""
    owner_supply = validate(build_owner_supply(homes), OWNER_SUPPLY_SCHEMA, "owner_supply")
    openings = validate(build_openings(homes, fixes), OPENINGS_SCHEMA, "openings")
    _check_invariant(homes, openings)
    return {"owner_supply": owner_supply, "openings": openings}
