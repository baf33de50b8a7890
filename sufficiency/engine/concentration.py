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


def area_owner_measures(area: np.ndarray, owner: np.ndarray, places: np.ndarray, homes: np.ndarray,
                        size: int) -> dict[str, np.ndarray]:
    """The concentration measures of ``size`` areas from rows of (area position, owner
    number, places, homes): ``owner`` is -1 where the owner is not published.

    The one arithmetic of :func:`measures_by` and of the measure engine's market measures:
    integer sums by area and by (area, owner), then shares of each area's places. Arrays of
    length ``size``; ``present`` marks areas with at least one row (the others' measures are
    missing, as an area with no places' HHI and shares are)."""
    area = np.asarray(area, dtype=np.int64)
    owner = np.asarray(owner, dtype=np.int64)
    places = np.asarray(places, dtype=float)
    homes = np.asarray(homes, dtype=float)
    present = np.bincount(area, minlength=size) > 0
    totals = np.bincount(area, weights=places, minlength=size)
    known = owner >= 0
    unknown = ~known
    out = {
        "present": present,
        "homes": np.bincount(area, weights=homes, minlength=size),
        "places": totals,
        "homes_owner_unknown": np.bincount(area[unknown], weights=homes[unknown], minlength=size),
        "places_owner_unknown": np.bincount(area[unknown], weights=places[unknown], minlength=size),
    }
    n_owners = int(owner.max()) + 1 if len(owner) else 1
    keys, inverse = np.unique(area[known] * n_owners + owner[known], return_inverse=True)
    sums = np.bincount(inverse, weights=places[known], minlength=len(keys))
    key_area = keys // n_owners
    out["owners"] = np.bincount(key_area, minlength=size).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # HHI = 10,000 x sum(places squared) / total squared: whole numbers until the one
        # division, so a value on a band's edge (1,000; 2,000) is exactly on it
        squares = np.bincount(key_area, weights=sums ** 2, minlength=size)
        out["hhi"] = np.where(present & (totals > 0), 10_000 * squares / np.where(totals > 0, totals, np.nan) ** 2,
                              np.nan)
        order = np.lexsort((-sums, key_area))  # each area's owners, most places first
        ordered_area = key_area[order]
        starts = np.searchsorted(ordered_area, ordered_area, side="left")
        rank = np.arange(len(order)) - starts
        for k in TOP:
            top = rank < k
            held = np.bincount(ordered_area[top], weights=sums[order][top], minlength=size)
            out[f"top{k}_share"] = np.where(present & (totals > 0), held / np.where(totals > 0, totals, np.nan), np.nan)
    return out


def measures_by(rows: pd.DataFrame, by: str, scheme: str = DEFAULT_BANDS) -> pd.DataFrame:
    """The concentration measures (:data:`MEASURE_COLUMNS`) of each value of ``by`` among ``rows``."""
    area_codes, areas = pd.factorize(rows[by], sort=True)  # a row without a value of ``by`` is -1: left out
    owner_codes, _ = pd.factorize(rows["owner"])  # an owner not published is -1
    keep = area_codes >= 0
    m = area_owner_measures(area_codes[keep], owner_codes[keep], rows["places"].to_numpy(dtype=float)[keep],
                            rows["homes"].to_numpy(dtype=float)[keep], len(areas))
    out = pd.DataFrame(index=pd.Index(areas, name=by))
    for c in ("owners", "homes", "places", "homes_owner_unknown", "places_owner_unknown"):
        out[c] = m[c].astype(int)
    out["hhi"] = m["hhi"]
    out["hhi_band"] = out["hhi"].map(lambda v: hhi_band(v, scheme))
    for k in TOP:
        out[f"top{k}_share"] = m[f"top{k}_share"]
    return out[MEASURE_COLUMNS]
