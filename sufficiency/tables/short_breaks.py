"""``short_break_places``: children's homes registered as short-break only, by LA, year and sector.

Such homes give short breaks (respite), mostly to disabled children who live at home. DfE
leaves children looked after under a series of short-term placements out of its 31 March
counts (the FOI 2024-0040813 files say so), so the flow model takes these places out of the
places that children looked after at 31 March can live in (docs/flows.md). Ofsted's flag
``Short breaks only`` / ``Short-break-only children's home``; homes without the flag (some
2014-2019 rows) count as not short-break only. LAs are those of the year's reporting geography.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ..vocab import SECTORS
from .demand_schemas import LA_CODE

PROVISION_TYPE = "childrens_home"
COLUMNS = ["year", "la_code", "sector", "homes", "places"]

SHORT_BREAK_PLACES_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int),
        "la_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
        "sector": pa.Column(str, pa.Check.isin(list(SECTORS))),
        "homes": pa.Column("int64", pa.Check.gt(0)),
        "places": pa.Column("int64", pa.Check.ge(0)),
    },
    unique=["year", "la_code", "sector"],
    strict=True,
)


def build_short_break_places(homes: pd.DataFrame) -> pd.DataFrame:
    """Homes and registered places of short-break-only children's homes per year, LA and sector."""
    h = homes[(homes["provision_type"] == PROVISION_TYPE) & homes["short_breaks_only"].eq(True).fillna(False)]
    out = (
        h.assign(homes=1, places=h["places"].astype("Float64").fillna(0))
        .rename(columns={"la_code": "la_code_own", "la_code_reporting": "la_code"})
        .groupby(["year", "la_code", "sector"], observed=True)[["homes", "places"]].sum()
        .reset_index()
    )
    out["year"] = out["year"].astype(int)
    out["homes"] = out["homes"].astype("int64")
    out["places"] = out["places"].astype("int64")
    return SHORT_BREAK_PLACES_SCHEMA.validate(out[COLUMNS].sort_values(["year", "la_code", "sector"]).reset_index(drop=True))
