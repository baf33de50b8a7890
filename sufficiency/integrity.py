"""The app data checked against the build's own record of it, before anything is served.

The build writes, for every table, its row count, columns and the sha256 of each file into
``provenance.json`` (:func:`table_record`). Before the app reads a data folder it checks
every table it needs against that record (:func:`verify`): a file that is missing, empty,
not text, cut short, with a renamed column or changed in any other way stops the app with
one line naming the file and the problem. The data version the app reports
(:func:`data_version`) is a hash of the verified checksums.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from .errors import DataError
from .provenance import sha256_of

PROVENANCE = "provenance.json"


def table_record(frame_rows: int, columns: list[str], files: list[Path]) -> dict:
    """What ``provenance.json`` records of one table: rows, columns, sha256 of each file."""
    return {"rows": int(frame_rows), "columns": [str(c) for c in columns],
            "sha256": {Path(f).name: sha256_of(f) for f in files}}


def data_version(provenance: dict) -> str:
    """A short hash of the checksums of every table recorded in ``provenance``."""
    digest = hashlib.sha256()
    for name, rec in sorted((provenance.get("tables") or {}).items()):
        for file, sha in sorted((rec.get("sha256") or {}).items()):
            digest.update(f"{name} {file} {sha}\n".encode())
    return digest.hexdigest()[:12]


def _rebuild(folder: Path) -> str:
    return f"Rebuild the data: python -m sufficiency build --raw DIR --out {folder} --compact"


def read_provenance(folder: str | Path) -> dict:
    """``provenance.json`` of ``folder``, or a :class:`DataError` saying what is wrong with it."""
    folder = Path(folder)
    path = folder / PROVENANCE
    if not path.is_file():
        raise DataError("is missing: the folder was not written by the build", file=path, hint=_rebuild(folder))
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError("is empty", file=path, hint=_rebuild(folder))
    try:
        provenance = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise DataError(f"is not text (byte 0x{raw[err.start]:02X} at offset {err.start})", file=path,
                        hint=_rebuild(folder)) from None
    except json.JSONDecodeError as err:
        cut = "" if raw.rstrip().endswith(b"}") else " (the file looks cut short: it does not end with '}')"
        raise DataError(f"is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno}){cut}", file=path,
                        hint=_rebuild(folder)) from None
    if not isinstance(provenance, dict) or not isinstance(provenance.get("tables"), dict):
        raise DataError("has no record of the tables ('tables')", file=path, hint=_rebuild(folder))
    return provenance


def _header_and_rows(path: Path) -> tuple[list[str], int]:
    text = path.read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    return header, sum(1 for _ in reader)


def _what_changed(path: Path, rec: dict) -> str:
    """Why ``path`` does not match its record, in words (the first difference found)."""
    raw = path.read_bytes()
    if not raw.strip():
        return "is empty"
    if b"\x00" in raw[:65536]:
        return "is not text (it holds NUL bytes)"
    try:
        header, rows = _header_and_rows(path)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return f"is not UTF-8 text (byte 0x{raw[err.start]:02X} on line {line})"
    except csv.Error as err:
        return f"cannot be read as CSV ({err})"
    columns = rec.get("columns") or []
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing:
        found = f"; it has {', '.join(repr(c) for c in extra[:3])} instead" if extra else ""
        return f"has no column {', '.join(repr(c) for c in missing[:3])}{found}"
    if extra:
        return f"has column {', '.join(repr(c) for c in extra[:3])}, which the build did not write"
    if header != columns:
        return "has its columns in another order than the build wrote them"
    if rows != rec.get("rows"):
        return f"has {rows:,} rows; the build wrote {rec.get('rows'):,} (the file is cut short or was changed)"
    return "was changed after the build (its sha256 differs from the one in provenance.json)"


def verify(folder: str | Path, tables: tuple[str, ...]) -> str:
    """Check ``tables`` (names, read as ``NAME.csv``) of ``folder`` against its provenance.

    Returns the data version; raises :class:`DataError` naming the first file that does not
    match, and why.
    """
    folder = Path(folder)
    provenance = read_provenance(folder)
    records = provenance["tables"]
    for name in tables:
        path = folder / f"{name}.csv"
        rec = records.get(name)
        if not isinstance(rec, dict) or not isinstance(rec.get("sha256"), dict) or path.name not in rec["sha256"]:
            raise DataError(f"records no checksum for {path.name} (it was written by an older build)",
                            file=folder / PROVENANCE, hint=_rebuild(folder))
        if not path.is_file():
            raise DataError("is missing", file=path, hint=_rebuild(folder))
        if sha256_of(path) != rec["sha256"][path.name]:
            raise DataError(_what_changed(path, rec), file=path, hint=_rebuild(folder))
    return data_version(provenance)
