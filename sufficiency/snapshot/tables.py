"""The tables of a sufficiency snapshot, built from the same functions the dashboard uses.

``snapshot_tables(data, state) -> {sheet name: DataFrame}``. Every figure comes from
:mod:`sufficiency.engine` (the measure engine: map, region, headline and profile values,
ratings), so a snapshot agrees with the screen for the same filters.

A missing DfE figure keeps its code (``c``, ``k``, ``x``, ``z``, ``not published``...) as
text in its cell, never a zero. ``frame.attrs['formats']`` names the kind of each numeric
column (count, rate, pct, change, pct_change, year) for number formats, and
``frame.attrs['title']`` says what the table is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..engine import profile as pm
from ..engine import quality as qm
from ..engine import queries
from ..engine.registry import MEASURES, MODELLED_MEASURES, definition
from ..flags import ESTIMATE, missing_text
from ..formats import UNIT_KINDS, coverage_text
from ..geography import lineage as gl
from ..geography.reorganisations import REGION_NAMES
from ..vocab import SECTOR_SLUGS, SECTORS
from ..present.areas import Chosen, chosen, footprint_of
from . import modelled
from . import modelled_sheets
from . import forecast_sheet
from .market_sheet import market_tables
from .common import ROW_KINDS, Area, _codes, _finish, _key, _with_codes  # noqa: F401  (Area re-exported)
from .safety import UPLOADED
from .sheets import (
    distance,
    footprint_las,
    distance_by_placement,
    las,
    places_by_rating,
    quality,
    quality_trend,
    regions,
    trends,
)


def snapshot_area(state, data) -> Area:
    """The area a snapshot is for: the state's footprint, else the open profile's LA, else the
    filter panel's area."""
    fp = footprint_of(state, data)
    if fp is not None:
        chosen_area = chosen(state, data)
        return Area(chosen_area.code, chosen_area.name, "footprint",
                    pm.footprint_region(data, chosen_area.areas, state.year), state.year, chosen_area.areas)
    names = data.area_names
    code = gl.resolve_la(state.la, state.area, data.gazetteer) if state.view == "profile" else None
    code = code or (state.area if state.area in names else ENGLAND_CODE)
    if code == ENGLAND_CODE:
        return Area(code, "England", "country", None, state.year)
    if code in REGION_NAMES:
        return Area(code, REGION_NAMES[code], "region", None, state.year)
    code = gl.resolve_la(code, None, data.gazetteer) or code
    covered = gl.years_covered(code, data.gazetteer)
    year = state.year if state.year in covered else min(covered, key=lambda y: abs(y - state.year))
    region = data.gazetteer.loc[data.gazetteer["code"] == code, "region_code"].iloc[0]
    return Area(code, names.get(code, code), "la", region, year)


def chosen_for(area: Area) -> Chosen:
    """A footprint snapshot's area as the engine's profile functions take it."""
    return Chosen(area.code, area.name, "footprint", area.areas)


# --- headline ---------------------------------------------------------------------------


def _quality_shares(data, area_code: str | None, year: int, share: str, sectors, types, codes=None, areas=None) -> dict:
    """The quality view's share of inspected homes by sector, for ``year`` only."""
    if area_code is None or year < qm.FIRST_RATED_YEAR:
        return {}
    tr = qm.trend(data, share, sectors, types, area=area_code, first_year=year, areas=areas)
    tr = tr[tr["year"] == year]
    return dict(zip(tr["sector"], tr["share"].astype(float)))


def _note(value, flag, n, las) -> str:
    if value is None or not np.isfinite(value):
        return missing_text(flag)
    parts = ["estimate"] if flag == ESTIMATE else []
    cover = coverage_text(n, las)
    if cover:
        parts.append(cover)
    return "; ".join(parts)


