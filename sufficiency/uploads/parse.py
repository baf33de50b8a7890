"""Read and validate a placements CSV strictly: every problem names the line, the column
and the value, and the file is either accepted whole or refused with the problems listed.

Nothing here writes to disk or logs: the bytes come in, a frame or an error goes out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..safety import neutralise
from ..text_encoding import CP1252, UTF8, UTF8_BOM, EncodingProblem, decode_text
from . import columns as C
from .workbook import WorkbookProblem, sheet_rows

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_LISTED = 20
#: The kinds of file the upload reads, by the end of their name.
ACCEPTED = (".csv", ".xlsx")
ENCODINGS = ("UTF-8", "Windows-1252", "UTF-16 with a byte order mark")
RECORDED, BETWEEN, WITHIN = "recorded", "between local authority points", "within the local authority (mean distance)"


@dataclass(frozen=True)
class Issue:
    """One problem: the file's own line number (header = line 1), column, value, what is wrong."""

    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"Line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        if self.value is not None:
            where.append(f"value '{self.value}'")
        return (", ".join(where) + ": " if where else "") + self.message


class UploadError(ValueError):
    """The file is refused. ``issues``: the first problems (by line); ``total``: all of them."""

    def __init__(self, issues: list[Issue], total: int | None = None):
        self.issues = list(issues)[:MAX_LISTED]
        self.total = len(issues) if total is None else total
        super().__init__(self.summary + "\n" + "\n".join(str(i) for i in self.issues))

    @property
    def summary(self) -> str:
        if self.total == 1:
            return "The file was not accepted: there is 1 problem."
        shown = f" The first {len(self.issues)} are listed." if self.total > len(self.issues) else ""
        return f"The file was not accepted: there are {self.total:,} problems.{shown}"


@dataclass(frozen=True)
class UploadResult:
    """The accepted rows: one per child or placement, with a distance in miles for each."""

    frame: pd.DataFrame  # home_area, placement_area, placement_type, provider_sector, distance_miles, distance_basis
    encoding: str
    blank_lines: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rows(self) -> int:
        return len(self.frame)

    def basis_counts(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.frame["distance_basis"].value_counts().items()}


def shown(value) -> str:
    """A value as it may appear in a message: safe for a spreadsheet and at most 40 characters."""
    text = str(neutralise(str(value)))
    return text if len(text) <= 40 else text[:39] + "…"


# --- bytes to text to rows ------------------------------------------------------------


def _fail(message: str, line: int | None = None, column: str | None = None, value: str | None = None):
    raise UploadError([Issue(line, column, value, message)])


def too_large(size: float, limit: int = MAX_BYTES) -> str:
    """The message for a file of ``size`` bytes over the limit (``{size}`` is kept as a
    placeholder when ``size`` is the string "{size}", for the page's own check)."""
    shown_size = size if isinstance(size, str) else f"{size / 1024 / 1024:.1f}"
    return (f"The file is {shown_size} MB; the limit is {limit / 1024 / 1024:.0f} MB (and {MAX_ROWS:,} rows). "
            "Split it, or upload one year at a time.")


def decode(content: bytes) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if content.startswith(b"PK\x03\x04") or content.startswith(b"\xd0\xcf\x11\xe0"):
        _fail("This is a spreadsheet workbook, not a CSV file. Upload it with its own name (ending .xlsx), or save it "
              "as \"CSV (comma delimited)\" and upload that.")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            _fail("The file starts with a UTF-16 byte order mark but is not UTF-16 text.")
    if b"\x00" in content[:8192]:
        _fail("This is not a text file. Save the placements as CSV and upload that.")
    try:
        text, encoding = decode_text(content)
    except EncodingProblem as err:
        if err.kind == "mixed":
            _fail(err.describe(with_line=False) + ". Save the whole file again as CSV UTF-8.", line=err.line)
        _fail(f"byte 0x{err.byte:02X} is not text in any of: {', '.join(ENCODINGS)}. Save the file as CSV UTF-8.",
              line=err.line)
    return text, {UTF8: "UTF-8", UTF8_BOM: "UTF-8 with BOM", CP1252: "Windows-1252"}[encoding]


