"""Command line: ``python -m sufficiency build --raw DIR --out DIR [--compact]``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .config import raw_data_dir
from .errors import DataError


def _build(args: argparse.Namespace) -> int:
    from .build import run_build, summary

    result = run_build(args.raw, args.out, compact=args.compact)
    print(summary(result))
    print(f"Wrote {len(result.written)} files to {Path(args.out)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sufficiency", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="read the official files and write the canonical tables")
    b.add_argument("--raw", type=Path, default=None, help="folder of official files (default: ../shared/data or $SUFFICIENCY_RAW_DATA)")
    b.add_argument("--out", type=Path, required=True, help="folder to write the tables to")
    b.add_argument("--compact", action="store_true", help="write only the aggregated tables the app ships (no per-home rows)")
    b.set_defaults(func=_build)
    args = parser.parse_args(argv)
    if getattr(args, "raw", "unset") is None:
        args.raw = raw_data_dir()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return args.func(args)
    except DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
