"""``python -m sufficiency market --area CODE|--footprint CODES --year YEAR [--sector S ...] [--json]``.

Prints the market of an area (an LA code, a region code, E92000001 for England, or a
footprint: LA codes separated by commas) in one year: the number of owners, the
Herfindahl-Hirschman index of registered places, the top 1/5/10 owners' shares (0-1), the
largest owners, and the homes and places opened and closed in the year to 31 March.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR, app_data_dir
from ..vocab import PROVISION_TYPES
from .snapshot import SLUG_TO_SECTOR, _sector


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _text(out: dict, area, status: str, owners_from: int) -> str:
    from ..market.concentration import HHI_BANDS, DEFAULT_BANDS, hhi_band

    bands = HHI_BANDS[DEFAULT_BANDS]
    lines = [f"Market for children's homes: {area.name} ({out['area']}), 31 March {out['year']} "
             f"(derived from Ofsted's {status} list)"]
    if out["owners"] is None:
        lines.append(f"Owners: not available (Ofsted names the owners of children's homes from {owners_from})")
    else:
        lines += [
            f"Owners (organisations as Ofsted names them): {out['owners']:,}",
            f"HHI of registered places: {out['hhi']:,.0f} ({hhi_band(out['hhi'])}; {bands.name} bands: "
            f"{bands.moderate:,.0f} and {bands.high:,.0f})" if out["hhi"] is not None else "HHI: no places",
            "Share of places held by the largest owners: " + ", ".join(
                f"top {k} {_pct(v)}" for k, v in out["top_share"].items()),
            "Largest owners:",
            *[f"  {i:>2}. {r['owner']:<50} {r['places']:>6,} places {_pct(r['share']):>7}"
              for i, r in enumerate(out["largest"], start=1)],
        ]
    if out["openings"] is None:
        lines.append("Openings and closures: not available (counted from one year's list to the next)")
    else:
        lines.append(f"In the year to 31 March {out['year']}: opened {out['openings']['homes']:,} homes "
                     f"({out['openings']['places']:,} places), closed {out['closures']['homes']:,} homes "
                     f"({out['closures']['places']:,} places)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..errors import DataError
    from ..market.areas import market_area
    from ..market.summary import market_summary
    from ..store import load

    data = load(Path(args.data) if args.data else app_data_dir())
    if (args.area is None) == (args.footprint is None):
        raise DataError("give either --area CODE or --footprint CODES")
    area = market_area(data, area=args.area, footprint=args.footprint)
    if not area(args.year):
        raise DataError(f"{area.name} has no local authority in the geography of {args.year}",
                        hint="Choose a year in which the council existed, or give the code as --footprint "
                             "(a split council then stands for its successors)")
    sectors = [s for s in SLUG_TO_SECTOR.values() if s in set(args.sector)] if args.sector else None
    types = tuple(args.type) if args.type else ("childrens_home",)
    out = market_summary(data.owner_supply, data.openings, area, args.year, sectors, types, top=args.top)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        status = data.years.set_index("year")["list_status"].get(args.year, "")
        print(_text(out, area, status, int(data.owner_supply["year"].min())))
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("market", help="owners, concentration (HHI, top shares), openings and closures of an area")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--area", help=f"LA code, region code (E12...) or {ENGLAND_CODE} for England")
    where.add_argument("--footprint", help="LA codes separated by commas (a footprint of several LAs)")
    p.add_argument("--year", type=int, required=True, choices=range(FIRST_YEAR, LAST_YEAR + 1), metavar="YEAR",
                   help=f"year at 31 March, {FIRST_YEAR}-{LAST_YEAR} (owners from 2018, openings from 2015)")
    p.add_argument("--sector", type=_sector, action="append", default=None,
                   help="provider sector to count (repeat for several; default all): " + ", ".join(SLUG_TO_SECTOR))
    p.add_argument("--type", action="append", choices=list(PROVISION_TYPES), default=None,
                   help="provision type (repeat for several; default childrens_home)")
    p.add_argument("--top", type=int, default=10, help="how many of the largest owners to list (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON (shares are fractions 0-1)")
    p.add_argument("--data", type=Path, default=None, help="folder of the compact build (default: data/ or $SUFFICIENCY_DATA)")
    p.set_defaults(func=run)