def _header(row: list[str]) -> list[str]:
    names = [c.strip().lower() for c in row]
    issues = []
    if len(row) == 1 and any(sep in row[0] for sep in (";", "\t", "|")):
        _fail("The columns are not separated by commas. Save the file as CSV (comma delimited).", line=1)
    for i, (raw, name) in enumerate(zip(row, names), start=1):
        if not name:
            issues.append(Issue(1, f"number {i}", "", "the column has no name."))
        elif names.index(name) != i - 1:
            issues.append(Issue(1, name, shown(raw), f"appears twice (columns {names.index(name) + 1} and {i})."))
        elif name not in C.COLUMNS:
            issues.append(Issue(1, shown(name), shown(raw), "is not a column of the upload. The columns are "
                                f"{', '.join(C.COLUMNS)}; remove any other column (no names or IDs are needed)."))
    for name in C.REQUIRED:
        if name not in names:
            issues.append(Issue(1, name, None, "is missing: the file needs the columns " + ", ".join(C.REQUIRED) + "."))
    if issues:
        raise UploadError(issues)
    return names


@dataclass(frozen=True)
class Rows:
    """The rows of a CSV text, before their values are checked."""

    header: list[str]
    values: dict[str, list[str]]  # column -> values, one per row kept
    lines: list[int]  # the file line of each row kept
    issues: list[Issue]  # the first MAX_LISTED rows with the wrong number of values
    issue_total: int  # how many rows had the wrong number of values
    blank: int  # blank lines skipped


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text with the file line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            yield start, row
    except csv.Error as err:
        _fail(f"the file cannot be read as CSV ({err}). Check the quotation marks on this line.", line=last + 1)


def read_rows(source: str | Iterable[tuple[int, list[str]]], max_rows: int | None = None, *,
              pad: bool = False) -> Rows:
    """The rows of ``source`` (CSV text, or ``(line, cells)`` of a sheet): header, values by
    column, line numbers, problems, blank lines. ``pad``: a row with fewer cells than the
    header has empty cells at its end (a sheet leaves them out).

    Reading stops at the row cap whatever the rows hold: rows with the wrong number of
    values count towards it like any other, and blank lines have a cap of their own, so the
    work is bounded by the caps, not by the file. Of the rows with the wrong number of
    values, the first :data:`MAX_LISTED` are kept as issues and the rest only counted.
    """
    max_rows = MAX_ROWS if max_rows is None else max_rows
    records = _csv_rows(source) if isinstance(source, str) else source
    header, issues, lines, read, ragged, blank = None, [], [], 0, 0, 0
    cols: dict[str, list[str]] = {}
    for start, row in records:
        if not any(c.strip() for c in row):
            blank += 1
            if blank > max_rows:
                _fail(f"The file has more than {max_rows:,} blank lines. Save only the rows of the placements.")
            continue
        if header is None:
            header = _header(row)
            cols = {name: [] for name in header}
            continue
        read += 1
        if read > max_rows:
            _fail(f"The file has more than {max_rows:,} rows (the limit). Split it, or upload one year at a time.")
        if pad and len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        if len(row) != len(header):
            ragged += 1
            if len(issues) < MAX_LISTED:
                issues.append(Issue(start, None, None, f"the row has {len(row)} value{'s' if len(row) != 1 else ''}; "
                                                       f"the header has {len(header)} columns."))
            continue
        lines.append(start)
        for name, value in zip(header, row):
            cols[name].append(value)
    if header is None:
        _fail("The file is empty: it needs a header line and at least one row.")
    if not lines and not ragged:
        _fail("The file has a header but no rows.")
    return Rows(header, cols, lines, issues, ragged, blank)


# --- values ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _gazetteer_cached(folder: str) -> pd.DataFrame:
    from pathlib import Path

    return pd.read_csv(Path(folder) / "gazetteer.csv", dtype={"code": str, "region_code": str, "current_code": str})


def default_gazetteer() -> pd.DataFrame:
    from ..config import app_data_dir

    return _gazetteer_cached(str(app_data_dir()))


