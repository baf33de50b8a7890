"""``python -m sufficiency snapshot --area CODE --year YEAR [--sector ...] --out FILE``.

Writes the sufficiency snapshot of an area (an LA code, a region code or E92000001 for
England) as Excel (.xlsx), a report (.html or .pdf) or CSV files (.zip), chosen by the
extension of ``--out``.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlencode
from pathlib import Path

from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR, app_data_dir
from ..vocab import PROVISION_TYPES, SECTOR_SLUGS

SLUG_TO_SECTOR = {v: k for k, v in SECTOR_SLUGS.items()}


def _sector(text: str) -> str:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key in SLUG_TO_SECTOR:
        return SLUG_TO_SECTOR[key]
    raise argparse.ArgumentTypeError(f"unknown sector '{text}' (choose from {', '.join(SLUG_TO_SECTOR)})")


def state_for(args: argparse.Namespace, data):
    """The view state the command line describes (as the dashboard would have it)."""
    from ..geography.footprints import parse
    from ..geography.reorganisations import REGION_NAMES
    from ..state import ViewState, from_query

    sectors = tuple(s for s in SECTOR_SLUGS if s in set(args.sector)) if args.sector else tuple(SECTOR_SLUGS)
    common = dict(year=args.year, sectors=sectors, provision_types=tuple(args.type) if args.type else ("childrens_home",),
                  baseline=args.baseline if args.baseline is not None else FIRST_YEAR, measure=args.measure)
    if getattr(args, "footprint", None):
        fp = parse(args.footprint, args.footprint_name, data.footprints, set(data.la_names))
        if fp is None or not fp.codes:
            raise SystemExit(f"error: the footprint '{args.footprint[:60]}' names no council of England: give a preset "
                             "(python -m sufficiency footprints) or LA codes separated by commas")
        if fp.dropped:
            print(f"note: left out of the footprint: {', '.join(fp.dropped[:10])}", file=sys.stderr)
        state = from_query("?" + urlencode({"footprint": fp.key, "footprint_name": args.footprint_name or ""}))
        return ViewState(view="profile", footprint=state.footprint, footprint_name=state.footprint_name, **common)
    code = args.area.strip().upper()
    known = set(data.gazetteer["code"]) | set(REGION_NAMES) | {ENGLAND_CODE}
    if code not in known:
        raise SystemExit(f"error: unknown area '{args.area}': give an LA code, a region code (E12...) or {ENGLAND_CODE}")
    is_la = code not in REGION_NAMES and code != ENGLAND_CODE
    return ViewState(view="profile" if is_la else "map", area=code, la=code if is_la else None, **common)


def run(args: argparse.Namespace) -> int:
    from ..store import load
    from ..snapshot import build_snapshot
    from ..snapshot.pdf import PdfUnavailable

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "zip", "html", "pdf"):
        print("error: --out must end in .xlsx, .zip, .html or .pdf", file=sys.stderr)
        return 2
    data = load(args.data or app_data_dir())
    state = state_for(args, data)
    try:
        snap = build_snapshot(data, state, fmt, base_url=args.base_url, charts=not args.no_charts)
    except PdfUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        if fmt in ("html", "pdf", "zip") and not args.no_charts:
            from ..snapshot.charts import stop

            stop()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(snap.content)
    print(f"Wrote {out} ({len(snap.content):,} bytes, {snap.seconds:.1f} s); suggested name: {snap.filename}")
    if snap.note:
        print(f"note: {snap.note}")
    return 0


def add_parser(sub) -> None:
    from ..engine.registry import MAP_MEASURES

    p = sub.add_parser("snapshot", help="write the sufficiency snapshot of an area (xlsx, html, pdf or zip of CSV)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--area", help=f"LA code, region code (E12...) or {ENGLAND_CODE} for England")
    where.add_argument("--footprint", help="a footprint: LA codes separated by commas, or a preset id "
                       "(see python -m sufficiency footprints)")
    p.add_argument("--footprint-name", default=None, help="the footprint's name (with --footprint CODES)")
    p.add_argument("--year", type=int, required=True, choices=range(FIRST_YEAR, LAST_YEAR + 1), metavar="YEAR",
                   help=f"year at 31 March, {FIRST_YEAR}-{LAST_YEAR}")
    p.add_argument("--sector", type=_sector, action="append", default=None,
                   help="provider sector to count (repeat for several; default all): " + ", ".join(SLUG_TO_SECTOR))
    p.add_argument("--type", action="append", choices=list(PROVISION_TYPES), default=None,
                   help="provision type (repeat for several; default childrens_home)")
    p.add_argument("--baseline", type=int, default=None, choices=range(FIRST_YEAR, LAST_YEAR + 1), metavar="YEAR",
                   help=f"baseline year for change (default {FIRST_YEAR})")
    p.add_argument("--measure", default="places_per_10k", choices=list(MAP_MEASURES), help="map measure for the report's map")
    p.add_argument("--out", type=Path, required=True, help="file to write: .xlsx, .zip, .html or .pdf")
    p.add_argument("--data", type=Path, default=None, help="folder of app tables (default: the embedded data)")
    p.add_argument("--base-url", default="http://127.0.0.1:8050/", help="dashboard address for the permalink")
    p.add_argument("--no-charts", action="store_true", help="leave charts out of the report and the zip (faster)")
    p.set_defaults(func=run)
