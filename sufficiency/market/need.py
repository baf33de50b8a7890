"""Do new children's homes open where they are needed? Openings against need, by LA and sector.

For each LA of a year: the homes and places opened in the 1, 3 or 5 years to 31 March
(``openings``, by the sector of the home when it opened, in the LA of the year's
geography), beside the LA's need and supply at the start of that window (31 March of
``year - window``, so that the places opened are not part of the supply or gap they are
compared with):

* need, from the measure engine (:mod:`sufficiency.engine`, DfE's published counts): the gap
  (children in children's homes minus places, all sectors), children looked after per 10,000
  children, and the shares of children placed outside the LA (children in children's homes,
  DfE FOI, to 2024; all children looked after);
* supply: registered places in the sector, and places opened as a share of them.

An LA of the year is taken through its lineage at the start of the window (a recoded council
keeps its figures; BCP before 2019 is Bournemouth and Poole summed); a successor of a council
split during the window (Northamptonshire 2021, Cumbria 2023) has no figures for the start and
is left out of the correlations.

:func:`correlation` gives the rank (Spearman) and linear (Pearson) correlation across LAs
for each sector. Read it with :data:`CAVEAT`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats

from ..engine import Areas, measure, measure_table
from ..engine.areas import LA
from ..vocab import SECTORS
from .concentration import DEFAULT_TYPES, select

WINDOWS = (1, 3, 5)
ALL_SECTORS = "All sectors"
#: Need measures (keys of the engine's registry): column -> label.
NEED = {key: measure(key).label for key in ("gap", "gap_per_10k", "cla_per_10k", "ch_pct_outside_la", "pct_outside_la")}
CAVEAT = (
    "Need here is measured from published counts (DfE children looked after and the FOI figures on children in "
    "children's homes), not from assessed need; property prices are not in the data, so homes opening where "
    "property is cheap cannot be told apart from homes opening where they are needed. Correlation is not cause."
)


def _window_columns(window: int) -> tuple[str, str]:
    if window not in WINDOWS:
        raise ValueError(f"the window must be one of {WINDOWS} years (got {window})")
    suffix = "" if window == 1 else f"_{window}y"
    return f"homes_opened{suffix}", f"places_opened{suffix}"


def openings_against_need(data, year: int, window: int = 1, provision_types: Iterable[str] | None = DEFAULT_TYPES,
                          sectors: Iterable[str] | None = None, need_year: int | None = None) -> pd.DataFrame:
    """One row per LA of ``year`` and sector (plus :data:`ALL_SECTORS`): openings, need, supply.

    ``data`` is the :class:`~sufficiency.store.AppData`. Columns: la_code, region_code, year,
    window_years, need_year, sector, homes_opened, places_opened (in the ``window`` years to
    31 March ``year``), and at 31 March ``need_year`` (default ``year - window``):
    population_0_17, places (that sector), places_opened_per_10k (per 10,000 children aged
    0-17), opened_pct_of_places and the need columns of :data:`NEED` (the same for every
    sector of an LA). Raises ``ValueError`` where the window starts before the first year of
    openings.
    """
    homes_col, places_col = _window_columns(window)
    openings = data.openings
    first = int(openings["year"].min())
    if year - window + 1 < first:
        raise ValueError(f"places opened in the {window} years to {year} need openings from {year - window + 1}; "
                         f"they are counted from {first}")
    need_year = year - window if need_year is None else int(need_year)
    sectors = list(sectors) if sectors is not None else list(SECTORS)
    types = tuple(provision_types) if provision_types is not None else tuple(sorted(set(data.supply["provision_type"])))
    las = data.la_year.loc[data.la_year["year"] == year, ["la_code", "region_code"]].set_index("la_code")
    areas = Areas(LA, tuple(las.index))
    start = measure_table(data, need_year, tuple(SECTORS), types, areas)
    las["population_0_17"] = start["population_0_17"].reindex(las.index)
    need = pd.DataFrame({col: start[col].reindex(las.index) for col in NEED}, index=las.index)
    opened = select(openings, year, None, sectors, types)
    opened = opened.groupby(["la_code", "sector"])[[homes_col, places_col]].sum().rename(
        columns={homes_col: "homes_opened", places_col: "places_opened"})
    parts = []
    for sector in [*sectors, ALL_SECTORS]:
        o = opened if sector == ALL_SECTORS else opened[opened.index.get_level_values("sector") == sector]
        o = o.groupby(level="la_code").sum()
        chosen = tuple(sectors) if sector == ALL_SECTORS else (sector,)
        frame = las.copy()
        frame["sector"] = sector
        frame["homes_opened"] = o["homes_opened"].reindex(las.index).fillna(0).astype(int)
        frame["places_opened"] = o["places_opened"].reindex(las.index).fillna(0).astype(int)
        frame["places"] = measure_table(data, need_year, chosen, types, areas)["places"].reindex(las.index).astype(
            "Float64")
        parts.append(frame)
    out = pd.concat(parts).reset_index()
    pop = out["population_0_17"].astype(float)
    out["places_opened_per_10k"] = out["places_opened"] / pop.replace(0, np.nan) * 10_000
    out["opened_pct_of_places"] = out["places_opened"] / out["places"].astype(float).replace(0, np.nan) * 100
    out = out.merge(need, left_on="la_code", right_index=True, how="left")
    out.insert(2, "year", int(year))
    out.insert(3, "window_years", int(window))
    out.insert(4, "need_year", need_year)
    return out


def correlation(points: pd.DataFrame, need: str = "gap_per_10k", opened: str = "places_opened_per_10k") -> pd.DataFrame:
    """Per sector: LAs with both values (n), Spearman's rank and Pearson's correlation of ``opened`` with ``need``.

    ``points`` is :func:`openings_against_need`. A sector with fewer than 3 LAs, or with no
    variation, has missing correlations.
    """
    rows = []
    for sector, part in points.groupby("sector", sort=False):
        both = part[[need, opened]].dropna()
        n = len(both)
        rho = r = p_rho = np.nan
        if n >= 3 and both[need].nunique() > 1 and both[opened].nunique() > 1:
            rho, p_rho = stats.spearmanr(both[need], both[opened])
            r = stats.pearsonr(both[need], both[opened])[0]
        rows.append({"sector": sector, "need": need, "opened": opened, "las": n,
                     "spearman": float(rho), "spearman_p": float(p_rho), "pearson": float(r)})
    return pd.DataFrame(rows, columns=["sector", "need", "opened", "las", "spearman", "spearman_p", "pearson"])
