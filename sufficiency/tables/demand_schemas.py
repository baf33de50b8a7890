"""Schemas of the demand-side tables, declared once (pandera)."""

from __future__ import annotations

import pandera.pandas as pa

from ..config import YEARS
from ..sources.dfe_values import ESTIMATE, FLAG_MEANINGS

LA_CODE = r"^E(06|08|09|10)\d{6}$"
AREA_CODE = r"^E(06|08|09|10|12|13|92)\d{6}$"
FLAGS = list(FLAG_MEANINGS) + ["not in panel"]

#: DfE measures in ``demand`` that carry a ``<measure>_flag`` column.
MEASURES = (
    "cla",
    "cla_rate_per_10k",
    "cla_ch",
    "ch_children",
    "ch_placed_outside_la",
    "ch_pct_outside_la",
    "ch_net_gain",
    "cla_outside_la",
    "cla_pct_outside_la",
    "cla_over_20_miles",
    "cla_pct_over_20_miles",
    "cla_net_gain",
    "cla_uasc",
    "population_0_17",
)
COUNTS = ("cla", "cla_ch", "ch_placed_outside_la", "cla_outside_la", "cla_over_20_miles", "cla_uasc", "population_0_17")
PERCENTAGES = ("ch_pct_outside_la", "cla_pct_outside_la", "cla_pct_over_20_miles")


def _measure_columns() -> dict[str, pa.Column]:
    cols: dict[str, pa.Column] = {}
    for m in MEASURES:
        checks = []
        if m in COUNTS or m == "ch_children":
            checks.append(pa.Check.ge(0))
        if m in PERCENTAGES:
            checks.append(pa.Check.in_range(0, 100))
        cols[m] = pa.Column(float, checks=checks, nullable=True)
        cols[f"{m}_flag"] = pa.Column(object, pa.Check.isin(FLAGS), nullable=True)
    return cols


def _flags_match_values(df) -> bool:
    """A flag goes with a missing value, except 'estimate', which goes with a value."""
    ok = True
    for m in MEASURES:
        flag = df[f"{m}_flag"]
        ok &= bool(((flag == ESTIMATE) <= df[m].notna()).all())
        ok &= bool((df[m].isna() <= flag.notna()).all())
        ok &= bool((df[m].notna() <= (flag.isna() | (flag == ESTIMATE))).all())
    return ok


DEMAND_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.isin(list(YEARS))),
        "la_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
        **_measure_columns(),
        "cla_ch_definition": pa.Column(object, nullable=True),
        "population_source": pa.Column(object, nullable=True),
        "demand_source": pa.Column(str, pa.Check.str_startswith("official")),
        # predecessor(s) and method of apportioned rows, e.g. "E10000006 (Cumbria), by population 0-17"; else ""
        "apportioned_from": pa.Column(str),
    },
    checks=[pa.Check(_flags_match_values, error="flag 'estimate' needs a value; other flags need none")],
    unique=["year", "la_code"],
    strict=True,
    ordered=False,
)

DFE_PUBLISHED_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int),
        "area_code": pa.Column(str, pa.Check.str_matches(AREA_CODE)),
        "level": pa.Column(str, pa.Check.isin(["national", "regional"])),
        "measure": pa.Column(str),
        "value": pa.Column(float, nullable=True),
        "flag": pa.Column(object, pa.Check.isin(FLAGS), nullable=True),
        "file": pa.Column(str),
    },
    unique=["year", "area_code", "measure", "file"],
    strict=True,
)

NATIONAL_DISTANCE_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int),
        "placement_group": pa.Column(str),
        "children": pa.Column(float, pa.Check.ge(0), nullable=True),
        "over_20_miles": pa.Column(float, pa.Check.ge(0), nullable=True),
        "distance_not_known": pa.Column(float, pa.Check.ge(0), nullable=True),
        "share_over_20_miles": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
        "share_over_20_miles_of_known": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
        "published_pct_over_20_miles": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "flag": pa.Column(object, pa.Check.isin(FLAGS), nullable=True),
        **{c: pa.Column(float, pa.Check.ge(0), nullable=True) for c in (
            "within_20_inside_la", "within_20_outside_la", "over_20_inside_la", "over_20_outside_la", "inside_la",
            "outside_la")},
        "share_outside_la_of_known": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    unique=["year", "placement_group"],
    strict=True,
)

NEIGHBOURS_SCHEMA = pa.DataFrameSchema(
    {
        "la_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
        "model": pa.Column(str, pa.Check.isin(["2021", "2025"])),
        "rank": pa.Column(int, pa.Check.in_range(1, 10)),
        "neighbour_code": pa.Column(str, pa.Check.str_matches(LA_CODE)),
        "closeness": pa.Column(str),
    },
    unique=["la_code", "model", "rank"],
    strict=True,
)
