"""The placements upload: strict validation with exact messages, size and row caps,
encodings, distances, the distribution and disclosure control, the example file."""

from __future__ import annotations

import io
import time

import numpy as np
import pandas as pd
import pytest

from sufficiency.uploads import (EDGES, UploadError, export_frame, parse_upload, publishable, suppress_small,
                                 upload_distribution)
from sufficiency.uploads import parse as P
from sufficiency.uploads.disclosure import UploadDistribution, band_labels
from sufficiency.uploads.example import example_csv
from sufficiency.uploads.parse import default_gazetteer

HEADER = "home_area,placement_area,placement_type,provider_sector,distance_miles\n"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode()


def _issues(content: bytes, name: str = "p.csv") -> list[str]:
    with pytest.raises(UploadError) as info:
        parse_upload(content, name)
    return [str(i) for i in info.value.issues]


def test_a_valid_file_gets_a_distance_for_every_row():
    r = parse_upload(_csv("E08000025,E08000025,K2,private,", "e08000025,E06000001,Children's homes,Private,",
                          "B15,E08000025,foster,voluntary,3.2", " E09000001 , E09000002 , other , unknown , 7 "), "p.csv")
    f = r.frame
    assert r.rows == 4 and r.encoding == "UTF-8"
    assert list(f["placement_type"]) == ["childrens_home", "childrens_home", "foster", "other"]
    assert list(f["provider_sector"]) == ["private", "private", "voluntary", "unknown"]
    assert list(f["distance_basis"]) == [P.WITHIN, P.BETWEEN, P.RECORDED, P.RECORDED]
    assert f["distance_miles"].iloc[2] == 3.2 and f["distance_miles"].iloc[1] > 100  # Birmingham to Hartlepool
    assert 0 < f["distance_miles"].iloc[0] < 10


def test_the_distance_column_is_optional():
    r = parse_upload(_csv("E08000025,E08000026,K2,private", header="placement_area,home_area,placement_type,provider_sector\n"))
    assert r.frame["distance_basis"].iloc[0] == P.BETWEEN


@pytest.mark.parametrize("row, expected", [
    ("E07000001,E08000025,K2,private,", "Line 2, column home_area, value 'E07000001': is a district council; use the "
     "code of the county council, which is responsible for children's services."),
    ("E08000025,E08999999,K2,private,", "Line 2, column placement_area, value 'E08999999': is not the code of an "
     "English local authority with children's services (2014 to 2025)."),
    ("W06000001,E08000025,K2,private,", "Line 2, column home_area, value 'W06000001': is outside England; give the "
     "postcode district and distance_miles instead."),
    ("E08000025,B15 2TT,K2,private,5", "Line 2, column placement_area, value 'B15 ***': is a full postcode; give only "
     "the postcode district (the part before the space, such as B15)."),
    ("Birmingham,E08000025,K2,private,", "Line 2, column home_area, value 'BIRMINGHAM': is neither a local authority "
     "code (such as E08000025) nor a postcode district (such as B15)."),
    (",E08000025,K2,private,", "Line 2, column home_area, value '': is empty."),
    ("E08000025,E08000025,K9,private,", "Line 2, column placement_type, value 'K9': is not a placement type; use one of "
     "childrens_home, secure_childrens_home, rss_childrens_home, foster, other (or SSDA903 K1, K2, U1 to U6)."),
    ("E08000025,E08000025,K2,prvate,", "Line 2, column provider_sector, value 'prvate': is not a provider sector; use "
     "one of local_authority, private, voluntary, health_authority, unknown."),
    ("E08000025,E08000025,K2,private,ten", "Line 2, column distance_miles, value 'ten': is not a number of miles; use a "
     "plain number such as 12.5."),
    ("E08000025,E08000025,K2,private,-1", "Line 2, column distance_miles, value '-1': is negative."),
    ("E08000025,E08000025,K2,private,1200", "Line 2, column distance_miles, value '1200': is more than 1,000 miles."),
    ("B15,E08000025,K2,private,", "Line 2, column distance_miles, value '': is empty, and home_area 'B15' is a postcode "
     "district: the dashboard has no postcode-district lookup, so give the distance in miles, or use local authority "
     "codes."),
    ("E08000025,E08000025,K2", "Line 2: the row has 3 values; the header has 5 columns."),
    ("E08000025,E08000025,=HYPERLINK(1),private,", "Line 2, column placement_type, value ''=HYPERLINK(1)': is not a "
     "placement type; use one of childrens_home, secure_childrens_home, rss_childrens_home, foster, other (or SSDA903 "
     "K1, K2, U1 to U6)."),
])
def test_each_kind_of_bad_value_is_named_exactly(row, expected):
    assert _issues(_csv("E08000025,E08000025,K2,private,", row)) == [expected.replace("Line 2", "Line 3")]


