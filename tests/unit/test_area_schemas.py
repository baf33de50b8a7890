"""The declared schemas of supply and la_year refuse bad tables readably."""

from __future__ import annotations

import pandas as pd
import pytest

from sufficiency.config import EMBEDDED_DATA
from sufficiency.errors import DataError
from sufficiency.tables.area_schemas import LA_YEAR_SCHEMA, SUPPLY_SCHEMA, validate


def _read(name):
    return pd.read_csv(EMBEDDED_DATA / f"{name}.csv", dtype={"la_code": str, "region_code": str, "area_code": str})


def test_shipped_tables_pass_their_schemas():
    validate(_read("supply"), SUPPLY_SCHEMA, "supply")
    la = _read("la_year")
    for c in [c for c in la.columns if c.endswith("_flag")]:
        la[c] = la[c].astype(object).where(la[c].notna(), None)
    validate(la.astype({c: float for c in la.columns if c in LA_YEAR_SCHEMA.columns and LA_YEAR_SCHEMA.columns[c].dtype.type is float}), LA_YEAR_SCHEMA, "la_year")


def test_negative_homes_and_unknown_sector_are_named():
    supply = _read("supply")
    supply.loc[3, "homes"] = -1
    supply.loc[5, "sector"] = "Charity"
    with pytest.raises(DataError) as err:
        validate(supply, SUPPLY_SCHEMA, "supply")
    text = str(err.value)
    assert "the supply table does not match its schema" in text
    assert "column 'homes'" in text and "-1" in text
    assert "column 'sector'" in text and "'Charity'" in text


def test_unknown_la_code_in_la_year_is_named():
    la = _read("la_year")
    la.loc[0, "la_code"] = "Durham City"
    with pytest.raises(DataError, match="column 'la_code'.*'Durham City'"):
        validate(la, LA_YEAR_SCHEMA, "la_year")
