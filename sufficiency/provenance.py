"""What the build read, what it kept and what it fixed: written as ``provenance.json``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FixLog


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class SourceRecord:
    path: str  # relative to the raw data folder, with forward slashes
    sha256: str
    rows_read: int = 0
    rows_kept: int = 0
    parts: list[str] = field(default_factory=list)  # sheets or tables read from the file


@dataclass
class Provenance:
    """Collects one record per source file plus the fix log, across a whole build."""

    raw_root: Path
    fixes: FixLog = field(default_factory=FixLog)
    sources: dict[str, SourceRecord] = field(default_factory=dict)

    def _key(self, path: str | Path) -> str:
        p = Path(path)
        try:
            return p.resolve().relative_to(Path(self.raw_root).resolve()).as_posix()
        except ValueError:
            return p.name

    def record(self, path: str | Path, *, rows_read: int, rows_kept: int, part: str | None = None) -> None:
        """Add the rows read and kept from one file (or one sheet of it)."""
        key = self._key(path)
        rec = self.sources.get(key)
        if rec is None:
            rec = self.sources[key] = SourceRecord(path=key, sha256=sha256_of(path))
        rec.rows_read += int(rows_read)
        rec.rows_kept += int(rows_kept)
        if part and part not in rec.parts:
            rec.parts.append(part)

    def to_dict(self) -> dict:
        sources = []
        for key in sorted(self.sources):
            rec = self.sources[key]
            sources.append(
                {
                    "file": rec.path,
                    "sha256": rec.sha256,
                    "rows_read": rec.rows_read,
                    "rows_kept": rec.rows_kept,
                    **({"parts": rec.parts} if rec.parts else {}),
                    "fixes": self.fixes.for_file(rec.path),
                }
            )
        return {"sources": sources, "fixes": self.fixes.as_list()}

    def write(self, path: str | Path, extra: dict | None = None) -> None:
        payload = self.to_dict()
        if extra:
            payload = {**extra, **payload}
        Path(path).write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")
