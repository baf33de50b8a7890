"""``python -m sufficiency flows --year YEAR [--json] [--form F] [--sector S ...] [--data DIR]``.

Runs the placement-flow model for one year on the app's data and prints the calibrated
decay parameter and the modelled shares (0-1) of children in children's homes placed more
than 20 and 50 miles from home, for England and each region (by home area).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..config import ENGLAND_CODE, YEARS, app_data_dir


def summary(data, year: int, form: str | None = None, sectors=None) -> dict:
    from ..flows import ALL_SECTORS, DEFAULT_FORM, run_year, share_over

    result = run_year(data, year, sectors=sectors or ALL_SECTORS, form=form or DEFAULT_FORM)
    s20, s50 = share_over(result, 20, "region"), share_over(result, 50, "region")
    return {
        "year": year,
        "decay": result.decay,
        "form": result.form,
        "decay_year": result.decay_year,
        "target_share_over_20": result.target,
        "sectors": list(result.sectors),
        "england": {"share_over_20": result.shares["share_over_20"], "share_over_50": result.shares["share_over_50"]},
        "regions": {
            code: {"share_over_20": float(s20[code]), "share_over_50": float(s50[code])} for code in sorted(s20.index)
        },
    }


def _text(out: dict, names: dict) -> str:
    lines = [
        f"Modelled placements of children in children's homes, {out['year']} ({out['form']} decay {out['decay']:.4f}, "
        + ("calibrated to this year's" if out["decay_year"] == out["year"] else f"from {out['decay_year']}'s")
        + f" observed share over 20 miles, {out['target_share_over_20']:.1%})",
        f"{'area':<28} {'>20 miles':>10} {'>50 miles':>10}",
    ]
    rows = [(ENGLAND_CODE, out["england"])] + list(out["regions"].items())
    for code, s in rows:
        lines.append(f"{names.get(code, code):<28} {s['share_over_20']:>10.1%} {s['share_over_50']:>10.1%}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..store import load
    from ..errors import DataError

    data = load(Path(args.data) if args.data else app_data_dir())
    if args.year not in set(data.la_year["year"].astype(int)):
        raise DataError(f"no data for {args.year} in {data.folder}")
    out = summary(data, args.year, args.form, args.sector)
    print(json.dumps(out, indent=2) if args.json else _text(out, data.area_names))
    return 0


def add_parser(sub) -> None:
    from ..flows.gravity import FORMS
    from ..flows.inputs import SECTORS

    p = sub.add_parser("flows", help="run the placement-flow model for one year (modelled shares over 20 and 50 miles)")
    p.add_argument("--year", type=int, required=True, choices=YEARS, metavar="YEAR", help=f"year at 31 March ({YEARS[0]}-{YEARS[-1]})")
    p.add_argument("--json", action="store_true", help="print JSON (shares are fractions 0-1)")
    p.add_argument("--form", choices=FORMS, default=None, help="distance-decay form (default: the chosen form)")
    p.add_argument("--sector", action="append", choices=SECTORS, default=None, help="sector of the places (repeatable; default all)")
    p.add_argument("--data", type=Path, default=None, help="folder of the compact build (default: data/ or $SUFFICIENCY_DATA)")
    p.set_defaults(func=run)
