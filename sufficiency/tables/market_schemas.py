"""Schemas of the market tables ``owner_supply`` and ``openings``, declared once (pandera)."""

from __future__ import annotations

import pandera.pandas as pa

from ..config import YEARS
from ..vocab import LIST_STATUSES, PROVISION_TYPES, SECTORS
from .demand_schemas import LA_CODE
from .openings import COUNT_COLUMNS as OPENINGS_COUNTS, WINDOW_COLUMNS
from .owner_supply import COUNT_COLUMNS as OWNER_COUNTS

REGION = r"^E12\d{6}$"
YEAR = pa.Column(int, pa.Check.isin(list(YEARS)))
COUNT = pa.Column("int64", pa.Check.ge(0))
STATUS = pa.Column(str, pa.Check.isin(list(LIST_STATUSES)))
_cell = {
    "year": YEAR,
    "la_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
    "region_code": pa.Column(str, pa.Check.str_matches(REGION)),
    "sector": pa.Column(str, pa.Check.isin(list(SECTORS))),
    "provision_type": pa.Column(str, pa.Check.isin(list(PROVISION_TYPES))),
}

OWNER_SUPPLY_SCHEMA = pa.DataFrameSchema(
    {
        **_cell,
        # empty: owner not published, or a private individual (name withheld)
        "owner": pa.Column(str, pa.Check.str_length(min_value=1), nullable=True),
        **{c: COUNT for c in OWNER_COUNTS},
        "list_status": STATUS,
    },
    checks=[pa.Check(lambda df: (df["homes"] >= 1).all(), error="every owner row counts at least one home")],
    unique=["year", "la_code", "sector", "provision_type", "owner"],
    strict=True,
    ordered=True,
)

OPENINGS_SCHEMA = pa.DataFrameSchema(
    {
        **_cell,
        **{c: pa.Column("int64", pa.Check.ge(0)) for c in OPENINGS_COUNTS if c != "places_changed"},
        "places_changed": pa.Column("int64"),
        **{c: pa.Column("Float64", pa.Check.ge(0), nullable=True) for c in WINDOW_COLUMNS},
        "list_status": STATUS,
        "list_status_previous": STATUS,
    },
    checks=[pa.Check(lambda df: (df["homes_opened_registered"] <= df["homes_opened"]).all(),
                     error="homes opened with a registration date in the year cannot exceed homes opened")],
    unique=["year", "la_code", "sector", "provision_type"],
    strict=True,
    ordered=True,
)
