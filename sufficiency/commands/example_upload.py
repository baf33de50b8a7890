"""``python -m sufficiency example-upload --out FILE``: a made-up placements CSV to try the upload."""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from ..uploads.example import example_csv
    from ..uploads.parse import default_gazetteer

    text = example_csv(default_gazetteer(), rows=args.rows, home=args.home, year=args.year, seed=args.seed)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"Wrote {args.rows} synthetic placements (made up, not real children) to {args.out}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("example-upload", help="write a made-up placements CSV (synthetic rows) to try the upload")
    p.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    p.add_argument("--rows", type=int, default=400, help="number of rows (default 400)")
    p.add_argument("--home", default="E08000025", help="home LA code of the made-up children (default Birmingham)")
    p.add_argument("--year", type=int, default=2025, help="the year whose local authorities are used (default 2025)")
    p.add_argument("--seed", type=int, default=2025, help="random seed; the same seed gives the same file")
    p.set_defaults(func=run)
