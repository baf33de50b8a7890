"""``python -m sufficiency footprints``: the preset footprints, with their councils and source.

    python -m sufficiency footprints [--year 2025] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..config import FIRST_YEAR, LAST_YEAR, app_data_dir


def presets(data, year: int) -> list[dict]:
    """Each preset: id, name, source, as of, and its councils in ``year`` (code and name)."""
    from ..engine.areas import group, members
    from ..geography.footprints import PRESETS

    out = []
    for p in PRESETS:
        codes = tuple(data.footprints.loc[data.footprints["footprint"] == p.id, "la_code"])
        las = sorted(set(members(data, group(codes, p.id), year)["la_code"]))
        out.append({"id": p.id, "name": p.name, "source": p.source, "as_of": p.as_of, "year": year,
                    "las": [{"code": c, "name": data.la_names.get(c, c)} for c in las]})
    return out


def run(args: argparse.Namespace) -> int:
    from ..store import load

    data = load(args.data or app_data_dir())
    rows = presets(data, args.year)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        print(f"{row['id']}: {row['name']} ({len(row['las'])} local authorities in {row['year']})")
        print(f"  source: {row['source']} (as of {row['as_of']})")
        print("  " + ", ".join(f"{la['name']} {la['code']}" for la in row["las"]))
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("footprints", help="list the preset footprints (regional care co-operatives, regions) and their LAs")
    p.add_argument("--year", type=int, default=LAST_YEAR, choices=range(FIRST_YEAR, LAST_YEAR + 1), metavar="YEAR",
                   help=f"year whose councils are listed (default {LAST_YEAR})")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--data", type=Path, default=None, help="folder of app tables (default: the embedded data)")
    p.set_defaults(func=run)
