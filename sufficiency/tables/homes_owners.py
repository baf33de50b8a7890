"""The ``owner`` of each home-year: one name per organisation, from the first list naming owners.

Each home-year's owner is the organisation named by the record its attributes come from
(the year's own list first, otherwise the nearest record naming one; ``owner_source`` says
which). Spellings are merged across all years by :mod:`sufficiency.sources.ofsted_owners`,
and every merge, every withheld individual's name and every borrowed or missing owner is
counted in the fix log.
"""

from __future__ import annotations

import pandas as pd

from ..errors import FixLog
from ..sources.ofsted_owners import normalise

HOMES = "homes"


def first_owner_year(frames: dict) -> int | None:
    """The first year of a provider list that names owners (2018 with the current files)."""
    years = [src.year for src, f in frames.items() if src.is_list and f["owner"].notna().any()]
    return min(years) if years else None


def assign_owners(homes: pd.DataFrame, first_year: int | None, fixes: FixLog) -> pd.DataFrame:
    """``homes`` with ``owner`` normalised, and no owner before ``first_year``."""
    out = homes.copy()
    before = out["year"] < first_year if first_year is not None else pd.Series(True, index=out.index)
    out.loc[before, ["owner", "owner_source"]] = None
    published = out["owner"].where(out["owner"].notna(), None)
    mapping, merged = normalise(pd.DataFrame({"year": out["year"], "spelling": published}))
    withheld = [sp for sp, name in mapping.items() if name is None]
    n_withheld = int(published.isin(withheld).sum())
    fixes.add(HOMES, "owner is a private individual: name withheld, counted with owners not published",
              n_withheld, example=f"{n_withheld} home-years" if n_withheld else None)
    out["owner"] = published.map(mapping).where(published.notna(), None)
    out.loc[out["owner"].isna(), "owner_source"] = None
    for rule, rows in merged.groupby("rule", sort=True):
        first = rows.iloc[0]
        fixes.add(HOMES, f"owner spelling merged into another spelling of the same owner ({rule})", len(rows),
                  example=f"'{first.spelling}' -> '{first.owner}'")
    for year, rows in out[~before].groupby("year"):
        borrowed = rows["owner"].notna() & (rows["owner_source"] != "own list")
        fixes.add(HOMES, f"owner for {year} taken from the nearest record naming one (not the year's own list)",
                  int(borrowed.sum()), example=rows.loc[borrowed, "owner_source"].iloc[0] if borrowed.any() else None)
        fixes.add(HOMES, f"owner not published for {year}", int(rows["owner"].isna().sum()))
    return out
