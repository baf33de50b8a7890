"""The national figures the flow model is calibrated to (DfE, observed), by year.

From DfE's national table of children in secure homes and children's homes by distance and
locality (``national_distance``, 2020-2024), of children whose distance is known:

* ``calibration_targets``: the share placed more than 20 miles from home (the decay);
* ``locality_targets``: the share placed outside their LA's boundary (the own-LA parameter);
* ``inside_far_targets``: the share placed inside their LA but more than 20 miles from home
  (the scale of within-LA distances).

Years without a figure use the nearest year that has one (``nearest_year``).
"""

from __future__ import annotations

import pandas as pd

CALIBRATION_GROUP = "Secure homes and children's homes"
CALIBRATION_MILES = 20.0


def _group(national_distance: pd.DataFrame) -> pd.DataFrame:
    return national_distance[national_distance["placement_group"] == CALIBRATION_GROUP]


def calibration_targets(national_distance: pd.DataFrame) -> pd.Series:
    """Observed national share (0-1) over 20 miles by year, of children whose distance is known."""
    return _group(national_distance).set_index("year")["share_over_20_miles_of_known"].astype(float).sort_index()


def locality_targets(national_distance: pd.DataFrame) -> pd.Series:
    """Observed national share (0-1) placed outside their LA by year (empty if the build lacks it)."""
    t = _group(national_distance)
    if "share_outside_la_of_known" not in t.columns:
        return pd.Series(dtype=float, name="share_outside_la_of_known")
    return t.set_index("year")["share_outside_la_of_known"].astype(float).dropna().sort_index()


def inside_far_targets(national_distance: pd.DataFrame) -> pd.Series:
    """Observed national share (0-1) placed inside their LA and more than 20 miles from home, by year."""
    t = _group(national_distance)
    if "over_20_inside_la" not in t.columns:
        return pd.Series(dtype=float, name="over_20_inside_la")
    known = t["children"] - t["distance_not_known"]
    return (t["over_20_inside_la"] / known).set_axis(t["year"]).astype(float).dropna().sort_index()


def nearest_year(years, year: int) -> int:
    """``year`` itself when listed, else the nearest listed year (the later one on a tie)."""
    years = [int(y) for y in years]
    if not years:
        raise ValueError(f"no national figures for '{CALIBRATION_GROUP}'")
    return year if year in years else min(years, key=lambda y: (abs(y - year), -y))


def decay_year_for(national_distance: pd.DataFrame, year: int) -> int:
    """``year`` itself when it has an observed share over 20 miles, else the nearest year that has one."""
    return nearest_year(calibration_targets(national_distance).index, year)