def _area_problems(u: pd.Series, la_codes: pd.Index) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(is LA code, is postcode district, message or '')`` for upper-cased area values."""
    is_la = u.isin(la_codes)
    is_pc = ~is_la & u.str.fullmatch(C.POSTCODE_DISTRICT.pattern).fillna(False)
    msg = pd.Series("", index=u.index, dtype=object)
    bad = ~(is_la | is_pc)
    if bad.any():
        b = u[bad]
        m = pd.Series("is neither a local authority code (such as E08000025) nor a postcode district (such as B15).",
                      index=b.index, dtype=object)
        ons = b.str.fullmatch(C.ONS_CODE.pattern).fillna(False)
        m[ons & b.str.startswith("E")] = ("is not the code of an English local authority with children's services "
                                          "(2014 to 2025).")
        m[ons & b.str.startswith("E07")] = ("is a district council; use the code of the county council, which is "
                                            "responsible for children's services.")
        m[ons & ~b.str.startswith("E")] = ("is outside England; give the postcode district and distance_miles "
                                           "instead.")
        m[b.str.fullmatch(C.FULL_POSTCODE.pattern).fillna(False)] = (
            "is a full postcode; give only the postcode district (the part before the space, such as B15).")
        m[b == ""] = "is empty."
        msg[bad] = m
    return is_la, is_pc, msg


def _shown_area(value: str, message: str) -> str:
    """Never repeat a full postcode back: show its district and hide the rest."""
    return shown(value.split(" ")[0] + " ***" if "full postcode" in message and " " in value else value)


def _collect(issues: list, lines: np.ndarray, mask, column: str, values, message, *, limit: int) -> int:
    where = np.flatnonzero(np.asarray(mask))
    for i in where[:limit]:
        msg = message if isinstance(message, str) else message[i]
        value = _shown_area(values[i], msg) if column in (C.HOME, C.PLACEMENT) else shown(values[i])
        issues.append((int(lines[i]), C.COLUMNS.index(column), Issue(int(lines[i]), column, value, msg)))
    return len(where)


def parse_upload(content: bytes, filename: str = "placements.csv", *, gazetteer: pd.DataFrame | None = None,
                 max_bytes: int = MAX_BYTES, max_rows: int | None = None) -> UploadResult:
    """Validate a placements CSV and return its rows, each with a distance in miles.

    ``max_bytes`` and ``max_rows`` (default :data:`MAX_ROWS`) are the caps; benchmarks raise them.
    Raises :class:`UploadError` listing (line, column, value, problem) for the first
    :data:`MAX_LISTED` problems and counting all of them.
    """
    name = str(filename).lower()
    if not name.endswith(ACCEPTED):
        _fail(f"The file must be a CSV file (.csv) or an Excel workbook (.xlsx); '{shown(filename)}' is not. "
              "Save it as one of those.")
    if len(content) > max_bytes:
        _fail(too_large(len(content), max_bytes))
    notes = []
    if name.endswith(".xlsx"):
        try:
            sheet, sheets, records = sheet_rows(content, MAX_ROWS if max_rows is None else max_rows)
        except WorkbookProblem as err:
            _fail(f"The workbook cannot be read: {err}. Save the sheet of placements as CSV and upload that.")
        encoding = f"Excel workbook, sheet '{shown(sheet)}'"
        if sheets > 1:
            notes.append(f"Only the first sheet, '{shown(sheet)}', was read (the workbook has {sheets} sheets).")
        rows = read_rows(records, max_rows, pad=True)
    else:
        text, encoding = decode(content)
        rows = read_rows(text, max_rows)
    blank = rows.blank
    gaz = default_gazetteer() if gazetteer is None else gazetteer
    lines = np.asarray(rows.lines, dtype=int)
    frame = pd.DataFrame({name: pd.Series(values, dtype=object).str.strip() for name, values in rows.values.items()})
    found = [(i.line, -1, i) for i in rows.issues]
    total = rows.issue_total
    n = len(frame)
    if n:
        la_codes = pd.Index(gaz["code"].astype(str))
        kinds = {}
        for col in (C.HOME, C.PLACEMENT):
            u = frame[col].str.upper()
            is_la, is_pc, msg = _area_problems(u, la_codes)
            kinds[col] = (is_la.to_numpy(), is_pc.to_numpy())
            frame[col] = u
            total += _collect(found, lines, (msg != "").to_numpy(), col, frame[col].to_numpy(), msg.to_numpy(),
                              limit=MAX_LISTED)
        types = frame[C.TYPE].str.lower().map(C._TYPE_ALIASES)
        empty = (frame[C.TYPE] == "").to_numpy()
        msg = np.where(empty, "is empty.", "is not a placement type; use one of " + ", ".join(C.PLACEMENT_TYPES)
                       + " (or SSDA903 K1, K2, U1 to U6).")
        total += _collect(found, lines, types.isna().to_numpy(), C.TYPE, frame[C.TYPE].to_numpy(), msg, limit=MAX_LISTED)
        sectors = frame[C.SECTOR].str.lower().map(C._SECTOR_ALIASES)
        empty = (frame[C.SECTOR] == "").to_numpy()
        msg = np.where(empty, "is empty.", "is not a provider sector; use one of " + ", ".join(C.SECTORS) + ".")
        total += _collect(found, lines, sectors.isna().to_numpy(), C.SECTOR, frame[C.SECTOR].to_numpy(), msg,
                          limit=MAX_LISTED)
        raw = frame[C.MILES] if C.MILES in frame else pd.Series("", index=frame.index, dtype=object)
        given = (raw != "").to_numpy()
        miles = pd.to_numeric(raw.where(raw != ""), errors="coerce").to_numpy(dtype=float)
        not_number = given & ~np.isfinite(miles)
        negative = given & np.isfinite(miles) & (miles < 0)
        too_far = given & np.isfinite(miles) & (miles > C.MAX_MILES)
        rawv = raw.to_numpy()
        total += _collect(found, lines, not_number, C.MILES, rawv,
                          "is not a number of miles; use a plain number such as 12.5.", limit=MAX_LISTED)
        total += _collect(found, lines, negative, C.MILES, rawv, "is negative.", limit=MAX_LISTED)
        total += _collect(found, lines, too_far, C.MILES, rawv, f"is more than {C.MAX_MILES:,.0f} miles.",
                          limit=MAX_LISTED)
        (h_la, h_pc), (p_la, p_pc) = kinds[C.HOME], kinds[C.PLACEMENT]
        for col, is_pc, ok_other in ((C.HOME, h_pc, p_la | p_pc), (C.PLACEMENT, p_pc, h_la | h_pc)):
            need = ~given & is_pc & ok_other
            values = frame[col].to_numpy()
            msg = np.array([f"is empty, and {col} '{shown(v)}' is a postcode district: the dashboard has no "
                            "postcode-district lookup, so give the distance in miles, or use local authority codes."
                            if need[i] else "" for i, v in enumerate(values)], dtype=object) if need.any() else ""
            if col == C.PLACEMENT:
                need &= ~h_pc  # one message per row is enough
            total += _collect(found, lines, need, C.MILES, rawv, msg, limit=MAX_LISTED)
    if total:
        found.sort(key=lambda t: (t[0], t[1]))
        raise UploadError([t[2] for t in found][:MAX_LISTED], total=total)
    frame[C.TYPE], frame[C.SECTOR] = types.to_numpy(), sectors.to_numpy()
    frame[C.MILES] = miles
    frame["distance_basis"] = np.where(given, RECORDED, "")
    todo = ~given
    if todo.any():
        from ..distance import distance_matrix

        codes, matrix = distance_matrix(gaz, None)
        idx = pd.Index(codes)
        i = idx.get_indexer(frame.loc[todo, C.HOME])
        j = idx.get_indexer(frame.loc[todo, C.PLACEMENT])
        frame.loc[todo, C.MILES] = matrix[i, j]
        frame.loc[todo, "distance_basis"] = np.where(i == j, WITHIN, BETWEEN)
    for col in (C.HOME, C.PLACEMENT, C.TYPE, C.SECTOR, "distance_basis"):
        frame[col] = frame[col].astype("category")
    if blank:
        notes.append(f"{blank} blank line{'s' if blank != 1 else ''} skipped.")
    return UploadResult(frame[[*C.COLUMNS, "distance_basis"]].reset_index(drop=True), encoding, blank, tuple(notes))