def _headline_rows(data, state, area: Area) -> pd.DataFrame:
    """The profile's headline table for an LA; the same columns for a region or England."""
    sectors, types = _key(state)
    if area.level == "la":
        return pm.headline_table(area.code, area.year, data, sectors, types)
    if area.level == "footprint":
        return pm.footprint_headline_table(chosen_for(area), area.year, data, sectors, types)
    own = queries.area_row(data, area.code, area.year, sectors, types, modelled=False)
    eng = queries.area_row(data, ENGLAND_CODE, area.year, sectors, types, modelled=False)
    rows = []
    for key in pm.HEADLINES:
        m = MEASURES[key]
        rows.append({"key": key, "measure": m.label, "kind": m.kind, "covers": m.covers_text,
                     "la": float(own[key]), "la_flag": own[f"{key}__flag"], "la_basis": own[f"{key}__basis"],
                     "la_n": own[f"{key}__n"], "la_las": own["las"], "region": np.nan,
                     "england": float(eng[key]) if area.level == "region" else np.nan,
                     "neighbours_median": np.nan, "neighbours_with_value": 0, "neighbours": 0})
    return pd.DataFrame(rows)


def headline(data, state, area: Area) -> pd.DataFrame:
    """The area's key figures against its region, England and its statistical neighbours."""
    sectors, types = _key(state)
    year = area.year
    head = _headline_rows(data, state, area)
    rows = []
    for _, r in head.iterrows():
        key = r["key"]
        rows.append({"Key": key, "Measure": r["measure"], "Unit": r["kind"], "Basis": r["la_basis"],
                     "Covers": definition(key, year) or r["covers"],
                     "Selected area": _with_codes([r["la"]], [r["la_flag"] or "no figure"])[0],
                     "Note": _note(r["la"], r["la_flag"], r["la_n"], r["la_las"]),
                     "Region": r["region"], "England": r["england"],
                     "Statistical neighbours (median)": r["neighbours_median"],
                     "Neighbours with a figure": f"{int(r['neighbours_with_value'])} of {int(r['neighbours'])}"
                     if r["neighbours"] else ""})
    # modelled distance: the flow model's shares, the same as the distance view's
    for key in MODELLED_MEASURES:
        m = MEASURES[key]
        vals = {code: float(queries.area_row(data, code, year, sectors, types, areas=area.areas if code == area.code
                                             else None)[key]) if code else np.nan
                for code in (area.code, area.region, ENGLAND_CODE)}
        own = vals[area.code]
        rows.append({"Key": key, "Measure": m.label, "Unit": m.kind, "Basis": "modelled", "Covers": m.covers_text,
                     "Selected area": own if np.isfinite(own) else None,
                     "Note": "" if np.isfinite(own) else "not available: no places in the sectors chosen",
                     "Region": vals[area.region] if area.region else np.nan,
                     "England": vals[ENGLAND_CODE] if area.level != "country" else np.nan,
                     "Statistical neighbours (median)": np.nan, "Neighbours with a figure": ""})
    # rating mix by sector: share of inspected homes, the app's quality trend at this year
    codes = _codes(area, data)
    for share, (label, _) in qm.SHARES.items():
        own = _quality_shares(data, area.code, year, share, sectors, types, codes, area.areas)
        reg = _quality_shares(data, area.region, year, share, sectors, types)
        eng = _quality_shares(data, ENGLAND_CODE if area.level != "country" else None, year, share, sectors, types)
        for sector in [s for s in SECTORS if s in set(sectors)]:
            value = own.get(sector, np.nan)
            rows.append({
                "Key": f"{share}_{SECTOR_SLUGS[sector]}", "Measure": f"Inspected homes rated {label.lower()}: {sector.lower()} sector",
                "Unit": "pct", "Basis": "derived", "Covers": "children's homes of the sector with a graded inspection",
                "Selected area": value if np.isfinite(value) else None,
                "Note": "" if np.isfinite(value) else "fewer than 5 inspected homes",
                "Region": reg.get(sector, np.nan), "England": eng.get(sector, np.nan),
                "Statistical neighbours (median)": np.nan, "Neighbours with a figure": "",
            })
    # change since the baseline year: the engine's change measures
    base = state.baseline
    for what in ("homes_change", "places_change"):
        m = MEASURES[what]
        ok = base < year
        vals = {}
        for code in (area.code, area.region, ENGLAND_CODE):
            row = (queries.area_row(data, code, year, sectors, types, base, modelled=False,
                                    areas=area.areas if code == area.code else None) if (ok and code) else None)
            vals[code] = (float(row[what]), row[f"{what}__flag"]) if row is not None else (np.nan, None)
        own, flag = vals[area.code]
        rows.append({"Key": what, "Measure": f"{m.label} since 31 March {base}", "Unit": "change", "Basis": "derived",
                     "Covers": m.covers_text, "Selected area": own if ok and np.isfinite(own) else None,
                     "Note": "" if ok and np.isfinite(own) else (missing_text(flag) if ok else
                                                               f"choose a baseline year before {year}"),
                     "Region": vals[area.region][0] if area.region else np.nan, "England": vals[ENGLAND_CODE][0],
                     "Statistical neighbours (median)": np.nan, "Neighbours with a figure": ""})
    frame = pd.DataFrame(rows)
    if area.level != "la":
        frame = frame.drop(columns=["Statistical neighbours (median)", "Neighbours with a figure"])
        if area.level == "footprint":
            if not area.region:
                frame = frame.drop(columns=["Region"])
        elif area.level == "country":
            frame = frame.drop(columns=["Region", "England"])
        else:
            frame = frame.drop(columns=["Region"])
    title = f"Headline figures for {area.name} ({area.code}) at 31 March {year}"
    kinds = [UNIT_KINDS.get(u, u) for u in frame["Unit"]]
    frame["Unit"] = [MEASURES[k].unit if k in MEASURES else "% of inspected homes" for k in frame["Key"]]
    out = _finish(frame, title, {})
    out.attrs[ROW_KINDS] = kinds
    return out


