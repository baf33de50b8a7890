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
from .concentration import DEFAULT_TYPES, LaCodes, select

COLUMNS = [
    "year", "homes_opened", "places_opened", "homes_opened_registered", "homes_closed", "places_closed",
    "homes_moved_net", "places_moved_net", "homes_reclassified_net", "places_reclassified_net", "places_changed",
    "homes_change", "places_change", "list_status", "list_status_previous",
]


def _summarise(rows: pd.DataFrame) -> dict:
    s = rows[COUNT_COLUMNS].sum()
    return {
        "homes_opened": int(s["homes_opened"]),
        "places_opened": int(s["places_opened"]),
        "homes_opened_registered": int(s["homes_opened_registered"]),
        "homes_closed": int(s["homes_closed"]),
        "places_closed": int(s["places_closed"]),
        "homes_moved_net": int(s["homes_moved_in"] - s["homes_moved_out"]),
        "places_moved_net": int(s["places_moved_in"] - s["places_moved_out"]),
        "homes_reclassified_net": int(s["homes_reclassified_in"] - s["homes_reclassified_out"]),
        "places_reclassified_net": int(s["places_reclassified_in"] - s["places_reclassified_out"]),
        "places_changed": int(s["places_changed"]),
        "homes_change": int(explained_change(s.to_frame().T, "homes").iloc[0]),
        "places_change": int(explained_change(s.to_frame().T, "places").iloc[0]),
    }


def _statuses(openings: pd.DataFrame, year: int) -> tuple[str, str]:
    rows = openings[openings["year"] == year]
    if rows.empty:
        return "", ""
    return str(rows["list_status"].iloc[0]), str(rows["list_status_previous"].iloc[0])


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
    return pd.DataFrame([openings_closures(openings, y, la_codes, sectors, provision_types) for y in years],
                        columns=COLUMNS)


def openings_by(openings: pd.DataFrame, year: int, by: str = "la_code", sectors: Iterable[str] | None = None,
                provision_types: Iterable[str] | None = DEFAULT_TYPES, split: str | None = None) -> pd.DataFrame:
    """:func:`openings_closures` of every LA (``by="la_code"``) or region (``"region_code"``) in ``year``.

    ``split="sector"`` (or ``"provision_type"``) gives one row per area and sector (or type).
    Areas with no flows have no row.
    """
    rows = select(openings, year, None, sectors, provision_types)
    keys = [by] if split is None else [by, split]
    status = _statuses(openings, year)
    out = [{**dict(zip(keys, k if isinstance(k, tuple) else (k,))), "year": int(year), **_summarise(part),
            "list_status": status[0], "list_status_previous": status[1]}
           for k, part in rows.groupby(keys, sort=True)]
    return pd.DataFrame(out, columns=[*keys, *COLUMNS])
