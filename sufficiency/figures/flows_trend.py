"""The observed imports and exports of an LA or footprint (DfE FOI 2024-0040813, children in
children's homes, 2014-2024): a pure figure builder (``observed_series`` frame in, figure dict out).

Lines for the area's children placed outside their own LA and for other LAs' children placed
in the area's homes; bars for the net gain (in minus out). A year without a figure (suppressed,
or some of a footprint's LAs suppressed) is a gap in the line, named in the note under the chart.
"""

from __future__ import annotations

import pandas as pd

from .spec import Fig

FONT = {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"}
OUT, IN, NET = "#D55E00", "#0072B2", "#999999"


def observed_flows_figure(series: pd.DataFrame, name: str) -> dict:
    """``series``: ``sufficiency.flows.observed_series`` of the area (year, placed_outside,
    placed_in, net_gain and their ``_flag`` columns)."""
    years = series["year"].astype(int)
    fig = Fig()
    fig.bar(x=years, y=series["net_gain"], name="Net gain: placed in minus placed outside",
            marker={"color": NET}, opacity=0.6,
            hovertemplate="%{x}: net gain %{y:+,.0f}<extra></extra>")
    for key, label, colour, dash in (
        ("placed_outside", f"{name}'s children placed outside their own LA", OUT, "solid"),
        ("placed_in", f"Other LAs' children placed in {name}'s homes", IN, "dash"),
    ):
        fig.scatter(x=years, y=series[key], name=label, mode="lines+markers", connectgaps=False,
                    line={"color": colour, "width": 3, "dash": dash}, marker={"size": 8},
                    hovertemplate=f"%{{x}}: %{{y:,.0f}} {label.lower()}<extra></extra>")
    missing = []
    for key, label in (("placed_outside", "placed outside"), ("net_gain", "net gain")):
        flags = series.loc[series[key].isna(), ["year", f"{key}_flag"]]
        missing += [f"{label} {int(y)}: {f or 'no figure'}" for y, f in zip(flags["year"], flags[f"{key}_flag"])]
    fig.update(
        title={"text": f"{name}: children in children's homes placed across the LA boundary (DfE FOI, observed)",
               "x": 0, "xanchor": "left", "font": {"size": 17}},
        font=FONT, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", height=440, barmode="overlay",
        margin={"l": 70, "r": 30, "t": 60, "b": 120},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        xaxis={"title": {"text": "Year (31 March)"}, "dtick": 1, "showgrid": False, "linecolor": "#505a5f"},
        yaxis={"title": {"text": "Children in children's homes"}, "gridcolor": "#e5e5e5", "zeroline": True,
               "zerolinecolor": "#505a5f", "zerolinewidth": 2},
    )
    if missing:
        fig.annotate(x=0, y=-0.42, xref="paper", yref="paper", xanchor="left", yanchor="top", showarrow=False,
                     align="left", font={"size": 12}, text="No figure (DfE code): " + "; ".join(missing[:8])
                     + ("..." if len(missing) > 8 else ""))
    return fig.to_dict()

