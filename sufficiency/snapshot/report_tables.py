"""The short report's tables: few columns each, so that every one fits an A4 page.

Each function returns a DataFrame with human column titles and ``attrs['formats']`` (as the
snapshot's sheets do), every figure from :mod:`sufficiency.engine`, the market
(:mod:`sufficiency.market`) or the forecast (:mod:`sufficiency.forecast.query`). The wide
tables (every LA, every region, every year) stay in the workbook and the CSV files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..engine import profile as pm
from ..engine import queries
from ..engine.registry import MEASURES
from ..formats import is_number
from ..geography.reorganisations import REGION_NAMES
from ..vocab import SECTORS
from .common import ROW_KINDS, Area, _finish, _key, _with_codes

#: The comparison table's rows (measure keys), in order.
COMPARISON = ("homes", "places", "places_per_10k", "cla", "cla_per_10k", "cla_ch", "gap", "gap_per_10k",
              "pct_over_20_miles", "pct_outside_la", "modelled_over_20_miles", "pct_good_or_better")
#: The neighbour table's columns (measure keys).
NEIGHBOUR_KEYS = ("places_per_10k", "cla_per_10k", "gap_per_10k", "pct_over_20_miles", "pct_good_or_better")
BASIS = "Basis"


def measure_title(key: str) -> str:
    """A measure as a row or column title: its label and unit, from the registry."""
    m = MEASURES[key]
    return f"{m.label} ({m.unit})"


def _row(data, state, area: Area, code, modelled: bool = False):
    sectors, types = _key(state)
    return queries.area_row(data, code, area.year, sectors, types, modelled=modelled,
                            areas=area.areas if code == area.code else None)


def comparison(data, state, area: Area) -> pd.DataFrame:
    """The area beside its region, England and (an LA) its statistical neighbours' median."""
    own = _row(data, state, area, area.code, modelled=True)
    reg = _row(data, state, area, area.region, modelled=True) if area.region else None
    eng = _row(data, state, area, ENGLAND_CODE, modelled=True) if area.level != "country" else None
    nb = None
    if area.level == "la":
        nb = pm.headline_table(area.code, area.year, data, *_key(state)).set_index("key")
    rows = []
    for key in COMPARISON:
        m = MEASURES[key]
        rec = {"Measure": m.label, "Unit": m.unit, BASIS: m.basis,
               area.name: _with_codes([own[key]], [own.get(f"{key}__flag") or "no figure"])[0]}
        if reg is not None:
            rec[REGION_NAMES.get(area.region, area.region)] = reg[key]
        if eng is not None:
            rec["England"] = eng[key]
        if nb is not None:
            rec["Statistical neighbours (median)"] = nb.at[key, "neighbours_median"] if key in nb.index else np.nan
        rows.append(rec)
    frame = pd.DataFrame(rows)
    kinds = [MEASURES[k].kind for k in COMPARISON]
    out = _finish(frame, f"{area.name} compared, 31 March {area.year}", {})
    out.attrs[ROW_KINDS] = kinds
    return out


def benchmarks(data, state, area: Area) -> pd.DataFrame | None:
    """An LA's rank among all LAs and quartile band on each benchmark measure (None for other areas)."""
    if area.level != "la":
        return None
    b = pm.benchmark_table(area.code, area.year, data, *_key(state))
    b = b[b["la"].notna()]
    frame = pd.DataFrame({
        "Measure": [measure_title(k) for k in b["key"]],
        area.name: b["la"].to_numpy(),
        "Rank (1 = highest)": [f"{int(r)} of {int(n)}" if is_number(r) else "" for r, n in zip(b["rank"], b["of"])],
        "Quartile band (A = better quarter)": b["quartile"].fillna("").to_numpy(),
        "Change since the year before": b["change"].to_numpy(),
    })
    out = _finish(frame, f"{area.name} ranked among all LAs, 31 March {area.year} (derived)", {})
    out.attrs[ROW_KINDS] = [MEASURES[k].kind for k in b["key"]]
    return out


def neighbours(data, state, area: Area) -> pd.DataFrame | None:
    """An LA and its DfE statistical neighbours on the key rates (None for other areas)."""
    if area.level != "la":
        return None
    t = pm.neighbour_table(area.code, area.year, data, *_key(state))
    if t.empty:
        return None
    frame = pd.DataFrame({"Local authority": t["name"].to_numpy()})
    formats = {}
    for key in NEIGHBOUR_KEYS:
        m = MEASURES[key]
        title = m.label.replace(" aged 0-17", "") if m.kind == "rate" else f"{m.label} ({m.unit})"
        frame[title] = _with_codes(t[key].to_numpy(dtype=float), t[f"{key}__flag"])
        formats[title] = m.kind
    return _finish(frame, f"{area.name} and its statistical neighbours (DfE's {t.attrs.get('model')} model), "
                   f"31 March {area.year}", formats)


