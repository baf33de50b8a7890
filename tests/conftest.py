"""Shared fixtures: where the official files are, and one full build per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from sufficiency.config import raw_data_dir

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def raw_root() -> Path:
    root = raw_data_dir()
    if not (root / "README.md").exists():
        pytest.fail(f"official data folder not found at {root}; set SUFFICIENCY_RAW_DATA")
    return root


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def build_result(raw_root):
    """One full build from the official files, shared by every test that needs it."""
    from sufficiency.build import build_tables

    return build_tables(raw_root)


@pytest.fixture(scope="session")
def compact_build_dir(build_result, tmp_path_factory):
    from sufficiency.build import write_outputs

    out = tmp_path_factory.mktemp("compact")
    write_outputs(build_result, out, compact=True)
    return out
