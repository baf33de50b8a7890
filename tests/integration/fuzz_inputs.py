"""Hypothesis strategies and the reader registry for the fuzz tests (tests/integration).

Every reader of an official file is fed random bytes and mutated copies of the head of the
real file (cells replaced by formula-like strings, huge fields, odd LA codes and suppression
codes; columns dropped, duplicated or renamed; the header moved; other encodings). Each run
must end in a :class:`~sufficiency.errors.DataError` (a clear message) or a clean result.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from hypothesis import strategies as st

from sufficiency.provenance import Provenance
from sufficiency.sources import (
    dfe_cla, dfe_foi, dfe_national, dfe_netgain, dfe_sfr, ofsted_catalogue, ofsted_providers,
    ons_population, research_panel, statistical_neighbours,
)

HEAD_ROWS = 40  # data rows of the real file kept as the seed of each mutation

ODD_CELLS = [
    "", " ", "c", "z", "x", "k", "..", "-", "u", "low", "NaN", "nan", "None", "null", "#N/A", "1e308", "-0",
    "1,234", "12.5%", "0x1F", "99999999999999999999", "E06000001 ", "e09000001", "E99999999", "W06000001",
    "S12000033", "E10000000", "E1", "XYZ", "N/A", "County Durham\n", "Bristol, City of", "Kingston upon Hull",
    "=1+1", "=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
    "\t=1", "\x00", "\u202eevil", "１２３", "Ä Ö ü é", "\ufeffURN", "2019/20", "201920", "31/03/2020", "2020-03-31",
    "Local authority", "National", "Regional", "Children's home", "Private", "Local authority", "Outstanding",
]


@dataclass(frozen=True)
class Reader:
    name: str
    target: str  # path under the raw folder of the file that is fuzzed
    siblings: tuple[str, ...]  # other real files the reader needs, copied as they are
    call: Callable[[Path], object]


def _ofsted(kind: str, when: date) -> Callable[[Path], object]:
    def call(root: Path, rel: str):
        src = ofsted_catalogue.OfstedSource(kind, root / rel, when, None, date(when.year - 1, 4, 1))
        return ofsted_providers.read_source(src, require_places=kind != ofsted_catalogue.JOINERS_LEAVERS)

    return call


def _prov(root: Path) -> Provenance:
    return Provenance(raw_root=root)


SN_SOURCES = statistical_neighbours.NUMBER_SOURCES
READERS = [
    Reader("dfe_cla characteristics", dfe_cla.CHARACTERISTICS, (),
           lambda root: dfe_cla.read_characteristics(root, _prov(root))),
    Reader("dfe_cla rates 2025", dfe_cla.RATES_2025, (dfe_cla.RATES_2023,),
           lambda root: dfe_cla.read_rates(root, _prov(root))),
    Reader("dfe_cla rates 2023", dfe_cla.RATES_2023, (dfe_cla.RATES_2025,),
           lambda root: dfe_cla.read_rates(root, _prov(root))),
    Reader("dfe_foi placed outside", dfe_foi.PLACED_OUTSIDE, (),
           lambda root: dfe_foi.read_foi_file(root, dfe_foi.PLACED_OUTSIDE, _prov(root))),
    Reader("dfe_foi net gain", dfe_foi.NET_GAIN, (),
           lambda root: dfe_foi.read_foi_file(root, dfe_foi.NET_GAIN, _prov(root))),
    Reader("dfe_national distance", dfe_national.NATIONAL_DISTANCE, (),
           lambda root: dfe_national.national_distance(root, _prov(root))),
    Reader("dfe_netgain", dfe_netgain.NET_GAIN, (), lambda root: dfe_netgain.read_netgain(root, _prov(root))),
    Reader("dfe_sfr 2016", f"{dfe_sfr.FOLDER}/SFR41_CLA2016.csv", (),
           lambda root: dfe_sfr.read_sfr_file(root / dfe_sfr.FOLDER / "SFR41_CLA2016.csv", _prov(root))),
    Reader("ons population", ons_population.POPULATION, (),
           lambda root: ons_population.read_population(root, _prov(root))),
    Reader("research panel", research_panel.PANEL, (), lambda root: research_panel.read_panel(root, _prov(root))),
    Reader("statistical neighbours 2025", statistical_neighbours.SN_2025,
           (statistical_neighbours.SN_2021, *SN_SOURCES),
           lambda root: statistical_neighbours.statistical_neighbours(root, _prov(root))),
    Reader("statistical neighbours LA numbers", SN_SOURCES[1],
           (statistical_neighbours.SN_2021, statistical_neighbours.SN_2025, SN_SOURCES[0], SN_SOURCES[2]),
           lambda root: statistical_neighbours.statistical_neighbours(root, _prov(root))),
    Reader("ofsted provider level", "ofsted_providers/ofsted_provider_level_2015-03-31.csv", (),
           lambda root: _ofsted(ofsted_catalogue.PROVIDER_LEVEL, date(2015, 3, 31))(
               root, "ofsted_providers/ofsted_provider_level_2015-03-31.csv")),
    Reader("ofsted joiners leavers", "ofsted_providers/ofsted_joiners_leavers_2019.csv", (),
           lambda root: _ofsted(ofsted_catalogue.JOINERS_LEAVERS, date(2019, 3, 31))(
               root, "ofsted_providers/ofsted_joiners_leavers_2019.csv")),
]


def real_head(raw_root: Path, rel: str) -> list[list[str]]:
    """Up to HEAD_ROWS rows after the header line of a real file (title lines kept)."""
    data = (raw_root / rel).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[: HEAD_ROWS + 15]


def header_index(rows: list[list[str]]) -> int:
    keys = {"urn", "time_period", "new_geog_code", "la_code", "old_la_code", "la num", "la_name", "new_la_code"}
    for i, row in enumerate(rows):
        if any(c.strip().lower() in keys for c in row):
            return i
    return 0


@st.composite
def mutated(draw, rows: list[list[str]]) -> bytes:
    rows = [list(r) for r in rows]
    h = header_index(rows)
    width = max((len(r) for r in rows), default=1) or 1
    ops = draw(st.lists(st.sampled_from(
        ["cell", "cell", "cell", "drop", "dup", "rename", "move", "truncate", "huge", "ragged"]), min_size=1, max_size=6))
    for op in ops:
        col = draw(st.integers(0, width - 1))
        if op == "cell" and len(rows) > h + 1:
            r = draw(st.integers(h + 1, len(rows) - 1))
            if col < len(rows[r]):
                rows[r][col] = draw(st.one_of(st.sampled_from(ODD_CELLS), st.text(max_size=20)))
        elif op == "drop":
            rows = [r[:col] + r[col + 1:] for r in rows]
        elif op == "dup":
            rows = [r[: col + 1] + r[col: col + 1] + r[col + 1:] for r in rows]
        elif op == "rename" and col < len(rows[h]):
            rows[h][col] = draw(st.sampled_from(["", "URN ", "urn", "Time Period", "la_name", "value", rows[h][col] + "_x"]))
        elif op == "move":
            rows[h:h] = [[draw(st.sampled_from(["", "Title", "Note: provisional"]))] for _ in range(draw(st.integers(1, 35)))]
        elif op == "truncate":
            rows = rows[: draw(st.integers(0, len(rows)))]
        elif op == "huge" and len(rows) > h + 1:
            r = draw(st.integers(h + 1, len(rows) - 1))
            if col < len(rows[r]):
                rows[r][col] = "9" * draw(st.sampled_from([1000, 100_000])) if draw(st.booleans()) else "x" * 200_000
        elif op == "ragged" and len(rows) > h + 1:
            r = draw(st.integers(h + 1, len(rows) - 1))
            rows[r] = rows[r][: draw(st.integers(0, len(rows[r])))] + draw(st.lists(st.sampled_from(ODD_CELLS), max_size=3))
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))).writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a few stray bytes somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


def file_contents(rows: list[list[str]]):
    return st.one_of(st.binary(max_size=3000), mutated(rows), mutated(rows))


def stage(raw_root: Path, reader: Reader, workdir: Path, content: bytes) -> Path:
    """A raw folder holding ``content`` as the fuzzed file and real copies of the others."""
    for rel in reader.siblings:
        dest = workdir / rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(raw_root / rel, dest)
    target = workdir / reader.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return workdir
