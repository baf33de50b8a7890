"""Choropleth maps of LA values on cartesian axes in British National Grid (works offline).

Two styles share one builder: :func:`hex_map` (one equal-area hexagon per LA, from
``maps.hexgrid``) and :func:`geo_map` (simplified ONS boundaries, from ``maps.shapes``).
No ``geo`` or tile-server traces are used.

Drawing: the colour scale is cut into ``LEVELS`` equal steps and the LAs of a step are
drawn as one filled scatter trace (``fill='toself'``, rings separated by None); LAs without
a value form one light-grey trace. Hover and clicks come from one invisible marker per LA
at the tile centre or the LA's gazetteer point (``customdata`` = LA code, for the app's
``clickData``); the valued markers also carry the colour bar, whose title is the unit.
With ``hovermode='closest'`` the nearest marker answers, so the whole tile is hoverable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from plotly.colors import get_colorscale, sample_colorscale

from ..geography.reorganisations import REGION_NAMES

LEVELS = 31  # odd, so that zero falls in the middle step of a diverging scale
SEQUENTIAL = "Viridis"
DIVERGING = "PuOr"  # colour-blind safe; orange below zero, purple above
MISSING = "#d9d9d9"
EDGE = "#ffffff"
OUTLINE = "#444444"
SELECTED = "#000000"


def _fmt(value: float, signed: bool = False) -> str:
    size = abs(value)
    spec = ",.0f" if size >= 100 else ".1f" if size >= 10 else ".2f"
    return format(value, ("+" if signed and value != 0 else "") + spec)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"


def colour_range(values: pd.Series, diverging: bool) -> tuple[float, float]:
    """(cmin, cmax) of the colour scale: symmetric around zero when ``diverging``."""
    finite = values[np.isfinite(values.astype(float))].astype(float)
    if finite.empty:
        return (-1.0, 1.0) if diverging else (0.0, 1.0)
    if diverging:
        top = float(finite.abs().max()) or 1.0
        return -top, top
    lo, hi = float(finite.min()), float(finite.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return lo, hi


#: How far beyond the quartiles a value is "far out" and shares the end colour (Tukey's far fence).
FENCE = 3.0


@dataclass(frozen=True)
class ColourRange:
    """The colour scale of an LA map: from ``cmin`` to ``cmax``; ``below`` and ``above`` are
    the LAs beyond it (far outliers, which take the end colours and are named in the legend)."""

    cmin: float
    cmax: float
    below: tuple[str, ...] = ()
    above: tuple[str, ...] = ()

    @property
    def clipped(self) -> bool:
        return bool(self.below or self.above)


def robust_range(values: pd.Series, diverging: bool) -> ColourRange:
    """The colour scale of LA ``values`` (indexed by code), robust to an outlier: values
    further than :data:`FENCE` interquartile ranges beyond the quartiles are clipped to the
    furthest value within, so that one LA (Lancashire's gap) does not wash out the rest.
    Symmetric around zero when ``diverging``."""
    values = pd.Series(values)
    v = values.to_numpy(dtype=float, na_value=np.nan) if values.dtype.kind in "fiub" else \
        pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    keep = np.isfinite(v)
    finite, codes = v[keep], values.index.to_numpy()[keep]
    if len(finite) < 8:
        return ColourRange(*colour_range(pd.Series(finite), diverging))
    q1, q3 = np.percentile(finite, [25, 75])
    spread = q3 - q1
    lo_fence, hi_fence = q1 - FENCE * spread, q3 + FENCE * spread
    inside = finite[(finite >= lo_fence) & (finite <= hi_fence)]
    if spread <= 0 or not len(inside):
        return ColourRange(*colour_range(pd.Series(finite), diverging))
    lo, hi = float(inside.min()), float(inside.max())
    if diverging:
        top = max(abs(lo), abs(hi)) or 1.0
        lo, hi = -top, top
    elif lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    below = tuple(sorted(codes[finite < lo]))
    above = tuple(sorted(codes[finite > hi]))
    return ColourRange(lo, hi, below, above)


def colourbar_ticks(scale: ColourRange, unit: str = "") -> dict:
    """Colour bar ticks: five even steps, the ends marked "or less" / "or more" when the
    scale is clipped, so the legend says that the end colours hold the far values too."""
    vals = np.linspace(scale.cmin, scale.cmax, 5)
    span = scale.cmax - scale.cmin
    spec = ",.0f" if span >= 20 else ".1f" if span >= 2 else ".2f"  # one number of decimals on the bar
    text = [format(0.0 if abs(x) < 1e-9 else x, spec) for x in vals]
    if scale.below:
        text[0] = f"\u2264 {text[0]}"
    if scale.above:
        text[-1] = f"\u2265 {text[-1]}"
    return {"tickmode": "array", "tickvals": [float(x) for x in vals], "ticktext": text}


def _levels(values: np.ndarray, cmin: float, cmax: float) -> np.ndarray:
    t = (values - cmin) / (cmax - cmin)
    return np.clip(np.floor(t * LEVELS), 0, LEVELS - 1).astype(int)


def _hover_lines(extra: Mapping, skip: tuple[str, ...] = ("reason",)) -> list[str]:
    out = []
    for col, val in extra.items():
        if col in skip or val is None or (isinstance(val, float) and not np.isfinite(val)):
            continue
        out.append(f"{col}: {_fmt(val) if isinstance(val, (int, float, np.number)) else val}")
    return out


def _mapping(obj, default: Mapping) -> Mapping:
    if obj is None:
        return default
    return obj.to_dict() if isinstance(obj, pd.Series) else obj


def _luminance(rgb: str) -> float:
    r, g, b = (float(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _scatter(**kw) -> dict:
    return {"type": "scatter", **kw}


def build_map(
    values: pd.Series,
    areas: pd.DataFrame,
    outlines: tuple[list, list],
    *,
    names=None,
    region_names=None,
    colorscale=None,
    diverging: bool = False,
    unit_label: str = "",
    hover_extra: pd.DataFrame | None = None,
    selected=None,
    labels: Mapping[str, str] | None = None,
    hoverdistance: int = -1,
    title: str | None = None,
    zoom: bool = False,
    group_outline: tuple[list, list] | None = None,
    group_label: tuple[float, float, str] | None = None,
) -> dict:
    """The shared builder: a plotly figure as a plain dict (no validation per request).
    ``areas``: code, name, region_code, x, y (ring lists), px, py (the hover point). Values
    for codes outside ``areas`` are ignored. ``group_outline`` / ``group_label``: a group of
    tiles drawn with a bold outline and named beside it (London on the hex map)."""
    areas = _sorted(areas)
    codes = areas["code"].tolist()
    vals = pd.to_numeric(pd.Series(values), errors="coerce").reindex(codes).astype(float)
    names = _mapping(names, dict(zip(areas["code"], areas["name"])))
    region_names = _mapping(region_names, REGION_NAMES)
    scale = colorscale or (DIVERGING if diverging else SEQUENTIAL)
    scale_range = robust_range(vals, diverging)
    cmin, cmax = scale_range.cmin, scale_range.cmax
    raw = vals.to_numpy()
    has = np.isfinite(raw)
    level = np.full(len(codes), -1)
    level[has] = _levels(raw[has], cmin, cmax)
    palette = _palette(scale)
    rank = vals.rank(ascending=False, method="min")
    n_ranked = int(has.sum())

    ring_x, ring_y = areas["x"].tolist(), areas["y"].tolist()
    data = []
    for k in [-1, *range(LEVELS)]:
        idx = np.flatnonzero(level == k)
        if not len(idx):
            continue
        xs, ys = [], []
        for i in idx:
            xs += ring_x[i]
            ys += ring_y[i]
        data.append(_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=MISSING if k < 0 else palette[k],
                             line={"color": EDGE, "width": 0.5}, hoverinfo="skip", showlegend=False,
                             name="No data" if k < 0 else f"level {k}"))
    if outlines and outlines[0]:
        data.append(_scatter(x=outlines[0], y=outlines[1], mode="lines", line={"color": OUTLINE, "width": 1},
                             hoverinfo="skip", showlegend=False, name="regions"))
    if group_outline and group_outline[0]:
        data.append(_scatter(x=group_outline[0], y=group_outline[1], mode="lines",
                             line={"color": SELECTED, "width": 2}, hoverinfo="skip", showlegend=False,
                             name="London"))
    chosen = [selected] if isinstance(selected, str) else list(selected or [])
    picked = [codes.index(c) for c in chosen if c in codes]
    if picked:
        xs, ys = [], []
        for i in picked:
            xs += ring_x[i]
            ys += ring_y[i]
        data.append(_scatter(x=xs, y=ys, mode="lines", line={"color": SELECTED, "width": 2.5},
                             hoverinfo="skip", showlegend=False, name="selected"))
    px, py = areas["px"].tolist(), areas["py"].tolist()
    if labels:
        for dark in (True, False):
            pick = [i for i in range(len(codes)) if (level[i] < 0 or _luminance(palette[level[i]]) > 140) == dark]
            if pick:
                data.append(_scatter(
                    x=[px[i] for i in pick], y=[py[i] for i in pick], mode="text",
                    text=[labels.get(codes[i], "") for i in pick], hoverinfo="skip", showlegend=False,
                    textfont={"size": 7, "color": "#1a1a1a" if dark else "#ffffff"}, name="labels",
                ))

    region_codes = areas["region_code"].tolist()
    value_list, rank_list = vals.tolist(), rank.tolist()
    extra_rows = {} if hover_extra is None else {
        code: row for code, row in zip(hover_extra.index, hover_extra.to_dict("records"))
    }

    def hover(i: int) -> str:
        code = codes[i]
        region = region_names.get(region_codes[i], region_codes[i])
        head = f"<b>{names.get(code, code)}</b>"
        extra = extra_rows.get(code, {})
        if not has[i]:
            reason = extra.get("reason")
            text = "No data" + (f" ({reason})" if isinstance(reason, str) and reason else "")
            return "<br>".join([head, text, f"Region: {region}"])
        lines = [
            head,
            _with_unit(_fmt(value_list[i], signed=diverging), unit_label),
            f"Rank {int(rank_list[i])} of {n_ranked} (1 = highest)",
            f"Region: {region}",
        ]
        return "<br>".join(lines + _hover_lines(extra))

    for valued in (True, False):
        idx = np.flatnonzero(has == valued)
        if not len(idx):
            continue
        marker = {"size": 10, "opacity": 0}
        if valued:
            marker.update(
                color=[value_list[i] for i in idx], colorscale=scale_colours(scale), cmin=cmin, cmax=cmax,
                showscale=True,
                colorbar={"title": {"text": unit_label, "side": "right"}, "thickness": 14, "len": 0.7,
                          **colourbar_ticks(scale_range)},
            )
        data.append(_scatter(
            x=[px[i] for i in idx], y=[py[i] for i in idx], mode="markers", marker=marker,
            customdata=[codes[i] for i in idx], text=[hover(i) for i in idx],
            hovertemplate="%{text}<extra></extra>", showlegend=False,
            name="LAs" if valued else "LAs without data",
        ))
    layout = {
        "xaxis": {"visible": False, "fixedrange": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "margin": {"l": 0, "r": 0, "t": 30 if title else 0, "b": 0},
        "hovermode": "closest", "hoverdistance": hoverdistance, "clickmode": "event", "dragmode": "pan",
        "autosize": True, "hoverlabel": {"bgcolor": "#ffffff", "font": {"color": "#0b0c0c"}},
        "showlegend": False,
    }
    if title:
        layout["title"] = {"text": title}
    if group_label:
        gx, gy, text = group_label
        layout["annotations"] = [{"x": gx, "y": gy, "text": f"<b>{text}</b>", "showarrow": False,
                                  "xanchor": "center", "yanchor": "bottom", "font": {"size": 11, "color": "#0b0c0c"},
                                  "bgcolor": "rgba(255, 255, 255, 0.85)"}]
    if zoom and picked:
        xs = [x for i in picked for x in ring_x[i] if x is not None]
        ys = [y for i in picked for y in ring_y[i] if y is not None]
        pad = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.15 + 20_000
        layout["xaxis"]["range"] = [min(xs) - pad, max(xs) + pad]
        layout["yaxis"]["range"] = [min(ys) - pad, max(ys) + pad]
    return {"data": data, "layout": layout}


@lru_cache(maxsize=8)
def _palette(scale: str) -> list[str]:
    return sample_colorscale(scale, [(k + 0.5) / LEVELS for k in range(LEVELS)], colortype="rgb")


@lru_cache(maxsize=8)
def scale_colours(scale: str) -> list:
    """A named plotly.py colour scale as the explicit [position, colour] list plotly.js needs
    (plotly.js itself knows only a few names, and PuOr is not one of them)."""
    return [list(p) for p in get_colorscale(scale)]


_SORTED: dict[int, tuple] = {}


def _sorted(areas: pd.DataFrame) -> pd.DataFrame:
    """``areas`` sorted by code, once per (cached) areas table."""
    hit = _SORTED.get(id(areas))
    if hit is not None and hit[0] is areas:
        return hit[1]
    out = areas.sort_values("code").reset_index(drop=True)
    if len(_SORTED) > 64:
        _SORTED.clear()
    _SORTED[id(areas)] = (areas, out)
    return out


@lru_cache(maxsize=16)
def _hex_outlines(year: int) -> tuple[list, list]:
    from ..maps.hexgrid import hex_layout
    from ..maps.shapes import tile_outlines

    return tile_outlines(hex_layout(year))


def _year_regions(year: int, gazetteer: pd.DataFrame | None) -> pd.DataFrame:
    from ..maps.hexgrid import default_gazetteer

    gaz = default_gazetteer() if gazetteer is None else gazetteer
    return gaz[(gaz["start"] <= year) & (gaz["end"] >= year)][["code", "region_code", "x", "y"]]


def hex_areas(year: int, gazetteer: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict, tuple[list, list]]:
    """(areas for :func:`build_map`, tile labels by LA code, region outlines) of the hex map
    of ``year``; cached per year for the default gazetteer. Callers must not change them."""
    if gazetteer is None:
        return _hex_areas(int(year))
    return _hex_areas_of(int(year), gazetteer)


@lru_cache(maxsize=16)
def _hex_areas(year: int) -> tuple[pd.DataFrame, dict, tuple[list, list]]:
    return _hex_areas_of(year, None)


def _hex_areas_of(year: int, gazetteer: pd.DataFrame | None) -> tuple[pd.DataFrame, dict, tuple[list, list]]:
    from ..maps.hexgrid import hex_layout, union_layout
    from ..maps.short_names import short_names
    from ..maps.shapes import tile_outlines, tile_xy

    layout = hex_layout(year, gazetteer)
    rings = tile_xy(layout)
    areas = layout[["code", "name", "region_code"]].assign(
        x=[rings[c][0] for c in layout["code"]], y=[rings[c][1] for c in layout["code"]],
        px=layout["cx"].round().astype(int), py=layout["cy"].round().astype(int),
    ).sort_values("code").reset_index(drop=True)
    short = short_names(union_layout(gazetteer)["name"])  # the same label in every year
    labels = {c: short[n] for c, n in zip(layout["code"], layout["name"])}
    outlines = _hex_outlines(int(year)) if gazetteer is None else tile_outlines(layout)
    return areas, labels, outlines


def hex_map(
    values: pd.Series, year: int, *, names=None, region_names=None, colorscale=None, diverging: bool = False,
    unit_label: str = "", hover_extra: pd.DataFrame | None = None, selected=None,
    show_labels: bool = True, title: str | None = None, gazetteer: pd.DataFrame | None = None, zoom: bool = False,
) -> dict:
    """Hex-tile map of ``values`` (indexed by LA code) for the LAs of ``year``."""
    areas, labels, outlines = hex_areas(year, gazetteer)
    london, label = london_outline(year) if gazetteer is None else (None, None)
    return build_map(
        values, areas, outlines, names=names, region_names=region_names, colorscale=colorscale,
        diverging=diverging, unit_label=unit_label, hover_extra=hover_extra, selected=selected,
        labels=labels if show_labels else None, hoverdistance=-1, title=title, zoom=zoom,
        group_outline=london, group_label=label,
    )


LONDON = "E12000007"


@lru_cache(maxsize=16)
def london_outline(year: int) -> tuple[tuple[list, list], tuple[float, float, str]]:
    """London's tiles on the hex map of ``year``: their outer outline, and where its name
    goes (above the group's top)."""
    from ..maps.hexgrid import hex_layout
    from ..maps.shapes import tile_outlines

    layout = hex_layout(int(year))
    london = layout[layout["region_code"] == LONDON]
    xs, ys = tile_outlines(london)
    finite_y = [y for y in ys if y is not None]
    finite_x = [x for x in xs if x is not None]
    return (xs, ys), ((min(finite_x) + max(finite_x)) / 2, max(finite_y), "London")


def geo_map(
    values: pd.Series, year: int, *, names=None, region_names=None, colorscale=None, diverging: bool = False,
    unit_label: str = "", hover_extra: pd.DataFrame | None = None, selected=None,
    title: str | None = None, gazetteer: pd.DataFrame | None = None, zoom: bool = False,
) -> dict:
    """Boundary map of ``values`` (indexed by LA code) for the LAs of ``year``."""
    areas = geo_areas(year) if gazetteer is None else _geo_areas_of(int(year), gazetteer)
    return build_map(
        values, areas, geo_outlines(), names=names, region_names=region_names, colorscale=colorscale,
        diverging=diverging, unit_label=unit_label, hover_extra=hover_extra, selected=selected, labels=None,
        hoverdistance=40, title=title, zoom=zoom,
    )


@lru_cache(maxsize=1)
def geo_outlines() -> tuple[list, list]:
    """Region borders and England's coast for the geographic map (cached)."""
    from ..maps.shapes import region_outlines

    return region_outlines()


@lru_cache(maxsize=16)
def geo_areas(year: int) -> pd.DataFrame:
    """The areas of the geographic map of ``year`` for :func:`build_map` (cached; do not change)."""
    return _geo_areas_of(int(year), None)


def _geo_areas_of(year: int, gazetteer: pd.DataFrame | None) -> pd.DataFrame:
    from ..maps.shapes import la_shapes

    shapes = la_shapes(year)
    points = _year_regions(year, gazetteer)
    areas = shapes[["code", "name", "x", "y"]].merge(points, on="code", how="left", suffixes=("", "_pt"))
    areas = areas.rename(columns={"x_pt": "px", "y_pt": "py"})
    areas["px"], areas["py"] = areas["px"].round().astype(int), areas["py"].round().astype(int)
    return areas.sort_values("code").reset_index(drop=True)
