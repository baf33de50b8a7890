"""Openings and closures of children's homes for any set of LAs, year by year.

Pure functions on the ``openings`` table (see :mod:`sufficiency.tables.openings` for what
each flow means). Counts are derived from the year lists of homes (published or rebuilt:
``list_status`` of the year and of the year before). An area is given as in
:mod:`sufficiency.market.concentration` (LA codes of the year, a function of the year, or
None for England). A home that closed in a council abolished at 31 March (Cumbria in
2023, say) is counted in that council, not in its successors.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..tables.openings import COUNT_COLUMNS, explained_change
from ..vocab import SECTORS
from .concentration import DEFAULT_TYPES, LaCodes, select

COLUMNS = [
    "year", "homes_opened", "places_opened", "homes_opened_registered", "homes_closed", "places_closed",
    "homes_moved_net", "places_moved_net", "homes_reclassified_net", "places_reclassified_net", "places_changed",
    "homes_change", "places_change", "list_status", "list_status_previous",
]


def _summarise_by(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The flows of :data:`COLUMNS` (without year and status) summed over ``rows`` for each group of ``keys``."""
    s = rows.groupby(keys)[COUNT_COLUMNS].sum()
    out = pd.DataFrame(index=s.index)
    for m in ("homes", "places"):
        out[f"{m}_opened"] = s[f"{m}_opened"]
        if m == "homes":
            out["homes_opened_registered"] = s["homes_opened_registered"]
        out[f"{m}_closed"] = s[f"{m}_closed"]
    for m in ("homes", "places"):
        out[f"{m}_moved_net"] = s[f"{m}_moved_in"] - s[f"{m}_moved_out"]
    for m in ("homes", "places"):
        out[f"{m}_reclassified_net"] = s[f"{m}_reclassified_in"] - s[f"{m}_reclassified_out"]
    out["places_changed"] = s["places_changed"]
    out["homes_change"] = explained_change(s, "homes")
    out["places_change"] = explained_change(s, "places")
    return out.astype("int64")


def _summarise(rows: pd.DataFrame) -> dict:
    if rows.empty:
        return {c: 0 for c in COLUMNS[1:-2]}
    row = _summarise_by(rows.assign(_area=0), ["_area"]).iloc[0]
    return {c: int(row[c]) for c in COLUMNS[1:-2]}


def _statuses(openings: pd.DataFrame, year: int) -> tuple[str, str]:
    return _all_statuses(openings).get(int(year), ("", ""))


def _all_statuses(openings: pd.DataFrame) -> dict[int, tuple[str, str]]:
    """year -> (list status of the year, of the year before): one row per year read."""
    first = openings.drop_duplicates("year")
    return {int(y): (str(a), str(b)) for y, a, b in
            zip(first["year"], first["list_status"], first["list_status_previous"])}


def openings_closures(openings: pd.DataFrame, year: int, la_codes: LaCodes = None,
                      sectors: Iterable[str] | None = None,
                      provision_types: Iterable[str] | None = DEFAULT_TYPES) -> dict:
    """Homes and places opened and closed in the year to 31 March ``year`` in the area.

    With the net moves between councils, reclassifications and changes of registered
    places of continuing homes: ``homes_change`` = the area's homes at 31 March ``year``
    minus those a year before. Raises ``ValueError`` for a year without a year before.
    """
    if int(year) not in set(openings["year"].astype(int)):
        first = int(openings["year"].min())
        raise ValueError(f"no openings for {year}: they are counted from one year's list to the next, from {first}")
    out = {"year": int(year), **_summarise(select(openings, year, la_codes, sectors, provision_types))}
    out["list_status"], out["list_status_previous"] = _statuses(openings, year)
    return out


def openings_trend(openings: pd.DataFrame, la_codes: LaCodes = None, sectors: Iterable[str] | None = None,
                   provision_types: Iterable[str] | None = DEFAULT_TYPES) -> pd.DataFrame:
    """:func:`openings_closures` of the area for every year of the table."""
    years = sorted(int(y) for y in openings["year"].unique())
    rows = select(openings, years, la_codes, sectors, provision_types)
    out = _summarise_by(rows, ["year"]).reindex(years, fill_value=0).rename_axis("year").reset_index()
    every = _all_statuses(openings)
    statuses = [every.get(y, ("", "")) for y in years]
    out["list_status"] = [a for a, _ in statuses]
    out["list_status_previous"] = [b for _, b in statuses]
    return out[COLUMNS]


def openings_by(openings: pd.DataFrame, year: int, by: str = "la_code", sectors: Iterable[str] | None = None,
                provision_types: Iterable[str] | None = DEFAULT_TYPES, split: str | None = None) -> pd.DataFrame:
    """:func:`openings_closures` of every LA (``by="la_code"``) or region (``"region_code"``) in ``year``.

    ``split="sector"`` (or ``"provision_type"``) gives one row per area and sector (or type).
    Areas with no flows have no row.
    """
    rows = select(openings, year, None, sectors, provision_types)
    keys = [by] if split is None else [by, split]
    out = _summarise_by(rows, keys).reset_index()
    out["year"] = int(year)
    out["list_status"], out["list_status_previous"] = _statuses(openings, year)
    return out[[*keys, *COLUMNS]]


def openings_trend_by_sector(openings: pd.DataFrame, la_codes: LaCodes = None, sectors: Iterable[str] | None = None,
                             provision_types: Iterable[str] | None = DEFAULT_TYPES) -> pd.DataFrame:
    """:func:`openings_trend` of the area for each sector of ``sectors`` (default all): one row
    per year and sector (every year of the table, zeros where nothing changed), column ``sector``."""
    years = sorted(int(y) for y in openings["year"].unique())
    sectors = list(sectors) if sectors is not None else list(SECTORS)
    rows = select(openings, years, la_codes, sectors, provision_types)
    grid = pd.MultiIndex.from_product([years, sectors], names=["year", "sector"])
    out = _summarise_by(rows, ["year", "sector"]).reindex(grid, fill_value=0).reset_index()
    statuses = _all_statuses(openings)
    out["list_status"] = out["year"].map(lambda y: statuses[y][0])
    out["list_status_previous"] = out["year"].map(lambda y: statuses[y][1])
    return out[[*COLUMNS[:1], "sector", *COLUMNS[1:]]]
