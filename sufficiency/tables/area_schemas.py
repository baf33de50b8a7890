"""Schemas of ``supply`` and ``la_year``, declared once (pandera).

Validated by the build at the boundary: a failure stops it with one message naming the
table, the column, the check and example rows.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ..config import YEARS
from ..errors import DataError
from ..vocab import LIST_STATUSES, PROVISION_TYPES, SECTORS
from .demand_schemas import FLAGS, LA_CODE, MEASURES as DEMAND_MEASURES
from .supply import COUNT_COLUMNS as SUPPLY_COUNTS

REGION = r"^E12\d{6}$"
YEAR = pa.Column(int, pa.Check.isin(list(YEARS)))
COUNT = pa.Column("int64", pa.Check.ge(0))

SUPPLY_SCHEMA = pa.DataFrameSchema(
    {
        "year": YEAR,
        "la_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
        "region_code": pa.Column(str, pa.Check.str_matches(REGION)),
        "provision_type": pa.Column(str, pa.Check.isin(list(PROVISION_TYPES))),
        "sector": pa.Column(str, pa.Check.isin(list(SECTORS))),
        **{c: COUNT for c in SUPPLY_COUNTS},
        "list_status": pa.Column(str, pa.Check.isin(list(LIST_STATUSES))),
    },
    unique=["year", "la_code", "provision_type", "sector"],
    strict=True,
)

_supply_wide = {c: COUNT for c in SUPPLY_COUNTS} | {
    f"{m}_{s}": COUNT
    for m in ("homes", "places")
    for s in ("local_authority", "private", "voluntary", "health_authority", "secure", "rss")
}
_demand = {m: pa.Column(float, nullable=True) for m in DEMAND_MEASURES} | {
    f"{m}_flag": pa.Column(object, pa.Check.isin(FLAGS), nullable=True) for m in DEMAND_MEASURES
}

LA_YEAR_SCHEMA = pa.DataFrameSchema(
    {
        "year": YEAR,
        "la_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
        "region_code": pa.Column(str, pa.Check.str_matches(REGION)),
        **_supply_wide,
        **_demand,
    },
    unique=["year", "la_code"],
    strict=False,  # demand carries further descriptive columns (sources, definitions)
)

def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, table: str, hint: str | None = None) -> pd.DataFrame:
    """Validate ``frame``; on failure raise one readable :class:`DataError`.

    The message names each failing column and check, with example values and the rows'
    keys (year, LA or area code, URN).
    """
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        parts = []
        for (col, check), grp in exc.failure_cases.groupby(["column", "check"], dropna=False, sort=False):
            rows = grp["index"].dropna().astype(int).tolist()[:3]
            examples = ", ".join(repr(v) for v in grp["failure_case"].head(3))
            where = "; ".join(
                " ".join(f"{k} {frame.loc[i, k]}" for k in ("year", "la_code", "area_code", "urn") if k in frame) for i in rows if i in frame.index
            )
            parts.append(f"column '{col}' fails {check} for {len(grp)} row(s), e.g. {examples} ({where})")
        raise DataError(f"the {table} table does not match its schema: " + " | ".join(parts), hint=hint) from None
