"""Map measures from the placement-flow model (``sufficiency.flows``), labelled modelled.

The share of each home area's children in children's homes placed more than 20 or 50 miles
from home, as the calibrated flow model estimates it for the sectors chosen. An area's
share is over all its children (never an average of its LAs' shares).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE

MILES = {"modelled_over_20_miles": 20, "modelled_over_50_miles": 50}
_BY = {"la": "la", "region": "region", "country": "england"}


def _index(data, year: int, level: str) -> pd.Index:
    if level == "la":
        t = data.la_year
        return pd.Index(t.loc[t["year"] == year, "la_code"], name="la_code")
    if level == "region":
        t = data.region_year
        return pd.Index(t.loc[(t["year"] == year) & (t["level"] == "region"), "area_code"], name="area_code")
    return pd.Index([ENGLAND_CODE], name="area_code")


def modelled_values(data, measure: str, year: int, sectors, level: str = "la") -> pd.Series:
    """``measure`` (% of children, modelled) for every area of ``level`` in ``year``.

    Missing (NaN) when no sector is chosen or the model has no places to send children to."""
    from ..flows import run_year, share_over

    index = _index(data, int(year), level)
    if measure not in MILES:
        raise KeyError(f"'{measure}' is not a modelled measure")
    empty = pd.Series(np.nan, index=index, name=measure, dtype=float)
    if not sectors:
        return empty
    try:
        result = run_year(data, int(year), sectors=tuple(sectors))
    except ValueError:  # no places in the sectors chosen
        return empty
    share = share_over(result, MILES[measure], _BY[level]) * 100
    return pd.Series(share.reindex(index).to_numpy(dtype=float), index=index, name=measure)
