"""Schemas of the forecast tables, declared once (pandera); validated by the build."""

from __future__ import annotations

import pandera.pandas as pa

from .engine import CANDIDATES
from .vocab import BASIS, HORIZONS, MEASURES, SECTORS

UNIT = r"^E\d{8}(\+E\d{8})*$"
AREA = r"^E\d{8}(\+E\d{8})*$"
METHODS = sorted({m for ms in CANDIDATES.values() for m in ms})
MEASURE = pa.Column(str, pa.Check.isin(list(MEASURES)))
HORIZON = pa.Column(int, pa.Check.isin(list(HORIZONS)))


def _ordered(df) -> bool:
    return bool(((df["lo95"] <= df["lo80"]) & (df["lo80"] <= df["median"]) & (df["median"] <= df["hi80"])
                 & (df["hi80"] <= df["hi95"])).all())


FORECAST_COMPONENTS_SCHEMA = pa.DataFrameSchema(
    {
        "measure": MEASURE,
        "method": pa.Column(str, pa.Check.isin(METHODS)),
        "origin": pa.Column(int),
        "component": pa.Column(str),
        "area_code": pa.Column(str, pa.Check.str_matches(UNIT)),
        "sector": pa.Column(str, pa.Check.isin(["all", *SECTORS])),
        "region_code": pa.Column(str, pa.Check.str_matches(r"^E12\d{6}$")),
        "horizon": HORIZON,
        "year": pa.Column(int),
        "median": pa.Column(float, pa.Check.ge(0)),
        "scale": pa.Column(float, pa.Check.ge(0)),
    },
    unique=["measure", "component", "horizon"],
    strict=True,
)

FORECAST_CALIBRATION_SCHEMA = pa.DataFrameSchema(
    {
        "measure": MEASURE,
        "method": pa.Column(str, pa.Check.isin(METHODS)),
        "origin": pa.Column(int),
        "sector": pa.Column(str, pa.Check.isin(["all", *SECTORS])),
        "horizon": HORIZON,
        "prob": pa.Column(float, pa.Check.in_range(0, 1)),
        "quantile": pa.Column(float),
        "rho": pa.Column(float, pa.Check.in_range(0, 1)),
    },
    unique=["measure", "sector", "horizon", "prob"],
    strict=True,
)

FORECASTS_SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(AREA)),
        "level": pa.Column(str, pa.Check.isin(["la", "region", "country"])),
        "measure": MEASURE,
        "method": pa.Column(str, pa.Check.isin(METHODS)),
        "origin": pa.Column(int),
        "year": pa.Column(int),
        "median": pa.Column(float),
        "lo80": pa.Column(float),
        "hi80": pa.Column(float),
        "lo95": pa.Column(float),
        "hi95": pa.Column(float),
        "units": pa.Column(int, pa.Check.ge(1)),
        "basis": pa.Column(str, pa.Check.eq(BASIS)),
    },
    checks=[pa.Check(_ordered, error="lo95 <= lo80 <= median <= hi80 <= hi95")],
    unique=["area_code", "measure", "year"],
    strict=True,
)

FORECAST_STATUS_SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(AREA)),
        "measure": MEASURE,
        "status": pa.Column(str, pa.Check.isin(["projected", "no forecast"])),
        "unit_code": pa.Column(str, nullable=True),
        "message": pa.Column(str),
    },
    unique=["area_code", "measure"],
    strict=True,
)

FORECAST_BACKTEST_SCHEMA = pa.DataFrameSchema(
    {
        "measure": MEASURE,
        "method": pa.Column(str, pa.Check.isin(METHODS)),
        "level": pa.Column(str, pa.Check.isin(["la", "region", "england"])),
        "horizon": HORIZON,
        "n": pa.Column(int, pa.Check.ge(1)),
        "mape": pa.Column(float, nullable=True),
        "mase": pa.Column(float, nullable=True),
        "coverage80": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "coverage95": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
    },
    unique=["measure", "method", "level", "horizon"],
    strict=True,
)

FORECAST_ACCURACY_SCHEMA = pa.DataFrameSchema(
    {
        "measure": MEASURE,
        "method": pa.Column(str, pa.Check.isin(METHODS)),
        "area_code": pa.Column(str, pa.Check.str_matches(AREA)),
        "level": pa.Column(str, pa.Check.isin(["la", "region", "england"])),
        "horizon": HORIZON,
        "n": pa.Column(int, pa.Check.ge(1)),
        "mape": pa.Column(float, nullable=True),
        "mase": pa.Column(float, nullable=True),
        "coverage80": pa.Column(float, nullable=True),
    },
    unique=["measure", "area_code", "horizon"],
    strict=True,
)

FORECAST_UASC_SCHEMA = pa.DataFrameSchema(
    {
        "measure": pa.Column(str, pa.Check.eq("cla")),
        "method": pa.Column(str, pa.Check.isin(["combined", "split"])),
        "group": pa.Column(str),
        "level": pa.Column(str, pa.Check.isin(["la", "region", "england"])),
        "horizon": HORIZON,
        "n": pa.Column(int, pa.Check.ge(1)),
        "mape": pa.Column(float, nullable=True),
        "mase": pa.Column(float, nullable=True),
        "origins": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{4}$")),
    },
    unique=["method", "group", "level", "horizon"],
    strict=True,
)
