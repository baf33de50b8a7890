"""Fan chart of a projection: history, median, 80% and 95% bands, labelled projected; and
the scenario over time (the projected gap with and without places added).

Pure: takes the history and the points (the command line's JSON ``points``) and returns a
plotly figure dict (:class:`~sufficiency.figures.spec.Fig`); reads no file.
"""

from __future__ import annotations

import plotly.graph_objects as go

from .profile import base_layout
from .spec import Fig

BAND95 = "rgba(0, 114, 178, 0.15)"
BAND80 = "rgba(0, 114, 178, 0.32)"
LINE = "#0072B2"
HISTORY = "#0b0c0c"
WITHOUT = "#505a5f"
#: Words at the break between the observed and the projected years.
BREAK_TEXT = "observed | projected"


def _bands(fig: Fig, points: list[dict], unit: str, label: str = "Projected") -> None:
    years = [p["year"] for p in points]
    for lo, hi, colour, name in (("lo95", "hi95", BAND95, f"{label}: 95% interval"),
                                 ("lo80", "hi80", BAND80, f"{label}: 80% interval")):
        fig.scatter(x=years + years[::-1], y=[p[hi] for p in points] + [p[lo] for p in points][::-1],
                    fill="toself", fillcolor=colour, line={"width": 0}, hoverinfo="skip", name=name, mode="lines")
    fig.scatter(x=years, y=[p["lo80"] for p in points], mode="lines", line={"width": 0}, showlegend=False,
                customdata=[[p["hi80"], p["lo95"], p["hi95"]] for p in points], name=f"{label}: intervals",
                hovertemplate="80%: %{y:,.0f} to %{customdata[0]:,.0f}; 95%: %{customdata[1]:,.0f} to "
                              "%{customdata[2]:,.0f} " + unit + " (projected)<extra></extra>")


def _break(fig: Fig, origin: int) -> None:
    fig.vline(origin, color="#505a5f", width=1, dash="dot")
    fig.annotate(text=BREAK_TEXT, x=origin, xref="x", y=1.0, yref="paper", showarrow=False, yanchor="bottom",
                 font={"size": 12, "color": "#505a5f"})


def fan_figure(history: list[tuple[int, float]], points: list[dict], title: str, unit: str = "children",
               note: str = "") -> dict:
    """History as a solid line (observed), the median dashed and the bands shaded (projected),
    the break between the last observed year and the first projected one marked."""
    fig = Fig()
    _bands(fig, points, unit)
    years = [p["year"] for p in points]
    if history:
        hx, hy = zip(*history)
        fig.scatter(x=list(hx), y=list(hy), mode="lines+markers", line={"color": HISTORY, "width": 3},
                    marker={"symbol": "circle", "size": 7}, name="Observed",
                    hovertemplate="%{y:,.0f} " + unit + " (observed)<extra></extra>")
        joined_x, joined_y = [hx[-1], *years], [hy[-1], *[p["median"] for p in points]]
    else:
        joined_x, joined_y = years, [p["median"] for p in points]
    fig.scatter(x=joined_x, y=joined_y, mode="lines+markers", line={"color": LINE, "dash": "dash", "width": 3},
                marker={"symbol": "diamond", "size": 8}, name="Projected: median",
                hovertemplate="%{y:,.0f} " + unit + " (projected median)<extra></extra>")
    origin = years[0] - 1 if years else (history[-1][0] if history else None)
    if origin is not None:
        _break(fig, origin)
    base_layout(fig, title, unit[:1].upper() + unit[1:], "At 31 March")
    if any(p["lo95"] < 0 for p in points) or any(v < 0 for _, v in history):
        fig.update(yaxis={"rangemode": "normal"})
    if note:
        fig.update(title={"text": f"{title}<br><sub>{note}</sub>"})
    return fig.to_dict()


def fan_chart(history: list[tuple[int, float]], points: list[dict], title: str, unit: str = "children",
              note: str = "") -> go.Figure:
    """:func:`fan_figure` as a validated plotly figure (for exports and checks)."""
    return go.Figure(fan_figure(history, points, title, unit, note))


def scenario_figure(rows: list[dict], title: str, unit: str = "children minus places") -> dict:
    """The projected gap each year without the places (dashed grey) and with them (blue, with
    its 80% and 95% intervals); ``rows`` from :func:`sufficiency.forecast.scenario.gap_with_places`."""
    fig = Fig()
    _bands(fig, rows, unit, label="With the places")
    years = [r["year"] for r in rows]
    fig.scatter(x=years, y=[r["gap_before"] for r in rows], mode="lines+markers", name="Without the places: median",
                line={"color": WITHOUT, "dash": "dot", "width": 2}, marker={"symbol": "square", "size": 7},
                hovertemplate="%{y:,.0f} " + unit + " without the places (projected)<extra></extra>")
    fig.scatter(x=years, y=[r["median"] for r in rows], mode="lines+markers", name="With the places: median",
                line={"color": LINE, "dash": "dash", "width": 3}, marker={"symbol": "diamond", "size": 8},
                hovertemplate="%{y:,.0f} " + unit + " with the places (projected)<extra></extra>")
    base_layout(fig, title, "Gap (" + unit + ")", "At 31 March")
    fig.update(yaxis={"rangemode": "normal"})
    return fig.to_dict()
