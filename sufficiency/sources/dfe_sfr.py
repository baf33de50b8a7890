"""DfE SFR underlying LA tables, children looked after at 31 March 2013-2017 (wide).

One row per area. Columns read (all years): ``CLA_Mar<year>`` (``cla``), ``CLA_Secure``
(``cla_ch`` with the SFR definition "secure units, children's homes and hostels"),
``CLA_Outbound`` (``cla_outside_la``), ``CLA_NetGain`` (``cla_net_gain``) and ``CLA_UASC``
(``cla_uasc``: looked after at 31 March and unaccompanied asylum seekers; 2016-2017 "during
the year", as the metadata says); 2017 adds
``CLA_InLA_GT20`` and ``CLA_OutLA_GT20``, read as ``cla_in_la_over_20_miles`` and
``cla_out_la_over_20_miles`` (their sum is ``cla_over_20_miles``).

SFR codes are rewritten to the current DfE ones ('x' suppressed -> 'c', '..' -> 'x').
Inner and Outer London rows carry London's E12 code in the file; they get their E13 codes.
The 2017 Isles of Scilly row has a blank geography level: it is read as an LA (counted).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import UnknownLabel
from ..provenance import Provenance
from .dfe_areas import fit_to_year_geography
from .dfe_values import long_frame, parse_cells, require_columns
from .tabular import read_table

FOLDER = "dfe_cla/sfr_la_tables_2013_2017"
FILES = ("SFR36_CLA2013.csv", "SFR36_CLA2014.csv", "SFR34_CLA2015.csv", "SFR41_CLA2016.csv", "SFR50_CLA2017.csv")
SFR_CODES = ("x", "..")

COLUMNS = {"CLA_Secure": "cla_ch", "CLA_Outbound": "cla_outside_la", "CLA_NetGain": "cla_net_gain", "CLA_UASC": "cla_uasc"}
DISTANCE_COLUMNS = {"CLA_InLA_GT20": "cla_in_la_over_20_miles", "CLA_OutLA_GT20": "cla_out_la_over_20_miles"}
LEVELS = {"NATIONAL": "national", "REGION": "regional", "LA": "la"}
LONDON_PARTS = {"INNER LONDON": "E13000001", "OUTER LONDON": "E13000002"}

#: How the SFR defines ``CLA_Secure`` (kept in ``cla_ch_definition``).
CLA_SECURE_DEFINITION = "secure units, children's homes and hostels (SFR; not comparable with 2021+)"


def _year_of(path: Path) -> int:
    m = re.search(r"CLA(\d{4})", path.name)
    if not m:
        raise UnknownLabel("cannot tell the year from the file name", file=path, hint="Expected a name like SFR50_CLA2017.csv")
    return int(m.group(1))


def read_sfr_file(path: Path, provenance: Provenance) -> pd.DataFrame:
    """One SFR table as a long frame on the year's geography."""
    year = _year_of(path)
    table = read_table(path, header_contains="New_geog_code")
    columns = {f"CLA_Mar{year}": "cla", **COLUMNS, **(DISTANCE_COLUMNS if year >= 2017 else {})}
    require_columns(table, ("New_geog_code", "geog_l", "geog_n", *columns))
    f = table.frame
    fixes = provenance.fixes
    level = f["geog_l"].str.upper().map(LEVELS)
    blank_la = (f["geog_l"] == "") & f["New_geog_code"].str.match(r"^E(06|07|08|09|10)\d{6}$")
    if blank_la.any():
        level[blank_la] = "la"
        first = blank_la.idxmax()
        fixes.add(path, "blank geography level read as LA for an LA code", int(blank_la.sum()),
                  f"line {table.line_of(first)}: {f.loc[first, 'geog_n']}")
    if level.isna().any():
        first = level.isna().idxmax()
        raise UnknownLabel(f"unknown geography level {f.loc[first, 'geog_l']!r}", file=table.label,
                           row=table.line_of(first), column="geog_l", value=f.loc[first, "geog_l"],
                           hint="Expected NATIONAL, REGION or LA")
    code = f["New_geog_code"].copy()
    for name, e13 in LONDON_PARTS.items():
        code[(level == "regional") & (f["geog_n"].str.upper() == name)] = e13
    parts = []
    for column, measure in columns.items():
        values, flags = parse_cells(table, column, codes=SFR_CODES, fixes=fixes, sfr=True)
        parts.append(long_frame(pd.Series(year, index=f.index), level, code, measure, values, flags, path, f["_line"]))
    long = fit_to_year_geography(pd.concat(parts, ignore_index=True), fixes, table.label, "New_geog_code")
    provenance.record(path, rows_read=len(f), rows_kept=long["line"].nunique())
    return long


def read_sfr(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """All five SFR tables (2013-2017) as one long frame."""
    folder = Path(raw_root) / FOLDER
    return pd.concat([read_sfr_file(folder / name, provenance) for name in FILES], ignore_index=True)
