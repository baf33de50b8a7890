"""Fan chart of a projection: history, median, 80% and 95% bands, labelled projected.

Pure: takes the history and the points (the command line's JSON ``points``) and returns a
plotly figure; reads no file.
"""

from __future__ import annotations

import plotly.graph_objects as go

BAND95 = "rgba(29, 112, 184, 0.15)"
BAND80 = "rgba(29, 112, 184, 0.30)"
LINE = "#1d70b8"
HISTORY = "#0b0c0c"


def fan_chart(history: list[tuple[int, float]], points: list[dict], title: str, unit: str = "children",
              note: str = "") -> go.Figure:
    """History as a solid line (observed), the median dashed and the bands shaded (projected)."""
    fig = go.Figure()
    years = [p["year"] for p in points]
    for lo, hi, colour, name in (("lo95", "hi95", BAND95, "Projected: 95% interval"),
                                 ("lo80", "hi80", BAND80, "Projected: 80% interval")):
        fig.add_trace(go.Scatter(x=years + years[::-1], y=[p[hi] for p in points] + [p[lo] for p in points][::-1],
                                 fill="toself", fillcolor=colour, line={"width": 0}, hoverinfo="skip", name=name))
    if history:
        hx, hy = zip(*history)
        fig.add_trace(go.Scatter(x=list(hx), y=list(hy), mode="lines+markers", line={"color": HISTORY},
                                 name="Observed", hovertemplate="%{x}: %{y:,.0f} " + unit + " (observed)<extra></extra>"))
        joined_x, joined_y = [hx[-1], *years], [hy[-1], *[p["median"] for p in points]]
    else:
        joined_x, joined_y = years, [p["median"] for p in points]
    fig.add_trace(go.Scatter(x=joined_x, y=joined_y, mode="lines+markers", line={"color": LINE, "dash": "dash"},
                             name="Projected: median",
                             hovertemplate="%{x}: %{y:,.0f} " + unit + " (projected)<extra></extra>"))
    fig.update_layout(title={"text": title + (f"<br><sub>{note}</sub>" if note else "")},
                      xaxis={"title": "At 31 March", "dtick": 1}, yaxis={"title": unit, "rangemode": "tozero"},
                      legend={"orientation": "h", "y": -0.2}, margin={"l": 60, "r": 20, "t": 70, "b": 60})
    return fig
