"""An area's own backtest accuracy, in words, for screens and exports."""

from __future__ import annotations

import math

from .vocab import MEASURES

WORDS = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}
SHORT = {"cla": "children looked after", "cla_ch": "children in secure homes and children's homes",
         "homes": "children's homes", "places": "registered places", "gap": "gap"}


def accuracy(data, measure: str, area: str, horizon: int = 3) -> dict | None:
    """``{"mape", "mase", "n", "method", "horizon"}`` of the default method for ``area``, or None."""
    a = data.forecast["forecast_accuracy"]
    row = a[(a["measure"] == measure) & (a["area_code"] == area) & (a["horizon"] == horizon)]
    if row.empty:
        return None
    r = row.iloc[0]
    return {"mape": float(r["mape"]), "mase": float(r["mase"]), "n": int(r["n"]), "method": str(r["method"]),
            "horizon": horizon, "coverage80": float(r["coverage80"]) if r["coverage80"] == r["coverage80"] else None}


def accuracy_sentence(data, measure: str, area: str, horizon: int = 3, name: str | None = None) -> str:
    """E.g. "This method missed Kent's children looked after by 6% on average three years ahead (4 backtests, 2018-2023 origins)"."""
    name = name or data.area_names.get(area, area)
    what = SHORT.get(measure, MEASURES[measure].label.lower())
    acc = accuracy(data, measure, area, horizon)
    if acc is None or acc["mape"] is None or math.isnan(acc["mape"]):
        return f"No backtest of {what} {WORDS.get(horizon, f'{horizon} years')} ahead for {name}: too few years of figures."
    pct = acc["mape"]
    shown = f"{pct:.0f}%" if pct >= 1 else "less than 1%"
    return (f"This method missed {name}'s {what} by {shown} on average {WORDS.get(horizon, f'{horizon} years')} ahead "
            f"({acc['n']} backtest{'s' if acc['n'] != 1 else ''} from origins 2018-2023).")
