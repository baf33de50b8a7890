"""Text columns keep pandas' "str" dtype and hold Python strings (``sufficiency/__init__.py``):
the app reads codes and labels back as Python objects, which Arrow-backed text rebuilds on
every read (docs/performance.md)."""

from __future__ import annotations

import pandas as pd

import sufficiency  # noqa: F401  (sets the storage)
from sufficiency.store import _read


def test_text_is_str_held_as_python_strings():
    s = pd.Series(["E06000001", None])
    assert s.dtype == "str"
    assert s.array.dtype.storage == "python"
    assert s.isna().tolist() == [False, True]


def test_tables_read_from_csv_hold_python_strings(tmp_path):
    (tmp_path / "t.csv").write_text("la_code,places,label\nE06000001,4,a\nE06000002,,b\n")
    t = _read(tmp_path, "t")
    for col in ("la_code", "label"):
        assert t[col].dtype == "str" and t[col].array.dtype.storage == "python"
    assert t["places"].isna().tolist() == [False, True]
