"""A region choropleth on the hex-tile layout (each region's tiles merged into one shape)
or, given ``tiles=region_geo_tiles()``, on the regions' ONS boundaries.

The hex layout is built on the LA hex layout (``maps.hexgrid``) so that regions sit where
their LAs sit on the LA map; drawn as cartesian polygons (no ``geo`` traces, nothing fetched).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from plotly.colors import sample_colorscale

from ..geography.reorganisations import REGION_NAMES
from .maps import DIVERGING, MISSING, SEQUENTIAL, _luminance, colour_range, scale_colours
from .spec import Fig


SEAM = 200.0  # metres; tiles are tens of kilometres across
SHORT = {
    "E12000001": "NE", "E12000002": "NW", "E12000003": "Y&H", "E12000004": "EM", "E12000005": "WM",
    "E12000006": "EoE", "E12000007": "Lon", "E12000008": "SE", "E12000009": "SW",
}


@lru_cache(maxsize=16)
def region_tiles(year: int) -> pd.DataFrame:
    """region_code, x, y (ring arrays, None between rings), px, py (a label point)."""
    from ..maps.hexgrid import hex_layout
    from ..maps.shapes import ring_xy

    layout = hex_layout(int(year))
    rows = []
    for code, grp in layout.groupby("region_code", sort=True):
        # a small outward then inward buffer closes the hairline gaps between tiles
        shape = shapely.union_all([g.buffer(SEAM) for g in grp["geometry"]]).buffer(-SEAM)
        xs, ys = ring_xy(shape)
        point = shape.representative_point()
        rows.append({"region_code": code, "x": xs, "y": ys, "px": round(point.x), "py": round(point.y)})
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def region_geo_tiles() -> pd.DataFrame:
    """The nine regions' simplified ONS boundaries in the form of :func:`region_tiles`
    (needs the boundary files; cached)."""
    from ..maps.shapes import region_shapes

    shapes = region_shapes()
    points = [g.representative_point() for g in shapes["geometry"]]
    return pd.DataFrame({
        "region_code": shapes["code"], "x": shapes["x"], "y": shapes["y"],
        "px": [round(p.x) for p in points], "py": [round(p.y) for p in points],
    })


def region_hex_map(
    values: pd.Series, year: int, *, unit: str = "", diverging: bool = False, title: str | None = None,
    tiles: pd.DataFrame | None = None, highlight: str | None = None,
) -> dict:
    """``values`` indexed by region code, one filled shape per region, a colour bar titled
    with the unit, and hover with the region's name and value; ``highlight`` (a region code)
    outlined. A plotly figure dict."""
    tiles = region_tiles(int(year)) if tiles is None else tiles
    vals = pd.to_numeric(pd.Series(values), errors="coerce").reindex(tiles["region_code"]).astype(float)
    cmin, cmax = colour_range(vals, diverging)
    scale = DIVERGING if diverging else SEQUENTIAL
    fig = Fig()
    label_colours = []
    for (_, tile), value in zip(tiles.iterrows(), vals):
        ok = np.isfinite(value)
        t = (value - cmin) / (cmax - cmin) if ok else 0.0
        colour = sample_colorscale(scale, [min(max(t, 0.0), 1.0)])[0] if ok else MISSING
        label_colours.append("#ffffff" if ok and _luminance(colour) <= 140 else "#0b0c0c")  # readable on the fill
        chosen = tile["region_code"] == highlight
        fig.scatter(x=list(tile["x"]), y=list(tile["y"]), mode="lines", fill="toself", fillcolor=colour,
                    line={"color": "#0b0c0c" if chosen else "#ffffff", "width": 4 if chosen else 2}, hoverinfo="skip",
                    showlegend=False, name=REGION_NAMES.get(tile["region_code"], tile["region_code"]))
    text = [
        f"<b>{REGION_NAMES.get(c, c)}</b><br>" + (f"{v:,.2f} {unit}" if np.isfinite(v) else "No figure")
        for c, v in zip(tiles["region_code"], vals)
    ]
    fig.scatter(x=tiles["px"], y=tiles["py"], mode="text", text=[SHORT.get(c, "") for c in tiles["region_code"]],
                textfont={"size": 12, "color": label_colours}, hoverinfo="skip", showlegend=False, name="labels")
    fig.scatter(
        x=tiles["px"], y=tiles["py"], mode="markers", text=text, hovertemplate="%{text}<extra></extra>",
        customdata=list(tiles["region_code"]), showlegend=False, name="regions",
        marker={
            "size": 18, "opacity": 0, "color": [v if np.isfinite(v) else cmin for v in vals], "colorscale": scale_colours(scale), "cmin": cmin, "cmax": cmax,
            "showscale": True, "colorbar": {"title": {"text": unit, "side": "right"}, "thickness": 14, "len": 0.7},
        },
    )
    fig.update(
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1},
        plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", height=460, hovermode="closest",
        margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0}, dragmode=False,
        font={"family": "Arial, sans-serif", "color": "#0b0c0c"},
    )
    if title:
        fig.update(title={"text": title, "x": 0})
    return fig.to_dict()
