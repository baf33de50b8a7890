"""Check every pair of adjacent year lists against the joiners and leavers between them.

Homes in year Y's list and not in Y-1's should be joiners of year Y, and homes in Y-1's
and not in Y's should be leavers. The evidence for a year is, in order: the official
joiners/leavers file of the year; Goodair's dated compilation where it covers the year;
otherwise (2023-24, whose file was not published) registration dates for the new homes and,
for the homes gone, the absence of any later record. Exceptions are counted and written to
the fix log under the file that holds the evidence.
"""

from __future__ import annotations

import pandas as pd

from ..errors import FixLog
from .ofsted_rebuild import HOMES, Rebuilder, YearList, _events, _mar31, _pure

COLUMNS = [
    "year", "evidence", "new", "gone", "joiners", "leavers",
    "new_not_joiner", "joiner_not_new", "gone_not_leaver", "leaver_not_gone",
]


def _registration_dates(rb: Rebuilder) -> pd.Series:
    frames = [f[["urn", "registration_date"]] for f in rb.frames.values()]
    reg = pd.concat(frames).dropna().sort_values("registration_date")
    return reg.groupby("urn").registration_date.last()


def _last_seen(rb: Rebuilder) -> pd.Series:
    frames = [pd.DataFrame({"urn": f.urn, "seen": pd.Timestamp(s.date)}) for s, f in rb.frames.items() if s.is_list]
    return pd.concat(frames).groupby("urn").seen.max()


def check_adjacent(rb: Rebuilder, year_lists: dict[int, YearList], fixes: FixLog | None = None) -> pd.DataFrame:
    """One row per year Y (with Y-1 present): counts of changes and of exceptions."""
    rows = []
    reg = last = None
    years = sorted(year_lists)
    for y in years[1:]:
        if y - 1 not in year_lists:
            continue
        before, after = year_lists[y - 1].urns, year_lists[y].urns
        new, gone = after - before, before - after
        src = rb.jl(y)
        if src is not None:
            joiners, leavers, _ = _pure(rb.frames[src])
            evidence = src.label
        elif rb.dated is not None and rb.dated.start <= _mar31(y - 1).date() + pd.Timedelta(days=1) and _mar31(y).date() <= rb.dated.date:
            ev = _events(rb.frames[rb.dated], _mar31(y - 1), _mar31(y))
            first, lastev = ev.groupby("urn").joiner.first(), ev.groupby("urn").joiner.last()
            joiners = set(first.index[first & lastev])
            leavers = set(first.index[~first & ~lastev])
            evidence = rb.dated.label
        else:
            reg = _registration_dates(rb) if reg is None else reg
            last = _last_seen(rb) if last is None else last
            in_year = reg[(reg > _mar31(y - 1)) & (reg <= _mar31(y))]
            joiners = set(in_year.index) & (after | before)
            seen_later = set(last.index[last > _mar31(y)])
            leavers = gone - seen_later  # homes gone that no later list shows again
            evidence = f"registration dates and later lists (no joiners/leavers file for {y - 1}-{str(y)[2:]})"
        row = {
            "year": y, "evidence": evidence, "new": len(new), "gone": len(gone),
            "joiners": len(joiners), "leavers": len(leavers),
            "new_not_joiner": sorted(new - joiners), "joiner_not_new": sorted(joiners - new),
            "gone_not_leaver": sorted(gone - leavers), "leaver_not_gone": sorted(leavers - gone),
        }
        rows.append(row)
        file = evidence if not evidence.startswith("registration dates") else HOMES
        if fixes is not None:
            for key, text in (
                ("new_not_joiner", "open at 31 March {y} but not at {p}, and not a joiner of {p}-{y}"),
                ("joiner_not_new", "joiner of {p}-{y} not new in the {y} list"),
                ("gone_not_leaver", "open at 31 March {p} but not at {y}, and not a leaver of {p}-{y}"),
                ("leaver_not_gone", "leaver of {p}-{y} still in the {y} list or not in the {p} list"),
            ):
                found = row[key]
                fixes.add(file,
                          "consistency exception: " + text.format(y=y, p=y - 1), len(found),
                          example=found[0] if found else None)
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out
