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



def test_a_web_worker_of_a_server_with_dirty_workers_starts_no_pool_of_its_own(monkeypatch):
    monkeypatch.setenv(jobs.PROCESSES_ENV, "1")
    monkeypatch.setenv("GUNICORN_DIRTY_SOCKET", "/nonexistent/dirty.sock")
    jobs.start(str(EMBEDDED_DATA))
    assert not jobs._pools


def test_gunicorn_builds_snapshots_in_its_dirty_workers(monkeypatch):
    """One pool for the machine, forked from the warmed master: gunicorn's dirty workers
    with the snapshot app; none when snapshots are built in the request thread."""
    monkeypatch.delenv(jobs.PROCESSES_ENV, raising=False)
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert conf["dirty_workers"] == 1 and conf["dirty_apps"] == [jobs.DIRTY_APP]
    assert conf["proc_name"].startswith("sufficiency-")  # one dirty arbiter pid file per port
    monkeypatch.setenv(jobs.PROCESSES_ENV, "0")
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert conf["dirty_workers"] == 0 and conf["dirty_apps"] == []
    from gunicorn.dirty.app import load_dirty_app

    assert type(load_dirty_app(jobs.DIRTY_APP)).__name__ == "SnapshotApp"


def test_a_download_beyond_the_waiting_threads_is_answered_busy_at_once(monkeypatch):
    """When every thread a worker lets wait for snapshots is waiting, the next download is
    told to try again rather than take the thread views need."""
    import time

    monkeypatch.setenv(jobs.PROCESSES_ENV, "1")
    held = 0
    try:
        while jobs._waiting.acquire(blocking=False):
            held += 1
        assert held == jobs.WAITING
        start = time.perf_counter()
        try:
            jobs.build(str(EMBEDDED_DATA), "?year=2020", "xlsx", base_url="http://localhost/")
        except jobs.Busy as err:
            assert "Try again" in str(err)
        else:
            raise AssertionError("expected Busy")
        assert time.perf_counter() - start < 1
    finally:
        for _ in range(held):
            jobs._waiting.release()


def test_the_snapshot_app_answers_in_the_types_the_dirty_protocol_carries():
    from gunicorn.dirty.tlv import TLVEncoder

    from sufficiency.snapshot.dirty import SnapshotApp

    app = SnapshotApp()
    out = app("build", str(EMBEDDED_DATA), "?year=2020&sector=private", "xlsx", "http://localhost/", None)
    assert out["filename"].endswith(".xlsx") and out["content"][:2] == b"PK" and out["seconds"] > 0
    assert TLVEncoder.decode_full(TLVEncoder.encode(out)) == out
