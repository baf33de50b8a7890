"""Interval calibration on the backtest: error quantiles by horizon and the common factor.

Errors are standardised by the series' own scale, ``e = (actual - median) / scale`` in counts
(homes, places) or ``(log1p(actual) - log1p(median)) / scale`` for children, whose councils
differ a hundredfold in size; pooled over councils (and sectors) and origins. Calibrating at an origin uses
only errors whose target year is at or before it, so a backtest's intervals, like its
medians, see nothing after their origin. A horizon with fewer than ``MIN_ERRORS`` errors
takes the quantiles of the longest horizon that has enough, scaled by ``(h / k) ** GROWTH``
(the backtest's errors grow about as the 0.6th power of the horizon: children looked after's
MASE goes from 1.1 one year ahead to 2.7 five years ahead).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from .aggregate import Calibration
from .vocab import HORIZONS, PROBS

MIN_ERRORS = 30
GROWTH = 0.6


def standardised(rows: pd.DataFrame, log: bool = False) -> pd.Series:
    """Standardised errors of backtest rows (NaN where the actual is missing or scale is 0)."""
    ok = rows["actual"].notna() & (rows["scale"] > 0)
    if log:
        e = (np.log1p(rows["actual"].clip(lower=0)) - np.log1p(rows["median"].clip(lower=0))) / rows["scale"]
    else:
        e = (rows["actual"] - rows["median"]) / rows["scale"]
    return e.where(ok)


def _rho(errs: pd.DataFrame) -> float:
    """Average pairwise correlation of normal scores within each origin's cross-section."""
    num = den = q = n_all = 0.0
    for _, g in errs.groupby(["origin", "horizon"]):
        z = g["z"].to_numpy()
        n = len(z)
        if n < 3:
            continue
        s, ss = z.sum(), (z * z).sum()
        num += s * s - ss
        den += n * (n - 1)
        q += ss
        n_all += n
    if den == 0 or q == 0:
        return 0.0
    return float(np.clip((num / den) / (q / n_all), 0.0, 0.95))


def calibrate(rows: pd.DataFrame, name: str, upto: int, horizons=HORIZONS, log: bool = False) -> Calibration | None:
    """Calibration from backtest ``rows`` (one method) with target year <= ``upto``."""
    r = rows[(rows["target"] <= upto)].assign(e=standardised(rows, log)).dropna(subset=["e"])
    if r.empty:
        return None
    quant = np.full((len(horizons), len(PROBS)), np.nan)
    counts = r.groupby("horizon")["e"].size()
    enough = [h for h in horizons if counts.get(h, 0) >= MIN_ERRORS]
    if not enough:
        return None
    for j, h in enumerate(horizons):
        if h in enough:
            quant[j] = np.quantile(r.loc[r["horizon"] == h, "e"], PROBS)
        else:
            k = max([e for e in enough if e < h], default=min(enough))
            quant[j] = np.quantile(r.loc[r["horizon"] == k, "e"], PROBS) * (h / k) ** GROWTH
    # normal scores within each horizon's pool, for the cross-council correlation
    r = r[r["horizon"].isin(enough)].copy()
    r["z"] = r.groupby("horizon")["e"].transform(lambda e: pd.Series(ndtri((e.rank() - 0.5) / len(e)), index=e.index))
    rho_h = {h: _rho(r[r["horizon"] == h]) for h in enough}
    pooled = _rho(r)
    rho = np.array([rho_h.get(h, pooled) if (r["horizon"] == h).sum() >= MIN_ERRORS else pooled for h in horizons])
    return Calibration(name, quant, rho, log)
