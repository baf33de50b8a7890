"""A web worker starts its snapshot processes as it starts (gunicorn's ``post_fork``), so the
first download does not wait for a process to start and load the data."""

from __future__ import annotations

import os
import runpy

from sufficiency.config import EMBEDDED_DATA, PROJECT_ROOT
from sufficiency.snapshot import jobs


def test_start_runs_the_pool_processes_now(monkeypatch):
    monkeypatch.setenv(jobs.PROCESSES_ENV, "1")
    try:
        jobs.start(str(EMBEDDED_DATA))
        key = (os.getpid(), str(EMBEDDED_DATA), 1)
        assert key in jobs._pools
        pool = jobs._pools[key]
        assert pool.submit(jobs._ready).result(120) != os.getpid()
        jobs.start(str(EMBEDDED_DATA))  # once per process: the same pool
        assert jobs._pools[key] is pool
    finally:
        jobs.shutdown()


def test_start_with_the_pool_off_starts_nothing(monkeypatch):
    monkeypatch.setenv(jobs.PROCESSES_ENV, "0")
    jobs.start(str(EMBEDDED_DATA))
    assert not jobs._pools


def test_gunicorn_starts_the_pool_after_forking_each_worker():
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert conf["preload_app"] is True and callable(conf["post_fork"])
