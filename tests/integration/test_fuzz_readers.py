"""Property-based fuzzing of every official-file reader (bounded so that CI stays quick).

Each reader gets random bytes and mutated copies of the real file's head; the run must end
in a DataError whose message names the file, or in a clean table. Anything else (KeyError,
IndexError, a pandas error, a hang) is a crash and fails. ``FUZZ_EXAMPLES`` sets the number
of examples per reader (default 25; run with more before a release).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from sufficiency.errors import DataError

from tests.integration.fuzz_inputs import READERS, file_contents, real_head, stage

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_outcome(reader, run) -> None:
    try:
        result = run()
    except DataError as err:
        message = str(err)
        assert message and "Traceback" not in message
        assert err.file, f"{reader.name}: the message names no file: {message}"
        return
    frames = result if isinstance(result, tuple) else (result,)
    assert all(isinstance(f, (pd.DataFrame, dict, list)) for f in frames), type(result)


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_reader_never_crashes(reader, raw_root):
    rows = real_head(raw_root, reader.target)

    @FUZZ
    @given(content=file_contents(rows))
    def run(content):
        with tempfile.TemporaryDirectory() as tmp:
            root = stage(raw_root, reader, Path(tmp), content)
            check_outcome(reader, lambda: reader.call(root))

    run()
