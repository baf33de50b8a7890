"""The crosswalk that keeps a council's figures continuous through code changes.

Every council code of 2014-2025 is in the gazetteer with the years it was in force and its
2025 council (``current_code``). A council's *lineage* is every code sharing its 2025
council; the codes of the lineage in force in a year are what the council "was" that year:

* **same area, new code** (Buckinghamshire 2020, North Yorkshire and Somerset 2023,
  Barnsley and Sheffield 2025): the earlier code, one council;
* **merger** (Bournemouth and Poole into Bournemouth, Christchurch and Poole, 2019): the
  predecessors, summed (Christchurch was part of Dorset County Council, whose figures cannot
  be divided, so the years before 2019 leave it out);
* **split** (Dorset County Council 2019, Northamptonshire 2021, Cumbria 2023): a former
  council's figures cannot be divided between its successors, so a successor has no figure
  before it was formed, and a change since an earlier year has none either.

Used by trends, changes since a baseline year, profiles, footprints and old permalinks
(:func:`code_for_year`). Pure functions of the gazetteer table.
"""

from __future__ import annotations

import pandas as pd

from ..config import FIRST_YEAR, LAST_YEAR
from .reorganisations import BY_OLD, CHANGES

SAME_AREA, MERGER, SPLIT = "same area, new code", "merger", "split"


_INDEX: dict[int, tuple] = {}


def _index(gazetteer: pd.DataFrame) -> dict[str, tuple]:
    """code -> (name, start, end, lineage codes), built once per gazetteer table."""
    hit = _INDEX.get(id(gazetteer))
    if hit is not None and hit[0] is gazetteer:
        return hit[1]
    rows = gazetteer.sort_values(["start", "code"])
    by_current: dict[str, list[str]] = {}
    for code, current in zip(rows["code"], rows["current_code"]):
        if isinstance(current, str) and current:
            by_current.setdefault(current, []).append(code)
    index = {}
    for code, name, start, end, current in zip(rows["code"], rows["name"], rows["start"], rows["end"],
                                               rows["current_code"]):
        family = by_current.get(current, [code]) if isinstance(current, str) and current else [code]
        index[code] = (str(name), int(start), int(end), tuple(family))
    _INDEX[id(gazetteer)] = (gazetteer, index)
    return index


def in_force(code: str, year: int, gazetteer: pd.DataFrame) -> bool:
    row = _index(gazetteer).get(code)
    return row is not None and row[1] <= year <= row[2]


def lineage(code: str, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer rows of ``code`` and its predecessors (same ``current_code``), by start year."""
    row = _index(gazetteer).get(code)
    codes = list(row[3]) if row else []
    rows = gazetteer[gazetteer["code"].isin(codes)]
    return rows.sort_values(["start", "code"]).reset_index(drop=True)


def codes_in_year(code: str, year: int, gazetteer: pd.DataFrame) -> list[str]:
    """``code`` itself when it is in force in ``year``, else the codes of its lineage in force
    then (empty: it has no figure that year)."""
    index = _index(gazetteer)
    row = index.get(code)
    if row is None:
        return []
    if row[1] <= year <= row[2]:
        return [code]
    return [c for c in row[3] if index[c][1] <= year <= index[c][2]]


def years_covered(code: str, gazetteer: pd.DataFrame) -> list[int]:
    return [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if codes_in_year(code, y, gazetteer)]


def link_kind(code: str, year: int, gazetteer: pd.DataFrame) -> str | None:
    """How ``code`` is linked to its lineage in ``year``: None (itself), SAME_AREA, MERGER or
    SPLIT (no figure: formed from a split council)."""
    codes = codes_in_year(code, year, gazetteer)
    if codes == [code]:
        return None
    if len(codes) > 1:
        return MERGER
    if len(codes) == 1:
        return SAME_AREA
    return SPLIT if split_from(code) else None


def split_from(code: str):
    """The split (a :class:`~sufficiency.geography.reorganisations.Change`) that formed ``code``, or None."""
    return next((c for c in CHANGES if code in c.new and c.kind == "split"), None)


def resolve_la(la: str | None, area: str | None, gazetteer: pd.DataFrame) -> str | None:
    """The LA a profile is for: ``la``, else ``area`` if it is an LA; an earlier code of a
    council that was recoded or merged resolves to the current council."""
    codes = dict(zip(gazetteer["code"], gazetteer["current_code"]))
    for code in (la, area):
        if code and code in codes:
            current = codes[code]
            return current if isinstance(current, str) and current else code
    return None


def code_for_year(code: str, year: int, gazetteer: pd.DataFrame) -> tuple[list[str], str | None]:
    """The council(s) of ``year`` that ``code`` (valid in some year) stands for, and a note.

    A code in force in ``year`` is itself. An earlier code follows its recode or merger
    forward (Sheffield E08000019 -> E08000039 in 2025), a split council goes to all its
    successors; a later code goes back to its single same-area predecessor. An empty list
    means no council of ``year`` matches (e.g. a successor of a split before the split).
    """
    index = _index(gazetteer)
    if code not in index:
        return [], f"{code} is not a council code of 2014 to 2025"
    if in_force(code, year, gazetteer):
        return [code], None
    name, start, end, _ = index[code]
    here = codes_in_year(code, year, gazetteer)
    if here:
        if len(here) == 1 and index[here[0]][0] == name:
            return here, f"{code} is {name}'s code of {start} to {end}; in {year} its code is {here[0]}"
        words = " and ".join(f"{index[c][0]} ({c})" for c in here)
        return here, f"{name} ({code}, {start} to {end}) is {words} in {year}"
    change = BY_OLD.get(code)
    if change is not None and change.start <= year:
        new = [c for c in change.new if in_force(c, year, gazetteer)]
        if new:
            words = " and ".join(f"{index[c][0]} ({c})" for c in new)
            return new, f"{name} ({code}) was split in {change.start}: its successors in {year} are {words}"
    return [], f"{name} ({code}) did not exist as a council in {year}"


def lineage_note(code: str, gazetteer: pd.DataFrame) -> str | None:
    """Plain words on how the trend of a reorganised council is linked, or None."""
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    rows = lineage(code, gazetteer)
    earlier = rows[rows["code"] != code]
    if not earlier.empty:
        start = int(rows.loc[rows["code"] == code, "start"].min())
        parts = [f"{names[c]} ({c}, to {int(e)})" for c, e in zip(earlier["code"], earlier["end"])]
        how = "combined" if len(parts) > 1 else "under its earlier code"
        text = (
            f"{names[code]} has had code {code} since {start}. Trends and changes link it to "
            f"{' and '.join(parts)}, {how}."
        )
        if code == "E06000058":
            text += (
                " Christchurch was part of Dorset County Council until 2019, and that council's"
                " figures are not split, so the years before 2019 leave Christchurch out."
            )
        return text
    c = split_from(code)
    if c is not None:
        return (
            f"{names[code]} was formed in {c.start} when the former council {names.get(c.old, c.old)} ({c.old}) was "
            f"split. The former council's figures cannot be divided between its successors, so the trend starts in "
            f"{c.start} and there is no change since an earlier year."
        )
    return None


def no_figure_reason(code: str, year: int, gazetteer: pd.DataFrame) -> str:
    """Why ``code`` has no figure in ``year`` through its lineage (for a change or a trend)."""
    c = split_from(code)
    names = dict(zip(gazetteer["code"], gazetteer["name"]))
    if c is not None and year < c.start:
        return f"formed in {c.start} from the split of {names.get(c.old, c.old)}: no figure before"
    return f"not a council in {year}"