@pytest.mark.parametrize("header, expected", [
    ("home_area,placement_area,placement_type\n", "Line 1, column provider_sector: is missing: the file needs the "
     "columns home_area, placement_area, placement_type, provider_sector."),
    ("home_area,placement_area,placement_type,provider_sector,Home_Area\n", "Line 1, column home_area, value "
     "'Home_Area': appears twice (columns 1 and 5)."),
    ("home_area,placement_area,placement_type,provider_sector,child_name\n", "Line 1, column child_name, value "
     "'child_name': is not a column of the upload. The columns are home_area, placement_area, placement_type, "
     "provider_sector, distance_miles; remove any other column (no names or IDs are needed)."),
    ("home_area;placement_area;placement_type;provider_sector\n", "Line 1: The columns are not separated by commas. "
     "Save the file as CSV (comma delimited)."),
])
def test_header_problems(header, expected):
    assert _issues(_csv("x", header=header)) == [expected]


def test_problems_are_listed_by_line_up_to_the_limit_and_all_counted():
    with pytest.raises(UploadError) as info:
        parse_upload(_csv(*["E08000025,E08000025,K9,private,"] * 30, "E08000025,E08000025,K2,private,x"))
    err = info.value
    assert err.total == 31 and len(err.issues) == P.MAX_LISTED
    assert [i.line for i in err.issues] == list(range(2, 2 + P.MAX_LISTED))
    assert err.summary == "The file was not accepted: there are 31 problems. The first 20 are listed."


def test_file_level_refusals():
    assert _issues(b"", "p.csv") == ["The file is empty: it needs a header line and at least one row."]
    assert _issues(HEADER.encode()) == ["The file has a header but no rows."]
    assert _issues(_csv("E08000025,E08000025,K2,private,"), "p.pdf") == [
        "The file must be a CSV file (.csv) or an Excel workbook (.xlsx); 'p.pdf' is not. Save it as one of those."]
    assert _issues(_csv("E08000025,E08000025,K2,private,"), "p.xlsx") == [
        "The workbook cannot be read: it is not an Excel workbook (.xlsx) that can be opened; a workbook protected by "
        "a password cannot be read. Save the sheet of placements as CSV and upload that."]
    assert _issues(b"PK\x03\x04rest")[0].startswith("This is a spreadsheet workbook, not a CSV file.")
    assert _issues(b"\x00\x01\x02")[0] == "This is not a text file. Save the placements as CSV and upload that."


def test_size_and_row_caps(monkeypatch):
    big = _csv(*["E08000025,E08000025,K2,private,"] * 10)
    with pytest.raises(UploadError) as info:
        parse_upload(big, "p.csv", max_bytes=100)
    assert str(info.value.issues[0]).startswith("The file is 0.0 MB; the limit is 0 MB")
    assert len(big) > 100
    monkeypatch.setattr(P, "MAX_ROWS", 5)
    assert _issues(big) == ["The file has more than 5 rows (the limit). Split it, or upload one year at a time."]
    monkeypatch.undo()
    with pytest.raises(UploadError) as info:
        parse_upload(big, "p.csv", max_rows=3)
    assert str(info.value.issues[0]).startswith("The file has more than 3 rows")
    assert parse_upload(big, "p.csv", max_rows=10).rows == 10


def _peak_mb(fn) -> tuple[object, float]:
    """``fn()``'s result (or the UploadError it raised) and the peak of Python memory it allocated, in MB."""
    import tracemalloc

    tracemalloc.start()
    try:
        try:
            out = fn()
        except UploadError as err:
            out = err
        return out, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_reading_stops_at_the_row_cap_whatever_the_rows_hold():
    # 4.8 MB of one-field lines (2.4 million): each has the wrong number of values, and once
    # cost 7 s and +585 MB keeping 2,400,000 problems. Now every row counts towards the cap.
    content = HEADER.encode() + b"a\n" * 2_400_000
    assert len(content) < P.MAX_BYTES
    err, peak = _peak_mb(lambda: parse_upload(content, "p.csv", gazetteer=default_gazetteer()))
    assert isinstance(err, UploadError) and err.total == 1
    assert str(err.issues[0]) == "The file has more than 100,000 rows (the limit). Split it, or upload one year at a time."
    assert peak < 100, f"{peak:.0f} MB"  # about 25 MB: the decoded text and the rows up to the cap


