"""The projected measures (e.g. the projected gap in 2030) for any set of areas, read from
the forecasts precomputed at build time: no model runs here.

An LA, a region or England reads its row of the ``forecasts`` table (the figure
``python -m sufficiency forecast`` prints); a group of LAs (a footprint) is the sum of its
LAs' forecasts through :func:`sufficiency.forecast.query.forecast`, as the library sums
them. Figures exist for the forecast's origin year only: a map of an earlier year has no
projected figure ("projected from 31 March 2025 only"). An LA without a forecast (a council
too new to be forecast on its own, or one with no published figure at the origin) keeps the
forecast's own message as its flag.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import DataError
from ..forecast.units import cluster_of, lineage
from ..forecast.vocab import ORIGIN
from .areas import GROUP, LA, Areas, members
from .registry import MEASURES, PROJECTED

#: The flag of a projected figure asked for in a year other than the forecast's origin.
ONLY_FROM_ORIGIN = f"projected from 31 March {ORIGIN} only"


def _covered(code: str, units: set[str]) -> bool:
    """Whether an LA of the origin year is inside one of the forecast ``units``."""
    if lineage(code) in units:
        return True
    k = cluster_of(code)
    return k is not None and k.code in units


def target(key: str) -> tuple[str, int]:
    """(forecast measure, year) of a projected measure."""
    _, measure, year = MEASURES[key].formula
    return measure, int(year)


@lru_cache(maxsize=256)
def projected_table(data, key: str, year: int, areas: Areas) -> pd.DataFrame:
    """``key`` (a projected measure) for every area of ``areas``: the projected median with
    its 80% and 95% intervals (``key__lo80``, ``key__hi80``, ``key__lo95``, ``key__hi95``),
    flag, basis and coverage (``key__n``: the LAs the forecast covers)."""
    from ..forecast.query import forecast

    measure, when = target(key)
    memb = members(data, areas, int(year))
    index = pd.Index(memb.attrs["areas"], name="area_code")
    n = len(index)
    cols = {c: np.full(n, np.nan) for c in ("value", "lo80", "hi80", "lo95", "hi95")}
    flag = np.full(n, None, dtype=object)
    covered = np.zeros(n)
    if int(year) != ORIGIN:
        flag[:] = ONLY_FROM_ORIGIN
    else:
        f = data.forecast["forecasts"]
        rows = f[(f["measure"] == measure) & (f["year"] == when)].set_index("area_code")
        s = data.forecast["forecast_status"]
        status = s[s["measure"] == measure].set_index("area_code")
        units = set(rows.index[rows["level"] == "la"])
        by_area = memb.groupby("area_code")["la_code"].agg(lambda c: sorted(set(c)))
        for i, code in enumerate(index):
            las = by_area.get(code, [])
            point = None
            if areas.kind == GROUP:
                try:
                    point = forecast(data, measure, footprint=las, horizon=when - ORIGIN)["points"][-1]
                except DataError as err:
                    flag[i] = str(err)
            elif areas.kind == LA:
                st = status.loc[code] if code in status.index else None
                if st is None:
                    flag[i] = f"no forecast: not a council at 31 March {ORIGIN}"
                elif st["status"] != PROJECTED or st["unit_code"] not in rows.index:
                    flag[i] = st["message"] if isinstance(st["message"], str) and st["message"] else "no forecast"
                else:
                    point = rows.loc[st["unit_code"]]
            elif code in rows.index:
                point = rows.loc[code]
            else:
                flag[i] = "no forecast"
            if point is not None:
                cols["value"][i] = float(point["median"])
                for k in ("lo80", "hi80", "lo95", "hi95"):
                    cols[k][i] = float(point[k])
                covered[i] = sum(_covered(c, units) for c in las) if areas.kind != LA else 1
    out = pd.DataFrame({key: cols["value"], f"{key}__flag": flag, f"{key}__basis": PROJECTED, f"{key}__n": covered,
                        **{f"{key}__{k}": cols[k] for k in ("lo80", "hi80", "lo95", "hi95")}}, index=index)
    return out
