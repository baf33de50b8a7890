"""DfE readers on hand-made files (tests/fixtures/dfe/, laid out like the raw data folder).

* ``good/``: a valid net-gain file with a national row, codes and a 2025 row with DfE's
  old Barnsley code (E08000016).
* ``unknown_symbol/``: line 4 has the symbol '?' in ``number``.
* ``unknown_la/``: line 3 has the code E06000099, which is no council's.
* ``missing_column/``: the ``number`` column is called ``count``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sufficiency.errors import FixLog, MissingColumn, UnknownLabel, UnknownLocalAuthority
from sufficiency.provenance import Provenance
from sufficiency.sources.dfe_areas import fit_to_year_geography, largest_remainder
from sufficiency.sources.dfe_netgain import NET_GAIN, read_netgain
from sufficiency.sources.dfe_values import parse_cells, pct_flagged, sum_flagged
from sufficiency.sources.tabular import RawTable

FILE = "dfe_cla_la_of_placement_netgain_2020_2024.csv"


def _root(fixtures_dir, case):
    return fixtures_dir / "dfe" / case


def test_unknown_suppression_symbol_names_file_row_column_and_value(fixtures_dir):
    root = _root(fixtures_dir, "unknown_symbol")
    with pytest.raises(UnknownLabel) as err:
        read_netgain(root, Provenance(root))
    msg = str(err.value)
    assert msg.startswith(f"row 4 of {FILE}: unknown suppression symbol '?'")
    assert "column 'number'" in msg and "value '?'" in msg
    assert (err.value.file, err.value.row, err.value.column, err.value.value) == (FILE, 4, "number", "?")


def test_unknown_la_code_names_file_row_and_value(fixtures_dir):
    root = _root(fixtures_dir, "unknown_la")
    with pytest.raises(UnknownLocalAuthority) as err:
        read_netgain(root, Provenance(root))
    assert str(err.value).startswith(f"row 3 of {FILE}: unknown local authority code 'E06000099'")
    assert (err.value.row, err.value.value) == (3, "E06000099")


def test_missing_column_names_file_header_row_and_column(fixtures_dir):
    root = _root(fixtures_dir, "missing_column")
    with pytest.raises(MissingColumn) as err:
        read_netgain(root, Provenance(root))
    assert str(err.value).startswith(f"row 1 of {FILE}: the header on line 1 has no 'number' column")
    assert err.value.column == "number"


def test_good_file_keeps_codes_recodes_barnsley_and_records_provenance(fixtures_dir):
    root = _root(fixtures_dir, "good")
    prov = Provenance(root)
    long = read_netgain(root, prov)
    la = long[long["level"] == "la"].set_index(["year", "area_code", "measure"])
    assert la.loc[(2024, "E06000001", "cla_placed_in_from_other_las"), "value"] == 123
    hart = la.loc[(2024, "E06000001", "cla_net_gain")]
    assert np.isnan(hart["value"]) and hart["flag"] == "c"
    assert la.loc[(2025, "E08000038", "cla_placed_outside_by_la"), "flag"] == "k"
    assert "E08000016" not in set(long["area_code"])
    fixes = {f["fix"]: f["count"] for f in prov.fixes.as_list()}
    assert fixes["recoded E08000016 to E08000038 (same council, the year's ONS code)"] == 3
    assert prov.sources[NET_GAIN].rows_read == 7


def _table(values):
    frame = pd.DataFrame({"n": values, "_line": range(2, 2 + len(values))}, dtype=object)
    return RawTable(frame=frame, source=Path("x.csv"), header_line=1, encoding="utf-8")


def test_codes_are_never_zero_and_sfr_codes_become_current_ones():
    values, flags = parse_cells(_table(["12", "c", "0", "k", "z"]), "n")
    assert values.tolist()[0] == 12 and values.tolist()[2] == 0
    assert values.isna().tolist() == [False, True, False, True, True]
    assert (flags[1], flags[3], flags[4]) == ("c", "k", "z") and flags[[0, 2]].isna().all()
    fixes = FixLog()
    _, sfr = parse_cells(_table(["x", "..", "5"]), "n", codes=("x", ".."), sfr=True, fixes=fixes)
    assert sfr.tolist()[:2] == ["c", "x"] and pd.isna(sfr[2])
    assert sum(fixes.counts.values()) == 2


def test_spreadsheet_error_cell_is_a_counted_fix():
    fixes = FixLog()
    values, flags = parse_cells(_table(["#VALUE!", "3"]), "n", fixes=fixes)
    assert np.isnan(values[0]) and flags[0] == "spreadsheet error"
    assert list(fixes.counts.values()) == [1]


def test_derived_values_carry_flags():
    a = (pd.Series([10.0, np.nan, 4.0]), pd.Series([np.nan, "c", np.nan], dtype=object))
    b = (pd.Series([20.0, 5.0, 0.0]), pd.Series([np.nan, np.nan, np.nan], dtype=object))
    total, tflag = sum_flagged([a, b])
    assert total[0] == 30 and np.isnan(total[1]) and tflag[1] == "c"
    pct, pflag = pct_flagged(a, b)
    assert pct[0] == 50 and pflag[1] == "c" and pflag[2] == "not derivable"


def test_councils_outside_the_years_geography_are_dropped_or_recoded_with_counts():
    rows = [
        (2020, "E06000028", 68.0, np.nan),  # Bournemouth a year after the BCP merger: dropped
        (2019, "E06000058", np.nan, "z"),  # BCP itself: kept
        (2014, "E06000063", np.nan, "z"),  # Cumberland before it existed, 'z': dropped
        (2014, "E06000065", 17.0, np.nan),  # North Yorkshire's new code back-cast: recoded
    ]
    long = pd.DataFrame(rows, columns=["year", "area_code", "value", "flag"]).assign(
        level="la", measure="m", file="f.csv", line=range(2, 6)
    )
    fixes = FixLog()
    out = fit_to_year_geography(long, fixes, "f.csv")
    assert sorted(zip(out["year"], out["area_code"])) == [(2014, "E10000023"), (2019, "E06000058")]
    assert sum(fixes.counts.values()) == 3
    assert out["apportioned_from"].isna().all()


#: Hand-made split weights (successor populations aged 0-17).
WEIGHTS = {"E10000021": (("E06000061", 1.0), ("E06000062", 2.0)),
           "E10000006": (("E06000063", 3.0), ("E06000064", 1.0))}


def test_councils_in_force_at_31_march_are_apportioned_to_the_years_councils():
    rows = [
        (2019, "E06000028", "cla", 68.0, np.nan),  # Bournemouth + Poole -> BCP: summed
        (2019, "E06000029", "cla", 32.0, np.nan),
        (2019, "E06000058", "cla", np.nan, "z"),  # BCP's own 'z': replaced
        (2019, "E06000028", "cla_pct_x", 10.0, np.nan),  # a merger's percentage: not derivable
        (2019, "E06000029", "cla_pct_x", 20.0, np.nan),
        (2019, "E10000009", "cla", np.nan, "c"),  # Dorset county, suppressed -> Dorset 'c'
        (2019, "E06000028", "n", 5.0, np.nan),  # Poole suppressed: BCP 'c'
        (2019, "E06000029", "n", np.nan, "c"),
        (2021, "E10000021", "cla", 101.0, np.nan),  # Northamptonshire split 1:2
        (2021, "E10000021", "cla_pct_x", 40.0, np.nan),  # a split's percentage: inherited
        (2021, "E10000021", "net", -7.0, np.nan),  # a negative count keeps its sign
        (2023, "E10000006", "cla", 10.0, np.nan),  # Cumbria split 3:1
        (2023, "E10000006", "cla_rate_per_10k", np.nan, "x"),
    ]
    long = pd.DataFrame(rows, columns=["year", "area_code", "measure", "value", "flag"]).assign(
        level="la", file="f.csv", line=range(2, 2 + len(rows))
    )
    fixes = FixLog()
    out = fit_to_year_geography(long, fixes, "f.csv", weights=WEIGHTS).set_index(["year", "area_code", "measure"])
    assert not {"E06000028", "E06000029", "E10000009", "E10000021", "E10000006"} & set(out.index.get_level_values(1))

    def cell(*key):
        r = out.loc[key]
        return (None if np.isnan(r["value"]) else r["value"]), r["flag"]

    assert cell(2019, "E06000058", "cla") == (100.0, "estimate")
    assert out.loc[(2019, "E06000058", "cla"), "apportioned_from"] == "E06000028 (Bournemouth) + E06000029 (Poole), summed"
    assert cell(2019, "E06000058", "cla_pct_x") == (None, "not derivable")
    assert cell(2019, "E06000058", "n") == (None, "c")
    assert cell(2019, "E06000059", "cla") == (None, "c")
    assert "Christchurch's share counted in Dorset" in out.loc[(2019, "E06000059", "cla"), "apportioned_from"]
    # 101 x 1/3 = 33.67, x 2/3 = 67.33: largest remainder gives the extra child to North
    assert cell(2021, "E06000061", "cla") == (34.0, "estimate") and cell(2021, "E06000062", "cla") == (67.0, "estimate")
    assert out.loc[(2021, "E06000061", "cla"), "apportioned_from"] == "E10000021 (Northamptonshire), by population 0-17"
    assert cell(2021, "E06000061", "cla_pct_x") == (40.0, "estimate") == cell(2021, "E06000062", "cla_pct_x")
    assert cell(2021, "E06000061", "net")[0] + cell(2021, "E06000062", "net")[0] == -7
    assert cell(2023, "E06000063", "cla") == (8.0, "estimate") and cell(2023, "E06000064", "cla") == (2.0, "estimate")
    assert cell(2023, "E06000064", "cla_rate_per_10k") == (None, "x")
    counted = {fix: n for (_, fix), n in fixes.counts.items()}
    apportioned = {fix: n for fix, n in counted.items() if fix.startswith("apportioned LA rows of")}
    assert len(apportioned) == 5 and sum(apportioned.values()) == len(rows) - 1
    assert counted["successor's own rows without figures (codes only) replaced by apportioned ones"] == 1
    assert all((f.get("example") or "").startswith(("2019", "2021", "2023")) for f in fixes.for_file("f.csv")
               if f["fix"].startswith("apportioned"))


def test_largest_remainder_shares_sum_exactly():
    w = (("a", 52019.0), ("b", 39177.0))
    for total in (0, 1, 7, 740, 1144, -49):
        shares = largest_remainder(total, w)
        assert sum(shares.values()) == total and all(v == int(v) for v in shares.values())
    assert largest_remainder(740, w) == {"a": 422.0, "b": 318.0}
