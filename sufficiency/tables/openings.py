"""Openings and closures of children's homes by LA, year, sector and provision type.

From one year's list of homes open at 31 March to the next (published or rebuilt from
joiners and leavers, ``homes.list_status``), every home is in exactly one of:

* **opened**: in year Y's list and not in Y-1's (``homes_opened_registered`` of them have a
  registration date in the year to 31 March Y; the others re-registered or were missing
  from a list);
* **closed**: in Y-1's list and not in Y's;
* **moved** between councils: in both, in another LA of the reporting geography (at a
  council reorganisation, or where Ofsted recorded another council), out of its Y-1 LA and
  into its Y LA;
* **reclassified**: in both, same LA, another sector or provision type;
* **continuing**: in both, same LA, sector and type (``places_changed``: the net change of
  their registered places).

So for every cell, and any sum of cells: homes(Y) - homes(Y-1) = opened - closed +
moved in - moved out + reclassified in - reclassified out, and the same for places plus
``places_changed`` (unknown places count as 0, as in ``supply``). A home that opened and
closed within one year is in neither list and is not counted (the fix log counts them).

``homes_opened_3y`` and ``_5y`` (places likewise) count the homes that opened in the 3 or 5
years to 31 March Y, in the LA of year Y's geography (the home's own LA in Y if it is still
open, otherwise its LA at opening carried through the reorganisations); they are missing
where the window starts before the first year of openings.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError, FixLog
from ..geography import code_in_year

HOMES = "homes"
KEYS = ["year", "la_code", "region_code", "sector", "provision_type"]
FLOWS = ["opened", "closed", "moved_in", "moved_out", "reclassified_in", "reclassified_out"]
COUNT_COLUMNS = (
    [f"homes_{f}" for f in FLOWS] + ["homes_opened_registered"]
    + [f"places_{f}" for f in FLOWS] + ["places_changed"]
)
WINDOWS = (3, 5)
WINDOW_COLUMNS = [f"{m}_opened_{k}y" for k in WINDOWS for m in ("homes", "places")]
_CELL = ["la_code", "sector", "provision_type"]


def _year_rows(homes: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = homes[homes["year"] == year].set_index("urn")
    return pd.DataFrame({
        "la_code": rows["la_code_reporting"].astype(str),
        "sector": rows["sector"].astype(str),
        "provision_type": rows["provision_type"].astype(str),
        "places": rows["places"].astype("Float64").fillna(0).astype(float),
        "registration_date": rows["registration_date"],
        "constituency": rows["constituency"].astype(object),
    })


def _cells(rows: pd.DataFrame, flow: str, places: pd.Series | None = None, extra: dict | None = None) -> pd.DataFrame:
    part = rows[_CELL].copy()
    part[f"homes_{flow}"] = 1
    part[f"places_{flow}"] = rows["places"] if places is None else places
    for name, values in (extra or {}).items():
        part[name] = values
    return part


def year_flows(homes: pd.DataFrame, year: int, fixes: FixLog | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The flows from ``year - 1`` to ``year``: (cell sums, the opened homes one row per home)."""
    before, after = _year_rows(homes, year - 1), _year_rows(homes, year)
    opened_urns = after.index.difference(before.index)
    closed_urns = before.index.difference(after.index)
    both = after.index.intersection(before.index)
    b, a = before.loc[both], after.loc[both]
    moved = both[(b["la_code"] != a["la_code"]).to_numpy()]
    same_la = both.difference(moved)
    retyped = same_la[((b.loc[same_la, "sector"] != a.loc[same_la, "sector"])
                       | (b.loc[same_la, "provision_type"] != a.loc[same_la, "provision_type"])).to_numpy()]
    stay = same_la.difference(retyped)

    opened = after.loc[opened_urns]
    registered = (opened["registration_date"] > pd.Timestamp(year - 1, 3, 31)) & (
        opened["registration_date"] <= pd.Timestamp(year, 3, 31))
    parts = [
        _cells(opened, "opened", extra={"homes_opened_registered": registered.fillna(False).astype(int)}),
        _cells(before.loc[closed_urns], "closed"),
        _cells(before.loc[moved], "moved_out"),
        _cells(after.loc[moved], "moved_in"),
        _cells(before.loc[retyped], "reclassified_out"),
        _cells(after.loc[retyped], "reclassified_in"),
    ]
    changed = after.loc[stay, _CELL].copy()
    changed["places_changed"] = after.loc[stay, "places"] - before.loc[stay, "places"]
    parts.append(changed)
    flows = pd.concat(parts, ignore_index=True).fillna(0)
    flows = flows.groupby(_CELL, sort=True).sum().reset_index()
    if fixes is not None:
        pairs = list(zip(before.loc[moved, "la_code"], after.loc[moved, "la_code"]))
        other = [f"{old} -> {new}" for old, new in pairs if code_in_year(old, year)[0] == old]
        fixes.add(HOMES, f"home moved to another council at a reorganisation ({year - 1} to {year})",
                  len(pairs) - len(other))
        fixes.add(HOMES, f"home recorded in another council without a reorganisation ({year - 1} to {year})",
                  len(other), example=other[0] if other else None)
    return flows, opened.assign(opened_year=year)


