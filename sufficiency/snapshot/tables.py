"""The tables of a sufficiency snapshot, built from the same functions the dashboard uses.

``snapshot_tables(data, state) -> {sheet name: DataFrame}``. Every figure comes from
:mod:`sufficiency.app.queries` (the map, region and headline values), or
:mod:`sufficiency.metrics.profile` and :mod:`sufficiency.metrics.quality` (profiles,
comparisons and ratings), so a snapshot agrees with the screen for the same filters.

A missing DfE figure keeps its code (``c``, ``k``, ``x``, ``z``, ``not published``...) as
text in its cell, never a zero. ``frame.attrs['formats']`` names the kind of each numeric
column (count, rate, pct, change, pct_change, year) for number formats, and
``frame.attrs['title']`` says what the table is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..geography.reorganisations import REGION_NAMES
from ..metrics import profile as pm
from ..metrics import quality as qm
from ..vocab import SECTOR_SLUGS, SECTORS
from . import modelled
from .common import Area, _codes, _finish, _key, _with_codes, memo  # noqa: F401  (Area re-exported)
from .safety import UPLOADED
from .sheets import (
    distance,
    distance_by_placement,
    las,
    places_by_rating,
    quality,
    quality_trend,
    regions,
    trends,
)


def snapshot_area(state, data) -> Area:
    """The area a snapshot is for: the open profile's LA, else the filter panel's area."""
    names = data.area_names
    code = pm.resolve_la(state.la, state.area, data.gazetteer) if state.view == "profile" else None
    code = code or (state.area if state.area in names else ENGLAND_CODE)
    if code == ENGLAND_CODE:
        return Area(code, "England", "country", None, state.year)
    if code in REGION_NAMES:
        return Area(code, REGION_NAMES[code], "region", None, state.year)
    code = pm.resolve_la(code, None, data.gazetteer) or code
    covered = pm.years_covered(code, data.gazetteer)
    year = state.year if state.year in covered else min(covered, key=lambda y: abs(y - state.year))
    region = data.gazetteer.loc[data.gazetteer["code"] == code, "region_code"].iloc[0]
    return Area(code, names.get(code, code), "la", region, year)


# --- headline ---------------------------------------------------------------------------


def _values(area: Area, data, year: int, sectors, types) -> dict:
    if area.level == "la":
        return pm.area_values("la", year, data, sectors, types, codes=_codes(area, data)(year))
    return pm.area_values(area.level, year, data, sectors, types, area=area.code)


def _quality_shares(data, area_code: str | None, year: int, share: str, sectors, types, codes=None) -> dict:
    """The quality view's share of inspected homes by sector, for ``year`` only."""
    if area_code is None or year < qm.FIRST_RATED_YEAR:
        return {}
    supply = data.supply[data.supply["year"] == year]
    tr = qm.trend(supply, share, sectors, types, area=area_code, codes_in_year=codes, first_year=year)
    return dict(zip(tr["sector"], tr["share"].astype(float)))


