"""Inspection ratings by sector: distributions, trends and places weighted by rating.

All functions are pure: they take the ``supply`` table (one row per year, LA, provision
type and sector, with homes and places counted by their latest rating) and return small
tables for the figures and the on-screen tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, LAST_YEAR
from ..vocab import RATING_SLUGS, RATINGS, SECTORS

NOT_INSPECTED = "Not yet inspected"
RATING_LABELS = (*RATINGS, NOT_INSPECTED)
RATING_KEYS = dict(zip(RATING_LABELS, (*RATING_SLUGS.values(), "no_rating")))

#: The two ways of reading ratings the user can choose between (keys are map measures).
SHARES = {
    "pct_good_or_better": ("Good or outstanding", ("outstanding", "good")),
    "pct_ri_or_inadequate": ("Requires improvement or inadequate", ("requires_improvement", "inadequate")),
}
DEFAULT_SHARE = "pct_good_or_better"

FIRST_RATED_YEAR = 2015  # the September 2014 list carries no inspection ratings
PRE2019 = "overall effectiveness (inspections before April 2019)"
SCCIF = "SCCIF: overall experiences and progress of children and young people (from April 2019)"
LIKE_FOR_LIKE = (
    "Ratings cannot show whether homes look after children with like-for-like needs: "
    "providers argue that differences between sectors partly reflect the children they care for."
)
NO_2014_RATINGS = (
    "The list of children's homes for 2014 (at 30 September 2014) has no inspection ratings, "
    "so ratings are shown from 2015."
)


def share_key(measure: str) -> str:
    """The share a view asks for: its measure if it is one of :data:`SHARES`, else the default."""
    return measure if measure in SHARES else DEFAULT_SHARE


def state_share(state) -> str:
    """The share the quality view counts: the state's own choice (``ratings``), else, for
    addresses made before the choice had its own key, the measure when it is a share."""
    return state.ratings if getattr(state, "ratings", None) in SHARES else share_key(state.measure)


def area_rows(supply: pd.DataFrame, area: str, codes_in_year=None) -> pd.DataFrame:
    """Rows of ``supply`` within ``area``: England, a region (E12) or an LA.

    ``codes_in_year(year) -> list`` gives the LA codes of the area in a year (to follow a
    council through a code change); without it the LA code is matched as given.
    """
    if area == ENGLAND_CODE:
        return supply
    if area.startswith("E12"):
        return supply[supply["region_code"] == area]
    if codes_in_year is None:
        return supply[supply["la_code"] == area]
    years = supply["year"].to_numpy()
    codes = supply["la_code"].to_numpy(dtype=object)
    keep = np.zeros(len(supply), dtype=bool)
    for year in np.unique(years):
        wanted = codes_in_year(int(year))
        if wanted:
            at = np.flatnonzero(years == year)
            keep[at] = pd.Series(codes[at], dtype=object).isin(list(wanted)).to_numpy()  # hashed, not sorted
    return supply[keep]


def frameworks(supply: pd.DataFrame, year: int) -> dict[str, int]:
    """Homes rated under each framework in ``year`` (the supply table counts both)."""
    sel = supply[supply["year"] == year]
    return {PRE2019: int(sel["homes_rated_pre2019"].sum()), SCCIF: int(sel["homes_rated_sccif"].sum())}


def framework_label(supply: pd.DataFrame, year: int) -> str:
    """The judgement the ratings of ``year`` are, named for chart titles and captions."""
    counts = frameworks(supply, year)
    used = [name for name, n in counts.items() if n > 0]
    if not used:
        return "no ratings"
    if len(used) == 1:
        return "Ofsted " + used[0]
    return "Ofsted " + " and ".join(f"{name} ({n:,} homes)" for name, n in counts.items())


def distribution(
    supply: pd.DataFrame, year: int, sectors=SECTORS, provision_types=("childrens_home",), area: str = ENGLAND_CODE,
    codes_in_year=None,
) -> pd.DataFrame:
    """Homes and places by sector and rating in ``year``, with each rating's share of the sector.

    Columns: sector, rating, homes, places, share (% of the sector's homes), share_inspected
    (% of the sector's inspected homes, the denominator of the rating trend; none for the
    homes not yet inspected).
    """
    sel = area_rows(supply, area, codes_in_year)
    sel = sel[(sel["year"] == year) & sel["sector"].isin(list(sectors)) & sel["provision_type"].isin(list(provision_types))]
    cols = ["homes", *[f"{what}_{key}" for key in RATING_KEYS.values() for what in ("homes", "places")]]
    sums = sel.groupby(sel["sector"].astype(object))[cols].sum()  # one pass: each sector's sums
    rows = []
    for sector in [s for s in SECTORS if s in set(sectors)]:
        part = sums.loc[sector] if sector in sums.index else None
        total = int(part["homes"]) if part is not None else 0
        for label, key in RATING_KEYS.items():
            homes = int(part[f"homes_{key}"]) if part is not None else 0
            rows.append(
                {
                    "sector": sector,
                    "rating": label,
                    "homes": homes,
                    "places": int(part[f"places_{key}"]) if part is not None else 0,
                    "share": homes / total * 100 if total else np.nan,
                }
            )
    out = pd.DataFrame(rows, columns=["sector", "rating", "homes", "places", "share"])
    totals = out.groupby("sector", sort=False)["homes"].transform("sum")
    graded = out["rating"] != NOT_INSPECTED
    inspected = out["homes"].where(graded, 0).groupby(out["sector"], sort=False).transform("sum")
    out["share_inspected"] = (out["homes"] / inspected.replace(0, np.nan) * 100).where(graded)
    return out[totals > 0].reset_index(drop=True)


def trend(
    data, share: str = DEFAULT_SHARE, sectors=SECTORS, provision_types=("childrens_home",),
    area: str = ENGLAND_CODE, first_year: int = FIRST_RATED_YEAR, areas=None,
) -> pd.DataFrame:
    """The share of inspected homes in the chosen pair of grades, by sector and year: the
    measure engine's ``pct_good_or_better`` / ``pct_ri_or_inadequate`` of each sector alone
    (so the quality view shows the map's figure), for England, a region or an LA through its
    lineage.

    Columns: year, sector, inspected (homes with a graded inspection), homes (in the pair),
    share (%). Homes not yet inspected are left out of the denominator; fewer than
    :data:`~sufficiency.engine.registry.MIN_INSPECTED` inspected homes give no share.
    """
    from . import queries

    key = share_key(share)
    count = "homes_good_or_better" if key == "pct_good_or_better" else "homes_ri_or_inadequate"
    rows = []
    for year in range(first_year, LAST_YEAR + 1):
        for sector in [s for s in SECTORS if s in set(sectors)]:
            r = queries.measure_row(data, year, (sector,), tuple(provision_types), areas or queries.areas_for(area), area)
            if r["las"] == 0 or r["homes"] == 0:
                continue
            rows.append({"year": year, "sector": sector, "inspected": int(r["homes_inspected"]),
                         "homes": int(r[count]), "share": float(r[key])})
    return pd.DataFrame(rows, columns=["year", "sector", "inspected", "homes", "share"])


def places_by_rating(
    supply: pd.DataFrame, sectors=SECTORS, provision_types=("childrens_home",), area: str = ENGLAND_CODE,
    codes_in_year=None, first_year: int = FIRST_RATED_YEAR,
) -> pd.DataFrame:
    """Registered places in homes rated good or outstanding, by sector and year.

    Columns: year, sector, places (all), places_good_or_better, share (% of all places).
    """
    sel = area_rows(supply, area, codes_in_year)
    sel = sel[(sel["year"] >= first_year) & sel["sector"].isin(list(sectors)) & sel["provision_type"].isin(list(provision_types))]
    g = sel.groupby(["year", "sector"])[["places", "places_outstanding", "places_good"]].sum()
    out = pd.DataFrame(
        {"places": g["places"], "places_good_or_better": g["places_outstanding"] + g["places_good"]}
    ).reset_index()
    out["share"] = out["places_good_or_better"] / out["places"].replace(0, np.nan) * 100
    return out
