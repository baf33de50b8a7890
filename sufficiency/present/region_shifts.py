"""Regional shifts at a glance: which regions' registered places and children's homes grew
faster or slower than England's between two years, and how each region's share of England
moved. Pure functions of the engine's regional series (``queries.region_change``), shared by
the region view and the exports."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE
from ..formats import number


def _listed(names: list[str]) -> str:
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def relative_growth(change: pd.DataFrame, what: str = "places") -> tuple[list[str], list[str], list[str]]:
    """(faster, slower, same) than England: the regions whose ``what`` (homes or places) grew
    by more, less or the same % as England's between the two years of ``change``; a region
    without a figure in the first year is in none. Each list in order of % change, largest first."""
    eng = change[change["region_code"] == ENGLAND_CODE].iloc[0][f"{what}_pct_change"]
    regions = change[change["region_code"] != ENGLAND_CODE].sort_values(f"{what}_pct_change", ascending=False)
    pct = regions[f"{what}_pct_change"].to_numpy(dtype=float)
    names = regions["region"].tolist()
    if not np.isfinite(eng):
        return [], [], []
    faster = [n for n, p in zip(names, pct) if np.isfinite(p) and round(p, 1) > round(eng, 1)]
    slower = [n for n, p in zip(names, pct) if np.isfinite(p) and round(p, 1) < round(eng, 1)]
    same = [n for n, p in zip(names, pct) if np.isfinite(p) and round(p, 1) == round(eng, 1)]
    return faster, slower, same


def growth_sentence(change: pd.DataFrame, baseline: int, year: int, what: str = "places") -> str | None:
    """One sentence saying which regions' ``what`` grew faster or slower than England's
    (their share of England's rose or fell), or None without a first-year figure for England."""
    eng = change[change["region_code"] == ENGLAND_CODE].iloc[0]
    pct = eng[f"{what}_pct_change"]
    if not np.isfinite(pct):
        return None
    word = "registered places" if what == "places" else "children's homes"
    faster, slower, _ = relative_growth(change, what)
    moved = f"grew by {number(pct, 'pct')}" if pct > 0 else f"fell by {number(-pct, 'pct')}" if pct < 0 \
        else "did not change"
    text = f"Between 31 March {baseline} and 31 March {year}, England's {word} {moved}."
    if faster:
        text += f" Faster than England (a rising share of England's {word}): {_listed(faster)}."
    if slower:
        text += f" Slower than England (a falling share): {_listed(slower)}."
    return text


def share_sentence(series: pd.DataFrame, region: str, baseline: int, year: int) -> str | None:
    """The chosen region's share of England's homes and places in ``baseline`` and ``year``."""
    rows = series[(series["region"] == region) & series["year"].isin([baseline, year])].set_index("year")
    if baseline not in rows.index or year not in rows.index:
        return None
    parts = []
    for what, word in (("homes", "children's homes"), ("places", "registered places")):
        before, after = rows.at[baseline, f"share_{what}"], rows.at[year, f"share_{what}"]
        verb = "rose" if after > before else "fell" if after < before else "stayed"
        parts.append(f"{word} {verb} from {number(before, 'pct')} to {number(after, 'pct')}"
                     if verb != "stayed" else f"{word} stayed at {number(after, 'pct')}")
    return f"{region}'s share of England's " + " and its share of ".join(parts) + f" ({baseline} to {year})."
