"""Errors a person can act on, and fixes that are counted rather than silent.

Every problem found in an official file is either

* a :class:`DataError`: the build stops with one message naming the file, the row (as a
  spreadsheet user would count it: the file's own line number), the column and the value,
  and what to do; or
* a fix recorded in a :class:`FixLog`: the build goes on, and the fix is counted and
  written to ``provenance.json``.

Nothing is dropped silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


class DataError(ValueError):
    """A problem in an input file that stops the build."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
    ) -> None:
        self.file = Path(file).name if file is not None else None
        self.row = row
        self.column = column
        self.value = value
        self.hint = hint
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.file:
            where.append(f"of {self.file}" if where else self.file)
        prefix = " ".join(where)
        text = f"{prefix}: {self.detail}" if prefix else self.detail
        if self.column is not None:
            text += f" (column '{self.column}'"
            text += f", value {self.value!r})" if self.value is not None else ")"
        elif self.value is not None:
            text += f" (value {self.value!r})"
        if self.hint:
            text += f". {self.hint}"
        return text


class UnknownLocalAuthority(DataError):
    """An LA name or code that the gazetteer does not know."""


class UnknownLabel(DataError):
    """A sector, provision type or rating label never seen before."""


class MissingColumn(DataError):
    """A column the reader needs is absent from a file."""


@dataclass
class FixLog:
    """Counts each kind of fix applied to each file, for ``provenance.json``."""

    counts: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    def add(self, file: str | Path, fix: str, n: int = 1, example: object = None) -> None:
        if n <= 0:
            return
        key = (Path(file).name, fix)
        self.counts[key] += n
        if example is not None and key not in self.examples:
            self.examples[key] = str(example)

    def for_file(self, file: str | Path) -> list[dict]:
        name = Path(file).name
        return [
            {"fix": fix, "count": n, **({"example": self.examples[(f, fix)]} if (f, fix) in self.examples else {})}
            for (f, fix), n in sorted(self.counts.items())
            if f == name
        ]

    def as_list(self) -> list[dict]:
        return [
            {"file": f, "fix": fix, "count": n, **({"example": self.examples[(f, fix)]} if (f, fix) in self.examples else {})}
            for (f, fix), n in sorted(self.counts.items())
        ]

    def merge(self, other: "FixLog") -> None:
        self.counts.update(other.counts)
        for k, v in other.examples.items():
            self.examples.setdefault(k, v)
