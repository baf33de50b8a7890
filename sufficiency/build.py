"""``python -m sufficiency build``: official files in, canonical tables and provenance out."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .geography.footprints import preset_table
from .geography.gazetteer import build_gazetteer
from .geography.registry import register_source_rows
from .integrity import PROVENANCE, table_record
from .provenance import Provenance
from .tables.areas import build_la_year
from .tables.area_schemas import LA_YEAR_SCHEMA, SUPPLY_SCHEMA, validate
from .tables.supply import build_supply

log = logging.getLogger(__name__)

#: Tables written by a compact build (what the app ships in ``data/``): no per-home rows.
COMPACT_TABLES = (
    "gazetteer", "supply", "la_year", "dfe_published", "statistical_neighbours", "national_distance",
    "years", "footprints", "owner_supply", "openings", "forecast_components", "forecast_calibration",
    "forecasts", "forecast_status", "forecast_backtest", "forecast_accuracy", "forecast_uasc", "la_distances",
    "short_break_places",
)


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    provenance: Provenance
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    #: The adjacent-year check of the homes build (``build_homes``' ``consistency``): new and
    #: gone homes of each year against the joiners and leavers of the lists.
    homes_consistency: pd.DataFrame | None = None


def build_tables(raw_root: str | Path) -> BuildResult:
    """Read every official file under ``raw_root`` and return the canonical tables."""
    from .forecast.tables import build_forecast_tables
    from .sources.statistical_neighbours import statistical_neighbours
    from .tables.demand import build_demand_tables, build_national_distance
    from .tables.homes import build_homes
    from .tables.market import build_market_tables
    from .tables.la_distances import build_la_distances
    from .tables.short_breaks import build_short_break_places

    started = time.perf_counter()
    raw_root = Path(raw_root)
    prov = Provenance(raw_root)

    gazetteer = build_gazetteer(raw_root)
    for rel, (read, kept) in register_source_rows(raw_root).items():
        prov.record(raw_root / rel, rows_read=read, rows_kept=kept, part="LA register and gazetteer")
    consistency: list = []
    homes = build_homes(raw_root, prov, consistency=consistency)
    demand_tables = build_demand_tables(raw_root, prov)
    demand = demand_tables.demand
    supply = validate(build_supply(homes), SUPPLY_SCHEMA, "supply")
    la_year = validate(build_la_year(supply, demand, gazetteer), LA_YEAR_SCHEMA, "la_year")
    years = (
        homes.groupby("year")
        .agg(list_status=("list_status", "first"))
        .reset_index()
    )
    tables = {
        "homes": homes,
        "gazetteer": gazetteer,
        "supply": supply,
        "la_year": la_year,
        "dfe_published": demand_tables.dfe_published,
        "footprints": preset_table(gazetteer),
        "statistical_neighbours": statistical_neighbours(raw_root, prov),
        "national_distance": build_national_distance(raw_root, prov),
        "years": years,
        **build_market_tables(homes, prov.fixes),
        **build_forecast_tables(la_year),
        "la_distances": build_la_distances(raw_root),
        "short_break_places": build_short_break_places(homes),
    }
    return BuildResult(tables=tables, provenance=prov, seconds=time.perf_counter() - started,
                       homes_consistency=consistency[0] if consistency else None)


def tidy_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number float columns as nullable integers, other floats rounded to 6 places.

    Keeps the CSV exact for counts (no "1.13338e+07") and stable from build to build.
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            if len(vals) and (vals == vals.round()).all() and vals.abs().max() < 2**53:
                out[col] = s.round().astype("Int64")
            else:
                out[col] = s.round(6)
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    tidy_for_csv(frame).to_csv(path, index=False, lineterminator="\n")


def write_outputs(result: BuildResult, out_dir: str | Path, *, compact: bool = False) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, records = [], {}
    names = COMPACT_TABLES if compact else tuple(result.tables)
    for name in names:
        frame = result.tables[name]
        files = [out / f"{name}.csv"]
        _write_csv(frame, files[0])
        if not compact:
            files.append(out / f"{name}.parquet")
            frame.to_parquet(files[1], index=False)
        written += files
        records[name] = table_record(len(frame), list(frame.columns), files)
    prov_path = out / PROVENANCE
    extra = {"tables": records}
    result.provenance.write(prov_path, extra=extra)
    written.append(prov_path)
    result.written = written
    return written


def run_build(raw_root: str | Path, out_dir: str | Path, *, compact: bool = False) -> BuildResult:
    result = build_tables(raw_root)
    write_outputs(result, out_dir, compact=compact)
    return result


def summary(result: BuildResult) -> str:
    """England's children's homes and places by year (every home is counted: a plain sum)."""
    supply = result.tables["supply"]
    eng = supply[supply["provision_type"] == "childrens_home"].groupby("year")[["homes", "places"]].sum()
    years = result.tables["years"].set_index("year")["list_status"]
    lines = [f"Built in {result.seconds:.1f} s", "year  homes  places  list"]
    for y, row in eng.iterrows():
        lines.append(f"{y}  {int(row['homes']):5d}  {int(row['places']):6d}  {years.get(y, '')}")
    return "\n".join(lines)


def load_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
