"""Pure figure builders for the region view: bars, lines and change by region.

Each builder takes plain frames and returns a plotly figure dict; none reads data or state.
One region can be highlighted (drawn thick and dark, labelled), so that a standout
change such as the North West's growth in children's homes is seen at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .spec import Fig

FONT = {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"}
BLUE = "#1d70b8"
DARK = "#0b0c0c"
HIGHLIGHT = "#d4351c"
GREY = "#505a5f"
POSITIVE = "#5694ca"
NEGATIVE = "#f47738"
#: Colour-blind-safe qualitative colours for the other regions (Okabe-Ito, without black).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#56b4e9", "#cc79a7", "#d55e00", "#f0e442", "#999999", "#6a3d9a")


def _layout(fig: Fig, *, title: str | None, height: int, **extra) -> dict:
    fig.update(
        font=FONT,
        height=height,
        margin={"l": 60, "r": 30, "t": 50 if title else 30, "b": 50},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hoverlabel={"bgcolor": "#ffffff", "font": {"color": DARK}},
        **extra,
    )
    if title:
        fig.update(title={"text": title, "x": 0, "xanchor": "left"})
    return fig.to_dict()


def _fmt(value: float, signed: bool = False, whole: bool = False) -> str:
    if value is None or not np.isfinite(value):
        return "no figure"
    spec = ",.0f" if whole or abs(value) >= 100 else ",.1f"
    return format(value, ("+" if signed else "") + spec)


def region_bar(
    frame: pd.DataFrame, *, england: float | None = None, unit: str = "", diverging: bool = False,
    title: str | None = None, highlight: str | None = None, reference: tuple[str, float] | None = None,
) -> dict:
    """Horizontal bars of ``frame['value']`` by ``frame['region']`` (any areas: regions, or a
    footprint's LAs), largest at the top, with England's value as a dashed line; ``highlight``
    (a name) in red and bold; ``reference`` (name, value) a second, dotted line."""
    df = frame[["region", "value"]].copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df = df.sort_values("value", ascending=True, na_position="first")
    colours = [HIGHLIGHT if r == highlight else NEGATIVE if diverging and v < 0 else (POSITIVE if diverging else BLUE)
               for r, v in zip(df["region"], df["value"].fillna(0))]
    if reference is not None and np.isfinite(reference[1]):
        fig_ref = reference
    else:
        fig_ref = None
    fig = Fig().bar(
        x=df["value"], y=[f"<b>{r}</b>" if r == highlight else r for r in df["region"]], orientation="h",
        marker={"color": colours},
        text=[_fmt(v, diverging) for v in df["value"]], textposition="outside", cliponaxis=False,
        hovertemplate="<b>%{y}</b><br>%{x:,.2f} " + unit + "<extra></extra>", name=unit,
    )
    if fig_ref is not None:
        fig.vline(fig_ref[1], color=HIGHLIGHT, dash="dot", width=2)
        fig.annotate(x=fig_ref[1], y=0, yref="paper", yanchor="top", showarrow=False,
                     text=f"{fig_ref[0]}: {_fmt(fig_ref[1], diverging)}", font={"size": 13, "color": HIGHLIGHT})
    if england is not None and np.isfinite(england):
        fig.vline(england, color=DARK, dash="dash", width=2)
        fig.annotate(
            x=england, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
            text=f"England: {_fmt(england, diverging)}", font={"size": 13},
        )
    return _layout(
        fig, title=title, height=max(420, 60 + 28 * len(df)), showlegend=False,
        xaxis={"title": {"text": unit}, "gridcolor": "#e5e5e5", "zeroline": True, "zerolinecolor": GREY},
        yaxis={"automargin": True},
    )


def region_lines(
    frame: pd.DataFrame, value: str, *, unit: str = "", highlight: str | None = None, title: str | None = None
) -> dict:
    """One line per region of ``frame[value]`` by ``frame['year']``; ``highlight`` (a region
    name) drawn thick and labelled at its last point."""
    fig = Fig()
    regions = list(dict.fromkeys(frame["region"]))
    by_region = dict(list(frame[["region", "year", value]].sort_values("year", kind="stable").groupby("region", sort=False)))
    for i, region in enumerate(regions):
        df = by_region[region]
        is_hi = region == highlight
        fig.scatter(
            x=df["year"].to_numpy(), y=df[value].to_numpy(), mode="lines+markers" if is_hi else "lines", name=region,
            line={"color": HIGHLIGHT if is_hi else PALETTE[i % len(PALETTE)], "width": 5 if is_hi else 1.5},
            opacity=1.0 if is_hi or highlight is None else 0.75,
            hovertemplate=f"<b>{region}</b><br>%{{x}}: %{{y:,.1f}} {unit}<extra></extra>",
        )
        if is_hi and len(df):
            last = df.iloc[-1]
            fig.annotate(
                x=last["year"], y=last[value], text=f"<b>{region}</b>", showarrow=False, xanchor="left",
                xshift=8, font={"color": HIGHLIGHT, "size": 14},
            )
    years = pd.to_numeric(frame["year"])
    return _layout(
        fig, title=title, height=460, legend={"font": {"size": 13}, "title": {"text": "Region"}},
        xaxis={"title": {"text": "31 March of year"}, "tickmode": "array", "tickvals": sorted(years.unique()),
               "range": [years.min() - 0.3, years.max() + 1.6], "gridcolor": "#f3f2f1", "automargin": True},
        yaxis={"title": {"text": unit}, "gridcolor": "#e5e5e5", "rangemode": "tozero", "automargin": True,
               "tickformat": ","},
    )


def change_bars(
    frame: pd.DataFrame, *, baseline: int, year: int, highlight: str | None = None, title: str | None = None
) -> dict:
    """% change in homes and places by region between ``baseline`` and ``year`` (diverging
    bars around zero), each bar labelled with the % and the count; ``highlight`` in bold."""
    df = frame.sort_values("homes_pct_change", ascending=True, na_position="first")
    ticks = [f"<b>{r}</b>" if r == highlight else r for r in df["region"]]
    fig = Fig()
    for what, colour, pattern in (("places", POSITIVE, "/"), ("homes", BLUE, "")):
        pct = df[f"{what}_pct_change"]
        colours = [HIGHLIGHT if r == highlight and what == "homes" else colour for r in df["region"]]
        labels = [f"{_fmt(p, True)}% ({_fmt(c, True, whole=True)})" for p, c in zip(pct, df[f"{what}_change"])]
        fig.bar(
            x=pct, y=df["region"], orientation="h", name="Children's homes" if what == "homes" else "Registered places",
            marker={"color": colours, "pattern": {"shape": pattern}}, text=labels, textposition="outside",
            cliponaxis=False, customdata=df[f"{what}_change"],
            hovertemplate="<b>%{y}</b><br>%{x:+.1f}% (%{customdata:+,} " + what + ")<extra></extra>",
        )
    fig.vline(0, color=DARK, width=1)
    pcts = pd.concat([df["homes_pct_change"], df["places_pct_change"]]).astype(float)
    pcts = pcts[np.isfinite(pcts)]
    lo, hi = (min(float(pcts.min()), 0.0), max(float(pcts.max()), 0.0)) if len(pcts) else (-1.0, 1.0)
    pad = (hi - lo) * 0.3 or 1.0
    return _layout(
        fig, title=title, height=660, barmode="group", bargap=0.3, uniformtext={"minsize": 11, "mode": "show"},
        legend={"orientation": "h", "y": -0.12, "traceorder": "reversed"},
        xaxis={"title": {"text": f"% change, 31 March {baseline} to 31 March {year}"}, "gridcolor": "#e5e5e5", "ticksuffix": "%",
               "range": [lo - (pad if lo < 0 else 0), hi + pad]},
        yaxis={"automargin": True, "tickmode": "array", "tickvals": list(df["region"]), "ticktext": ticks},
    )


def biggest_riser(change: pd.DataFrame, what: str = "homes") -> str | None:
    """The region (name) that gained the most ``what`` between the two years, if any gained."""
    regions = change[change["region_code"].str.startswith("E12")]
    if regions.empty or not (regions[f"{what}_change"] > 0).any():
        return None
    return str(regions.loc[regions[f"{what}_change"].idxmax(), "region"])
