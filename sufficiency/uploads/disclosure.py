"""The distance distribution of an upload, and the disclosure control applied to anything
shown or exported from it.

* :func:`upload_distribution`: vectorised counts by distance band (1 million rows in well
  under a second), the counts over 20 and 50 miles, and inside or outside the home LA.
* :func:`suppress_small`: counts from 1 to 4 are suppressed (primary); where a group of
  cells has a known total (the whole file, or the cells up to 20 miles, 20 to 50 and over
  50), a second cell is suppressed so that the first cannot be worked out (secondary).
* :func:`publishable`: the figures that may be shown or exported, as plain JSON-ready
  values, ``None`` where suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import columns as C

THRESHOLD = 5
#: Band edges in miles; a band includes its upper edge, so "more than 20 miles" is a sum of bands.
EDGES = (0.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0, float("inf"))
BOUNDARIES = (20.0, 50.0)
SUPPRESSED = "c"
SUPPRESSED_MEANING = ("c: fewer than 5 children, or hidden so that a figure of fewer than 5 cannot be worked out "
                      "from the others.")


def band_labels(edges=EDGES) -> list[str]:
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        if lo == 0:
            out.append(f"Up to {hi:g} miles")
        elif np.isinf(hi):
            out.append(f"More than {lo:g} miles")
        else:
            out.append(f"More than {lo:g} to {hi:g} miles")
    return out


@dataclass(frozen=True)
class UploadDistribution:
    bands: pd.DataFrame  # band, from_miles, to_miles, children
    children: int
    over: dict  # miles -> children placed more than that many miles from home
    inside_home_la: int
    outside_home_la: int
    area_not_la: int  # rows with a postcode district, where inside/outside the LA is not known


def upload_distribution(df: pd.DataFrame, edges=EDGES) -> UploadDistribution:
    """Children by distance band in the rows of ``df`` (the frame of an accepted upload)."""
    miles = np.asarray(df[C.MILES], dtype=float)
    inner = np.asarray(edges[1:-1], dtype=float)
    band = np.searchsorted(inner, miles, side="left")
    counts = np.bincount(band, minlength=len(edges) - 1)
    home = np.asarray(df[C.HOME].astype(str), dtype=object)
    placed = np.asarray(df[C.PLACEMENT].astype(str), dtype=object)
    both_la = _is_code(df[C.HOME]) & _is_code(df[C.PLACEMENT])
    same = both_la & (home == placed)
    bands = pd.DataFrame({
        "band": band_labels(edges),
        "from_miles": np.asarray(edges[:-1], dtype=float),
        "to_miles": np.asarray(edges[1:], dtype=float),
        "children": counts.astype(int),
    })
    over = {b: int((miles > b).sum()) for b in BOUNDARIES}
    return UploadDistribution(bands, int(len(miles)), over, int(same.sum()), int((both_la & ~same).sum()),
                              int((~both_la).sum()))


def _is_code(series: pd.Series) -> np.ndarray:
    s = series.astype("category")
    cats = pd.Series(s.cat.categories.astype(str)).str.fullmatch(C.ONS_CODE.pattern).to_numpy()
    codes = s.cat.codes.to_numpy()
    return np.where(codes >= 0, cats[np.clip(codes, 0, None)] if len(cats) else False, False)


def _suppress_group(values: np.ndarray, hidden: np.ndarray, idx: np.ndarray, threshold: int) -> None:
    """Primary then secondary suppression within one group of cells whose total is known."""
    v = values[idx]
    hidden[idx] |= (v > 0) & (v < threshold)
    while hidden[idx].sum() == 1:
        candidates = [i for i in idx if not hidden[i] and values[i] > 0]
        if not candidates:
            break
        hidden[min(candidates, key=lambda i: (values[i], i))] = True


def suppress_small(df: pd.DataFrame, columns, threshold: int = THRESHOLD, groups=None) -> pd.DataFrame:
    """A copy of ``df`` with counts from 1 to ``threshold - 1`` in ``columns`` replaced by
    missing (``pd.NA``), and, within each group of rows (lists of positions; default: all
    rows, whose total is taken as known), a second cell hidden where only one would be."""
    out = df.copy()
    groups = [np.arange(len(df))] if groups is None else [np.asarray(g, dtype=int) for g in groups]
    for col in columns:
        values = np.asarray(df[col], dtype=float)
        hidden = np.zeros(len(df), dtype=bool)
        for g in groups:
            _suppress_group(np.nan_to_num(values), hidden, g, threshold)
        out[col] = pd.array(np.where(hidden, np.nan, values), dtype="Float64").round(0).astype("Int64")
        out.loc[hidden, col] = pd.NA
    return out


def _band_groups(dist: UploadDistribution) -> tuple[list[np.ndarray], list[float]]:
    """Groups of bands split at the boundaries whose totals are shown; a boundary whose
    group would total 1 to 4 is dropped (the groups merge and its figure is not shown)."""
    upper = dist.bands["to_miles"].to_numpy()
    counts = dist.bands["children"].to_numpy()
    kept = list(BOUNDARIES)
    while True:
        cuts = [0, *[int(np.searchsorted(upper, b)) + 1 for b in kept], len(upper)]
        groups = [np.arange(a, b) for a, b in zip(cuts[:-1], cuts[1:])]
        small = [k for k, g in enumerate(groups) if 0 < counts[g].sum() < THRESHOLD]
        if not small or not kept:
            return groups, kept
        k = small[0]
        kept.pop(k - 1 if k == len(groups) - 1 else k)


def _pct(n, total):
    return None if n is None or not total else round(n / total * 100, 1)


def _pair(a: int, b: int) -> tuple[int | None, int | None]:
    """Two counts that sum to a shown total: both shown, or both hidden if either is 1 to 4."""
    return (None, None) if (0 < a < THRESHOLD or 0 < b < THRESHOLD) else (a, b)


def publishable(dist: UploadDistribution, basis: dict[str, int] | None = None) -> dict:
    """Everything the page shows or exports from an upload, suppressed, JSON-ready."""
    total = dist.children
    if total < THRESHOLD:
        return {"children": None, "too_few": True, "bands": [], "over": {}, "inside_home_la": None,
                "outside_home_la": None, "area_not_la": None, "basis": {}}
    groups, kept = _band_groups(dist)
    bands = suppress_small(dist.bands, ["children"], groups=groups)
    rows = []
    for rec in bands.to_dict("records"):
        n = None if pd.isna(rec["children"]) else int(rec["children"])
        rows.append({"band": rec["band"], "from_miles": rec["from_miles"],
                     "to_miles": None if np.isinf(rec["to_miles"]) else rec["to_miles"],
                     "children": n, "percent": _pct(n, total)})
    over = {}
    for b in BOUNDARIES:
        n = dist.over[b] if b in kept else None
        if n is not None and (0 < n < THRESHOLD or 0 < total - n < THRESHOLD):
            n = None
        over[f"{b:g}"] = {"children": n, "percent": _pct(n, total)}
    known = dist.inside_home_la + dist.outside_home_la
    inside, outside = _pair(dist.inside_home_la, dist.outside_home_la)
    not_la = dist.area_not_la
    if 0 < not_la < THRESHOLD or 0 < known < THRESHOLD:
        inside = outside = not_la = None
    basis_out = {}
    if basis:
        frame = pd.DataFrame({"basis": list(basis), "n": list(basis.values())})
        sup = suppress_small(frame, ["n"])
        basis_out = {b: (None if pd.isna(n) else int(n)) for b, n in zip(sup["basis"], sup["n"])}
    return {"children": total, "too_few": False, "bands": rows, "over": over, "inside_home_la": inside,
            "outside_home_la": outside, "area_not_la": not_la, "basis": basis_out}


def export_frame(pub: dict) -> pd.DataFrame:
    """The distribution table as shown and exported: suppressed cells read ``c``."""
    rows = [{"Distance from home": r["band"],
             "Children": SUPPRESSED if r["children"] is None else r["children"],
             "% of children": SUPPRESSED if r["percent"] is None else r["percent"]} for r in pub.get("bands", [])]
    return pd.DataFrame(rows, columns=["Distance from home", "Children", "% of children"])
