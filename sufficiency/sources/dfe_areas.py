"""Put the LA rows of a DfE/ONS file on the reporting geography of each year.

DfE files often carry councils that did not exist in the year: successors back-cast to
earlier years (North Yorkshire E06000065 in 2014), councils kept after they were abolished
(Northamptonshire in 2022, as 'z'), and in 2025 the old ONS codes of Barnsley and
Sheffield. For each year, a row whose council is not in that year's geography is

* dropped, if it has no figures, only codes (usually 'z', not applicable): counted fix;
* recoded, if it is the same area as a council of the year that the file does not
  already carry (a pure code change such as E08000016 -> E08000038): counted fix;
* otherwise dropped (a council merged or split, e.g. Bournemouth in 2019, whose figures
  cannot stand for the new council): counted fix naming the council and year.

Before that, the pre-2014 ONS codes of Gateshead and Northumberland (recoded by ONS in
April 2013 after a boundary change; the SFR tables to 2017 still use them) are rewritten
to their current codes, with a counted fix.

A code that belongs to no year's geography stops the build (:class:`UnknownLocalAuthority`).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..config import YEARS
from ..errors import FixLog, UnknownLocalAuthority


#: ONS code changes of April 2013 (same councils), still used by the SFR tables 2013-2017.
LEGACY_CODES = {"E08000020": "E08000037", "E06000048": "E06000057"}  # Gateshead, Northumberland


@lru_cache(maxsize=None)
def _geography(year: int) -> frozenset[str]:
    from ..geography import las_in_year

    return frozenset(las_in_year(year))


@lru_cache(maxsize=None)
def _known_codes() -> frozenset[str]:
    codes: set[str] = set()
    for y in YEARS:
        codes |= _geography(y)
    return frozenset(codes)


def geography(year: int) -> list[str]:
    """The LAs of the reporting geography of ``year`` (sorted codes)."""
    return sorted(_geography(year))


@lru_cache(maxsize=None)
def _reporting(code: str, year: int) -> str | None:
    from ..geography import reporting_code

    try:
        return reporting_code(code, year)
    except (KeyError, ValueError):
        return None


@lru_cache(maxsize=None)
def same_area(code: str, other: str) -> bool:
    """True when two codes name the same area (a recode), in either direction."""
    fwd = any(_reporting(code, y) == other for y in YEARS)
    back = any(_reporting(other, y) == code for y in YEARS)
    return fwd and back


def check_known(long: pd.DataFrame, file_label: str, la_column: str = "new_la_code") -> None:
    """Stop on an LA code that is in no year's geography 2014-2025."""
    la = long[long["level"] == "la"]
    unknown = ~la["area_code"].isin(_known_codes())
    if unknown.any():
        row = la[unknown].iloc[0]
        raise UnknownLocalAuthority(
            f"unknown local authority code {row['area_code']!r}",
            file=file_label,
            row=int(row["line"]),
            column=la_column,
            value=row["area_code"],
            hint="It is not an England children's-services council of 2014-2025; "
            "check the code against the ONS lists or report it to the publisher",
        )


def fit_to_year_geography(
    long: pd.DataFrame, fixes: FixLog, file_label: str, la_column: str = "new_la_code"
) -> pd.DataFrame:
    """Return ``long`` with LA rows on each year's reporting geography (see module doc).

    LA rows of years outside 2014-2025 are not kept (counted): the dashboard has no
    geography for them. National and regional rows of every year are kept.
    """
    early = (long["level"] == "la") & ~long["year"].isin(YEARS)
    if early.any():
        first = long[early].iloc[0]
        fixes.add(first["file"], "LA rows outside the years 2014-2025 not kept", int(early.sum()), f"year {first['year']}")
        long = long[~early].reset_index(drop=True)
    legacy = (long["level"] == "la") & long["area_code"].isin(LEGACY_CODES)
    if legacy.any():
        long = long.copy()
        for old, new in LEGACY_CODES.items():
            hit = legacy & (long["area_code"] == old)
            if hit.any():
                fixes.add(long.loc[hit, "file"].iloc[0], f"recoded {old} to {new} (ONS code change of April 2013)",
                          int(hit.sum()), f"line {int(long.loc[hit, 'line'].min())}")
                long.loc[hit, "area_code"] = new
    check_known(long, file_label, la_column)
    is_la = long["level"] == "la"
    out = long.copy()
    drop = pd.Series(False, index=long.index)
    present = {y: set(g) for y, g in long.loc[is_la].groupby("year")["area_code"]}
    for (year, code), grp in long[is_la].groupby(["year", "area_code"], sort=True):
        if code in _geography(int(year)):
            continue
        file = grp["file"].iloc[0]
        where = f"{year} {code} (line {int(grp['line'].min())})"
        if grp["value"].isna().all():
            drop[grp.index] = True
            codes = "/".join(sorted(set(grp["flag"].dropna())))
            fixes.add(file, "dropped LA rows without figures (codes only) for councils outside the year's geography", len(grp), f"{where}: {codes}")
            continue
        target = _reporting(code, int(year))
        if target and target not in present[year] and same_area(code, target):
            out.loc[grp.index, "area_code"] = target
            present[year].add(target)
            fixes.add(file, f"recoded {code} to {target} (same council, the year's ONS code)", len(grp), where)
            continue
        drop[grp.index] = True
        first = grp.iloc[0]
        fixes.add(
            file,
            "dropped LA rows for councils outside the year's geography (merged or split; "
            "their figures do not stand for the new council)",
            len(grp),
            f"{where}: {first['measure']}={first['value'] if pd.notna(first['value']) else first['flag']}",
        )
    return out[~drop].reset_index(drop=True)
