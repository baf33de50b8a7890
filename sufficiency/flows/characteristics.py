"""LA characteristics that predict how many of an LA's children live in its own LA.

Pure functions of the model's inputs for one year (no observed per-LA placement figure
enters): children from the LA in children's homes, places at the common occupancy, the
LA's area and population aged 0-17, distances, and optionally the gravity model's own share.
Each characteristic is a column; rows are LA codes. LAs without children get NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEARBY_MILES = 20.0

FEATURES = {
    "gravity_logit": "log-odds that a child is placed in their own LA in the gravity model with the national "
                     "own-LA parameter",
    "la_places_per_child": "places in the LA's own (local-authority) children's homes per child from the LA in "
                           "children's homes, at the common occupancy, at most 1",
    "log_area": "log of the LA's area in km2",
    "log_places_per_child": "log of all places in the LA per child from the LA, at the common occupancy",
    "log_density": "log of children aged 0-17 per km2",
    "log_nearby_places_per_child": f"log of places in other LAs within {NEARBY_MILES:g} miles per child from the LA, "
                                   "at the common occupancy",
}


def logit(p) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(p / (1.0 - p))


def expit(x) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def la_characteristics(
    codes,
    children,
    capacity,
    la_capacity,
    area_km2,
    population,
    miles: np.ndarray,
    gravity_inside_share=None,
) -> pd.DataFrame:
    """One row per LA of ``codes``: the columns of ``FEATURES``.

    ``children``: the LA's children in children's homes; ``capacity``: all places in the LA
    at the common occupancy; ``la_capacity``: those of local-authority homes; ``population``:
    children aged 0-17; ``gravity_inside_share``: share of the LA's children placed in the LA
    by the gravity model with a national own-LA parameter (the ``gravity_logit`` column is
    NaN without it).
    """
    n = np.asarray(children, dtype=float)
    cap = np.asarray(capacity, dtype=float)
    la_cap = np.asarray(la_capacity, dtype=float)
    area = np.asarray(area_km2, dtype=float)
    pop = np.asarray(population, dtype=float)
    off = ~np.eye(len(n), dtype=bool)
    nearby = ((miles <= NEARBY_MILES) & off) @ cap
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.full(len(n), np.nan) if gravity_inside_share is None else np.asarray(gravity_inside_share, float)
        cols = {
            "gravity_logit": logit(np.clip(share, 1e-4, 1 - 1e-4)),
            "la_places_per_child": np.minimum(1.0, la_cap / n),
            "log_area": np.log(area),
            "log_places_per_child": np.log((cap + 0.5) / n),
            "log_density": np.log(pop / area),
            "log_nearby_places_per_child": np.log((nearby + 0.5) / n),
        }
    values = np.column_stack(list(cols.values()))
    values[~(n > 0)] = np.nan
    values[~np.isfinite(values)] = np.nan
    return pd.DataFrame(values, index=pd.Index(list(codes), name="la_code"), columns=list(cols))
