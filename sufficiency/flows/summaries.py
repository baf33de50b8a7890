"""Summaries of a ``FlowResult``: distance distribution, shares over a distance, main
destinations and sources, and the fit to observed figures the calibration did not use.

``by`` is ``'england'``, ``'region'`` or ``'la'`` and always groups children by their home
(origin) LA. Every share is a fraction 0-1 of modelled children; every figure is modelled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from .gravity import mass_within
from .inputs import SECTORS

REFERENCE_MILES = (20, 50)
DEFAULT_BINS = tuple(range(0, 305, 5)) + (float("inf"),)


def _group(result, by: str) -> np.ndarray:
    if by == "england":
        return np.full(len(result.codes), ENGLAND_CODE, dtype=object)
    if by == "region":
        return np.asarray(result.region_codes, dtype=object)
    if by == "la":
        return np.asarray(result.codes, dtype=object)
    raise ValueError("by must be 'england', 'region' or 'la'")


def within_masses(result, thresholds) -> pd.DataFrame:
    """Children of each home LA (rows) placed at most each threshold (columns) from home; memoised per result."""
    key = ("within", tuple(float(t) for t in np.atleast_1d(thresholds)))
    memo = getattr(result, "memo", None)
    if memo is not None and key in memo:
        return memo[key]
    cdf = result.within_cdf(thresholds) if hasattr(result, "within_cdf") else None
    mass = mass_within(result.matrix, result.miles, result.radii, thresholds, cdf)
    out = pd.DataFrame(mass, index=result.codes, columns=list(np.atleast_1d(thresholds)))
    if memo is not None:
        memo[key] = out
    return out


def _by_area(result, values: np.ndarray, by: str) -> pd.Series:
    out = pd.Series(values, index=result.codes).groupby(_group(result, by)).sum()
    out.index.name = "area_code"
    return out


def children_within(result, miles: float, by: str = "england") -> pd.Series:
    """Modelled children placed at most ``miles`` from home, by home area."""
    return _by_area(result, within_masses(result, miles).iloc[:, 0].to_numpy(), by).rename(f"children_within_{miles:g}")


def share_outside_la(result, by: str = "england") -> pd.Series:
    """Modelled share (0-1) of children placed outside their own LA, by home area."""
    m = result.matrix
    children = _by_area(result, m.sum(axis=1), by)
    inside = _by_area(result, np.diag(m), by)
    return (1.0 - inside / children.replace(0, np.nan)).rename("share_outside_la")


def mean_miles(result, by: str = "england") -> pd.Series:
    """Modelled mean distance from home in miles (own-LA placements at the LA's mean within-LA distance)."""
    m = result.matrix
    children = _by_area(result, m.sum(axis=1), by)
    miles = _by_area(result, (m * result.miles).sum(axis=1), by)
    return (miles / children.replace(0, np.nan)).rename("mean_miles")


#: The modelled figures that carry a plausible range (``sufficiency.flows.ranges``).
RANGED_FIGURES = ("share_outside_la", "mean_miles", "share_over_20", "share_over_50")


def area_figures(result, by: str = "england") -> pd.DataFrame:
    """Per home area: children, placed_outside_la, share_outside_la, mean_miles, share_over_20,
    share_over_50 (shares 0-1; all modelled, children in children's homes)."""
    m = result.matrix
    keys = _group(result, by)
    areas, inverse = np.unique(keys, return_inverse=True)
    near = within_masses(result, [float(t) for t in REFERENCE_MILES]).to_numpy()
    cols = {
        "children": m.sum(axis=1), "own": np.diag(m), "miles": (m * result.miles).sum(axis=1),
        **{f"near_{t}": near[:, k] for k, t in enumerate(REFERENCE_MILES)},
    }
    sums = {k: np.bincount(inverse, weights=v, minlength=len(areas)) for k, v in cols.items()}
    children = sums["children"]
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(children > 0, children, np.nan)
        out = pd.DataFrame({
            "area_code": areas, "children": children, "placed_outside_la": children - sums["own"],
            "share_outside_la": 1.0 - sums["own"] / safe, "mean_miles": sums["miles"] / safe,
            **{f"share_over_{t}": 1.0 - sums[f"near_{t}"] / safe for t in REFERENCE_MILES},
        })
    out["basis"] = "modelled"
    return out


def share_over(result, miles: float, by: str = "england") -> pd.Series:
    """Modelled share (0-1) of children placed more than ``miles`` from home, by home area."""
    children = _by_area(result, result.matrix.sum(axis=1), by)
    within = _by_area(result, within_masses(result, miles).iloc[:, 0].to_numpy(), by)
    return (1.0 - within / children.replace(0, np.nan)).rename(f"share_over_{miles:g}")


def distribution(result, by: str = "england", bins=DEFAULT_BINS, area: str | None = None) -> pd.DataFrame:
    """Histogram and cumulative curve of modelled distance from home, in miles.

    Columns: area_code, lower, upper, children, share (of the area's children in the bin),
    cumulative_share (placed at most ``upper`` miles away). ``area`` keeps one area only.
    """
    edges = np.asarray(bins, dtype=float)
    if edges[0] != 0 or np.any(np.diff(edges) <= 0):
        raise ValueError("bins must start at 0 and increase")
    finite = edges[np.isfinite(edges)]
    within = within_masses(result, finite).copy()
    if not np.isfinite(edges[-1]):
        within[np.inf] = result.matrix.sum(axis=1)
    keys = _group(result, by)
    cum = within.groupby(keys).sum()
    if area is not None:
        cum = cum.loc[[area]]
    rows = []
    for code, c in cum.iterrows():
        c = c.to_numpy()
        total = c[-1] if not np.isfinite(edges[-1]) else result.matrix[np.asarray(keys) == code].sum()
        counts = np.diff(c)
        rows.append(pd.DataFrame({
            "area_code": code, "lower": edges[:-1], "upper": edges[1:], "children": counts,
            "share": counts / total if total > 0 else np.nan,
            "cumulative_share": c[1:] / total if total > 0 else np.nan,
        }))
    return pd.concat(rows, ignore_index=True)


def _top(result, code: str, n: int, axis: int) -> pd.DataFrame:
    if code not in result.codes:
        raise KeyError(f"{code} is not an LA of {result.year}")
    k = result.codes.index(code)
    vec = result.matrix[k, :] if axis == 0 else result.matrix[:, k]
    miles = result.miles[k, :] if axis == 0 else result.miles[:, k]
    total = vec.sum()
    other = "destination" if axis == 0 else "origin"
    t = pd.DataFrame({other: result.codes, "children": vec, "miles": miles})
    t["share"] = t["children"] / total if total > 0 else np.nan
    t["own_la"] = t[other] == code
    return t[t["children"] > 0].sort_values("children", ascending=False).head(n).reset_index(drop=True)


def top_destinations(result, code: str, n: int = 5) -> pd.DataFrame:
    """Where the LA's children are modelled to live: destination, children, miles, share, own_la."""
    return _top(result, code, n, axis=0)


def top_sources(result, code: str, n: int = 5) -> pd.DataFrame:
    """Whose children are modelled to live in the LA's homes: origin, children, miles, share, own_la."""
    return _top(result, code, n, axis=1)


def modelled_sources(result, codes) -> pd.DataFrame:
    """Home LAs of the children modelled to live in the homes of ``codes`` (an LA or a set of LAs).

    One row per home LA with children: origin, children, share (of the children in those
    homes), in_area (the home LA is one of ``codes``), basis 'modelled'; largest first.
    """
    codes = [codes] if isinstance(codes, str) else list(codes)
    unknown = [c for c in codes if c not in result.codes]
    if unknown:
        raise KeyError(f"{', '.join(unknown)} not LAs of {result.year}")
    cols = [result.codes.index(c) for c in codes]
    vec = result.matrix[:, cols].sum(axis=1)
    total = vec.sum()
    t = pd.DataFrame({"origin": result.codes, "children": vec})
    t["share"] = t["children"] / total if total > 0 else np.nan
    t["in_area"] = t["origin"].isin(codes)
    t["basis"] = "modelled"
    return t[t["children"] > 0].sort_values("children", ascending=False, kind="stable").reset_index(drop=True)


def modelled_la_figures(result) -> pd.DataFrame:
    """Per LA: children (origin), placed outside the LA, % outside, net gain (in minus out), shares."""
    m = result.matrix
    own = np.diag(m)
    out = pd.DataFrame(index=pd.Index(result.codes, name="la_code"))
    out["children"] = m.sum(axis=1)
    out["placed_outside_la"] = out["children"] - own
    out["pct_outside_la"] = np.where(out["children"] > 0, out["placed_outside_la"] / out["children"] * 100, np.nan)
    out["net_gain"] = m.sum(axis=0) - m.sum(axis=1)
    out["share_over_20"] = share_over(result, 20, "la").to_numpy()
    out["share_over_50"] = share_over(result, 50, "la").to_numpy()
    out["origin_basis"] = result.origins["basis"].to_numpy()
    out["basis"] = "modelled"
    return out.reset_index()


def _stats(model: pd.Series, observed: pd.Series) -> dict:
    both = pd.concat([model.rename("m"), observed.rename("o")], axis=1).dropna()
    n = len(both)
    varied = n > 2 and both["m"].std() > 0 and both["o"].std() > 0
    corr = float(np.corrcoef(both["m"], both["o"])[0, 1]) if varied else float("nan")
    return {
        "n": n,
        "correlation": corr,
        "mae": float((both["m"] - both["o"]).abs().mean()) if n else float("nan"),
        "mean_modelled": float(both["m"].mean()) if n else float("nan"),
        "mean_observed": float(both["o"].mean()) if n else float("nan"),
    }


def fit_report(result, data, held_out: bool = True) -> dict:
    """Modelled against observed per LA (FOI, children's homes), on LAs with a published figure.

    ``pct_outside_la``: % of the LA's children placed outside the LA (MAE in points);
    ``net_gain``: children (MAE in children). Modelled net gain equals capacity minus
    origins whatever the decay (both margins are fixed), so it tests the inputs, not the decay.
    ``held_out`` (all sectors only): the same % outside predicted for each LA by a model that
    did not see that LA's figure (``sufficiency.flows.crossval``): n, correlation, mae,
    coverage of the 80 % range, mean_predicted, mean_observed. The propensity models fit
    their per-LA part to these figures, so only ``held_out`` measures them fairly.
    """
    obs = data.la_year[data.la_year["year"] == result.year].set_index("la_code").reindex(result.codes)
    mod = modelled_la_figures(result).set_index("la_code")
    report = {"year": result.year, "form": result.form, "decay": result.decay, "sectors": list(result.sectors)}
    if obs["ch_pct_outside_la"].notna().sum() == 0:
        report["note"] = f"no observed FOI figures for {result.year}"
        return report
    report["pct_outside_la"] = _stats(mod["pct_outside_la"], obs["ch_pct_outside_la"])
    report["net_gain"] = _stats(mod["net_gain"], obs["ch_net_gain"])
    model = getattr(result, "model", None)
    if held_out and model and tuple(result.sectors) == tuple(SECTORS):
        from .crossval import held_out_fit

        report["model"] = model
        report["held_out"] = held_out_fit(data, result.year, model, result.form)
    return report
