"""``python -m sufficiency flows --year YEAR [--json] [--by la] [--form F] [--model M] [--sector S ...] [--data DIR]``.

Runs the placement-flow model for one year on the app's data and prints, for England and
each region (and each LA with ``--by la``), the modelled figures for children in children's
homes by home area: shares (0-1) placed more than 20 and 50 miles from home and outside
their own LA, and the mean distance in miles, each with its plausible range (``low`` /
``high``); the calibrated parameters; and ``fit``: the held-out per-LA correlation and mean
absolute error (points) of the share placed outside the LA (k-fold cross-validation by LA).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from ..config import ENGLAND_CODE, YEARS, app_data_dir

FIGURES = ("share_over_20", "share_over_50", "share_outside_la", "mean_miles")


def _num(value) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else float(value)


def _areas(table) -> dict:
    out = {}
    for _, row in table.iterrows():
        out[row["area_code"]] = {
            **{f: _num(row[f]) for f in FIGURES},
            "children": _num(row["children"]),
            "low": {f: _num(row[f"{f}_low"]) for f in FIGURES},
            "high": {f: _num(row[f"{f}_high"]) for f in FIGURES},
        }
    return out


def _fit(data, year: int, model: str, form: str) -> dict:
    from ..flows import compare_models
    from ..flows.crossval import FIT_YEARS, FOLDS

    per_year = compare_models(data, FIT_YEARS, form, [model]).set_index("year")
    this = compare_models(data, [year], form, [model]).iloc[0] if year not in per_year.index else per_year.loc[year]
    held = None if this["n"] == 0 else {k: _num(this[k]) if k != "n" else int(this[k])
                                          for k in ("n", "correlation", "mae", "coverage")}
    return {
        "method": f"{FOLDS}-fold cross-validation by LA: % of each LA's children in children's homes placed outside "
                  "the LA (DfE FOI), predicted by a model that did not see that LA's figure",
        "year": year,
        "held_out": held,
        "note": None if held else f"no published FOI figures for {year}",
        f"held_out_{FIT_YEARS[0]}_{FIT_YEARS[-1]}": {
            "correlation": _num(per_year["correlation"].mean()), "mae": _num(per_year["mae"].mean()),
            "coverage": _num(per_year["coverage"].mean()),
        },
    }


def summary(data, year: int, form: str | None = None, sectors=None, by: str | None = None, model: str | None = None,
            fit: bool = True) -> dict:
    from ..flows import ALL_SECTORS, DEFAULT_FORM, DEFAULT_MODEL, figure_ranges, run_year

    form, model = form or DEFAULT_FORM, model or DEFAULT_MODEL
    sectors = sectors or ALL_SECTORS
    result = run_year(data, year, sectors=sectors, form=form, model=model)
    england = _areas(figure_ranges(data, year, "england", sectors, model, form))[ENGLAND_CODE]
    out = {
        "year": year,
        "decay": result.decay,
        "form": result.form,
        "model": result.model,
        "decay_year": result.decay_year,
        "target_share_over_20": result.target,
        "target_share_outside_la": _num(result.outside_target),
        "sectors": list(result.sectors),
        "population": "children in children's homes (modelled), by home area",
        "england": england,
        "regions": dict(sorted(_areas(figure_ranges(data, year, "region", sectors, model, form)).items())),
    }
    if by == "la":
        out["las"] = dict(sorted(_areas(figure_ranges(data, year, "la", sectors, model, form)).items()))
    if fit:
        out["fit"] = _fit(data, year, model, form)
    return out


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _text(out: dict, names: dict) -> str:
    lines = [
        f"Modelled placements of children in children's homes, {out['year']} ({out['model']}, {out['form']} decay "
        f"{out['decay']:.4f}, "
        + ("calibrated to this year's" if out["decay_year"] == out["year"] else f"from {out['decay_year']}'s")
        + f" observed share over 20 miles, {out['target_share_over_20']:.1%})",
        f"{'area':<28} {'>20 miles':>22} {'>50 miles':>22} {'outside LA':>22} {'mean miles':>18}",
    ]
    rows = [(ENGLAND_CODE, out["england"])] + list(out["regions"].items()) + list(out.get("las", {}).items())
    for code, s in rows:
        cells = [f"{_pct(s[f])} ({_pct(s['low'][f])}-{_pct(s['high'][f])})" for f in FIGURES[:3]]
        miles = "-" if s["mean_miles"] is None else f"{s['mean_miles']:.1f} ({s['low']['mean_miles']:.1f}-{s['high']['mean_miles']:.1f})"
        lines.append(f"{names.get(code, code):<28} {cells[0]:>22} {cells[1]:>22} {cells[2]:>22} {miles:>18}")
    fit = out.get("fit")
    if fit:
        held = fit["held_out"]
        key = next(k for k in fit if k.startswith("held_out_20"))
        span, first, last = fit[key], *key.split("_")[2:4]
        lines.append(
            ("Held-out fit per LA, % placed outside the LA: "
             + (f"{fit['year']}: r {held['correlation']:.2f}, MAE {held['mae']:.1f} points ({held['n']} LAs); "
                if held else f"{fit['year']}: {fit['note']}; ")
             + f"mean {first}-{last}: r {span['correlation']:.2f}, MAE {span['mae']:.1f} points")
        )
    lines.append("Ranges in brackets: plausible range (decay forms and each LA's own-LA share).")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..store import load
    from ..errors import DataError

    data = load(Path(args.data) if args.data else app_data_dir())
    if args.year not in set(data.la_year["year"].astype(int)):
        raise DataError(f"no data for {args.year} in {data.folder}")
    out = summary(data, args.year, args.form, args.sector, args.by, args.model)
    print(json.dumps(out, indent=2) if args.json else _text(out, data.area_names))
    return 0


def add_parser(sub) -> None:
    from ..flows.candidates import CANDIDATES
    from ..flows.gravity import FORMS
    from ..flows.inputs import SECTORS

    p = sub.add_parser("flows", help="run the placement-flow model for one year (modelled shares, distances, ranges, fit)")
    p.add_argument("--year", type=int, required=True, choices=YEARS, metavar="YEAR", help=f"year at 31 March ({YEARS[0]}-{YEARS[-1]})")
    p.add_argument("--json", action="store_true", help="print JSON (shares are fractions 0-1, distances in miles)")
    p.add_argument("--by", choices=["la"], default=None, help="also give every LA's figures")
    p.add_argument("--form", choices=FORMS, default=None, help="distance-decay form (default: the chosen form)")
    p.add_argument("--model", choices=list(CANDIDATES), default=None, help="model candidate (default: the chosen one)")
    p.add_argument("--sector", action="append", choices=SECTORS, default=None, help="sector of the places (repeatable; default all)")
    p.add_argument("--data", type=Path, default=None, help="folder of the compact build (default: data/ or $SUFFICIENCY_DATA)")
    p.set_defaults(func=run)
