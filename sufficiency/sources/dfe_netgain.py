"""DfE net gain of children looked after by responsible LA, all placement types, 2020-2024.

``la_cla_on_31_march_la_of_placement_netgain.csv`` (2024 release). Three characteristics:
other LAs' children placed in this LA (``cla_placed_in_from_other_las``), this LA's
children placed outside (``cla_placed_outside_by_la``) and the net gain (``cla_net_gain``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UnknownLabel
from ..provenance import Provenance
from .dfe_areas import fit_to_year_geography
from .dfe_values import area_codes, level_of, long_frame, parse_cells, require_columns
from .tabular import read_table

NET_GAIN = "dfe_cla/dfe_cla_la_of_placement_netgain_2020_2024.csv"
CHARACTERISTICS = {
    "1. Children who are the responsibility of other LAs placed within this LA boundary": "cla_placed_in_from_other_las",
    "2. Children who are the responsibility of this LA placed outside the LA boundary": "cla_placed_outside_by_la",
    "Net gain of children by responsible LA": "cla_net_gain",
}


def read_netgain(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    path = Path(raw_root) / NET_GAIN
    table = read_table(path, header_contains="time_period")
    require_columns(table, ("time_period", "geographic_level", "region_code", "new_la_code", "characteristic", "number"))
    f = table.frame
    measure = f["characteristic"].map(CHARACTERISTICS)
    if measure.isna().any():
        first = measure.isna().idxmax()
        raise UnknownLabel(
            f"unknown characteristic {f.loc[first, 'characteristic']!r}",
            file=table.label, row=table.line_of(first), column="characteristic",
            value=f.loc[first, "characteristic"],
            hint="Expected the three net-gain rows; update dfe_netgain.CHARACTERISTICS if DfE renamed them",
        )
    level = level_of(table)
    values, flags = parse_cells(table, "number", fixes=provenance.fixes)
    long = long_frame(f["time_period"], level, area_codes(table, level), measure, values, flags, path, f["_line"])
    long = fit_to_year_geography(long, provenance.fixes, table.label)
    provenance.record(path, rows_read=len(f), rows_kept=long["line"].nunique())
    return long
