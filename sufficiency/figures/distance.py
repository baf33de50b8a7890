"""Distance from home and placement flows: pure figure builders (a frame in, a figure dict out).

* :func:`distance_distribution`: histogram of the share of children by distance band, with
  the cumulative share (placed at most that far) on a second axis, and dashed reference
  lines at 20 and 50 miles.
* :func:`upload_bands`: the same for an uploaded file's suppressed bands (``c`` shown).
* :func:`flows_bar`: an LA's top destinations or sources, its own LA marked.
* :func:`scenario_bars`: modelled shares over 20 and 50 miles, before and after a scenario.

Every title and axis names what is modelled, observed or uploaded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .spec import Fig

FONT = {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"}
BAR, CUMULATIVE, OWN, OTHER = "#0072B2", "#D55E00", "#E69F00", "#0072B2"
REFERENCE = (20, 50)
LINE = {"color": "#0b0c0c", "width": 1.5, "dash": "dash"}


def _layout(fig: Fig, title: str, x_title: str, y_title: str, *, height: int = 420) -> Fig:
    fig.update(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font=FONT, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", height=height,
        margin={"l": 70, "r": 70, "t": 60, "b": 100},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0, "title": {"text": ""}},
        bargap=0.05,
        xaxis={"title": {"text": x_title}, "showgrid": False, "linecolor": "#505a5f"},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e5e5e5", "zerolinecolor": "#505a5f", "rangemode": "tozero"},
    )
    return fig


def _reference_lines(fig: Fig, positions: dict) -> None:
    """Dashed vertical lines (named ``ref-<miles>``) at ``{miles: x}``, each labelled."""
    for miles, x in positions.items():
        fig.layout.setdefault("shapes", []).append(
            {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper", "line": LINE, "name": f"ref-{miles}"})
        fig.annotate(x=x, y=1, yref="paper", text=f"{miles} miles", showarrow=False, xanchor="left",
                     yanchor="bottom", font={"size": 13}, name=f"ref-{miles}-label")


def distance_distribution(dist: pd.DataFrame, *, title: str, max_miles: float = 150.0,
                          basis: str = "Modelled") -> dict:
    """``dist``: lower, upper, share and cumulative_share (0-1) of one area, as
    ``sufficiency.flows.distribution`` gives. Bars up to ``max_miles``; the share beyond is
    named in the title of the last bar's hover and in a note."""
    d = dist[np.isfinite(dist["upper"].astype(float))]
    shown = d[d["upper"] <= max_miles]
    beyond = float(dist.loc[dist["lower"] >= max_miles, "share"].sum()) * 100
    mid = (shown["lower"] + shown["upper"]) / 2
    fig = Fig()
    fig.bar(
        x=mid, y=shown["share"] * 100, width=(shown["upper"] - shown["lower"]) * 0.95, marker={"color": BAR},
        name=f"{basis}: % of children in each band",
        customdata=np.stack([shown["lower"], shown["upper"]], axis=-1),
        hovertemplate="More than %{customdata[0]:g} to %{customdata[1]:g} miles: %{y:.1f}%<extra></extra>",
    )
    fig.scatter(
        x=shown["upper"], y=shown["cumulative_share"] * 100, mode="lines+markers", yaxis="y2", marker={"size": 4},
        line={"color": CUMULATIVE, "width": 2.5}, name=f"{basis}: % placed at most this far (cumulative)",
        hovertemplate="At most %{x:g} miles: %{y:.1f}%<extra></extra>",
    )
    _layout(fig, title, "Distance from home (miles)", f"% of children ({basis.lower()})")
    fig.update(yaxis2={"title": {"text": "Cumulative %"}, "overlaying": "y", "side": "right", "range": [0, 100],
                       "showgrid": False, "ticksuffix": "%"},
               xaxis={"range": [0, max_miles], "dtick": 10})
    _reference_lines(fig, {m: m for m in REFERENCE if m <= max_miles})
    if beyond > 0:
        fig.annotate(x=1, y=1, xref="paper", yref="paper", xanchor="right", yanchor="top", showarrow=False,
                     text=f"{beyond:.1f}% more than {max_miles:g} miles (not drawn)", font={"size": 12})
    return fig.to_dict()


def upload_bands(bands: list[dict], *, title: str) -> dict:
    """Bars of an upload's % of children by band; suppressed bands (``children`` None) are
    drawn as no bar with a ``c`` label. Reference lines sit between the bands at 20 and 50."""
    labels = [b["band"] for b in bands]
    values = [b["percent"] if b["percent"] is not None else 0 for b in bands]
    text = [f"{b['percent']:.1f}%" if b["percent"] is not None else "c" for b in bands]
    fig = Fig()
    fig.bar(x=labels, y=values, text=text, textposition="outside", marker={"color": BAR}, cliponaxis=False,
            name="Your placements: % of children in each band", hovertemplate="%{x}: %{text}<extra></extra>")
    _layout(fig, title, "Distance from home", "% of children (your file)")
    positions = {}
    for k, b in enumerate(bands):
        if b.get("to_miles") in REFERENCE:
            positions[int(b["to_miles"])] = k + 0.5
    _reference_lines(fig, positions)
    fig.update(yaxis={"range": [0, max(values + [1]) * 1.2]})
    return fig.to_dict()


def flows_bar(frame: pd.DataFrame, names: dict, *, code_column: str, own: str, title: str,
              x_title: str = "Children (modelled)") -> dict:
    """Horizontal bars of ``frame`` (code column, children, miles), largest on top; the LA's
    own row is orange and named "(own LA)"."""
    f = frame.iloc[::-1]
    labels = [names.get(c, c) + (" (own LA)" if c == own else "") for c in f[code_column]]
    colours = [OWN if c == own else OTHER for c in f[code_column]]
    fig = Fig().bar(
        x=f["children"], y=labels, orientation="h", marker={"color": colours},
        customdata=np.stack([f["miles"], f["share"] * 100], axis=-1),
        text=[f"{v:,.0f}" for v in f["children"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.1f} children (%{customdata[1]:.1f}%), %{customdata[0]:.0f} miles<extra></extra>",
        name=x_title,
    )
    _layout(fig, title, x_title, "", height=max(260, 60 + 34 * len(f)))
    fig.update(margin={"l": 10, "r": 40, "t": 60, "b": 60}, showlegend=False,
               yaxis={"automargin": True, "gridcolor": "rgba(0,0,0,0)"}, xaxis={"gridcolor": "#e5e5e5"})
    return fig.to_dict()


def scenario_bars(table: pd.DataFrame, names: dict, *, title: str) -> dict:
    """Modelled % over 20 and over 50 miles before and after, for each area of the table
    (``area_code`` and ``share_over_<m>_before/_after`` as fractions)."""
    areas = [names.get(c, c) for c in table["area_code"]]
    fig = Fig()
    styles = {("20", "before"): ("#9ecae1", ""), ("20", "after"): ("#0072B2", ""),
              ("50", "before"): ("#fdd0a2", "/"), ("50", "after"): ("#D55E00", "/")}
    for (m, when), (colour, pattern) in styles.items():
        fig.bar(x=areas, y=table[f"share_over_{m}_{when}"] * 100, marker={"color": colour, "pattern": {"shape": pattern}},
                name=f"More than {m} miles, {when}",
                hovertemplate=f"%{{x}}: %{{y:.1f}}% more than {m} miles ({when})<extra></extra>")
    _layout(fig, title, "Area (home of the children)", "% of children (modelled)")
    fig.update(barmode="group", bargap=0.25)
    return fig.to_dict()
