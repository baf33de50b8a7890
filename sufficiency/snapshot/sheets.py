"""The snapshot's sheets beyond the headline: LAs, regions, trends, distance and quality,
every figure from the measure engine (:mod:`sufficiency.engine`), so each equals the screen."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from ..engine import quality as qm
from ..engine import queries
from ..engine.registry import MAP_MEASURES, MEASURES, MODELLED_MEASURES, definition
from ..flags import ESTIMATE
from ..geography.reorganisations import REGION_NAMES
from .common import Area, _codes, _finish, _key, _with_codes, coverage_notes

#: LA and region columns: (measure key, column title, number format kind, None), every map
#: measure the engine computes from the tables (changes and modelled shares are added apart).
MEASURE_COLUMNS = tuple(
    (k, f"{MEASURES[k].label} ({MEASURES[k].unit})", MEASURES[k].kind, None)
    for k in MAP_MEASURES if k not in MODELLED_MEASURES and not MEASURES[k].needs_baseline
)
CHANGE_KEYS = tuple(k for k in MAP_MEASURES if MEASURES[k].needs_baseline)


def _columns(t: pd.DataFrame, index, state, year: int, changes: pd.DataFrame | None) -> tuple[dict, dict]:
    cols, formats = {}, {}
    for key, title, kind, _ in MEASURE_COLUMNS:
        cols[title] = _with_codes(t[key].reindex(index).to_numpy(dtype=float), t[f"{key}__flag"].reindex(index))
        formats[title] = kind
    if changes is not None:
        for key in CHANGE_KEYS:
            title = f"{MEASURES[key].label} since 31 March {state.baseline}"
            cols[title] = _with_codes(changes[key].reindex(index).to_numpy(dtype=float),
                                      changes[f"{key}__flag"].reindex(index))
            formats[title] = "change"
    return cols, formats


def _tables(data, state, year: int, areas):
    sectors, types = _key(state)
    now = queries.table(data, year, sectors, types, areas)
    changes = queries.table(data, year, sectors, types, areas, state.baseline) if state.baseline < year else None
    return now, changes


# --- LAs, regions -------------------------------------------------------------------------


def las(data, state, area: Area) -> pd.DataFrame:
    """Every LA of the year: the map measures (the table behind the map, for all measures)."""
    year = area.year
    t, changes = _tables(data, state, year, queries.A.every_la())
    rows = data.la_year[data.la_year["year"] == year].set_index("la_code")
    names = data.la_names
    frame = pd.DataFrame({
        "LA code": rows.index, "Local authority": [names.get(c, c) for c in rows.index],
        "Region code": rows["region_code"].to_numpy(), "Region": [REGION_NAMES.get(r, r) for r in rows["region_code"]],
        "Children aged 0-17": _with_codes(t["population_0_17"].reindex(rows.index), t["population_0_17__flag"].reindex(rows.index)),
    })
    cols, formats = _columns(t, rows.index, state, year, changes)
    for title, col in cols.items():
        frame[title] = col
    if area.level == "footprint":
        inside = set(_codes(area, data)(year))
        frame.insert(4, "In the footprint", ["yes" if c in inside else "" for c in rows.index])
    est = t[[c for c in t.columns if c.endswith("__flag")]].reindex(rows.index).eq(ESTIMATE).any(axis=1)
    frame["Notes"] = np.where(est.to_numpy(), "some DfE figures are estimates apportioned from a former council", "")
    frame = frame.sort_values("Local authority", kind="stable")
    return _finish(frame, f"Local authorities at 31 March {year}: every map measure",
                   {"Children aged 0-17": "count", **formats})


def regions(data, state, area: Area) -> pd.DataFrame:
    """The regions and England: the map measures and the change since the baseline year."""
    year = area.year
    reg, reg_ch = _tables(data, state, year, queries.A.regions())
    eng, eng_ch = _tables(data, state, year, queries.A.england())
    t = pd.concat([reg, eng])
    changes = pd.concat([reg_ch, eng_ch]) if reg_ch is not None else None
    codes = list(queries.REGION_CODES) + [ENGLAND_CODE]
    frame = pd.DataFrame({"Area code": codes, "Area": [REGION_NAMES.get(c, "England") for c in codes]})
    cols, formats = _columns(t, pd.Index(codes), state, year, changes)
    for title, col in cols.items():
        frame[title] = col
    b = state.baseline
    if b < year:
        ch = queries.region_change(data, b, year, *_key(state)).set_index("region_code").reindex(frame["Area code"])
        for what, label in (("homes", "Children's homes"), ("places", "Registered places")):
            frame[f"{label}: % change since 31 March {b}"] = ch[f"{what}_pct_change"].to_numpy()
            formats[f"{label}: % change since 31 March {b}"] = "pct_change"
    frame["Figures covering only some LAs"] = coverage_notes(t.reindex(codes), [k for k, *_ in MEASURE_COLUMNS])
    return _finish(frame, f"Regions and England at 31 March {year} (DfE's published figures where there are any)",
                   formats)


# --- trends -------------------------------------------------------------------------------

TREND_KEYS = (
    "homes", "places", "places_local_authority", "places_private", "places_voluntary", "places_health_authority",
    "population_0_17", "cla", "cla_per_10k", "places_per_10k", "ch_children", "cla_ch", "gap", "gap_dfe",
    "gap_per_10k", "pct_over_20_miles", "pct_outside_la", "ch_pct_outside_la", "ch_net_gain",
)


def trends(data, state, area: Area) -> pd.DataFrame:
    """Year by year, 2014-2025: the area (an LA linked through its predecessors), its region
    (all regions for England) and England."""
    sectors, types = _key(state)
    wanted = [area.code]
    if area.level in ("la", "footprint") and area.region:
        wanted.append(area.region)
    elif area.level == "country":
        wanted = list(queries.REGION_CODES)
    if ENGLAND_CODE not in wanted:
        wanted.append(ENGLAND_CODE)
    raw = pd.concat([queries.trend(data, code, sectors, types, area.areas if code == area.code else None).assign(code=code)
                     for code in wanted], ignore_index=True)
    raw = raw.sort_values(["year"], kind="stable")
    names = {**data.area_names, area.code: area.name}
    frame = pd.DataFrame({
        "Year": raw["year"].astype(int), "Area code": raw["code"], "Area": raw["code"].map(names),
        "Role": ["selected area" if c == area.code else ("England" if c == ENGLAND_CODE else "region") for c in raw["code"]],
        "Codes summed": raw["codes"],
    })
    formats = {"Year": "year"}
    for key in TREND_KEYS:
        m = MEASURES[key]
        title = f"{m.label} ({m.unit})"
        frame[title] = _with_codes(raw[key].astype(float), raw[f"{key}__flag"])
        formats[title] = m.kind
    frame["Gap counts"] = [definition("gap", int(y)) for y in raw["year"]]
    frame["Figures covering only some LAs"] = coverage_notes(raw, TREND_KEYS)
    return _finish(frame, f"Trends {FIRST_YEAR} to {LAST_YEAR}: {area.name}, region and England (the gap's "
                   "definition changes in 2025: see the 'Gap counts' column)", formats)


# --- distance -------------------------------------------------------------------------------


def distance(data, state, area: Area) -> pd.DataFrame:
    """Children placed more than 20 miles from home (observed, DfE) for every LA, region and
    England in the year; the modelled shares over 20 and 50 miles."""
    year = area.year
    sectors, types = _key(state)
    parts = []
    for level, label in (("la", "Local authority"), ("region", "Region"), ("country", "England")):
        t = queries.table(data, year, sectors, types, queries.A.level(level), modelled=True)
        t = t.assign(Level=label)
        parts.append(t)
    t = pd.concat(parts)
    names = data.area_names
    frame = pd.DataFrame({
        "Level": t["Level"].to_numpy(), "Area code": t.index, "Area": [names.get(c, c) for c in t.index],
        "Children looked after": _with_codes(t["cla"], t["cla__flag"]),
        "% of children looked after placed more than 20 miles from home (observed)":
            _with_codes(t["pct_over_20_miles"], t["pct_over_20_miles__flag"]),
        "Basis of the 20-mile figure": t["pct_over_20_miles__basis"].to_numpy(),
    })
    formats = {"Children looked after": "count", "% of children looked after placed more than 20 miles from home (observed)": "pct"}
    for key, miles in (("modelled_over_20_miles", 20), ("modelled_over_50_miles", 50)):
        col = f"% of children in children's homes placed more than {miles} miles from home (modelled)"
        frame[col], formats[col] = _with_codes(t[key], t[f"{key}__flag"]), "pct"
    from .modelled_sheets import distance_range_columns  # the plausible ranges of the modelled shares

    for col, values in distance_range_columns(data, year, sectors, frame["Level"], frame["Area code"]).items():
        frame[col], formats[col] = values, "pct"
    frame["Figures covering only some LAs"] = coverage_notes(t, ["cla", "pct_over_20_miles"])
    return _finish(frame, f"Distance from home at 31 March {year}: all children looked after (observed) and children "
                   "in children's homes (modelled)", formats)


def distance_by_placement(data) -> pd.DataFrame:
    """England: children looked after placed more than 20 miles from home by placement type."""
    nd = data.national_distance
    frame = pd.DataFrame({
        "Year": nd["year"].astype(int), "Placement": nd["placement_group"], "Children looked after": nd["children"],
        "Placed more than 20 miles from home": nd["over_20_miles"], "Distance not known": nd["distance_not_known"],
        "% placed more than 20 miles from home (published)": nd["published_pct_over_20_miles"],
        "Code": nd["flag"].astype(object).where(nd["flag"].notna(), ""),
    })
    formats = {"Year": "year", "Children looked after": "count", "Placed more than 20 miles from home": "count",
               "Distance not known": "count", "% placed more than 20 miles from home (published)": "pct"}
    return _finish(frame, "England: placed more than 20 miles from home by placement type (DfE)", formats)


# --- quality ----------------------------------------------------------------------------------


def quality(data, state, area: Area) -> pd.DataFrame:
    """Homes and places by sector and latest rating in the year (the rating mix)."""
    sectors, types = _key(state)
    dist = qm.distribution(data.supply, area.year, sectors, types, area=area.code, codes_in_year=_codes(area, data))
    frame = pd.DataFrame({"Sector": dist["sector"], "Rating": dist["rating"], "Homes": dist["homes"],
                          "Places": dist["places"], "% of the sector's homes": dist["share"],
                          "% of the sector's inspected homes": dist["share_inspected"]})
    formats = {"Homes": "count", "Places": "count", "% of the sector's homes": "pct",
               "% of the sector's inspected homes": "pct"}
    return _finish(frame, f"{area.name}: children's homes by latest rating and sector, {area.year} "
                   f"({qm.framework_label(data.supply, area.year)})", formats)


def quality_trend(data, state, area: Area) -> pd.DataFrame:
    sectors, types = _key(state)
    rows = []
    for share, (label, _) in qm.SHARES.items():
        tr = qm.trend(data, share, sectors, types, area=area.code, areas=area.areas)
        rows.append(pd.DataFrame({"Year": tr["year"].astype(int), "Sector": tr["sector"], "Ratings counted": label,
                                  "Inspected homes": tr["inspected"], "Homes with these ratings": tr["homes"],
                                  "% of inspected homes": tr["share"]}))
    frame = pd.concat(rows, ignore_index=True)
    formats = {"Year": "year", "Inspected homes": "count", "Homes with these ratings": "count", "% of inspected homes": "pct"}
    return _finish(frame, f"{area.name}: share of inspected homes by rating and sector, {qm.FIRST_RATED_YEAR} to "
                   f"{LAST_YEAR} (none shown from fewer than 5 inspected homes)", formats)


def places_by_rating(data, state, area: Area) -> pd.DataFrame:
    sectors, types = _key(state)
    p = qm.places_by_rating(data.supply, sectors, types, area=area.code, codes_in_year=_codes(area, data))
    frame = pd.DataFrame({"Year": p["year"].astype(int), "Sector": p["sector"], "Registered places": p["places"],
                          "In homes rated good or outstanding": p["places_good_or_better"], "% of places": p["share"]})
    formats = {"Year": "year", "Registered places": "count", "In homes rated good or outstanding": "count", "% of places": "pct"}
    return _finish(frame, f"{area.name}: registered places in homes rated good or outstanding", formats)


# --- a footprint's LAs --------------------------------------------------------------------------


def footprint_las(data, state, area: Area) -> pd.DataFrame:
    """A footprint's LAs side by side (the footprint profile's table), with the footprint's own row."""
    from ..engine import profile as pm
    from .tables import chosen_for

    members = pm.members_table(chosen_for(area), area.year, data, *_key(state))
    total = queries.table(data, area.year, *_key(state), area.areas)
    keys = ("homes", "places", "places_per_10k", "cla", "cla_per_10k", "ch_children", "cla_ch", "gap",
            "pct_over_20_miles", "pct_good_or_better")
    frame = pd.DataFrame({"Area code": list(members.index) + [area.code],
                          "Area": list(members["name"]) + [area.name]})
    formats = {}
    for key in keys:
        m = MEASURES[key]
        title = f"{m.label} ({m.unit})"
        both = pd.concat([members, total])
        frame[title] = _with_codes(both[key].to_numpy(dtype=float), both[f"{key}__flag"])
        formats[title] = m.kind
    frame["Figures covering only some LAs"] = [""] * len(members) + coverage_notes(total, keys)
    return _finish(frame, f"{area.name}: its local authorities side by side, 31 March {area.year}", formats)