def test_only_the_first_problems_are_kept_the_rest_counted():
    content = HEADER.encode() + b"a\n" * 150_000
    err, peak = _peak_mb(lambda: parse_upload(content, "p.csv", gazetteer=default_gazetteer(), max_rows=10**6))
    assert isinstance(err, UploadError)
    assert err.total == 150_000 and len(err.issues) == P.MAX_LISTED
    assert str(err.issues[0]) == "Line 2: the row has 1 value; the header has 5 columns."
    assert peak < 20, f"{peak:.0f} MB"  # about 3 MB; keeping every problem took about 37 MB


def test_blank_lines_have_a_cap_of_their_own():
    assert _issues(HEADER.encode() + b",,,,\n" * 100_001 + b"E08000025,E08000025,K2,private,\n") == [
        "The file has more than 100,000 blank lines. Save only the rows of the placements."]


def test_encodings():
    rows = "E08000025,E08000025,K2,private,\n"
    assert parse_upload(b"\xef\xbb\xbf" + (HEADER + rows).encode(), "p.csv").encoding == "UTF-8 with BOM"
    assert parse_upload((HEADER + rows).encode("utf-16"), "p.csv").encoding == "UTF-16"
    assert P.decode("£5".encode("cp1252")) == ("£5", "Windows-1252")
    issues = _issues((HEADER + "E08000025,E08000025,K2,privaté,\n").encode("cp1252"))
    assert issues == ["Line 2, column provider_sector, value 'privaté': is not a provider sector; use one of "
                      "local_authority, private, voluntary, health_authority, unknown."]
    assert _issues(HEADER.encode() + b"E08000025,\x81\n") == [
        "Line 2: byte 0x81 is not text in any of: UTF-8, Windows-1252, UTF-16 with a byte order mark. Save the file "
        "as CSV UTF-8."]


def test_a_windows_1252_byte_in_a_utf8_file_is_named_as_a_mix():
    content = (HEADER + "E08000025,E08000025,K2,private,\n").encode() + "E08000025,E08000025,K2,Private’s,\n".encode() \
        + b"E08000025,E08000025,K2,private\x92,\n"
    assert _issues(content) == [
        "Line 4: byte 0x92 is not UTF-8 (it would be '\u2019' in Windows-1252), but line 3 holds UTF-8 text: the file "
        "mixes two encodings. Save the whole file again as CSV UTF-8."]


def _xlsx(rows: list[list], *, sheets: int = 1, at: dict | None = None) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Placements"
    for row in rows:
        ws.append(row)
    for ref, value in (at or {}).items():
        ws[ref] = value
    for k in range(1, sheets):
        wb.create_sheet(f"Notes {k}")["A1"] = "notes"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_excel_workbook_is_read_like_its_csv():
    frame = pd.read_csv(io.StringIO(example_csv(default_gazetteer(), rows=300)), dtype=str, keep_default_na=False)
    cells = [[float(v) if c == "distance_miles" and v else v for c, v in zip(frame.columns, row)]
             for row in frame.itertuples(index=False)]
    book = parse_upload(_xlsx([list(frame.columns), *cells], sheets=2), "extract.xlsx", gazetteer=default_gazetteer())
    text = parse_upload(example_csv(default_gazetteer(), rows=300).encode(), "extract.csv", gazetteer=default_gazetteer())
    assert book.encoding == "Excel workbook, sheet 'Placements'"
    assert book.notes == ("Only the first sheet, 'Placements', was read (the workbook has 2 sheets).",)
    pd.testing.assert_frame_equal(book.frame, text.frame)


def test_problems_in_a_workbook_name_its_rows():
    content = _xlsx([["home_area", "placement_area", "placement_type", "provider_sector"],
                     ["E08000025", "E08000026", "K2", "private"], [], ["E08000025", "E08000026", "K9", "private"]])
    assert _issues(content, "p.xlsx") == ["Line 4, column placement_type, value 'K9': is not a placement type; use one "
                                          "of childrens_home, secure_childrens_home, rss_childrens_home, foster, other "
                                          "(or SSDA903 K1, K2, U1 to U6)."]


@pytest.mark.parametrize("at, message", [
    ({"XFD1048576": "x"}, "the sheet has values down to row 1,048,576; the limit is 100,000 rows"),
    ({"A300000": "x"}, "the sheet has values down to row 300,000; the limit is 100,000 rows"),
    ({"AZ2": "x"}, "the sheet has values in column 52; the upload has 5 columns"),
    ({"Z150000": "x"}, "the sheet's values fill more than 1,000,010 cells (down to row 150,000, across 26 columns)"),
])
def test_a_workbook_claiming_a_huge_sheet_is_refused_before_it_is_read(at, message):
    # One value at the last cell of a 5 KB workbook once made the reader ask for 550 GB and stop the process.
    content = _xlsx([["home_area", "placement_area", "placement_type", "provider_sector"]], at=at)
    assert len(content) < 10_000
    assert _issues(content, "p.xlsx") == [f"The workbook cannot be read: {message}. Save the sheet of placements as "
                                          "CSV and upload that."]


