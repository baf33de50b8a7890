"""The market view's tables, for one view state: shared by the market page and the snapshot.

Every table here is built from :mod:`sufficiency.market` (the same functions as
``python -m sufficiency market``) for the state's area (its footprint when it has one, else
its LA, region or England, each through :func:`sufficiency.market.areas.market_area`), year
and sectors and provision types. Owners appear only as owners' aggregates (places, homes,
rating mix): never a home, its name or its address. Column headings are the market's
labels (:data:`sufficiency.market.LABELS`); shares are shown in per cent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..market import LABELS, covers
from ..market.areas import MarketArea, market_area
from ..market.concentration import (
    DEFAULT_BANDS,
    HHI_BANDS,
    TOP,
    concentration,
    concentration_trend,
    difficult_to_replace,
    largest_owners,
    owner_trend,
)
from ..market.need import ALL_SECTORS, correlation, openings_against_need
from ..market.openings import openings_trend, openings_trend_by_sector
from .areas import chosen

#: Owners listed in the largest-owners tables.
LARGEST = 20
#: The years of openings the need comparison counts (the longest window the year allows).
NEED_WINDOWS = (3, 1)
ALL_CHOSEN = "All sectors chosen"
GRADES = ("outstanding", "good", "requires_improvement", "inadequate", "no_rating")


@dataclass(frozen=True)
class MarketView:
    """What the market tables of a state are for."""

    area: MarketArea
    year: int
    sectors: tuple[str, ...]
    types: tuple[str, ...]
    threshold: float  # 0-1
    baseline: int | None  # the earlier year of the owners' change (None: no change shown)
    baseline_note: str | None  # why the baseline differs from the state's, or why there is none
    owner_years: tuple[int, ...]
    list_status: str

    @property
    def has_owners(self) -> bool:
        return self.year in self.owner_years

    @property
    def covers(self) -> str:
        return covers(self.year, self.list_status, self.sectors, self.types)


def market_view(state, data) -> MarketView:
    """The :class:`MarketView` of ``state``: area, year, filters, threshold and baseline."""
    area = chosen(state, data)
    if area.is_footprint:
        m_area = market_area(data, footprint=area.footprint.codes, name=area.name)
    else:
        m_area = market_area(data, area=area.code)
    years = tuple(sorted(int(y) for y in data.owner_supply["year"].unique()))
    first = years[0] if years else None
    baseline, note = state.baseline, None
    if first is not None and baseline < first:
        baseline, note = first, f"Ofsted names owners from {first}, so the change is since 31 March {first}."
    if baseline >= state.year:
        baseline, note = None, f"Choose a baseline year before {state.year} to see the owners' change."
    status = data.years.set_index("year")["list_status"].get(state.year, "")
    return MarketView(m_area, int(state.year), tuple(state.sectors), tuple(state.provision_types),
                      state.market_threshold / 100, baseline, note, years, str(status))


def _label(key: str) -> str:
    c = LABELS[key]
    return f"{c.label} (%)" if c.unit == "fraction 0-1" else c.label


def _pct(values) -> np.ndarray:
    return (pd.to_numeric(pd.Series(values), errors="coerce") * 100).to_numpy(dtype=float)


# --- headline -------------------------------------------------------------------------


def headline(view: MarketView, data) -> pd.DataFrame:
    """One row per headline figure: key, Measure, Value (number), Unit, Band, Basis, Covers.

    Owners, HHI (its band in Band), top 1/5/10 shares (%), registered places and places
    whose owner is not published. Empty before Ofsted names owners."""
    cols = ["key", "Measure", "Value", "Unit", "Band", "Basis", "Covers"]
    if not view.has_owners or not view.sectors:
        return pd.DataFrame(columns=cols)
    c = concentration(data.owner_supply, view.year, view.area, view.sectors, view.types)
    rows = []
    for key in ("owners", "hhi", *(f"top{k}_share" for k in TOP), "places", "places_owner_unknown"):
        col = LABELS[key]
        value = c[key]
        unit = col.unit
        if col.unit == "fraction 0-1":
            value, unit = float(value) * 100 if value is not None and np.isfinite(value) else np.nan, "%"
        rows.append({"key": key, "Measure": col.label, "Value": float(value), "Unit": unit,
                     "Band": hhi_words(value) if key == "hhi" else "", "Basis": col.basis, "Covers": view.covers})
    return pd.DataFrame(rows, columns=cols)


def hhi_words(value: float | None) -> str:
    """'Not concentrated (CMA bands: below 1,000)'-style reading of an HHI value."""
    b = HHI_BANDS[DEFAULT_BANDS]
    if value is None or not np.isfinite(value):
        return "no places"
    if value < b.moderate:
        rule = f"below {b.moderate:,.0f}"
    elif value <= b.high:
        rule = f"{b.moderate:,.0f} to {b.high:,.0f}"
    else:
        rule = f"above {b.high:,.0f}"
    band = b.labels[0] if value < b.moderate else (b.labels[1] if value <= b.high else b.labels[2])
    return f"{band} ({b.name} bands: {rule})"


# --- owners ---------------------------------------------------------------------------


def _owner_frame(t: pd.DataFrame, baseline: int | None) -> pd.DataFrame:
    out = pd.DataFrame({
        _label("rank"): t["rank"].astype(int),
        _label("owner"): t["owner"],
        _label("places"): t["places"].astype(int),
        _label("homes"): t["homes"].astype(int),
        _label("share"): _pct(t["share"]).round(2),
    })
    if baseline is not None and "places_baseline" in t:
        out[f"Registered places, {baseline}"] = t["places_baseline"].astype(int)
        out[f"Change in registered places since {baseline}"] = t["places_change_since_baseline"].astype(int)
        out[f"Change in share since {baseline} (percentage points)"] = _pct(t["share_change_since_baseline"]).round(2)
    for g in GRADES:
        out[_label(f"homes_{g}")] = t[f"homes_{g}"].astype(int)
    return out


def largest(view: MarketView, data, *, england: bool = False) -> pd.DataFrame:
    """:func:`~sufficiency.market.concentration.largest_owners` of the area (or England): the
    :data:`LARGEST` owners, with the baseline columns when the view has a baseline (raw columns)."""
    return largest_owners(data.owner_supply, view.year, None if england else view.area, LARGEST, view.sectors,
                          view.types, view.baseline)


def largest_table(view: MarketView, data, *, england: bool = False) -> pd.DataFrame:
    """The :data:`LARGEST` owners with most places in the area (or England), with their
    change since the baseline year and their homes by grade."""
    if not view.has_owners or not view.sectors:
        return pd.DataFrame()
    return _owner_frame(largest(view, data, england=england), view.baseline)


def candidates(view: MarketView, data) -> pd.DataFrame:
    """:func:`~sufficiency.market.concentration.difficult_to_replace` of the view (raw columns)."""
    return difficult_to_replace(data.owner_supply, view.year, view.area, view.threshold, view.sectors, view.types,
                                view.baseline)


def candidates_table(view: MarketView, data, over: pd.DataFrame | None = None) -> pd.DataFrame:
    """Owners above the threshold share of the area's places: places, homes, share, places a
    year before, change since the baseline year, rating mix. ``over``: :func:`candidates`, if
    already computed."""
    if not view.has_owners or not view.sectors:
        return pd.DataFrame()
    t = candidates(view, data) if over is None else over
    out = _owner_frame(t, view.baseline)
    out.insert(5, _label("places_previous"), t["places_previous"].astype("Int64"))
    out[_label("pct_good_or_better") + " (%)"] = t["pct_good_or_better"].round(1)
    return out


def candidates_trend(view: MarketView, data, over: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`~sufficiency.market.concentration.owner_trend` of the candidates, from the first
    year with owners to the view's year (raw columns)."""
    owners = list((candidates(view, data) if over is None else over)["owner"])
    years = [y for y in view.owner_years if y <= view.year]
    return owner_trend(data.owner_supply, owners, view.area, view.sectors, view.types, years)


