"""The tables the app reads, loaded once per data folder.

The app never reads the official files: it reads the compact build output (the embedded
``data/`` or a folder given with ``--data`` / ``SUFFICIENCY_DATA``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from collections.abc import Mapping
from functools import cached_property, lru_cache
from types import MappingProxyType
from pathlib import Path

import pandas as pd

from .config import ENGLAND_CODE
from .geography.reorganisations import REGION_NAMES
from .integrity import verify

#: Forecast tables (``sufficiency.forecast.tables``), read into ``AppData.forecast``.
FORECAST = ("forecast_components", "forecast_calibration", "forecasts", "forecast_status", "forecast_backtest",
            "forecast_accuracy", "forecast_uasc")
REQUIRED = (
    "gazetteer", "supply", "la_year", "dfe_published", "statistical_neighbours", "national_distance",
    "years", "footprints", "owner_supply", "openings", *FORECAST,
)
#: Tables of the flow model that an older build may lack (the model then says what is missing).
OPTIONAL = ("la_distances", "short_break_places")

@dataclass(frozen=True, eq=False)
class AppData:
    """One build's tables. Compared and hashed by identity, so caches can key on it."""

    folder: Path
    gazetteer: pd.DataFrame
    supply: pd.DataFrame
    la_year: pd.DataFrame
    dfe_published: pd.DataFrame  # DfE's national and regional rows, as published (rounded to 10)
    neighbours: pd.DataFrame
    national_distance: pd.DataFrame
    years: pd.DataFrame
    footprints: pd.DataFrame  # preset footprints: footprint, name, la_code, source, as_of
    provenance: dict
    owner_supply: pd.DataFrame = field(default_factory=pd.DataFrame)
    openings: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast: dict = field(default_factory=dict)  # forecast table name -> frame
    la_distances: pd.DataFrame = field(default_factory=pd.DataFrame)  # within-LA distances (polygons)
    short_break_places: pd.DataFrame = field(default_factory=pd.DataFrame)  # short-break-only homes

    @cached_property
    def la_names(self) -> Mapping[str, str]:
        """LA code -> name (read-only: made once, shared by every request)."""
        return MappingProxyType(dict(zip(self.gazetteer["code"], self.gazetteer["name"])))

    @cached_property
    def area_names(self) -> Mapping[str, str]:
        """England's, each region's and each LA's code -> name (read-only)."""
        return MappingProxyType({ENGLAND_CODE: "England", **REGION_NAMES, **self.la_names})

    @cached_property
    def year_las(self) -> Mapping[int, tuple[tuple[str, str], ...]]:
        """Year -> (LA code, region code) of every LA of ``la_year`` that year, in its order
        (read-only: every set of areas of a year is resolved from it, not from the frame)."""
        t = self.la_year
        out = {}
        for year, la, region in zip(t["year"].tolist(), t["la_code"].tolist(), t["region_code"].tolist()):
            out.setdefault(int(year), []).append((la, region))
        return MappingProxyType({year: tuple(rows) for year, rows in out.items()})

    def rebuilt_years(self) -> list[int]:
        return sorted(self.years.loc[self.years["list_status"] == "rebuilt", "year"].astype(int))

    def las_in_year(self, year: int) -> pd.DataFrame:
        g = self.gazetteer
        return g[(g["start"] <= year) & (g["end"] >= year)]


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: build the data with `python -m sufficiency build --raw DIR --out {folder} --compact`"
        )
    codes = {c: str for c in ("la_code", "region_code", "area_code", "code", "current_code", "dfe_number", "neighbour_code",
                              "unit_code", "component", "sector", "message", "group", "origins")}
    return pd.read_csv(path, dtype=codes, keep_default_na=True, na_values=[""])


def load(folder: str | Path) -> AppData:
    """The tables of ``folder``, read once per process (a path and its text share one copy)."""
    return _load(str(Path(folder)))


@lru_cache(maxsize=4)
def _load(folder: str) -> AppData:
    folder = Path(folder)
    verify(folder, REQUIRED + tuple(n for n in OPTIONAL if (folder / f"{n}.csv").exists()))  # every table matches the build's record of it, or a DataError says which does not
    tables = {name: _read(folder, name) for name in REQUIRED}
    optional = {name: _read(folder, name) for name in OPTIONAL if (folder / f"{name}.csv").exists()}
    prov_path = folder / "provenance.json"
    provenance = json.loads(prov_path.read_text(encoding="utf-8")) if prov_path.exists() else {}
    return AppData(
        folder=folder,
        gazetteer=tables["gazetteer"],
        supply=tables["supply"],
        la_year=tables["la_year"],
        dfe_published=tables["dfe_published"],
        neighbours=tables["statistical_neighbours"],
        national_distance=tables["national_distance"],
        years=tables["years"],
        footprints=tables["footprints"],
        provenance=provenance,
        owner_supply=tables["owner_supply"],
        openings=tables["openings"],
        forecast={name: tables[name] for name in FORECAST},
        **optional,
    )
