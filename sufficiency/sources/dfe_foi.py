"""DfE FOI 2024-0040813: children looked after placed in children's homes, 2014-2024.

Two CSV files with 13 lines of notes above the header (line 14):

* part 2, ``..._placed_outside_la_...``: children in children's homes placed outside their
  LA boundary (``ch_placed_outside_la``) and their percentage of the LA's children in
  children's homes (``ch_pct_outside_la``);
* part 1, ``..._net_gain_...``: net gain of children in children's homes by responsible LA
  (``ch_net_gain``).

The FOI files follow the councils in force at 31 March (Bournemouth, Poole and Dorset
county in 2019, Cumbria in 2023), and back-cast recoded councils (North Yorkshire
E06000065 for 2014-2022): see :mod:`.dfe_areas` for how they are fitted to each year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UnknownLabel
from ..provenance import Provenance
from .dfe_areas import fit_to_year_geography
from .dfe_values import area_codes, level_of, long_frame, parse_cells, require_columns
from .tabular import read_table

PLACED_OUTSIDE = "dfe_cla/dfe_foi_2024-0040813_childrens_homes_placed_outside_la_2014_2024.csv"
NET_GAIN = "dfe_cla/dfe_foi_2024-0040813_childrens_homes_net_gain_2014_2024.csv"

#: file -> (characteristic expected on every row, {column: measure})
LAYOUT = {
    PLACED_OUTSIDE: (
        "Placed outside the local authority boundary",
        {"number": "ch_placed_outside_la", "percentage": "ch_pct_outside_la"},
    ),
    NET_GAIN: ("Net gain of children by responsible LA", {"number": "ch_net_gain"}),
}
BASE_COLUMNS = ("time_period", "geographic_level", "region_code", "new_la_code", "characteristic")


def read_foi_file(raw_root: Path, rel: str, provenance: Provenance) -> pd.DataFrame:
    path = Path(raw_root) / rel
    characteristic, columns = LAYOUT[rel]
    table = read_table(path, header_contains="time_period")
    require_columns(table, (*BASE_COLUMNS, *columns))
    f = table.frame
    other = f["characteristic"] != characteristic
    if other.any():
        first = other.idxmax()
        raise UnknownLabel(
            f"unexpected characteristic {f.loc[first, 'characteristic']!r}",
            file=table.label, row=table.line_of(first), column="characteristic",
            value=f.loc[first, "characteristic"],
            hint=f"This FOI table should hold only '{characteristic}' rows",
        )
    level = level_of(table)
    codes = area_codes(table, level)
    parts = []
    for column, measure in columns.items():
        values, flags = parse_cells(table, column, fixes=provenance.fixes)
        parts.append(long_frame(f["time_period"], level, codes, measure, values, flags, path, f["_line"]))
    long = fit_to_year_geography(pd.concat(parts, ignore_index=True), provenance.fixes, table.label)
    provenance.record(path, rows_read=len(f), rows_kept=long["line"].nunique())
    return long


def read_foi(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """Both FOI tables as one long frame."""
    return pd.concat([read_foi_file(raw_root, rel, provenance) for rel in LAYOUT], ignore_index=True)