def _window(opened: pd.DataFrame, homes: pd.DataFrame, year: int, k: int, fixes: FixLog | None) -> pd.DataFrame:
    """Homes and places opened in the ``k`` years to 31 March ``year``, by LA of ``year``."""
    rows = opened[(opened["opened_year"] > year - k) & (opened["opened_year"] <= year)].copy()
    now = homes[homes["year"] == year].set_index("urn")["la_code_reporting"].astype(str)
    la_now = rows.index.to_series().map(now)
    carried = [code_in_year(la, year, cons)[0] for la, cons in zip(rows["la_code"], rows["constituency"])]
    rows["la_code"] = la_now.where(la_now.notna(), pd.Series(carried, index=rows.index, dtype=object))
    lost = rows["la_code"].isna()
    if fixes is not None:
        fixes.add(HOMES, f"home opened in the {k} years to {year}, closed since, in a split council it cannot be "
                         "placed in: left out of the window", int(lost.sum()))
    rows = rows[~lost]
    out = rows.groupby(_CELL, sort=True).agg(**{f"homes_opened_{k}y": ("places", "size"),
                                               f"places_opened_{k}y": ("places", "sum")})
    return out.reset_index()


def build_openings(homes: pd.DataFrame, fixes: FixLog | None = None) -> pd.DataFrame:
    """Openings, closures, moves and reclassifications per LA x year x sector x provision type."""
    years = sorted(int(y) for y in homes["year"].unique())
    if len(years) < 2:
        raise DataError("openings need the homes of at least two years", hint="Check the Ofsted lists read by the build")
    first = years[1]
    frames, opened = [], []
    for y in years[1:]:
        flows, new = year_flows(homes, y, fixes)
        frames.append(flows.assign(year=y))
        opened.append(new)
    flows = pd.concat(frames, ignore_index=True)
    opened_all = pd.concat(opened)
    windows = []
    for y in years[1:]:
        for k in WINDOWS:
            if y - k + 1 >= first:
                windows.append(_window(opened_all, homes, y, k, fixes).assign(year=y))
    win = pd.concat(windows, ignore_index=True) if windows else pd.DataFrame(columns=["year", *_CELL])
    win = win.groupby(["year", *_CELL]).sum().reset_index().reindex(columns=["year", *_CELL, *WINDOW_COLUMNS])
    out = flows.merge(win, on=["year", *_CELL], how="outer")
    out[COUNT_COLUMNS] = out[COUNT_COLUMNS].fillna(0)
    for k in WINDOWS:
        complete = out["year"] - k + 1 >= first
        for m in ("homes", "places"):
            col = f"{m}_opened_{k}y"
            out[col] = out[col].where(~complete, out[col].fillna(0))
    regions = homes.drop_duplicates("la_code_reporting").set_index("la_code_reporting")["region_code"].astype(str)
    out.insert(2, "region_code", out["la_code"].map(regions))
    status = homes.groupby("year")["list_status"].first()
    out["list_status"] = out["year"].map(status).astype(str)
    out["list_status_previous"] = (out["year"] - 1).map(status).astype(str)
    for col in COUNT_COLUMNS:
        out[col] = out[col].astype("int64")
    for col in WINDOW_COLUMNS:
        out[col] = out[col].astype("Float64")
    nonzero = out[COUNT_COLUMNS].ne(0).any(axis=1) | out[WINDOW_COLUMNS].fillna(0).ne(0).any(axis=1)
    return out[nonzero][[*KEYS, *COUNT_COLUMNS, *WINDOW_COLUMNS, "list_status", "list_status_previous"]].sort_values(
        KEYS, ignore_index=True)


def explained_change(flows: pd.DataFrame, measure: str = "homes") -> pd.Series:
    """The change in ``measure`` ("homes" or "places") that the flows of each row account for."""
    out = (flows[f"{measure}_opened"] - flows[f"{measure}_closed"] + flows[f"{measure}_moved_in"]
           - flows[f"{measure}_moved_out"] + flows[f"{measure}_reclassified_in"] - flows[f"{measure}_reclassified_out"])
    return out + flows["places_changed"] if measure == "places" else out


def change_explained(stock: pd.DataFrame, flows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """For every group of ``keys`` (``year`` among them) and every year of ``flows``: the change
    in homes and places from Y-1 to Y (``stock``: columns ``keys`` + homes, places; missing
    counts are 0) beside the change the flows account for, with ``homes_ok`` / ``places_ok``.
    """
    years = sorted(flows["year"].unique())
    s = stock.reset_index() if "year" not in stock.columns else stock
    now = s[s["year"].isin(years)].groupby(keys)[["homes", "places"]].sum()
    before = s.assign(year=s["year"] + 1)
    before = before[before["year"].isin(years)].groupby(keys)[["homes", "places"]].sum()
    fl = flows.groupby(keys)[COUNT_COLUMNS].sum()
    index = now.index.union(before.index).union(fl.index)
    now, before, fl = (t.reindex(index, fill_value=0) for t in (now, before, fl))
    out = pd.DataFrame(index=index)
    for m in ("homes", "places"):
        out[f"{m}_change"] = (now[m] - before[m]).astype(float)
        out[f"{m}_explained"] = explained_change(fl, m).astype(float)
        out[f"{m}_ok"] = (out[f"{m}_change"] - out[f"{m}_explained"]).abs() < 1e-9
    return out.reset_index()
