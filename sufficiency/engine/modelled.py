"""The modelled measures: shares of children in children's homes placed beyond 20 or 50
miles from home, from the placement-flow model (:mod:`sufficiency.flows`), for any set of
areas. An area's share is over all its LAs' modelled children (never an average of shares).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .areas import Areas, members
from .registry import MEASURES, MODELLED

NO_SECTOR = "no sector chosen"


def _no_figures(index: pd.Index, key: str, reason: str) -> pd.DataFrame:
    n = len(index)
    return pd.DataFrame({key: np.full(n, np.nan), f"{key}__flag": np.full(n, reason, dtype=object),
                         f"{key}__basis": MODELLED, f"{key}__n": np.zeros(n)}, index=index)


@lru_cache(maxsize=2048)  # every year x sector subset x modelled measure x map level is 1,080
def modelled_table(data, key: str, year: int, sectors: tuple, areas: Areas) -> pd.DataFrame:
    """``key`` (a modelled measure, in %) for every area of ``areas`` in ``year``."""
    from ..flows import run_year, share_over

    m = MEASURES[key]
    miles = m.formula[1]
    memb = members(data, areas, int(year))
    index = pd.Index(memb.attrs["areas"], name="area_code")
    if not sectors:
        return _no_figures(index, key, NO_SECTOR)
    try:
        result = run_year(data, int(year), sectors=tuple(sectors))
    except ValueError as err:  # no places in the sectors chosen
        return _no_figures(index, key, str(err))
    share = share_over(result, miles, "la")
    children = pd.Series(result.matrix.sum(axis=1), index=result.codes)
    j = memb.assign(children=memb["la_code"].map(children), beyond=memb["la_code"].map(children * share))
    g = j.groupby("area_code")[["children", "beyond"]].sum(min_count=1).reindex(index)
    n = j.groupby("area_code")["children"].count().reindex(index, fill_value=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(g["children"] > 0, g["beyond"] / g["children"] * 100, np.nan)
    flag = np.where(np.isnan(value), "no children in the model", None).astype(object)
    return pd.DataFrame({key: value, f"{key}__flag": flag, f"{key}__basis": MODELLED, f"{key}__n": n.to_numpy(float)},
                        index=index)
