"""The Ofsted file catalogue: patterns, coverage flags, workbook sheets preferred to CSV copies."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from sufficiency.sources import ofsted_catalogue as cat
from sufficiency.sources.ofsted_providers import read_source

HEADER = ["URN", "Provision type", "Local authority", "Parliamentary constituency", "Sector", "Places"]


def write_ods(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    """A minimal OpenDocument spreadsheet with text cells (enough for calamine)."""
    tables = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>"
            + "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>' for c in row)
            + "</table:table-row>"
            for row in rows
        )
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def _csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8-sig")


def test_patterns_and_coverage(tmp_path):
    ofs = tmp_path / "ofsted_providers"
    _csv(ofs / "ofsted_providers_2014-09-30.csv", [HEADER])
    _csv(ofs / "ofsted_provider_level_2016-03-31.csv", [HEADER])
    _csv(ofs / "ofsted_provider_level_2022-03-31.csv", [HEADER])
    _csv(ofs / "ofsted_providers_places_2018-03-31.csv", [HEADER])
    _csv(ofs / "ofsted_joiners_leavers_2019.csv", [HEADER])
    _csv(tmp_path / "derived_research" / "goodair_childrens_homes_joiners_leavers_2014_2018.csv", [HEADER])
    _csv(tmp_path / "dfe_cla" / "something_else_2020.csv", [HEADER])
    found = {(s.kind, s.date): s for s in cat.discover(tmp_path)}
    assert set(found) == {
        ("providers", date(2014, 9, 30)),
        ("provider_level", date(2016, 3, 31)),
        ("provider_level", date(2022, 3, 31)),
        ("providers_places", date(2018, 3, 31)),
        ("joiners_leavers", date(2019, 3, 31)),
        ("dated_joiners_leavers", date(2018, 3, 31)),
    }
    assert found[("providers", date(2014, 9, 30))].coverage == "complete"
    assert found[("provider_level", date(2016, 3, 31))].coverage == "inspected only"
    assert found[("provider_level", date(2022, 3, 31))].coverage == "complete"
    assert found[("providers_places", date(2018, 3, 31))].complete
    assert found[("joiners_leavers", date(2019, 3, 31))].start == date(2018, 4, 1)
    assert found[("dated_joiners_leavers", date(2018, 3, 31))].start == date(2014, 4, 1)


def test_new_workbook_is_picked_up_and_preferred_to_csv(tmp_path):
    ofs = tmp_path / "ofsted_providers"
    title = ["Children's social care data in England 2026 - Providers and places at 31 March 2026"]
    rows = [title, [], HEADER, ["SC900001", "Children's home", "Leeds", "Leeds Central", "Private", "4"],
            ["SC900002", "Independent Fostering Agency", "Leeds", "Leeds Central", "Private", ""]]
    _csv(ofs / "ofsted_providers_places_2026-03-31.csv", [HEADER, ["SC000009", "Children's home", "York", "", "Private", "2"]])
    (ofs / "original_ods").mkdir(parents=True)
    write_ods(ofs / "original_ods" / "childrens_social_care_data_in_england_2026.ods", {
        "Cover": [["Cover"]],
        "Providers+places_at_31_Mar_2026": rows,
        "Leavers+Joiners_at_31_Mar_2026": [HEADER + ["Joiner status", "Leaver status"]],
    })
    found = {(s.kind, s.date): s for s in cat.discover(tmp_path)}
    pp = found[("providers_places", date(2026, 3, 31))]
    assert pp.sheet == "Providers+places_at_31_Mar_2026" and pp.path.suffix == ".ods"
    assert found[("joiners_leavers", date(2026, 3, 31))].sheet == "Leavers+Joiners_at_31_Mar_2026"
    assert cat.complete_list_for(list(found.values()), 2026) is pp
    homes = read_source(pp)
    assert homes.urn.tolist() == ["SC900001"]
    assert homes.line.tolist() == [4]
    assert int(homes.places.iloc[0]) == 4
    twins = cat.csv_twins(tmp_path)
    assert [(s.sheet, p.name) for s, p in twins] == [("Providers+places_at_31_Mar_2026", "ofsted_providers_places_2026-03-31.csv")]
