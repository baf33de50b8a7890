"""Inspection ratings by sector: distribution, share over time, places by rating.

Pure builders: tables from :mod:`sufficiency.engine.quality` in, plotly figure dicts out.
Ratings use a colour-blind-safe diverging scale (blue for the better grades, red-orange
for the worse, grey for homes not yet inspected); sectors keep their dashboard colours.
"""

from __future__ import annotations

import pandas as pd

from .spec import Fig

from ..engine.quality import NOT_INSPECTED, RATING_LABELS, SHARES, share_key
from ..vocab import SECTORS
from .profile import SECTOR_COLOURS, base_layout

RATING_COLOURS = {
    "Outstanding": "#2166AC",
    "Good": "#92C5DE",
    "Requires improvement to be good": "#F4A582",
    "Inadequate": "#B2182B",
    NOT_INSPECTED: "#BDBDBD",
}
SECTOR_MARKERS = {"Local authority": "circle", "Private": "square", "Voluntary": "diamond", "Health authority": "triangle-up"}
SECTOR_DASHES = {"Local authority": "solid", "Private": "dash", "Voluntary": "dot", "Health authority": "dashdot"}


def _sector_label(dist: pd.DataFrame, sector: str) -> str:
    rows = dist[dist["sector"] == sector]
    waiting = int(rows.loc[rows["rating"] == NOT_INSPECTED, "homes"].sum())
    inspected = int(rows.loc[rows["rating"] != NOT_INSPECTED, "homes"].sum())
    return f"{sector}<br><sup>{inspected:,} inspected; {waiting:,} not yet</sup>"


def rating_distribution_figure(dist: pd.DataFrame, title: str, framework: str) -> dict:
    """Horizontal 100% bars: each sector's inspected homes by rating (latest inspection), the
    same denominator as the rating trend; every bar segment carries its number of homes, and
    each sector's label says how many homes are inspected and how many not yet."""
    fig = Fig(barmode="stack")
    sectors = [s for s in SECTORS if s in set(dist["sector"])]
    labels = [_sector_label(dist, s) for s in sectors]
    for rating in [r for r in RATING_LABELS if r != NOT_INSPECTED]:
        part = dist[dist["rating"] == rating].set_index("sector").reindex(sectors)
        fig.bar(
            y=labels, x=part["share_inspected"], name=rating, orientation="h", marker={"color": RATING_COLOURS[rating]},
            customdata=part[["homes", "places"]].to_numpy(), text=[f"{int(h):,}" for h in part["homes"].fillna(0)],
            textposition="inside", insidetextanchor="middle", textfont={"color": "#0b0c0c"},
            hovertemplate=f"{rating}: %{{x:.1f}}% (%{{customdata[0]:,}} homes, %{{customdata[1]:,}} places)<extra></extra>",
        )
    base_layout(fig, f"{title}<br><sup>Ratings: {framework}. Bars: % of the sector's inspected homes; "
                "numbers: homes</sup>", "Sector", x_title="% of the sector's inspected children's homes")
    fig.update(
        xaxis={"range": [0, 100], "dtick": 10, "tickformat": "d", "ticksuffix": "%"},
        yaxis={"autorange": "reversed", "rangemode": "normal", "gridcolor": "rgba(0,0,0,0)"},
        hovermode="y unified", height=230 + 55 * max(len(sectors), 1),
        legend={"yanchor": "bottom", "y": 1.02, "x": 0}, margin={"t": 120, "b": 60, "l": 130},
    )
    return fig.to_dict()


def rating_trend_figure(trend: pd.DataFrame, share: str, area_name: str) -> dict:
    """Lines by sector of the share of inspected homes in the chosen pair of grades."""
    label, _ = SHARES[share_key(share)]
    fig = Fig()
    for sector in SECTORS:
        rows = trend[trend["sector"] == sector]
        if rows.empty:
            continue
        fig.scatter(
            x=rows["year"], y=rows["share"], name=sector, mode="lines+markers+text",
            line={"color": SECTOR_COLOURS[sector], "dash": SECTOR_DASHES[sector], "width": 2.5},
            marker={"symbol": SECTOR_MARKERS[sector], "size": 8},
            text=[f"{int(h):,}" for h in rows["homes"]], textposition="top center",
            textfont={"size": 10, "color": SECTOR_COLOURS[sector]},
            customdata=rows[["homes", "inspected"]].to_numpy(),
            hovertemplate=f"{sector}: %{{y:.1f}}% (%{{customdata[0]:,}} of %{{customdata[1]:,}} inspected homes)<extra></extra>",
        )
    base_layout(fig, f"{area_name}: children's homes rated {label.lower()}, by sector<br><sup>Points: % of the "
                "sector's inspected homes; numbers: homes so rated</sup>", "% of inspected homes")
    fig.update(yaxis={"range": [0, 100], "ticksuffix": "%"})
    fig.vline(2019, color="#505a5f", dash="dot", width=1)
    fig.annotate(x=2019, y=100, yref="y", text="SCCIF from 2019", showarrow=False, xanchor="left", yanchor="top",
                 font={"size": 12, "color": "#505a5f"})
    return fig.to_dict()


def places_by_rating_figure(places: pd.DataFrame, area_name: str) -> dict:
    """Stacked bars by sector: registered places in homes rated good or outstanding."""
    fig = Fig(barmode="stack")
    for sector in SECTORS:
        rows = places[places["sector"] == sector]
        if rows.empty or not rows["places"].any():
            continue
        fig.bar(
            x=rows["year"], y=rows["places_good_or_better"], name=sector, marker={"color": SECTOR_COLOURS[sector]},
            customdata=rows[["share", "places"]].to_numpy(),
            hovertemplate=f"{sector}: %{{y:,}} places (%{{customdata[0]:.1f}}% of %{{customdata[1]:,}})<extra></extra>",
        )
    return base_layout(
        fig, f"{area_name}: registered places in homes rated good or outstanding, by sector",
        "Registered places in good or outstanding homes (number)",
    ).to_dict()
