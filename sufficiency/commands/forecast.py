"""``python -m sufficiency forecast --area CODE|--footprint CODES --measure M [--origin YEAR] [--horizon H] [--json]``.

Prints the projected median and 80% and 95% intervals of a measure for an LA, region,
England or a footprint (comma-separated LA codes). Without ``--origin`` it reads the
forecasts precomputed in the data folder (origin = the last year); with an earlier
``--origin`` it runs the models on the figures up to and including that year only (the
backtest mode), so its figures can be set beside what was later published.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..config import app_data_dir
from ..errors import DataError


def run(args: argparse.Namespace) -> int:
    from ..forecast.query import forecast, forecast_from
    from ..forecast.vocab import BACKTEST_ORIGINS, MEASURES, ORIGIN
    from ..store import load

    data = load(Path(args.data) if args.data else app_data_dir())
    footprint = [c.strip() for c in args.footprint.split(",") if c.strip()] if args.footprint else None
    if args.footprint is not None and not footprint:
        raise DataError("--footprint needs at least one LA code")
    origin = args.origin if args.origin is not None else ORIGIN
    if origin == ORIGIN:
        out = forecast(data, args.measure, area=args.area, footprint=footprint, horizon=args.horizon)
    elif BACKTEST_ORIGINS[0] <= origin < ORIGIN:
        out = forecast_from(data.la_year, args.measure, origin, area=args.area, footprint=footprint, horizon=args.horizon)
    else:
        raise DataError(f"--origin must be between {BACKTEST_ORIGINS[0]} and {ORIGIN}")
    if args.json:
        print(json.dumps(out))
        return 0
    names = data.area_names
    label = names.get(out["area"], out["area"])
    print(f"{MEASURES[args.measure].label}, {label}: projected from 31 March {out['origin']} ({out['method']})")
    print(f"{'year':<6}{'median':>10}{'80% interval':>22}{'95% interval':>22}")
    for p in out["points"]:
        print(f"{p['year']:<6}{p['median']:>10.0f}{p['lo80']:>11.0f} to {p['hi80']:<8.0f}{p['lo95']:>11.0f} to {p['hi95']:<8.0f}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("forecast", help="projected demand, supply or gap to 2030 with 80%% and 95%% intervals")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--area", help="an LA, region (E12...) or England (E92000001) code")
    where.add_argument("--footprint", help="comma-separated LA codes: their sum")
    p.add_argument("--measure", required=True, choices=("cla", "cla_ch", "homes", "places", "gap"))
    p.add_argument("--origin", type=int, default=None, help="last year of data used (default: the last year; earlier = backtest)")
    p.add_argument("--horizon", type=int, default=5, help="years ahead (1-5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--data", type=Path, default=None, help="folder of the compact build (default: data/ or $SUFFICIENCY_DATA)")
    p.set_defaults(func=run)
