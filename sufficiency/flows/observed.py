"""Observed (published) placement figures per LA and year, labelled ``observed``.

* DfE, all children looked after: ``cla_pct_over_20_miles`` (placed more than 20 miles from
  home) and ``cla_pct_outside_la`` (placed outside the LA boundary), in %.
* DfE FOI 2024-0040813, children living in children's homes: ``ch_children``,
  ``ch_placed_outside_la``, ``ch_pct_outside_la`` (%) and ``ch_net_gain`` (other LAs'
  children placed in homes in this LA minus this LA's children placed in homes elsewhere).

Missing values keep DfE's code in the matching ``<measure>_flag`` column; nothing is imputed
here (the flow model's imputation is in ``sufficiency.flows.inputs``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import CH_OBSERVED, labelled

MEASURES = (
    "cla",
    "cla_pct_over_20_miles",
    "cla_pct_outside_la",
    "ch_children",
    "ch_placed_outside_la",
    "ch_pct_outside_la",
    "ch_net_gain",
)
LABELS = {
    "cla": "Children looked after",
    "cla_pct_over_20_miles": "Children looked after placed more than 20 miles from home (%)",
    "cla_pct_outside_la": "Children looked after placed outside the LA (%)",
    "ch_children": "Children from this LA living in children's homes",
    "ch_placed_outside_la": "Children in children's homes placed outside the LA",
    "ch_pct_outside_la": "Children in children's homes placed outside the LA (%)",
    "ch_net_gain": "Net gain of children in children's homes (placed in minus placed out)",
}


def observed_figures(la_year: pd.DataFrame, year: int | None = None, la_code: str | None = None) -> pd.DataFrame:
    """One row per LA and year: year, la_code, region_code, each measure and its flag, basis='observed'."""
    t = la_year
    if year is not None:
        t = t[t["year"] == year]
    if la_code is not None:
        t = t[t["la_code"] == la_code]
    cols = ["year", "la_code", "region_code"]
    for m in MEASURES:
        cols.append(m)
        if f"{m}_flag" in t.columns:
            cols.append(f"{m}_flag")
    out = t[[c for c in cols if c in t.columns]].copy()
    out["basis"] = "observed"
    return out.sort_values(["year", "la_code"]).reset_index(drop=True)


def observed_locality(la_year: pd.DataFrame, year: int) -> pd.DataFrame:
    """FOI 2024-0040813 children in children's homes of each LA with both figures published in ``year``.

    Index la_code; columns ``children`` (``ch_children``: placed outside / percentage x 100),
    ``outside`` (``ch_placed_outside_la``), ``inside`` (children minus outside, at least 0),
    ``pct_outside_la`` (DfE's whole-number percentage). Suppressed LAs are left out.
    """
    t = la_year[la_year["year"] == year].set_index("la_code")
    t = t[t["ch_children"].notna() & t["ch_placed_outside_la"].notna() & t["ch_pct_outside_la"].notna()]
    t = t[t["ch_children"] > 0]
    children = t["ch_children"].astype(float)
    outside = t["ch_placed_outside_la"].astype(float).clip(upper=children)
    return pd.DataFrame({"children": children, "outside": outside, "inside": (children - outside).clip(lower=0.0),
                         "pct_outside_la": t["ch_pct_outside_la"].astype(float)})


#: The FOI 2024-0040813 series of ``observed_series`` (children in children's homes).
SERIES = {
    "placed_outside": "ch_placed_outside_la",
    "placed_in": None,  # derived: net gain plus placed outside
    "net_gain": "ch_net_gain",
    "pct_outside_la": "ch_pct_outside_la",
    "children": "ch_children",
}
SERIES_LABELS = {
    "placed_outside": labelled("Children from the area placed outside their own LA", CH_OBSERVED),
    "placed_in": labelled("Other LAs' children placed in the area's children's homes (net gain plus placed "
                          "outside)", CH_OBSERVED),
    "net_gain": labelled("Net gain: other LAs' children placed in the area's children's homes minus the area's "
                         "children placed in homes elsewhere", CH_OBSERVED),
    "pct_outside_la": labelled("% of the area's children placed outside their own LA", CH_OBSERVED),
    "children": labelled("Children from the area in children's homes", CH_OBSERVED),
}


def observed_series(la_year: pd.DataFrame, codes, years=None) -> pd.DataFrame:
    """The FOI 2024-0040813 series (2014-2024) for an LA or a set of LAs, one row per year.

    Columns for each of ``SERIES``: the value, ``<name>_flag`` (DfE's code, or a reason, when
    it is missing) and ``<name>_las_missing`` (members without a figure). A set's value is the
    sum over its LAs and is missing (flag ``c``, or the members' common code) unless every LA
    has a figure; ``<name>_published_sum`` keeps the sum of the LAs that have one. For a set,
    "placed outside" counts children placed outside their own LA (possibly in another LA of
    the set) and "placed in" other LAs' children (possibly from the set). ``pct_outside_la``
    of a set is recomputed from its sums. ``basis`` is 'observed'.
    """
    codes = [codes] if isinstance(codes, str) else list(dict.fromkeys(codes))
    foi_years = sorted(int(y) for y in la_year.loc[la_year["ch_net_gain"].notna(), "year"].unique())
    years = foi_years if years is None else [int(y) for y in years]
    t = la_year[la_year["la_code"].isin(codes) & la_year["year"].isin(years)]
    grid = pd.MultiIndex.from_product([years, codes], names=["year", "la_code"])
    t = t.set_index(["year", "la_code"]).reindex(grid)
    shape = (len(years), len(codes))  # the grid is year by year, each year's LAs in the order of ``codes``
    values, flags = {}, {}
    for name, col in SERIES.items():
        if col is None:
            continue
        values[name] = (t[col].to_numpy(dtype=float, na_value=np.nan) if col in t else np.full(len(grid), np.nan)).reshape(shape)
        flags[name] = (t[f"{col}_flag"].to_numpy(dtype=object) if f"{col}_flag" in t
                       else np.full(len(grid), None, dtype=object)).reshape(shape)
    values["placed_in"] = values["net_gain"] + values["placed_outside"]
    net_flag = flags["net_gain"]
    flags["placed_in"] = np.where(pd.notna(net_flag), net_flag, flags["placed_outside"])
    out = pd.DataFrame({"year": years, "las": len(codes)})
    for name in SERIES:
        v, f = values[name], flags[name]
        missing = np.isnan(v).sum(axis=1)
        with np.errstate(invalid="ignore"):
            total = np.where(missing < len(codes), np.nansum(v, axis=1), np.nan)
        if name == "pct_outside_la":
            if len(codes) > 1:
                o, c = values["placed_outside"], values["children"]
                missing = (np.isnan(o) | np.isnan(c)).sum(axis=1)
                with np.errstate(divide="ignore", invalid="ignore"):
                    total = 100.0 * np.nansum(o, axis=1) / np.nansum(c, axis=1)
            out[f"{name}_published_sum"] = float("nan")
        else:
            out[f"{name}_published_sum"] = total
        out[f"{name}_las_missing"] = missing
        out[name] = np.where(missing == 0, total, np.nan)
        out[f"{name}_flag"] = [None if m == 0 else _set_flag(f[i], y in foi_years)
                               for i, (y, m) in enumerate(zip(years, missing))]
    out["basis"] = "observed"
    return out


def _set_flag(flags, published_year: bool) -> str:
    """The code of a missing figure of a set: its members' one code, else ``c`` (some suppressed)."""
    seen = sorted({str(x) for x in flags if not pd.isna(x)})
    if not seen:
        return "c" if published_year else "not published"
    return seen[0] if len(seen) == 1 else "c"


def latest_observed(series: pd.DataFrame) -> dict:
    """For each of ``SERIES``: the latest year with a figure and that figure (``{'year', 'value'}``),
    or ``{'year': None, 'value': nan, 'flag': ...}`` when no year has one."""
    out = {}
    years = series["year"].to_numpy() if "year" in series else np.array([])
    for name in SERIES:
        have = series[name].notna().to_numpy() if name in series else np.zeros(len(series), dtype=bool)
        if have.any():
            rows = np.flatnonzero(have)
            latest = rows[np.flatnonzero(years[rows] == years[rows].max())[-1]]  # the last row of the latest year
            out[name] = {"year": int(years[latest]), "value": float(series[name].iloc[latest]),
                         "label": SERIES_LABELS[name]}
        else:
            flags = series[f"{name}_flag"].dropna() if f"{name}_flag" in series else ()
            out[name] = {"year": None, "value": float("nan"), "flag": flags.iloc[-1] if len(flags) else None,
                         "label": SERIES_LABELS[name]}
    return out
