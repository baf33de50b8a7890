"""A corpus of malformed variants of the real official files, made at test time in tmp_path
(no copy of official data is kept), with the message each gets.

Each variant either reads cleanly (the change is one the readers absorb) or stops with a
DataError whose message names the file and, where there is one, the row, column and value.
The table of variants and messages is written to test-artifacts/malformed-corpus.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sufficiency.config import PROJECT_ROOT
from sufficiency.errors import DataError
from sufficiency.provenance import Provenance
from sufficiency.sources import dfe_cla, dfe_national, ofsted_catalogue, ofsted_providers
from sufficiency.sources.tabular import read_table

OFSTED = "ofsted_providers/ofsted_provider_level_2015-03-31.csv"
REPORT: list[tuple[str, str]] = []


def _ofsted(path: Path):
    src = ofsted_catalogue.OfstedSource(ofsted_catalogue.PROVIDER_LEVEL, path, date(2015, 3, 31))
    return ofsted_providers.read_source(src)


def _characteristics(root: Path):
    return dfe_cla.read_characteristics(root, Provenance(raw_root=root))


def _lines(raw_root: Path, rel: str) -> list[str]:
    return (raw_root / rel).read_bytes().decode("utf-8-sig").splitlines()


def _write(root: Path, rel: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _replace_header(lines, old, new):
    return [lines[0].replace(old, new, 1), *lines[1:]]


def _drop_column(lines, name):
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    j = rows[0].index(name)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:j] + r[j + 1:] for r in rows])
    return out.getvalue().splitlines()


def _outcome(name: str, run) -> tuple[object, DataError | None]:
    try:
        result = run()
    except DataError as err:
        REPORT.append((name, str(err)))
        return None, err
    REPORT.append((name, f"read cleanly ({len(result)} rows)"))
    return result, None


def test_ofsted_header_moved_down_reads_the_same(raw_root, tmp_path):
    lines = _lines(raw_root, OFSTED)
    clean = _ofsted(_write(tmp_path / "a", OFSTED, lines))
    moved, err = _outcome("Ofsted list, header moved down 6 lines under a title",
                          lambda: _ofsted(_write(tmp_path / "b", OFSTED, ["Children's homes at 31 March 2015", *[""] * 5, *lines])))
    assert err is None and len(moved) == len(clean)
    assert (moved["line"] - clean["line"] == 6).all()  # rows are named by their line in the new file


def test_ofsted_header_moved_beyond_the_search(raw_root, tmp_path):
    lines = _lines(raw_root, OFSTED)
    _, err = _outcome("Ofsted list, header moved down 40 lines",
                      lambda: _ofsted(_write(tmp_path, OFSTED, [*["note"] * 40, *lines])))
    assert err is not None and err.file == Path(OFSTED).name
    assert "no header row with a 'URN' column in the first 30 lines" in str(err)


def test_ofsted_urn_column_renamed(raw_root, tmp_path):
    lines = _replace_header(_lines(raw_root, OFSTED), "URN", "Unique reference")
    _, err = _outcome("Ofsted list, URN column renamed 'Unique reference'", lambda: _ofsted(_write(tmp_path, OFSTED, lines)))
    assert err is not None and err.file == Path(OFSTED).name


def test_ofsted_sector_column_dropped(raw_root, tmp_path):
    lines = _drop_column(_lines(raw_root, OFSTED), "Sector")
    _, err = _outcome("Ofsted list, Sector column dropped", lambda: _ofsted(_write(tmp_path, OFSTED, lines)))
    assert err is not None and err.row == 1 and "sector" in str(err)


def test_dfe_required_column_dropped(raw_root, tmp_path):
    lines = _drop_column(_lines(raw_root, dfe_cla.CHARACTERISTICS), "characteristic")
    _write(tmp_path, dfe_cla.CHARACTERISTICS, lines)
    _, err = _outcome("DfE characteristics, 'characteristic' column dropped", lambda: _characteristics(tmp_path))
    assert err is not None and err.column == "characteristic" and err.row == 1
    assert "has no 'characteristic' column" in str(err) and Path(dfe_cla.CHARACTERISTICS).name in str(err)


def test_dfe_columns_renamed(raw_root, tmp_path):
    lines = _replace_header(_lines(raw_root, dfe_cla.CHARACTERISTICS), "new_la_code", "la_code")
    _write(tmp_path, dfe_cla.CHARACTERISTICS, lines)
    _, err = _outcome("DfE characteristics, new_la_code renamed la_code", lambda: _characteristics(tmp_path))
    assert err is not None and err.column == "new_la_code"


def test_dfe_year_cell_not_a_year(raw_root, tmp_path):
    lines = _lines(raw_root, dfe_national.NATIONAL_DISTANCE)
    lines[3] = "2O22" + lines[3][4:]  # letter O for a zero
    _write(tmp_path, dfe_national.NATIONAL_DISTANCE, lines)
    _, err = _outcome("DfE national distance, '2O22' in time_period",
                      lambda: dfe_national.national_distance(tmp_path, Provenance(raw_root=tmp_path)))
    assert err is not None and (err.row, err.column, err.value) == (4, "time_period", "2O22")


def test_cp1252_bytes_in_a_utf8_file_are_read_as_windows_1252(raw_root, tmp_path):
    lines = _lines(raw_root, OFSTED)
    lines[1] = lines[1].replace(",", ",Caf\u00e9 ", 1)  # a cell starting with a Windows-1252 e-acute
    path = tmp_path / OFSTED
    path.parent.mkdir(parents=True)
    path.write_bytes("\r\n".join(lines).encode("cp1252", errors="replace"))
    table, err = _outcome("Ofsted list saved as Windows-1252 (an e-acute)", lambda: read_table(path).frame)
    assert err is None and read_table(path).encoding == "cp1252"


def test_bytes_neither_utf8_nor_cp1252(raw_root, tmp_path):
    lines = _lines(raw_root, OFSTED)
    path = tmp_path / OFSTED
    path.parent.mkdir(parents=True)
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\x81\x8d\x90\xff\xfe")
    _, err = _outcome("Ofsted list with bytes that are neither UTF-8 nor Windows-1252", lambda: _ofsted(path))
    assert err is not None and "neither UTF-8 nor Windows-1252" in str(err) and err.file == path.name


def test_one_windows_1252_byte_in_a_utf8_file_is_named_as_a_mix(raw_root, tmp_path):
    # Once the whole file was decoded as Windows-1252 and the error blamed a label
    # ("Childrenâ€™s home") far from the stray byte.
    lines = _lines(raw_root, OFSTED)
    utf8_line = next(i for i, line in enumerate(lines) if not line.isascii())
    stray = next(i for i in range(utf8_line + 5, len(lines)) if lines[i].isascii() and "," in lines[i])
    data = [line.encode("utf-8") for line in lines]
    data[stray] = data[stray].replace(b",", b",Caf\x92 ", 1)  # a Windows-1252 right quote pasted into a cell
    path = tmp_path / OFSTED
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\r\n".join(data))
    _, err = _outcome("Ofsted list in UTF-8 with one Windows-1252 byte (0x92)", lambda: _ofsted(path))
    assert err is not None and err.file == path.name and err.row == stray + 1
    assert "byte 0x92 is not UTF-8 (it would be '\u2019' in Windows-1252)" in str(err)
    assert f"line {utf8_line + 1} holds UTF-8 text: the file mixes two encodings" in str(err)
    assert "\u00e2\u20ac" not in str(err)  # no mojibake


LIST_2020 = "ofsted_providers/ofsted_provider_level_2020-03-31.csv"


def _list_2020(path: Path, fixes=None):
    from sufficiency.errors import FixLog

    src = ofsted_catalogue.OfstedSource(ofsted_catalogue.PROVIDER_LEVEL, path, date(2020, 3, 31))
    return ofsted_providers.read_source(src, fixes=fixes if fixes is not None else FixLog())


def _rows(raw_root: Path, rel: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO((raw_root / rel).read_bytes().decode("utf-8-sig"), newline="")))


def _write_rows(root: Path, rel: str, rows: list[list[str]]) -> Path:
    import csv

    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def test_places_column_renamed_in_an_inspected_only_list_stops_the_build(raw_root, tmp_path):
    # Once the homes of the 2020 list silently took their places from other lists
    # (England's 2020 places fell from 10,033 to 10,014 across 26 LAs).
    rows = _rows(raw_root, LIST_2020)
    h = next(i for i, r in enumerate(rows) if "URN" in r)
    rows[h] = ["Number of places" if c == "Places" else c for c in rows[h]]
    _, err = _outcome("Ofsted inspected-only list 2020, 'Places' renamed 'Number of places'",
                      lambda: _list_2020(_write_rows(tmp_path, LIST_2020, rows)))
    assert err is not None and err.file == Path(LIST_2020).name and err.row == h + 1
    assert "the header row has no places column" in str(err) and "Number of places" in str(err)


def _a_home_row(rows: list[list[str]], h: int) -> int:
    ptype = rows[h].index("Provision type")
    return next(i for i in range(h + 1, len(rows)) if rows[i][ptype].strip().lower() == "children's home")


def test_urn_listed_twice_with_different_places_stops_the_build(raw_root, tmp_path):
    # Once the first row won silently (+34 places).
    rows = _rows(raw_root, LIST_2020)
    h = next(i for i, r in enumerate(rows) if "URN" in r)
    k, places = _a_home_row(rows, h), rows[h].index("Places")
    twin = list(rows[k])
    twin[places] = str(int(rows[k][places]) + 34)
    rows.append(twin)
    _, err = _outcome("Ofsted list 2020, a URN listed twice with different places",
                      lambda: _list_2020(_write_rows(tmp_path, LIST_2020, rows)))
    urn = rows[k][rows[h].index("URN")]
    assert err is not None and err.file == Path(LIST_2020).name and err.row == len(rows) and err.column == "Places"
    assert f"URN {urn} is listed twice with different values: row {k + 1} has '{rows[k][places]}'" in str(err)
    assert err.value == twin[places]


def test_urn_listed_twice_with_the_same_values_is_a_counted_fix(raw_root, tmp_path):
    from sufficiency.errors import FixLog

    rows = _rows(raw_root, LIST_2020)
    h = next(i for i, r in enumerate(rows) if "URN" in r)
    clean = _list_2020(_write_rows(tmp_path / "a", LIST_2020, rows))
    rows.append(list(rows[_a_home_row(rows, h)]))
    fixes = FixLog()
    read, err = _outcome("Ofsted list 2020, a row repeated exactly",
                         lambda: _list_2020(_write_rows(tmp_path / "b", LIST_2020, rows), fixes))
    assert err is None and len(read) == len(clean)
    assert [f["count"] for f in fixes.for_file(Path(LIST_2020).name)
            if f["fix"] == "URN listed twice with the same values: the repeated row dropped"] == [1]


def test_workbook_sheet_missing(raw_root, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Providers+places_at_31_Mar_2025"
    for line in _lines(raw_root, OFSTED)[:5]:
        ws.append(line.split(","))
    path = tmp_path / "childrens_social_care_data_in_england_2025.xlsx"
    wb.save(path)
    _, err = _outcome("Ofsted workbook without its Provider_level sheet",
                      lambda: read_table(path, sheet="Provider_level_at_31_Mar_2025").frame)
    assert err is not None and "has no sheet 'Provider_level_at_31_Mar_2025'" in str(err)
    assert "Providers+places_at_31_Mar_2025" in str(err) and err.file == path.name


def test_truncated_workbook_names_the_file(raw_root, tmp_path):
    # Once a raw ZipError traceback from the workbook reader.
    src = raw_root / "ofsted_providers/original_ods/childrens_social_care_data_in_england_2025.ods"
    path = tmp_path / "ofsted_providers" / "original_ods" / src.name
    path.parent.mkdir(parents=True)
    path.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    _, err = _outcome("Ofsted workbook (ODS) cut in half", lambda: ofsted_catalogue.discover(tmp_path))
    assert err is not None and err.file == src.name and "\n" not in str(err)
    assert "the workbook cannot be read (ZipError" in str(err) and "cut short or damaged" in str(err)


# --- the app data (data/ or --data DIR), checked against its provenance --------------------


def _app_data(tmp_path: Path) -> Path:
    import shutil

    from sufficiency.config import EMBEDDED_DATA

    out = tmp_path / "data"
    shutil.copytree(EMBEDDED_DATA, out)
    return out


def _load(folder: Path):
    from sufficiency.store import load

    return load(folder)


def _app_data_case(tmp_path: Path, name: str, change) -> DataError:
    folder = _app_data(tmp_path)
    change(folder)
    _, err = _outcome(name, lambda: _load(folder).la_year)
    assert err is not None and "\n" not in str(err), str(err)
    assert f"--out {folder} --compact" in str(err)  # says how to rebuild that folder
    return err


def test_app_data_table_cut_short(tmp_path):
    def cut(folder):
        lines = (folder / "la_year.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / "la_year.csv").write_text("".join(lines[:-300]), encoding="utf-8")

    import json

    from sufficiency.config import EMBEDDED_DATA

    rows = json.loads((EMBEDDED_DATA / "provenance.json").read_text(encoding="utf-8"))["tables"]["la_year"]["rows"]
    err = _app_data_case(tmp_path, "App data: la_year.csv cut short by 300 rows", cut)
    assert err.file == "la_year.csv" and f"has {rows - 300:,} rows; the build wrote {rows:,}" in str(err)


def test_app_data_table_empty(tmp_path):
    err = _app_data_case(tmp_path, "App data: supply.csv empty", lambda f: (f / "supply.csv").write_bytes(b""))
    assert err.file == "supply.csv" and str(err).startswith("supply.csv: is empty.")


def test_app_data_table_binary(tmp_path):
    err = _app_data_case(tmp_path, "App data: gazetteer.csv replaced by binary bytes",
                         lambda f: (f / "gazetteer.csv").write_bytes(bytes(range(256)) * 40))
    assert err.file == "gazetteer.csv" and "is not text" in str(err)


def test_app_data_column_renamed(tmp_path):
    def rename(folder):
        text = (folder / "la_year.csv").read_text(encoding="utf-8")
        header, rest = text.split("\n", 1)
        (folder / "la_year.csv").write_text(header.replace(",places,", ",registered_places,", 1) + "\n" + rest,
                                            encoding="utf-8")

    err = _app_data_case(tmp_path, "App data: la_year.csv column 'places' renamed", rename)
    assert err.file == "la_year.csv" and "has no column 'places'; it has 'registered_places' instead" in str(err)


def test_app_data_provenance_cut_short(tmp_path):
    def cut(folder):
        raw = (folder / "provenance.json").read_bytes()
        (folder / "provenance.json").write_bytes(raw[: len(raw) // 3])

    err = _app_data_case(tmp_path, "App data: provenance.json cut short", cut)
    assert err.file == "provenance.json" and "is not valid JSON" in str(err) and "cut short" in str(err)


def test_app_data_table_missing(tmp_path):
    err = _app_data_case(tmp_path, "App data: years.csv missing", lambda f: (f / "years.csv").unlink())
    assert err.file == "years.csv" and "is missing" in str(err)


def test_zz_write_the_corpus_report():
    assert REPORT, "run with the other corpus tests"
    out = PROJECT_ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    text = "| variant | message |\n|---|---|\n" + "\n".join(
        f"| {name} | {msg.replace('|', '/')} |" for name, msg in REPORT)
    (out / "malformed-corpus.md").write_text(text + "\n", encoding="utf-8")