def candidates_trend_table(view: MarketView, data, trend: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each candidate's places, homes and share of the area's places, year by year, from 2018.
    ``trend``: :func:`candidates_trend`, if already computed."""
    if not view.has_owners or not view.sectors:
        return pd.DataFrame()
    t = candidates_trend(view, data) if trend is None else trend
    return pd.DataFrame({"Year": t["year"].astype(int), _label("owner"): t["owner"],
                         _label("places"): t["places"].astype(int), _label("homes"): t["homes"].astype(int),
                         _label("share"): _pct(t["share"]).round(2), "List": t["list_status"]})


# --- concentration over time ----------------------------------------------------------


def trend(view: MarketView, data) -> pd.DataFrame:
    """:func:`~sufficiency.market.concentration.concentration_trend` of the area (raw columns)."""
    return concentration_trend(data.owner_supply, view.area, view.sectors, view.types)


def trend_table(view: MarketView, data) -> pd.DataFrame:
    """Owners, HHI, band and top 1/5/10 shares (%) of the area at 31 March of each year with owners."""
    t = trend(view, data)
    out = pd.DataFrame({"Year": t["year"].astype(int), "List": t["list_status"],
                        _label("owners"): t["owners"].astype(int), _label("places"): t["places"].astype(int),
                        _label("hhi"): t["hhi"].round(0), _label("hhi_band"): t["hhi_band"]})
    for k in TOP:
        out[_label(f"top{k}_share")] = _pct(t[f"top{k}_share"]).round(2)
    out[_label("places_owner_unknown")] = t["places_owner_unknown"].astype(int)
    return out


# --- openings and closures ------------------------------------------------------------


def openings(view: MarketView, data) -> pd.DataFrame:
    """:func:`~sufficiency.market.openings.openings_trend` of the area for the sectors chosen
    together (sector "All sectors chosen") and for each of them, one row per year and sector."""
    if not view.sectors:
        return pd.DataFrame()
    together = openings_trend(data.openings, view.area, view.sectors, view.types).assign(sector=ALL_CHOSEN)
    each = openings_trend_by_sector(data.openings, view.area, view.sectors, view.types)
    return pd.concat([together[each.columns], each], ignore_index=True)


def openings_table(view: MarketView, data) -> pd.DataFrame:
    """Homes and places opened and closed in each year to 31 March, by sector (and all chosen)."""
    if not view.sectors:
        return pd.DataFrame()
    t = openings(view, data)
    keys = ["homes_opened", "places_opened", "homes_closed", "places_closed", "homes_moved_net",
            "homes_reclassified_net", "homes_change", "places_change"]
    out = pd.DataFrame({"Year": t["year"].astype(int), "Sector": t["sector"]})
    for key in keys:
        out[LABELS[key].label] = t[key].astype(int)
    out["List"] = [f"{a}, from {b} list" for a, b in zip(t["list_status"], t["list_status_previous"])]
    return out


# --- openings against need ------------------------------------------------------------


def need_window(view: MarketView, data) -> int | None:
    """The window (years) of openings compared with need in the view's year, or None."""
    first = int(data.openings["year"].min())
    return next((w for w in NEED_WINDOWS if view.year - w + 1 >= first), None)


def need_points(view: MarketView, data) -> pd.DataFrame:
    """:func:`~sufficiency.market.need.openings_against_need` of every LA of the year."""
    window = need_window(view, data)
    if window is None or not view.sectors:
        return pd.DataFrame()
    return openings_against_need(data, view.year, window, view.types, view.sectors)


def need_correlations(points: pd.DataFrame) -> pd.DataFrame:
    return correlation(points) if len(points) else pd.DataFrame()


def need_table(view: MarketView, data, points: pd.DataFrame | None = None) -> pd.DataFrame:
    """The area's LAs (every LA for England): places opened in the window, all sectors chosen,
    against the gap, children looked after per 10,000 and the supply at the start of the window."""
    points = need_points(view, data) if points is None else points
    if points.empty:
        return pd.DataFrame()
    p = points[points["sector"] == ALL_SECTORS]
    las = set(view.area(view.year))
    p = p[p["la_code"].isin(las)]
    names = data.la_names
    w, start = int(p["window_years"].iloc[0]) if len(p) else 0, int(p["need_year"].iloc[0]) if len(p) else 0
    span = "the year" if w == 1 else f"the {w} years"
    out = pd.DataFrame({
        "LA code": p["la_code"], "Local authority": [names.get(c, c) for c in p["la_code"]],
        f"Homes opened in {span} to {view.year}": p["homes_opened"].astype(int),
        f"Places opened in {span} to {view.year}": p["places_opened"].astype(int),
        LABELS["places_opened_per_10k"].label: p["places_opened_per_10k"].round(1),
        f"Registered places, {start}": p["places"].astype(float),
        LABELS["opened_pct_of_places"].label + " (%)": p["opened_pct_of_places"].round(1),
        f"{LABELS['gap'].label}, {start}": p["gap"].astype(float),
        f"{LABELS['gap_per_10k'].label}, {start}": p["gap_per_10k"].astype(float).round(1),
        f"{LABELS['cla_per_10k'].label}, {start}": p["cla_per_10k"].astype(float).round(1),
    })
    return out.sort_values("Local authority", kind="stable").reset_index(drop=True)