def headline(data, state, area: Area) -> pd.DataFrame:
    """The area's key figures against its region, England and its statistical neighbours."""
    sectors, types = _key(state)
    year = area.year
    if area.level == "la":
        head = memo("headline_table", data, area.code, year, sectors, types).set_index("key")
    else:
        own = _values(area, data, year, sectors, types)
        eng = pm.area_values("country", year, data, sectors, types, area=ENGLAND_CODE)
        head = pd.DataFrame([{
            "key": h.key, "measure": h.label, "unit": h.unit, "la": own[h.key], "la_flag": own.get(f"{h.key}_flag"),
            "region": np.nan, "england": eng[h.key] if area.level == "region" else np.nan,
            "neighbours_median": np.nan, "neighbours_with_value": 0, "neighbours": 0,
        } for h in pm.HEADLINES]).set_index("key")
    rows = []
    for key, r in head.iterrows():
        note = pm.missing_text(r["la_flag"]) if pd.isna(r["la"]) or r["la_flag"] == pm.ESTIMATE else ""
        cell = _with_codes([r["la"]], [r["la_flag"] or "no figure"])[0]
        basis = "derived" if key in ("places_per_10k", "cla_per_10k", "gap", "gap_per_10k") else "observed"
        rows.append({"Key": key, "Measure": r["measure"], "Unit": r["unit"], "Selected area": cell, "Note": note,
                     "Region": r["region"], "England": r["england"], "Statistical neighbours (median)": r["neighbours_median"],
                     "Neighbours with a figure": f"{int(r['neighbours_with_value'])} of {int(r['neighbours'])}" if r["neighbours"] else "",
                     "Basis": basis})
    # modelled distance (hook)
    share50 = modelled.modelled_over_50(data, year, sectors)
    pick = (lambda code: float(share50.get(code, np.nan))) if share50 is not None else (lambda code: np.nan)
    rows.append({"Key": "modelled_pct_over_50_miles", "Measure": "Children in children's homes placed more than 50 miles "
                 "from home (modelled)", "Unit": "pct", "Selected area": pick(area.code) if share50 is not None else None,
                 "Note": "" if share50 is not None else "not available: the flow model is not in this build",
                 "Region": pick(area.region) if area.region else np.nan,
                 "England": pick(ENGLAND_CODE) if area.level != "country" else np.nan,
                 "Statistical neighbours (median)": np.nan, "Neighbours with a figure": "", "Basis": "modelled"})
    # rating mix by sector: share of inspected homes, the app's quality trend at this year
    codes = _codes(area, data)
    for share, (label, _) in qm.SHARES.items():
        own = _quality_shares(data, area.code, year, share, sectors, types, codes)
        reg = _quality_shares(data, area.region, year, share, sectors, types)
        eng = _quality_shares(data, ENGLAND_CODE if area.level != "country" else None, year, share, sectors, types)
        for sector in [s for s in SECTORS if s in set(sectors)]:
            value = own.get(sector, np.nan)
            rows.append({
                "Key": f"{share}_{SECTOR_SLUGS[sector]}", "Measure": f"Inspected homes rated {label.lower()}: {sector.lower()} sector",
                "Unit": "pct", "Selected area": value if np.isfinite(value) else None,
                "Note": "" if np.isfinite(value) else "no inspected homes",
                "Region": reg.get(sector, np.nan), "England": eng.get(sector, np.nan),
                "Statistical neighbours (median)": np.nan, "Neighbours with a figure": "", "Basis": "derived",
            })
    # change since the baseline year
    base = state.baseline
    for what, label in (("homes", "Change in children's homes"), ("places", "Change in registered places")):
        ok = base < year
        now_base = [(_values(a, data, year, sectors, types)[what], _values(a, data, base, sectors, types)[what])
                    if ok and a is not None else (np.nan, np.nan)
                    for a in (area, _region_area(area, data), _england(area))]
        own = now_base[0][0] - now_base[0][1]
        rows.append({"Key": f"{what}_change", "Measure": f"{label} since {base}", "Unit": "change",
                     "Selected area": own if ok and np.isfinite(own) else None,
                     "Note": "" if ok else f"choose a baseline year before {year}",
                     "Region": now_base[1][0] - now_base[1][1], "England": now_base[2][0] - now_base[2][1],
                     "Statistical neighbours (median)": np.nan, "Neighbours with a figure": "", "Basis": "derived"})
    frame = pd.DataFrame(rows)
    if area.level != "la":
        frame = frame.drop(columns=["Statistical neighbours (median)", "Neighbours with a figure"])
        if area.level == "country":
            frame = frame.drop(columns=["Region", "England"])
        else:
            frame = frame.drop(columns=["Region"])
    title = f"Headline figures for {area.name} ({area.code}) at 31 March {year}"
    return _finish(frame, title, {"_rows": "Unit"})


def _region_area(area: Area, data) -> Area | None:
    return Area(area.region, REGION_NAMES[area.region], "region", None, area.year) if area.region else None


def _england(area: Area) -> Area | None:
    return None if area.level == "country" else Area(ENGLAND_CODE, "England", "country", None, area.year)


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
    scenario = modelled.scenario_table(data, state)
    if scenario is not None:
        formats = {c: ("pct" if c.startswith("share_") else "count") for c in scenario.columns
                   if pd.api.types.is_numeric_dtype(scenario[c])}
        out["Scenario"] = _finish(scenario, "Scenario (modelled): places added or removed and the effect", formats)
    for name, frame in (uploads or {}).items():
        table = frame.copy()
        title = frame.attrs.get("title") or f"Uploaded data: {name} (counts below 5 suppressed)"
        table.attrs = {**frame.attrs, UPLOADED: True, "title": title}
        out[(name if name.lower().startswith("upload") else f"Upload {name}")[:31]] = table
    return out
