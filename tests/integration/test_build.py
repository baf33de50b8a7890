"""The whole build on the real official files: totals, sums, provenance, embedded data."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys

import pandas as pd

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE, YEARS
from sufficiency.build import COMPACT_TABLES


def test_embedded_data_equals_a_fresh_build(compact_build_dir):
    """data/ is exactly what `python -m sufficiency build --compact` writes today."""
    names = [f"{t}.csv" for t in COMPACT_TABLES] + ["provenance.json"]
    match, mismatch, errors = filecmp.cmpfiles(EMBEDDED_DATA, compact_build_dir, names, shallow=False)
    assert not errors, f"missing from data/: {errors}"
    assert not mismatch, (
        f"data/ differs from a fresh build in {mismatch}: run "
        "`python -m sufficiency build --raw ../shared/data --out data --compact`"
    )


def test_embedded_data_has_no_per_home_rows_or_polygons():
    shipped = {p.name for p in EMBEDDED_DATA.iterdir()}
    assert not any(n.startswith("homes") for n in shipped)
    assert not any(n.endswith((".geojson", ".json")) and n != "provenance.json" for n in shipped)
    supply = pd.read_csv(EMBEDDED_DATA / "supply.csv")
    assert "urn" not in supply.columns


def test_every_year_and_every_la_of_its_geography(build_result):
    la_year = build_result.tables["la_year"]
    counts = la_year.groupby("year")["la_code"].nunique().to_dict()
    expected = {y: 152 for y in YEARS} | {2019: 151, 2020: 151, 2023: 153, 2024: 153, 2025: 153}
    assert counts == expected


def test_dfe_published_holds_the_regional_and_national_rows(build_result):
    published = build_result.tables["dfe_published"]
    eng = published[(published["area_code"] == ENGLAND_CODE) & (published["measure"] == "cla")].set_index("year")
    assert eng.loc[2021, "value"] == 80780 and set(published["level"]) == {"national", "regional"}
    assert "region_year" not in build_result.tables  # regions and England come from the measure engine


def test_suppressed_dfe_values_stay_missing_with_their_code(build_result):
    la_year = build_result.tables["la_year"]
    flagged = la_year[la_year["cla_flag"].isin(["c", "x", "k", "z"])]
    assert len(flagged) > 0
    assert flagged["cla"].isna().all()
    for col in [c for c in la_year.columns if c.endswith("_flag")]:
        measure = col.removesuffix("_flag")
        if measure in la_year:
            coded = la_year[col].isin(["c", "x", "k", "z"])
            assert la_year.loc[coded, measure].isna().all(), measure
            assert not (la_year.loc[coded, measure] == 0).any(), measure


def test_region_change_between_any_two_years(build_result, compact_build_dir):
    from sufficiency.engine import queries
    from sufficiency.store import load
    from sufficiency.vocab import SECTORS

    data = load(compact_build_dir)
    change = queries.region_change(data, 2014, 2025, tuple(SECTORS), ("childrens_home",)).set_index("region_code")
    assert len(change) == 10  # 9 regions and England
    nw, se, eng = change.loc["E12000002"], change.loc["E12000008"], change.loc[ENGLAND_CODE]
    # The North West grows the most in homes and faster than England; the South East's
    # share of England's homes falls.
    assert nw["homes_change"] == change.drop(ENGLAND_CODE)["homes_change"].max()
    assert nw["homes_pct_change"] > eng["homes_pct_change"]
    assert se["homes_2025"] / eng["homes_2025"] < se["homes_2014"] / eng["homes_2014"]

def test_provenance_lists_every_source_with_hash_rows_and_fixes(compact_build_dir, raw_root):
    prov = json.loads((compact_build_dir / "provenance.json").read_text())
    files = {s["file"]: s for s in prov["sources"]}
    official = {p.relative_to(raw_root).as_posix() for p in raw_root.rglob("*") if p.suffix in (".csv", ".ods", ".geojson")}
    used = set(files)
    assert {f for f in official if f.startswith("ofsted_providers/ofsted_provider_level")} <= used
    assert "dfe_cla/dfe_foi_2024-0040813_childrens_homes_placed_outside_la_2014_2024.csv" in used
    for rec in prov["sources"]:
        assert len(rec["sha256"]) == 64
        assert rec["rows_kept"] <= rec["rows_read"]
        # A file with no rows read is only one superseded by the official workbook, and says so.
        if rec["rows_read"] == 0:
            assert any(p.startswith("not read:") for p in rec.get("parts", [])), rec["file"]
    assert files["geography/ons_utla_england_2014_2025_super_generalised.geojson"]["rows_read"] == 163
    assert prov["fixes"], "fixes applied are recorded"
    assert all(f["count"] > 0 for f in prov["fixes"])


def test_build_command_line_writes_tables_and_provenance(tmp_path, raw_root):
    out = tmp_path / "build"
    proc = subprocess.run(
        [sys.executable, "-m", "sufficiency", "build", "--raw", str(raw_root), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("homes", "la_year", "dfe_published", "supply", "gazetteer"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    assert (out / "provenance.json").exists()
    homes = pd.read_parquet(out / "homes.parquet")
    assert set(homes["year"]) == set(YEARS)
    assert "Built in" in proc.stdout


def test_build_command_reports_a_missing_folder_clearly(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "sufficiency", "build", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr


def test_provenance_records_rows_and_sha256_of_every_table_written(compact_build_dir):
    from sufficiency.integrity import verify
    from sufficiency.provenance import sha256_of

    tables = json.loads((compact_build_dir / "provenance.json").read_text(encoding="utf-8"))["tables"]
    assert set(tables) == set(COMPACT_TABLES)
    for name, rec in tables.items():
        frame = pd.read_csv(compact_build_dir / f"{name}.csv")
        assert rec["rows"] == len(frame) and rec["columns"] == list(frame.columns), name
        assert rec["sha256"] == {f"{name}.csv": sha256_of(compact_build_dir / f"{name}.csv")}, name
    assert verify(compact_build_dir, COMPACT_TABLES) == verify(EMBEDDED_DATA, COMPACT_TABLES)
