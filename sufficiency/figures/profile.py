"""Trend charts of an LA's profile: supply by sector, children looked after, the gap and
distance from home. Pure builders: a table from :mod:`sufficiency.engine.profile` in,
a plotly figure dict out.

Colours are the Okabe-Ito colour-blind-safe set; a sector has the same colour in every
chart of the dashboard (:data:`SECTOR_COLOURS`). Lines also differ by dash and marker so
that no comparison rests on colour alone.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from .spec import Fig

from ..engine.registry import DEFINITION_BREAKS, FOI_YEARS
from ..flags import missing_text
from ..vocab import SECTOR_SLUGS, SECTORS

SECTOR_COLOURS = {
    "Local authority": "#0072B2",  # blue
    "Private": "#E69F00",  # orange
    "Voluntary": "#009E73",  # bluish green
    "Health authority": "#CC79A7",  # reddish purple
}
AREA_STYLES = {  # colour, dash, marker
    "la": ("#000000", "solid", "circle"),
    "region": ("#0072B2", "dash", "square"),
    "england": ("#D55E00", "dot", "diamond"),
}
POSITIVE, NEGATIVE = "#5E3C99", "#E66101"  # purple above zero, orange below (PuOr ends)
FONT = dict(family="Arial, sans-serif", size=14, color="#0b0c0c")


def base_layout(fig: Fig, title: str, y_title: str, x_title: str = "Year (at 31 March)") -> Fig:
    fig.update(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font=FONT,
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        margin={"l": 70, "r": 20, "t": 60, "b": 110},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "title": {"text": ""}, "traceorder": "normal"},
        hovermode="x unified",
        height=420,
        xaxis={"title": {"text": x_title}, "showgrid": False, "linecolor": "#505a5f", "dtick": 1, "tickformat": "d"},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e5e5e5", "zerolinecolor": "#505a5f", "rangemode": "tozero"},
    )
    return fig


def _years_text(years: list[int]) -> str:
    years = sorted(years)
    runs, start = [], None
    for i, y in enumerate(years):
        if start is None:
            start = y
        if i == len(years) - 1 or years[i + 1] != y + 1:
            runs.append(str(start) if start == y else f"{start}-{y}")
            start = None
    return ", ".join(runs)


def _columns(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    """Only the columns of ``names`` that ``frame`` has (a trend has about 200: a chart reads a
    few, and filtering rows of the narrow frame costs a fraction)."""
    return frame[[n for n in names if n in frame.columns]]


def missing_note(rows: pd.DataFrame, key: str) -> str:
    """'No figure: 2014-2016 (not published); 2019 ([z] not applicable)' for a key's gaps."""
    flag_col = f"{key}__flag"
    estimates = rows[rows[key].notna() & (rows[flag_col] == "estimate")] if flag_col in rows else rows.iloc[0:0]
    est = f"Estimate apportioned from a former council: {_years_text(estimates['year'].astype(int).tolist())}" if len(estimates) else ""
    gaps = rows[rows[key].isna()]
    if gaps.empty:
        return est
    reasons = gaps[flag_col].fillna("") if flag_col in gaps else pd.Series("", index=gaps.index)
    parts = []
    for reason, part in gaps.groupby(reasons, sort=False):
        parts.append(f"{_years_text(part['year'].astype(int).tolist())} ({missing_text(reason or None)})")
    return "No figure for " + "; ".join(parts) + (f". {est}" if est else "")


def _note(fig: Fig, text: str) -> dict:
    if text:
        fig.annotate(text=text, xref="paper", yref="paper", x=0, y=-0.4, showarrow=False, xanchor="left",
                     yanchor="top", font={"size": 12, "color": "#505a5f"}, align="left")
        fig.update(margin={"b": 170}, height=460)
    return fig.to_dict()


def supply_trend_figure(trend: pd.DataFrame, name: str, value: str = "places") -> dict:
    """Stacked bars of an LA's registered places (or homes) by sector, year by year."""
    trend = _columns(trend, "area", "year", *(f"{value}_{SECTOR_SLUGS[s]}" for s in SECTORS))
    rows = trend[trend["area"] == "la"]
    fig = Fig(barmode="stack")
    for sector in SECTORS:
        col = f"{value}_{SECTOR_SLUGS[sector]}"
        if col not in rows or not rows[col].fillna(0).any():
            continue
        fig.bar(x=rows["year"], y=rows[col], name=sector, marker={"color": SECTOR_COLOURS[sector]},
                hovertemplate=f"{sector}: %{{y:,}}<extra></extra>")
    noun = "registered places" if value == "places" else "children's homes"
    return base_layout(fig, f"{name}: {noun} by sector", noun.capitalize() + " (number)").to_dict()


def comparison_trend_figure(trend: pd.DataFrame, key: str, title: str, y_title: str, names: dict[str, str]) -> dict:
    """Lines of one rate or percentage for the LA, its region and England."""
    fig = Fig()
    pct = y_title.startswith("%") or "%" in y_title
    trend = _columns(trend, "area", "year", key, f"{key}__flag")
    for area in ("la", "region", "england"):
        rows = trend[trend["area"] == area]
        if rows.empty:
            continue
        colour, dash, marker = AREA_STYLES[area]
        fmt = "%{y:.1f}" + ("%" if pct else "")
        fig.scatter(
            x=rows["year"], y=rows[key], name=names[area], mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3 if area == "la" else 2}, marker={"symbol": marker, "size": 8},
            hovertemplate=f"{names[area]}: {fmt}<extra></extra>", connectgaps=False,
        )
    base_layout(fig, title, y_title)
    return _note(fig, missing_note(trend[trend["area"] == "la"], key))


