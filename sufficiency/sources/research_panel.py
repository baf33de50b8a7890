"""Goodair et al.'s LA placement panel (derived research data, not an official table).

``derived_research/goodair_la_placement_panel_2011_2022.csv`` was built by the authors
from DfE's CLA tables. It is used only where no official LA table is available here:
the years 2018-2020 (``YEARS_USED``), for children looked after at 31 March (``cla``,
needed in 2018) and children placed more than 20 miles from home
(``cla_over_20_miles``). Values keep DfE's codes; ``NA`` (R's missing value) becomes the
flag 'not in panel'.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..provenance import Provenance
from .dfe_areas import fit_to_year_geography
from .dfe_values import long_frame, parse_cells, require_columns
from .tabular import read_table

PANEL = "derived_research/goodair_la_placement_panel_2011_2022.csv"
YEARS_USED = (2018, 2019, 2020)
COLUMNS = {"CLA_Mar": "cla", "CLA_Placed more than 20 miles from home": "cla_over_20_miles"}
SOURCE_LABEL = "research-derived (Goodair et al.)"
NOT_IN_PANEL = "not in panel"


def read_panel(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """Long frame of the panel's ``cla`` and ``cla_over_20_miles`` for 2018-2020."""
    path = Path(raw_root) / PANEL
    table = read_table(path, header_contains="New_geog_code")
    require_columns(table, ("New_geog_code", "year", *COLUMNS))
    f = table.frame
    rows = f.index[pd.to_numeric(f["year"], errors="coerce").isin(YEARS_USED)]
    parts = []
    for column, measure in COLUMNS.items():
        values, flags = parse_cells(table, column, codes=("c", "k", "x", "z", "NA"), rows=rows)
        flags = flags.replace({"NA": NOT_IN_PANEL})
        level = pd.Series("la", index=rows)
        parts.append(long_frame(f.loc[rows, "year"], level, f.loc[rows, "New_geog_code"], measure, values, flags, path, f.loc[rows, "_line"]))
    long = fit_to_year_geography(pd.concat(parts, ignore_index=True), provenance.fixes, table.label, "New_geog_code")
    provenance.record(path, rows_read=len(f), rows_kept=long["line"].nunique(), part=f"years {YEARS_USED[0]}-{YEARS_USED[-1]}")
    return long
