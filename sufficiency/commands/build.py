"""``python -m sufficiency build --raw DIR --out DIR [--compact]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import raw_data_dir


def run(args: argparse.Namespace) -> int:
    from ..build import run_build, summary

    result = run_build(args.raw or raw_data_dir(), args.out, compact=args.compact)
    print(summary(result))
    print(f"Wrote {len(result.written)} files to {Path(args.out)}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="read the official files and write the canonical tables")
    p.add_argument("--raw", type=Path, default=None, help="folder of official files (default: ../shared/data or $SUFFICIENCY_RAW_DATA)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the tables to")
    p.add_argument("--compact", action="store_true", help="write only the aggregated tables the app ships (no per-home rows)")
    p.set_defaults(func=run)
