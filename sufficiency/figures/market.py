"""Charts of the market: the largest owners, concentration over time, openings against need.

Pure builders: a table from :mod:`sufficiency.market` in, a plotly figure dict out (built
with :class:`~sufficiency.figures.spec.Fig`; no file reads). Every chart says what it counts
and that its figures are derived from Ofsted's lists; years whose list was rebuilt from
joiners and leavers have hollow markers and say so on hover. Sector colours are the
dashboard's (:data:`SECTOR_COLOURS`).
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ..market.concentration import DEFAULT_BANDS, HHI_BANDS
from ..market.need import CAVEAT, NEED
from .profile import SECTOR_COLOURS, base_layout
from .spec import Fig

ALL_SECTORS_COLOUR = "#000000"  # "All sectors" points
SOURCE = "Derived from Ofsted's lists of children's homes at 31 March"


def _source_note(fig: Fig, text: str) -> dict:
    """The source and caveats below the chart (wrapped), the legend above it, room for both."""
    lines = textwrap.wrap(text, 110)
    fig.update(margin={"t": 100, "b": 80 + 16 * len(lines)},
               legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"})
    fig.annotate(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, yshift=-62, showarrow=False,
                 align="left", xanchor="left", yanchor="top", font={"size": 12, "color": "#505a5f"})
    return fig.to_dict()


def _status_symbols(status: pd.Series, symbol: str = "circle") -> list[str]:
    return [f"{symbol}-open" if s == "rebuilt" else symbol for s in status]


def largest_owners_figure(table: pd.DataFrame, area_name: str, year: int, baseline: int | None = None) -> dict:
    """Horizontal bars of the owners' registered places, the largest at the top.

    ``table`` is :func:`sufficiency.market.concentration.largest_owners`; with its baseline
    columns, a marker shows each owner's places in ``baseline``.
    """
    t = table.sort_values("places", ascending=True)
    fig = Fig()
    fig.bar(
        y=t["owner"], x=t["places"], orientation="h", name=f"Registered places, {year}", marker={"color": "#0072B2"},
        text=[f"{s:.1%}" for s in t["share"]], textposition="outside", cliponaxis=False,
        customdata=np.stack([t["homes"], t["share"] * 100], axis=-1) if len(t) else [],
        hovertemplate="%{y}<br>%{x:,} places in %{customdata[0]:,} homes<br>%{customdata[1]:.1f}% of the area's "
                      "places<extra></extra>",
    )
    if baseline is not None and "places_baseline" in t:
        fig.scatter(
            y=t["owner"], x=t["places_baseline"], mode="markers", name=f"Registered places, {baseline}",
            marker={"symbol": "line-ns-open", "size": 18, "line": {"width": 3, "color": "#D55E00"}, "color": "#D55E00"},
            hovertemplate=f"%{{y}}<br>%{{x:,}} places in {baseline}<extra></extra>",
        )
    base_layout(fig, f"Largest owners of children's homes: {area_name}, 31 March {year}",
                y_title="", x_title="Registered places (share of the area's places)")
    fig.layout["xaxis"].pop("dtick", None)
    fig.update(xaxis={"tickformat": ","},
               yaxis={"automargin": True, "rangemode": "normal", "type": "category", "tickmode": "linear", "dtick": 1},
               hovermode="closest", height=max(380, 200 + 34 * len(t)), margin={"l": 20, "r": 60})
    return _source_note(fig, f"{SOURCE}. Owners are organisations as Ofsted names them; companies of one group "
                             "are shown separately.")


def concentration_trend_figure(trend: pd.DataFrame, area_name: str, measure: str = "hhi",
                               scheme: str = DEFAULT_BANDS) -> dict:
    """The concentration of an area year by year (``trend``: ``concentration_trend``).

    ``measure="hhi"``: the HHI with the band thresholds of ``scheme``; ``"shares"``: the
    top 1, 5 and 10 owners' shares of places (%).
    """
    t = trend.sort_values("year")
    fig = Fig()
    status = t["list_status"].fillna("")
    hover_status = ["rebuilt list" if s == "rebuilt" else "published list" for s in status]
    if measure == "hhi":
        bands = HHI_BANDS[scheme]
        fig.scatter(x=t["year"], y=t["hhi"], mode="lines+markers", name="HHI of registered places",
                    line={"color": "#000000", "width": 3}, marker={"size": 9, "symbol": _status_symbols(status)},
                    customdata=np.stack([t["owners"], t["hhi_band"].astype(object).fillna(""), hover_status], axis=-1),
                    hovertemplate="%{x}: HHI %{y:,.0f} (%{customdata[1]})<br>%{customdata[0]:,} owners; "
                                  "%{customdata[2]}<extra></extra>")
        shapes = []
        for value, label in ((bands.moderate, bands.labels[1]), (bands.high, bands.labels[2])):
            shapes.append({"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": value, "y1": value,
                           "line": {"color": "#505a5f", "dash": "dash", "width": 1}})
            fig.annotate(text=f"{label} ({bands.name}): {value:,.0f}", xref="paper", yref="y", x=0, y=value,
                         xanchor="left", yanchor="bottom", showarrow=False, font={"size": 12, "color": "#505a5f"})
        top = max(float(np.nanmax(t["hhi"])) if len(t) and t["hhi"].notna().any() else 0, bands.high) * 1.1
        base_layout(fig, f"Concentration of registered places (HHI, 0-10,000): {area_name}", "HHI")
        fig.update(shapes=shapes, yaxis={"range": [0, min(10_000, top)], "tickformat": ","})
        note = f"{SOURCE}. Bands: {bands.source}. Hollow markers: lists rebuilt from joiners and leavers."
    elif measure == "shares":
        for k, colour, dash, symbol in ((1, "#000000", "solid", "circle"), (5, "#0072B2", "dash", "square"),
                                        (10, "#D55E00", "dot", "diamond")):
            fig.scatter(x=t["year"], y=t[f"top{k}_share"] * 100, mode="lines+markers",
                        name=f"Largest {k}" if k > 1 else "Largest owner",
                        line={"color": colour, "dash": dash, "width": 3},
                        marker={"size": 9, "symbol": _status_symbols(status, symbol)}, customdata=hover_status,
                        hovertemplate=f"%{{x}}: top {k} %{{y:.1f}}% (%{{customdata}})<extra></extra>")
        base_layout(fig, f"Share of registered places held by the largest owners: {area_name}",
                    "% of the area's registered places")
        note = f"{SOURCE}. Hollow markers: lists rebuilt from joiners and leavers."
    else:
        raise ValueError(f"unknown measure '{measure}' (choose 'hhi' or 'shares')")
    return _source_note(fig, note)


def openings_closures_figure(trend: pd.DataFrame, area_name: str, measure: str = "homes") -> dict:
    """Homes (or places) opened, above zero, and closed, below, in each year to 31 March (``openings_trend``)."""
    if measure not in ("homes", "places"):
        raise ValueError(f"unknown measure '{measure}' (choose 'homes' or 'places')")
    t = trend.sort_values("year")
    status = [f"{a} list, from {b} list" for a, b in zip(t["list_status"], t["list_status_previous"])]
    fig = Fig(barmode="relative")
    fig.bar(x=t["year"], y=t[f"{measure}_opened"], name="Opened", marker={"color": "#009E73"}, customdata=status,
            hovertemplate="%{x}: %{y:,} opened (%{customdata})<extra></extra>")
    fig.bar(x=t["year"], y=-t[f"{measure}_closed"], name="Closed", marker={"color": "#D55E00"},
            customdata=np.stack([t[f"{measure}_closed"], status], axis=-1),
            hovertemplate="%{x}: %{customdata[0]:,} closed (%{customdata[1]})<extra></extra>")
    fig.scatter(x=t["year"], y=t[f"{measure}_change"], mode="lines+markers", name="Change",
                line={"color": "#000000", "width": 2}, hovertemplate="%{x}: change %{y:+,}<extra></extra>")
    what = "Children's homes" if measure == "homes" else "Registered places"
    base_layout(fig, f"{what} opened and closed: {area_name}", "Homes" if measure == "homes" else "Places")
    fig.update(yaxis={"rangemode": "normal", "tickformat": ","})
    return _source_note(fig, f"{SOURCE}, from one year's list to the next (published or rebuilt). Change also "
                             "counts moves between councils and reclassifications.")


def openings_need_figure(points: pd.DataFrame, need: str = "gap_per_10k", names: dict[str, str] | None = None,
                         correlations: pd.DataFrame | None = None, sectors: list[str] | None = None) -> dict:
    """Each LA a point: its need (x) against places opened per 10,000 children (y), sized by places opened.

    ``points`` is :func:`sufficiency.market.need.openings_against_need`; one trace per
    sector (``sectors``, default every sector with openings, without "All sectors");
    ``correlations`` (:func:`~sufficiency.market.need.correlation`) adds each sector's
    Spearman rank correlation to its legend entry.
    """
    names = names or {}
    if need not in NEED:
        raise ValueError(f"unknown need measure '{need}' (choose from {', '.join(NEED)})")
    if sectors is None:
        opened = points[points["places_opened"] > 0]["sector"].unique()
        sectors = [s for s in SECTOR_COLOURS if s in set(opened)]
    rho = dict(zip(correlations["sector"], correlations["spearman"])) if correlations is not None else {}
    peak = float(points["places_opened"].max()) if len(points) else 0.0
    fig = Fig()
    for sector in sectors:
        part = points[(points["sector"] == sector) & points[need].notna() & points["places_opened_per_10k"].notna()]
        label = sector if sector not in rho or not np.isfinite(rho[sector]) else f"{sector} (rank correlation {rho[sector]:+.2f})"
        size = 6 + 34 * np.sqrt(part["places_opened"] / peak) if peak else np.full(len(part), 6.0)
        fig.scatter(
            x=part[need], y=part["places_opened_per_10k"], mode="markers", name=label,
            marker={"size": size, "color": SECTOR_COLOURS.get(sector, ALL_SECTORS_COLOUR), "opacity": 0.7,
                    "line": {"width": 1, "color": "#ffffff"}},
            customdata=np.stack([part["la_code"].map(lambda c: names.get(c, c)), part["places_opened"],
                                 part["homes_opened"]], axis=-1) if len(part) else [],
            hovertemplate="%{customdata[0]}<br>" + NEED[need] + ": %{x:,.1f}<br>%{customdata[1]:,} places in "
                          "%{customdata[2]:,} homes opened (%{y:.1f} per 10,000 children)<extra>" + sector + "</extra>",
        )
    window = int(points["window_years"].iloc[0]) if len(points) else 1
    year = int(points["year"].iloc[0]) if len(points) else 0
    need_year = int(points["need_year"].iloc[0]) if len(points) else 0
    span = "the year" if window == 1 else f"the {window} years"
    base_layout(fig, f"Places opened in {span} to 31 March {year} against need at 31 March {need_year}",
                "Places opened per 10,000 children", x_title=NEED[need])
    fig.layout["xaxis"].pop("dtick", None)
    fig.update(xaxis={"tickformat": ",", "zeroline": True}, hovermode="closest", height=640,
               margin={"l": 80, "r": 20})
    return _source_note(fig, "Each local authority is a point, sized by the places opened. Openings derived from "
                             "Ofsted's lists; need from DfE's published figures. " + CAVEAT)


def owner_trend_figure(trend: pd.DataFrame, area_name: str) -> dict:
    """Each owner's share of the area's registered places year by year (``trend``: ``owner_trend``)."""
    fig = Fig()
    colours = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
    dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")
    for i, (owner, part) in enumerate(trend.groupby("owner", sort=False)):
        part = part.sort_values("year")
        status = part["list_status"].fillna("")
        fig.scatter(x=part["year"], y=part["share"] * 100, mode="lines+markers", name=str(owner),
                    line={"color": colours[i % len(colours)], "dash": dashes[i % len(dashes)], "width": 3},
                    marker={"size": 9, "symbol": _status_symbols(status)},
                    customdata=np.stack([part["places"], part["homes"]], axis=-1),
                    hovertemplate="%{x}: %{y:.1f}% of the area's places (%{customdata[0]:,} places in "
                                  "%{customdata[1]:,} homes)<extra>" + str(owner) + "</extra>")
    base_layout(fig, f"Share of registered places of the owners above the threshold: {area_name}",
                "% of the area's registered places")
    fig.update(hovermode="closest")
    return _source_note(fig, f"{SOURCE}. Hollow markers: lists rebuilt from joiners and leavers.")
