"""DfE children looked after at 31 March: LA characteristics (2021-2025) and rate files.

* ``dfe_cla_la_31march_by_characteristics_2021_2025.csv``: the rows used are
  Placement / "Secure homes and children's homes" (``cla_ch``), Locality of placement /
  "Placed outside the local authority boundary" (``cla_outside_la``, ``cla_pct_outside_la``)
  , Distance between home and placement / "Placed more than 20 miles from home"
  (``cla_over_20_miles``, ``cla_pct_over_20_miles``) and Unaccompanied asylum-seeking
  children / "UASC" (``cla_uasc``: UASC looked after at 31 March).
* ``dfe_cla_number_and_rate_per_10k_2019_2023.csv`` (2023 release) and
  ``..._2021_2025.csv`` (2025 release): children looked after at 31 March (``cla``),
  DfE's rate per 10,000 (``cla_rate_per_10k``) and the 0-17 population DfE divided by
  (``population_0_17``). Where both releases cover a year the 2025 release is used.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import FixLog, UnknownLabel
from ..provenance import Provenance
from .dfe_areas import fit_to_year_geography
from .dfe_values import area_codes, level_of, long_frame, parse_cells, require_columns, years_of
from .tabular import read_table

CHARACTERISTICS = "dfe_cla/dfe_cla_la_31march_by_characteristics_2021_2025.csv"
RATES_2023 = "dfe_cla/dfe_cla_number_and_rate_per_10k_2019_2023.csv"
RATES_2025 = "dfe_cla/dfe_cla_number_and_rate_per_10k_2021_2025.csv"

#: (cla_group, characteristic) -> {file column: measure}
CHARACTERISTIC_ROWS = {
    ("Placement", "Secure homes and children's homes"): {"number": "cla_ch"},
    ("Locality of placement", "Placed outside the local authority boundary"): {
        "number": "cla_outside_la",
        "percentage": "cla_pct_outside_la",
    },
    ("Distance between home and placement", "Placed more than 20 miles from home"): {
        "number": "cla_over_20_miles",
        "percentage": "cla_pct_over_20_miles",
    },
    ("Unaccompanied asylum-seeking children", "UASC"): {"number": "cla_uasc"},
}
CHARACTERISTICS_COLUMNS = (
    "time_period", "geographic_level", "region_code", "new_la_code", "old_la_code",
    "la_name", "cla_group", "characteristic", "number", "percentage",
)

#: rate file -> (population-type column, its CLA-at-31-March label, count column)
RATE_LAYOUTS = {
    RATES_2023: ("population_count", "Children looked after at 31 March each year", "number"),
    RATES_2025: ("population_type", "Children looked after on 31 March each year", "children_count"),
}


def _missing_row(label: str, what: str, line: int) -> UnknownLabel:
    return UnknownLabel(
        f"no rows for {what}",
        file=label,
        row=line,
        hint="The release may have renamed the category; update dfe_cla.py to the new label",
    )


def read_characteristics(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """The chosen placement, locality and distance rows as a long frame."""
    path = Path(raw_root) / CHARACTERISTICS
    table = read_table(path, header_contains="time_period")
    require_columns(table, CHARACTERISTICS_COLUMNS)
    f = table.frame
    fixes = provenance.fixes
    level = level_of(table)
    codes = area_codes(table, level)
    parts = []
    for (group, characteristic), columns in CHARACTERISTIC_ROWS.items():
        rows = f.index[(f["cla_group"] == group) & (f["characteristic"] == characteristic)]
        if len(rows) == 0:
            raise _missing_row(table.label, f"cla_group '{group}', characteristic '{characteristic}'", table.header_line)
        for column, measure in columns.items():
            values, flags = parse_cells(table, column, rows=rows, fixes=fixes)
            parts.append(
                long_frame(f.loc[rows, "time_period"], level[rows], codes[rows], measure, values, flags, path, f.loc[rows, "_line"])
            )
    # Every other number cell must still be a number or a known code.
    parse_cells(table, "number", fixes=None)
    long = fit_to_year_geography(pd.concat(parts, ignore_index=True), fixes, table.label)
    provenance.record(path, rows_read=len(f), rows_kept=long["line"].nunique())
    return long


def _read_rates(raw_root: Path, rel: str, fixes: FixLog, skip_years: set[int] = frozenset()) -> tuple[pd.DataFrame, int]:
    path = Path(raw_root) / rel
    type_col, label, count_col = RATE_LAYOUTS[rel]
    table = read_table(path, header_contains="time_period")
    require_columns(table, ("time_period", "geographic_level", "region_code", "new_la_code", type_col, "population_estimate", count_col, "rate_per_10000"))
    f = table.frame
    rows = f.index[f[type_col] == label]
    if len(rows) == 0:
        raise _missing_row(table.label, f"{type_col} '{label}'", table.header_line)
    row_years = years_of(f.loc[rows, "time_period"], table.label, f.loc[rows, "_line"])
    later = row_years.isin(skip_years)
    if later.any():
        skipped = sorted(set(row_years[later]))
        fixes.add(path, "rows not used for years that the newer release also covers", int(later.sum()),
                  f"years {', '.join(str(y) for y in skipped)}")
        rows = rows[~later.to_numpy()]
    level = level_of(table)
    codes = area_codes(table, level)
    parts = []
    for column, measure in ((count_col, "cla"), ("rate_per_10000", "cla_rate_per_10k"), ("population_estimate", "population_0_17")):
        values, flags = parse_cells(table, column, rows=rows, fixes=fixes)
        parts.append(long_frame(f.loc[rows, "time_period"], level[rows], codes[rows], measure, values, flags, path, f.loc[rows, "_line"]))
    long = fit_to_year_geography(pd.concat(parts, ignore_index=True), fixes, table.label)
    return long, len(f)


def read_rates(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """CLA at 31 March, rate and population, 2019-2025 (2025 release preferred)."""
    newer, n_new = _read_rates(raw_root, RATES_2025, provenance.fixes)
    older, n_old = _read_rates(raw_root, RATES_2023, provenance.fixes, set(newer["year"]))
    provenance.record(Path(raw_root) / RATES_2025, rows_read=n_new, rows_kept=newer["line"].nunique())
    provenance.record(Path(raw_root) / RATES_2023, rows_read=n_old, rows_kept=older["line"].nunique())
    return pd.concat([older, newer], ignore_index=True)
