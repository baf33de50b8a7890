"""The concentration of ownership: the Herfindahl-Hirschman index and the largest owners' shares.

The index arithmetic, declared once: the measure engine's market measures (the map) and
:mod:`sufficiency.market.concentration` (the market view, the snapshot, the command line)
both compute from :func:`measures_by`. Shares are fractions (0-1) of all the area's
registered places, including places whose owner is not published; the HHI is the sum over
owners of the squared share in per cent (0 to 10,000). Bands: :data:`HHI_BANDS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOP = (1, 5, 10)
MEASURE_COLUMNS = ["owners", "homes", "places", "homes_owner_unknown", "places_owner_unknown", "hhi", "hhi_band",
                   *[f"top{k}_share" for k in TOP]]


@dataclass(frozen=True)
class Bands:
    name: str
    source: str
    moderate: float  # HHI at or above which a market is concentrated
    high: float  # HHI above which a market is highly concentrated
    labels: tuple[str, str, str]


#: The usual HHI bands. The default is the UK one: the Competition Commission and OFT Merger
#: Assessment Guidelines (CC2/OFT1254, 2010, para 5.3.5), which the CMA adopted. The US
#: Department of Justice and FTC Horizontal Merger Guidelines (2010) are given for comparison.
HHI_BANDS = {
    "cma": Bands("CMA", "CC/OFT Merger Assessment Guidelines (2010), adopted by the CMA", 1_000, 2_000,
                 ("not concentrated", "concentrated", "highly concentrated")),
    "doj": Bands("US DoJ/FTC", "US DoJ/FTC Horizontal Merger Guidelines (2010)", 1_500, 2_500,
                 ("unconcentrated", "moderately concentrated", "highly concentrated")),
}
DEFAULT_BANDS = "cma"


def hhi(shares: Iterable[float] | pd.Series, level: int | None = None) -> float | pd.Series:
    """Herfindahl-Hirschman index of ``shares`` (fractions 0-1): sum of (100 x share) squared.

    With ``level``, ``shares`` is a Series indexed by (area, owner): one index per area.
    """
    squared = (100 * pd.Series(shares, dtype=float)) ** 2 if level is None else (100 * shares.astype(float)) ** 2
    return float(squared.sum()) if level is None else squared.groupby(level=level).sum()


def hhi_band(value: float, scheme: str = DEFAULT_BANDS) -> str | None:
    """The band of an HHI value under ``scheme`` (see :data:`HHI_BANDS`); None for a missing value."""
    if value is None or not np.isfinite(value):
        return None
    b = HHI_BANDS[scheme]
    if value < b.moderate:
        return b.labels[0]
    return b.labels[1] if value <= b.high else b.labels[2]


def top_share(places: pd.Series, total: float, k: int, level: int | None = None) -> float | pd.Series:
    """Share (0-1) of ``total`` held by the ``k`` owners with most places (all owners if fewer).

    With ``level``, ``places`` is indexed by (area, owner) and ``total`` is a Series by area.
    """
    if level is None:
        if not total:
            return float("nan")
        return float(places.sort_values(ascending=False).head(k).sum() / total)
    ordered = places.sort_values(ascending=False, kind="stable")
    top = ordered[ordered.groupby(level=level).cumcount() < k].groupby(level=level).sum()
    return top.reindex(total.index, fill_value=0) / total.replace(0, np.nan)


def measures_by(rows: pd.DataFrame, by: str, scheme: str = DEFAULT_BANDS) -> pd.DataFrame:
    """The concentration measures (:data:`MEASURE_COLUMNS`) of each value of ``by`` among ``rows``."""
    totals = rows.groupby(by)["places"].sum().astype(float)
    named = rows[rows["owner"].notna()].groupby([by, "owner"])["places"].sum()
    share = named / totals.reindex(named.index.get_level_values(0)).replace(0, np.nan).to_numpy()
    unknown = rows[rows["owner"].isna()].groupby(by)[["homes", "places"]].sum()
    out = pd.DataFrame(index=totals.index)
    out["owners"] = named.groupby(level=0).size().reindex(out.index, fill_value=0).astype(int)
    out["homes"] = rows.groupby(by)["homes"].sum().astype(int)
    out["places"] = totals.astype(int)
    out["homes_owner_unknown"] = unknown["homes"].reindex(out.index, fill_value=0).astype(int)
    out["places_owner_unknown"] = unknown["places"].reindex(out.index, fill_value=0).astype(int)
    out["hhi"] = hhi(share, level=0).reindex(out.index, fill_value=0.0)
    out.loc[totals == 0, "hhi"] = np.nan
    out["hhi_band"] = out["hhi"].map(lambda v: hhi_band(v, scheme))
    for k in TOP:
        out[f"top{k}_share"] = top_share(named, totals, k, level=0).reindex(out.index)
    return out[MEASURE_COLUMNS]