def test_a_workbook_that_unpacks_to_too_much_is_refused():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 1024 * 1024))
    assert len(buf.getvalue()) < P.MAX_BYTES
    assert _issues(buf.getvalue(), "p.xlsx") == ["The workbook cannot be read: it unpacks to 65 MB; the limit is 64 MB. "
                                                 "Save the sheet of placements as CSV and upload that."]


def test_blank_lines_are_skipped_and_said():
    r = parse_upload(_csv("E08000025,E08000025,K2,private,", "", "E08000025,E08000025,K2,private,"), "p.csv")
    assert r.rows == 2 and r.notes == ("1 blank line skipped.",)


# --- distribution and disclosure control --------------------------------------------


def _dist(counts, over20, over50, inside=0, outside=0, not_la=None):
    bands = pd.DataFrame({"band": band_labels(), "from_miles": EDGES[:-1], "to_miles": EDGES[1:], "children": counts})
    total = int(sum(counts))
    return UploadDistribution(bands, total, {20.0: over20, 50.0: over50}, inside, outside,
                              total - inside - outside if not_la is None else not_la)


def test_distribution_counts_bands_with_upper_edges_included():
    df = pd.DataFrame({"home_area": ["E08000025"] * 5, "placement_area": ["E08000025", "E08000026", "B15", "E08000026",
                                                                           "E08000026"],
                       "distance_miles": [0.0, 5.0, 20.0, 20.01, 150.0]})
    d = upload_distribution(df)
    assert list(d.bands["children"]) == [2, 0, 1, 1, 0, 0, 1]
    assert d.over == {20.0: 2, 50.0: 1}
    assert (d.inside_home_la, d.outside_home_la, d.area_not_la) == (1, 3, 1)


def test_a_million_rows_in_seconds():
    rng = np.random.default_rng(1)
    n = 1_000_000
    df = pd.DataFrame({"home_area": pd.Categorical(rng.choice(["E08000025", "B15"], n)),
                       "placement_area": pd.Categorical(rng.choice(["E08000025", "E06000001"], n)),
                       "distance_miles": rng.exponential(25, n)})
    start = time.perf_counter()
    d = upload_distribution(df)
    assert time.perf_counter() - start < 5
    assert d.children == n and d.bands["children"].sum() == n


def test_suppress_small_primary_and_secondary():
    f = pd.DataFrame({"n": [10, 3, 8, 0, 20]})
    out = suppress_small(f, ["n"])
    assert out["n"].isna().tolist() == [False, True, True, False, False]  # 3, then the next smallest (8)
    assert out["n"].dtype == "Int64" and out["n"].iloc[3] == 0


def test_publishable_hides_what_could_be_worked_out():
    pub = publishable(_dist([10, 3, 8, 6, 2, 0, 0], over20=8, over50=0))
    children = [b["children"] for b in pub["bands"]]
    assert children == [10, None, None, None, None, 0, 0]  # 3 and 8 (up to 20 miles); 6 and 2 (20 to 50)
    assert pub["over"]["20"] == {"children": 8, "percent": 27.6} and pub["over"]["50"]["children"] == 0
    assert list(export_frame(pub)["Children"]) == [10, "c", "c", "c", "c", 0, 0]


def test_a_boundary_whose_group_is_small_is_not_shown():
    pub = publishable(_dist([10, 10, 10, 10, 10, 3, 0], over20=23, over50=3))
    assert pub["over"]["50"]["children"] is None  # 3 children over 50 miles
    assert [b["children"] for b in pub["bands"]][3:] == [None, 10, None, 0]  # 20 to 50 and 50+ merge: two hidden


def test_fewer_than_five_rows_show_nothing():
    pub = publishable(_dist([2, 2, 0, 0, 0, 0, 0], over20=0, over50=0))
    assert pub["too_few"] and pub["bands"] == [] and pub["children"] is None


def test_inside_and_outside_the_home_la_are_hidden_together():
    pub = publishable(_dist([20, 0, 0, 0, 0, 0, 0], over20=0, over50=0, inside=3, outside=17, not_la=0))
    assert pub["inside_home_la"] is None and pub["outside_home_la"] is None


# --- the example file ---------------------------------------------------------------


def test_the_example_is_deterministic_and_accepted(tmp_path):
    from sufficiency.__main__ import main

    out = tmp_path / "example.csv"
    assert main(["example-upload", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text == example_csv(default_gazetteer())
    r = parse_upload(text.encode(), "example.csv")
    assert r.rows == 400 and set(r.basis_counts()) == {P.RECORDED, P.BETWEEN, P.WITHIN}
