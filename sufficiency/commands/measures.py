"""``python -m sufficiency measures``: every measure of the engine for an area or a level.

    python -m sufficiency measures --year 2024 --area E92000001 --json
    python -m sufficiency measures --year 2024 --level region --sector private --json

Prints, for each area, every measure with its value, why it is missing (``flag``), its
basis (observed, derived, estimated, modelled) and coverage (``n`` of ``las`` LAs): the
same figures as the map, the profile and the snapshot.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR, app_data_dir
from ..vocab import PROVISION_TYPES, SECTOR_SLUGS

SLUG_TO_SECTOR = {v: k for k, v in SECTOR_SLUGS.items()}


def _number(value):
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)


def measures_json(data, year: int, areas, sectors, types, baseline=None, *, modelled: bool = True) -> list[dict]:
    """One dict per area: code, name, year, filters and every measure (value, flag, basis, n, las)."""
    from ..engine import queries
    from ..engine.registry import MEASURES

    t = queries.table(data, year, sectors, types, areas, baseline, modelled=modelled)
    names = data.area_names
    out = []
    for code, row in t.iterrows():
        figures = {}
        for key, m in MEASURES.items():
            if key not in row:
                continue
            flag = row[f"{key}__flag"]
            figures[key] = {"label": m.label, "unit": m.unit, "value": _number(row[key]),
                            "flag": flag if isinstance(flag, str) else None, "basis": row[f"{key}__basis"],
                            "n": int(row[f"{key}__n"]), "las": int(row["las"]) if "las" in row else None}
        out.append({"area": code, "name": names.get(code, code), "year": int(year), "sectors": list(sectors),
                    "provision_types": list(types), "baseline": baseline, "measures": figures})
    return out


def run(args: argparse.Namespace) -> int:
    from ..engine import queries
    from ..store import load

    data = load(args.data or app_data_dir())
    sectors = tuple(s for s in SECTOR_SLUGS if SECTOR_SLUGS[s] in set(args.sector)) if args.sector else tuple(SECTOR_SLUGS)
    types = tuple(args.type) if args.type else ("childrens_home",)
    if args.area:
        code = args.area.strip().upper()
        if code not in data.area_names:
            print(f"error: unknown area '{args.area}': give an LA code, a region code (E12...) or {ENGLAND_CODE}")
            return 2
        areas = queries.areas_for(code)
    else:
        areas = queries.A.level(args.level)
    rows = measures_json(data, args.year, areas, sectors, types, args.baseline)
    if args.json:
        print(json.dumps(rows if not args.area else rows[0], indent=2, allow_nan=False))
    else:
        for row in rows:
            print(f"{row['area']} {row['name']} ({row['year']})")
            for key, f in row["measures"].items():
                value = "-" if f["value"] is None else f"{f['value']:,.2f}"
                print(f"  {key:28s} {value:>14s}  {f['basis']:9s} {f['flag'] or ''}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("measures", help="every measure of the engine for an area or for every area of a level")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--area", help=f"LA code, region code (E12...) or {ENGLAND_CODE}")
    where.add_argument("--level", choices=("la", "region", "country"), default="country",
                       help="every area of a level (default: country)")
    p.add_argument("--year", type=int, required=True, choices=range(FIRST_YEAR, LAST_YEAR + 1), metavar="YEAR")
    p.add_argument("--sector", action="append", choices=list(SLUG_TO_SECTOR), default=None,
                   help="provider sector (repeat for several; default all)")
    p.add_argument("--type", action="append", choices=list(PROVISION_TYPES), default=None,
                   help="provision type (repeat for several; default childrens_home)")
    p.add_argument("--baseline", type=int, default=None, choices=range(FIRST_YEAR, LAST_YEAR + 1), metavar="YEAR",
                   help="baseline year of the change measures")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--data", type=Path, default=None, help="folder of app tables (default: the embedded data)")
    p.set_defaults(func=run)