def cla_trend_figure(trend: pd.DataFrame, names: dict[str, str]) -> dict:
    return comparison_trend_figure(
        trend, "cla_per_10k", f"{names['la']}: children looked after per 10,000 children",
        "Per 10,000 children aged 0-17", names,
    )


def distance_trend_figure(trend: pd.DataFrame, names: dict[str, str]) -> dict:
    return comparison_trend_figure(
        trend, "pct_over_20_miles", f"{names['la']}: children looked after placed more than 20 miles from home",
        "% of children looked after", names,
    )


def gap_trend_figure(trend: pd.DataFrame, name: str) -> dict:
    """The gap (this LA's children minus the places in the LA), one line per definition of
    the children counted: DfE FOI children's homes (2014-2024) and DfE secure homes and
    children's homes (from 2021; 2014-2017 a wider definition, shown apart), with the break
    where the headline gap changes definition marked."""
    trend = _columns(trend, "area", "year", "gap", "gap__flag", "gap_dfe", "ch_children", "cla_ch", "places")
    rows = trend[trend["area"] == "la"]
    fig = Fig()
    series = (
        ("gap", rows["year"].isin(FOI_YEARS), "Children in children's homes (DfE FOI) minus places", "#000000", "solid",
         "ch_children"),
        ("gap_dfe", rows["year"] >= 2021, "Children in secure homes and children's homes (DfE) minus places", "#0072B2",
         "dash", "cla_ch"),
        ("gap_dfe", rows["year"] <= 2017, "Children in secure units, children's homes and hostels (DfE, 2014-2017) "
         "minus places", "#56B4E9", "dot", "cla_ch"),
    )
    for key, keep, label, colour, dash, children in series:
        part = rows[keep]
        if part[key].notna().sum() == 0:
            continue
        fig.scatter(
            x=part["year"], y=part[key], name=label, mode="lines+markers", line={"color": colour, "dash": dash, "width": 3},
            marker={"size": 8}, connectgaps=False, customdata=part[[children, "places"]].to_numpy(),
            hovertemplate=f"{label}: %{{y:+,.0f}}<br>Children: %{{customdata[0]:,.0f}}<br>"
                          "Registered places: %{customdata[1]:,.0f}<extra></extra>",
        )
    base_layout(fig, f"{name}: children in children's homes minus registered places", "Children minus places (number)")
    fig.update(yaxis={"rangemode": "normal", "zeroline": True, "zerolinewidth": 2})
    for year in DEFINITION_BREAKS:
        fig.vline(year - 0.5, color="#505a5f", dash="dot", width=1)
        fig.annotate(x=year - 0.5, y=1, yref="paper", text="Definition changes", showarrow=False,
                     xanchor="right", yanchor="bottom", font={"size": 12, "color": "#505a5f"})
    note = missing_note(rows[rows["year"].isin(FOI_YEARS)], "gap")
    note = (note + ".<br>" if note else "") + "<br>".join(DEFINITION_BREAKS.values())
    note += "<br>Above zero: more of the area's children live in children's homes than there are places in it."
    return _note(fig, note)


def benchmark_figure(neighbours: pd.DataFrame, key: str, label: str, unit: str, names: dict[str, str],
                     region: float, england: float) -> dict:
    """Horizontal bars of one measure for the LA and each of its statistical neighbours, named
    (the LA highlighted), with its region and England as lines; rank and quartile in the hover."""
    rows = neighbours.sort_values(key, ascending=True, na_position="first")
    colours = ["#d4351c" if r == "selected" else "#1d70b8" for r in rows["role"]]
    labels = [f"<b>{n}</b>" if r == "selected" else n for n, r in zip(rows["name"], rows["role"])]
    fig = Fig().bar(
        x=rows[key], y=labels, orientation="h", marker={"color": colours}, name=label,
        customdata=np.stack([rows[f"{key}__rank"].fillna(0), rows[f"{key}__quartile"].fillna("")], axis=-1),
        hovertemplate="%{y}: %{x:,.1f}<br>Rank %{customdata[0]} among LAs, quartile %{customdata[1]}<extra></extra>",
        text=[f"{v:,.1f}" if np.isfinite(v) else "no figure" for v in rows[key]], textposition="outside",
        cliponaxis=False,
    )
    for value, name, dash in ((region, names["region"], "dash"), (england, "England", "dot")):
        if np.isfinite(value):
            fig.vline(value, color="#0b0c0c", dash=dash, width=2)
            fig.annotate(x=value, y=1, yref="paper", yanchor="bottom", showarrow=False, text=f"{name}: {value:,.1f}",
                         font={"size": 12})
    fig.update(title={"text": f"{label}: {names['la']} and its statistical neighbours", "x": 0, "xanchor": "left",
                      "font": {"size": 17}},
               font=FONT, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", height=120 + 32 * len(rows),
               margin={"l": 10, "r": 60, "t": 70, "b": 50}, showlegend=False,
               xaxis={"title": {"text": unit}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
               yaxis={"automargin": True})
    return fig.to_dict()
