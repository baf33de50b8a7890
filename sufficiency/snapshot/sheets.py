"""The snapshot's sheets beyond the headline: LAs, regions, trends, distance and quality,
each from the app's own functions (see :mod:`sufficiency.snapshot.tables`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..app import queries
from ..config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from ..geography.reorganisations import REGION_NAMES
from ..metrics import profile as pm
from ..metrics import quality as qm
from ..metrics.measures import MEASURES
from ..vocab import SECTOR_SLUGS, SECTORS
from . import modelled
from .common import Area, _codes, _finish, _key, _with_codes, memo

#: LA and region columns: (measure key, column title, number format kind, la_year flag column)
MEASURE_COLUMNS = (
    ("homes", "Children's homes", "count", None),
    ("places", "Registered places", "count", None),
    ("places_per_10k", "Registered places per 10,000 children aged 0-17", "rate", "population_0_17_flag"),
    ("cla_per_10k", "Children looked after per 10,000 children aged 0-17", "rate", "cla_flag"),
    ("ch_children", "Children in children's homes", "count", "ch_children_flag"),
    ("gap", "Gap: children in children's homes minus registered places", "change", "ch_children_flag"),
    ("gap_per_10k", "Gap per 10,000 children aged 0-17", "rate", "ch_children_flag"),
    ("pct_over_20_miles", "% of children looked after placed more than 20 miles from home", "pct",
     "cla_pct_over_20_miles_flag"),
    ("pct_good_or_better", "% of inspected homes rated good or outstanding", "pct", None),
    ("pct_ri_or_inadequate", "% of inspected homes rated requires improvement or inadequate", "pct", None),
)



# --- LAs, regions -------------------------------------------------------------------------


def _measure_columns(folder, state, year, level, index, flags: pd.DataFrame | None) -> dict:
    sectors, types = _key(state)
    cols, formats = {}, {}
    for key, title, kind, flag_col in MEASURE_COLUMNS:
        vals = queries.values(folder, key, year, sectors, types, level, None).reindex(index)
        fl = flags[flag_col].reindex(index) if flags is not None and flag_col in flags else [None] * len(index)
        cols[title], formats[title] = _with_codes(vals.to_numpy(dtype=float), fl), kind
    for key in ("homes_change", "places_change"):
        title = f"{MEASURES[key].label} since {state.baseline}"
        if state.baseline < year:
            vals = queries.values(folder, key, year, sectors, types, level, state.baseline).reindex(index)
            cols[title], formats[title] = vals.to_numpy(dtype=float), "change"
    return {"columns": cols, "formats": formats}


def las(data, state, area: Area) -> pd.DataFrame:
    """Every LA of the year: the map measures (the table behind the map, for all measures)."""
    folder, year = str(data.folder), area.year
    rows = data.la_year[data.la_year["year"] == year].set_index("la_code")
    names = data.la_names
    frame = pd.DataFrame({
        "LA code": rows.index, "Local authority": [names.get(c, c) for c in rows.index],
        "Region code": rows["region_code"].to_numpy(), "Region": [REGION_NAMES.get(r, r) for r in rows["region_code"]],
        "Children aged 0-17": _with_codes(rows["population_0_17"].round(0), rows["population_0_17_flag"]),
        "Children looked after": _with_codes(rows["cla"], rows["cla_flag"]),
    })
    m = _measure_columns(folder, state, year, "la", rows.index, rows)
    for title, col in m["columns"].items():
        frame[title] = col
    est = rows[[c for c in rows.columns if c.endswith("_flag")]].eq(pm.ESTIMATE).any(axis=1)
    frame["Notes"] = np.where(est.to_numpy(), "some DfE figures are estimates apportioned from a former council", "")
    frame = frame.sort_values("Local authority", kind="stable")
    formats = {"Children aged 0-17": "count", "Children looked after": "count", **m["formats"]}
    return _finish(frame, f"Local authorities at 31 March {year}: every map measure", formats)


def regions(data, state, area: Area) -> pd.DataFrame:
    """The regions and England: the map measures and the change since the baseline year."""
    folder, year = str(data.folder), area.year
    codes = list(queries.REGION_CODES)
    frame = pd.DataFrame({"Area code": codes + [ENGLAND_CODE], "Area": [REGION_NAMES[c] for c in codes] + ["England"]})
    formats = {}
    reg = _measure_columns(folder, state, year, "region", pd.Index(codes), None)
    eng = _measure_columns(folder, state, year, "country", pd.Index([ENGLAND_CODE]), None)
    for title in reg["columns"]:
        frame[title] = list(reg["columns"][title]) + list(eng["columns"][title])
        formats[title] = reg["formats"][title]
    b = state.baseline
    if b < year:
        ch = queries.region_change(folder, b, year, *_key(state)).set_index("region_code").reindex(frame["Area code"])
        for what, label in (("homes", "Children's homes"), ("places", "Registered places")):
            frame[f"{label} {b}"], formats[f"{label} {b}"] = ch[f"{what}_{b}"].to_numpy(), "count"
            frame[f"{label} {year}"], formats[f"{label} {year}"] = ch[f"{what}_{year}"].to_numpy(), "count"
            frame[f"{label}: % change since {b}"] = ch[f"{what}_pct_change"].to_numpy()
            formats[f"{label}: % change since {b}"] = "pct_change"
    return _finish(frame, f"Regions and England at 31 March {year}", formats)


# --- trends -------------------------------------------------------------------------------

TREND_KEYS = (
    ("homes", "Children's homes", "count"), ("places", "Registered places", "count"),
    *[(f"places_{SECTOR_SLUGS[s]}", f"Registered places: {s.lower()} sector", "count") for s in SECTORS],
    ("population_0_17", "Children aged 0-17", "count"), ("cla", "Children looked after", "count"),
    ("cla_per_10k", "Children looked after per 10,000 children", "rate"),
    ("places_per_10k", "Registered places per 10,000 children", "rate"),
    ("ch_children", "Children in children's homes", "count"),
    ("gap", "Gap: children in children's homes minus registered places", "change"),
    ("gap_per_10k", "Gap per 10,000 children", "rate"),
    ("pct_over_20_miles", "% placed more than 20 miles from home", "pct"),
    ("pct_outside_la", "% placed outside the local authority", "pct"),
)


def trends(data, state, area: Area) -> pd.DataFrame:
    """Year by year, 2014-2025: the area (an LA linked through its predecessors), its region
    (all regions for England) and England."""
    sectors, types = _key(state)
    if area.level == "la":
        raw = memo("trend_table", data, area.code, sectors, types)
        raw["code"] = np.where(raw["area"] == "la", area.code, raw["codes"])
    else:
        wanted = [area.code] if area.level == "region" else list(queries.REGION_CODES)
        raw = pd.concat([memo("area_trend", data, code, sectors, types) for code in [*wanted, ENGLAND_CODE]], ignore_index=True)
        raw = raw.sort_values(["year"], kind="stable")
    names = data.area_names
    frame = pd.DataFrame({
        "Year": raw["year"].astype(int), "Area code": raw["code"], "Area": raw["code"].map(names),
        "Role": ["selected area" if c == area.code else ("England" if c == ENGLAND_CODE else "region") for c in raw["code"]],
        "Codes summed": raw["codes"],
    })
    for key, title, _ in TREND_KEYS:
        flags = raw[f"{key}_flag"] if f"{key}_flag" in raw else [None] * len(raw)
        frame[title] = _with_codes(raw[key].astype(float), flags)
    frame["Children in children's homes: source"] = raw["ch_source"].fillna("") if "ch_source" in raw else ""
    formats = {"Year": "year", **{t: k for _, t, k in TREND_KEYS}}
    return _finish(frame, f"Trends {FIRST_YEAR} to {LAST_YEAR}: {area.name}, region and England", formats)


# --- distance -------------------------------------------------------------------------------


def distance(data, state, area: Area) -> pd.DataFrame:
    """Children placed more than 20 miles from home (observed, DfE) for every LA, region and
    England in the year; the modelled share over 50 miles when the flow model provides it."""
    folder, year = str(data.folder), area.year
    sectors, types = _key(state)
    la = data.la_year[data.la_year["year"] == year]
    reg = data.region_year[data.region_year["year"] == year]
    names = data.area_names
    frame = pd.DataFrame({
        "Level": ["Local authority"] * len(la) + ["Region" if lv == "region" else "England" for lv in reg["level"]],
        "Area code": list(la["la_code"]) + list(reg["area_code"]),
        "Area": [names.get(c, c) for c in list(la["la_code"]) + list(reg["area_code"])],
        "Children looked after": _with_codes(pd.concat([la["cla"], reg["cla"]]), list(la["cla_flag"]) + [None] * len(reg)),
        "Placed more than 20 miles from home": _with_codes(
            pd.concat([la["cla_over_20_miles"], reg["cla_over_20_miles"]]),
            list(la["cla_over_20_miles_flag"]) + [None] * len(reg)),
    })
    pct = list(queries.values(folder, "pct_over_20_miles", year, sectors, types, "la", None).reindex(la["la_code"]))
    pct += [float(queries.values(folder, "pct_over_20_miles", year, sectors, types,
                                 "country" if c == ENGLAND_CODE else "region", None).get(c, np.nan)) for c in reg["area_code"]]
    frame["% placed more than 20 miles from home (observed)"] = _with_codes(
        pct, list(la["cla_pct_over_20_miles_flag"]) + [None] * len(reg))
    formats = {"Children looked after": "count", "Placed more than 20 miles from home": "count",
               "% placed more than 20 miles from home (observed)": "pct"}
    share50 = modelled.modelled_over_50(data, year, sectors)
    if share50 is not None:
        col = "% of children in children's homes placed more than 50 miles from home (modelled)"
        frame[col], formats[col] = frame["Area code"].map(share50).astype(float), "pct"
    return _finish(frame, f"Distance from home at 31 March {year}", formats)


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
                          "Places": dist["places"], "% of the sector's homes": dist["share"]})
    formats = {"Homes": "count", "Places": "count", "% of the sector's homes": "pct"}
    return _finish(frame, f"{area.name}: children's homes by latest rating and sector, {area.year} "
                   f"({qm.framework_label(data.supply, area.year)})", formats)


def quality_trend(data, state, area: Area) -> pd.DataFrame:
    sectors, types = _key(state)
    rows = []
    for share, (label, _) in qm.SHARES.items():
        tr = qm.trend(data.supply, share, sectors, types, area=area.code, codes_in_year=_codes(area, data))
        rows.append(pd.DataFrame({"Year": tr["year"].astype(int), "Sector": tr["sector"], "Ratings counted": label,
                                  "Inspected homes": tr["inspected"], "Homes with these ratings": tr["homes"],
                                  "% of inspected homes": tr["share"]}))
    frame = pd.concat(rows, ignore_index=True)
    formats = {"Year": "year", "Inspected homes": "count", "Homes with these ratings": "count", "% of inspected homes": "pct"}
    return _finish(frame, f"{area.name}: share of inspected homes by rating and sector, {qm.FIRST_RATED_YEAR} to {LAST_YEAR}", formats)


def places_by_rating(data, state, area: Area) -> pd.DataFrame:
    sectors, types = _key(state)
    p = qm.places_by_rating(data.supply, sectors, types, area=area.code, codes_in_year=_codes(area, data))
    frame = pd.DataFrame({"Year": p["year"].astype(int), "Sector": p["sector"], "Registered places": p["places"],
                          "In homes rated good or outstanding": p["places_good_or_better"], "% of places": p["share"]})
    formats = {"Year": "year", "Registered places": "count", "In homes rated good or outstanding": "count", "% of places": "pct"}
    return _finish(frame, f"{area.name}: registered places in homes rated good or outstanding", formats)


