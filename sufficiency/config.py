"""Where the official files and the project's derived data live.

The official Ofsted, DfE and ONS files are never copied into the project: they are read
by path. The default is ``../shared/data`` beside the checkout; set
``SUFFICIENCY_RAW_DATA`` to point elsewhere (for example a folder of newly downloaded
releases). ``SUFFICIENCY_DATA`` points the app at another build output.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DATA = PROJECT_ROOT / "data"

RAW_DATA_ENV = "SUFFICIENCY_RAW_DATA"
APP_DATA_ENV = "SUFFICIENCY_DATA"
BOUNDARIES_ENV = "SUFFICIENCY_BOUNDARIES"

#: The years (position at 31 March) that the canonical tables cover.
FIRST_YEAR = 2014
LAST_YEAR = 2025
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))

ENGLAND_CODE = "E92000001"

THREADS_ENV = "THREADS"
DEFAULT_THREADS = 4


def web_threads() -> int:
    """Threads per web worker (``THREADS``, default 4): gunicorn.conf.py's setting, which the
    snapshot jobs' limit on waiting threads follows."""
    return int(os.environ.get(THREADS_ENV, str(DEFAULT_THREADS)))


def raw_data_dir() -> Path:
    """The folder holding the official files as published."""
    env = os.environ.get(RAW_DATA_ENV)
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"


def app_data_dir() -> Path:
    """The folder the app reads its tables from (the embedded default unless overridden)."""
    env = os.environ.get(APP_DATA_ENV)
    return Path(env) if env else EMBEDDED_DATA