# --- all ----------------------------------------------------------------------------------------


def snapshot_tables(data, state, uploads: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the snapshot of ``state``, by sheet name, in sheet order.

    ``uploads``: tables from the upload panel (in memory; see ``snapshot.uploaded``), added
    as "Upload <name>" (or as named when the name starts with "Upload") and flagged so that every export suppresses their counts below 5."""
    area = snapshot_area(state, data)
    out = {
        "Headline": headline(data, state, area),
        "LAs": las(data, state, area),
        "Regions": regions(data, state, area),
        "Trends": trends(data, state, area),
        "Distance": distance(data, state, area),
        "Distance by placement": distance_by_placement(data),
        "Quality": quality(data, state, area),
        "Quality trend": quality_trend(data, state, area),
        "Places by rating": places_by_rating(data, state, area),
    }
    if area.level == "footprint":
        out["Footprint LAs"] = footprint_las(data, state, area)
    modelled_area = modelled_sheets.modelled_distance(data, state, area)
    if modelled_area is not None:
        out["Modelled distance"] = modelled_area
    scenario = modelled.scenario_table(data, state)
    if scenario is not None:
        formats = {c: ("pct" if c.startswith("%") else "points" if c.startswith("Change, points") else "count")
                   for c in scenario.columns if pd.api.types.is_numeric_dtype(scenario[c])}
        out["Scenario"] = _finish(scenario, "Scenario (modelled): places added or removed and the effect", formats)
        answer = modelled_sheets.scenario_children(data, state)
        if answer is not None:
            out["Scenario children"] = answer
    out["Forecast"] = forecast_sheet.forecast(data, area)
    over_time = forecast_sheet.scenario(data, state, area)
    if over_time is not None:
        out["Forecast scenario"] = over_time
    out.update(market_tables(data, state, area))
    for name, frame in (uploads or {}).items():
        table = frame.copy()
        title = frame.attrs.get("title") or f"Uploaded data: {name} (counts below 5 suppressed)"
        table.attrs = {**frame.attrs, UPLOADED: True, "title": title}
        out[(name if name.lower().startswith("upload") else f"Upload {name}")[:31]] = table
    return out
