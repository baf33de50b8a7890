"""ONS mid-year population estimates, children aged 0 to 17, by LA (mid-2012 to mid-2024).

DfE's rates for the year to 31 March Y divide by the mid-year estimate of Y-1, so the
estimate for mid-(Y-1) is returned as ``population_0_17`` of year Y (``time_period`` + 1).
Bournemouth, Poole and Dorset county are 'x' (not available) in this compilation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UnknownLabel
from ..provenance import Provenance
from .dfe_areas import fit_to_year_geography
from .dfe_values import area_codes, level_of, long_frame, parse_cells, require_columns, years_of
from .tabular import read_table

POPULATION = "population/ons_mid_year_population_0_to_17_by_la_2012_2024.csv"
AGE_GROUP = "Children aged 0 to 17 years"


def read_population(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """Long frame of ``population_0_17`` keyed by the year it is the denominator for."""
    path = Path(raw_root) / POPULATION
    table = read_table(path, header_contains="time_period")
    require_columns(table, ("time_period", "geographic_level", "region_code", "new_la_code", "age_group", "population_estimate"))
    f = table.frame
    other = f["age_group"] != AGE_GROUP
    if other.any():
        first = other.idxmax()
        raise UnknownLabel(
            f"unexpected age group {f.loc[first, 'age_group']!r}", file=table.label,
            row=table.line_of(first), column="age_group", value=f.loc[first, "age_group"],
            hint=f"Only '{AGE_GROUP}' is expected",
        )
    level = level_of(table)
    values, flags = parse_cells(table, "population_estimate", fixes=provenance.fixes)
    year = years_of(f["time_period"], table.label, f["_line"]) + 1
    long = long_frame(year, level, area_codes(table, level), "population_0_17", values, flags, path, f["_line"])
    long = fit_to_year_geography(long, provenance.fixes, table.label)
    provenance.record(path, rows_read=len(f), rows_kept=long["line"].nunique())
    return long