def quality_by_sector(data, state, area: Area) -> pd.DataFrame | None:
    """Homes by sector: homes, inspected homes, rated good or outstanding, requires improvement or inadequate."""
    sectors, types = _key(state)
    areas = area.areas or queries.areas_for(area.code)
    rows = []
    for sector in [s for s in SECTORS if s in set(sectors)] + ["All sectors chosen"]:
        chosen = sectors if sector == "All sectors chosen" else (sector,)
        r = queries.measure_row(data, area.year, tuple(chosen), types, areas, area.code)
        if not r["homes"]:
            continue
        rows.append({"Sector": sector, "Homes": r["homes"], "Homes with a graded inspection": r["homes_inspected"],
                     "Rated good or outstanding": r["homes_good_or_better"],
                     "% good or outstanding": r["pct_good_or_better"],
                     "Rated requires improvement or inadequate": r["homes_ri_or_inadequate"],
                     "% requires improvement or inadequate": r["pct_ri_or_inadequate"]})
    if not rows:
        return None
    formats = {c: "count" for c in ("Homes", "Homes with a graded inspection", "Rated good or outstanding",
                                    "Rated requires improvement or inadequate")}
    formats.update({"% good or outstanding": "pct", "% requires improvement or inadequate": "pct"})
    return _finish(pd.DataFrame(rows), f"Children's homes by sector and latest Ofsted rating, 31 March {area.year} "
                   "(observed counts; derived shares of inspected homes, none from fewer than 5)", formats)


def distance(data, state, area: Area) -> pd.DataFrame:
    """Distance from home: observed (all children looked after) and modelled (children in children's homes)."""
    own = _row(data, state, area, area.code, modelled=True)
    others = [(REGION_NAMES.get(area.region, area.region), _row(data, state, area, area.region, modelled=True))
              if area.region else None,
              ("England", _row(data, state, area, ENGLAND_CODE, modelled=True)) if area.level != "country" else None]
    rows = []
    for key in ("pct_over_20_miles", "pct_outside_la", "modelled_over_20_miles", "modelled_over_50_miles"):
        m = MEASURES[key]
        rec = {"Measure": m.label, BASIS: m.basis, "Children covered": m.covers_text,
               area.name: _with_codes([own[key]], [own.get(f"{key}__flag") or "no figure"])[0]}
        for other in others:
            if other is not None:
                rec[other[0]] = other[1][key]
        rows.append(rec)
    frame = pd.DataFrame(rows)
    formats = {c: "pct" for c in frame.columns if c not in ("Measure", BASIS, "Children covered")}
    return _finish(frame, f"Distance from home, 31 March {area.year} (% of the children covered)", formats)


def market(summary: dict | None) -> pd.DataFrame | None:
    """The five largest owners by places (owners' aggregates; Ofsted publishes owners' names)."""
    if not summary or not summary["largest"]:
        return None
    top = summary["largest"][:5]
    frame = pd.DataFrame({"Owner": [o["owner"] for o in top], "Registered places": [o["places"] for o in top],
                          "% of the area's places": [o["share"] * 100 if is_number(o["share"]) else None for o in top]})
    return _finish(frame, f"The five largest owners by registered places, 31 March {summary['year']} (derived from "
                   "Ofsted's lists)", {"Registered places": "count", "% of the area's places": "pct"})


def forecast(points: dict | None) -> pd.DataFrame | None:
    """The forecast of registered places: median and 80% and 95% intervals by year (projected)."""
    if not points or not points["points"]:
        return None
    p = points["points"]
    frame = pd.DataFrame({"Year (at 31 March)": [r["year"] for r in p], "Projected places (median)": [r["median"] for r in p],
                          "80% interval, low": [r["lo80"] for r in p], "80% interval, high": [r["hi80"] for r in p],
                          "95% interval, low": [r["lo95"] for r in p], "95% interval, high": [r["hi95"] for r in p]})
    formats = {c: "count" for c in frame.columns}
    formats["Year (at 31 March)"] = "year"
    return _finish(frame, f"Registered places projected from 31 March {points['origin']} (projected; "
                   f"method: {points['method']})", formats)
