"""Snapshot builds off the request threads, so that a download never stalls other users.

Building a workbook or a report is seconds of Python work that holds the interpreter lock:
in the web server's thread it would stop every other request of that worker. So a build
runs in another process, at a lower CPU priority than the web workers (:data:`NICENESS`),
with the browsers it starts kept there too (:mod:`.priority`), and the request thread waits
for the file without holding the lock.

* Under ``make serve`` the builds go to gunicorn's dirty workers (``dirty_workers`` in
  gunicorn.conf.py, ``SUFFICIENCY_SNAPSHOT_PROCESSES``, default 1): one small pool for the
  whole machine, forked from the master after it has computed everything the workers share
  (the engine's figures, flows, forecasts), so a first download costs what a later one does,
  with one chart browser and one PDF browser for the machine rather than one per web worker
  (:mod:`.dirty`). Builds beyond the pool queue there.
* Elsewhere (the development server, tests) each process has a pool of its own, spawned.
* ``SUFFICIENCY_SNAPSHOT_PROCESSES=0`` builds in the request's own thread.

A web worker lets at most :data:`WAITING` of its threads wait for snapshots at once; a
download asked for beyond that is answered at once with :class:`Busy` ("try again"), so
that queued downloads never hold every thread of a worker while people wait for views.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as Timeout
from concurrent.futures.process import BrokenProcessPool

from ..config import web_threads

log = logging.getLogger(__name__)

PROCESSES_ENV = "SUFFICIENCY_SNAPSHOT_PROCESSES"
TIMEOUT = float(os.environ.get("SUFFICIENCY_SNAPSHOT_TIMEOUT", "120"))
#: The import path of the dirty app that builds snapshots under gunicorn.
DIRTY_APP = "sufficiency.snapshot.dirty:SnapshotApp"
#: How many of a web worker's threads may wait for a snapshot at once: all but one of its
#: threads (gunicorn.conf.py's ``THREADS``), so that one is always free for views.
WAITING = max(1, int(os.environ.get("SUFFICIENCY_SNAPSHOT_WAITING", web_threads() - 1)))
BUSY = "The service is busy building other snapshots. Try again in a minute."
_lock = threading.Lock()
_pools: dict[tuple, ProcessPoolExecutor] = {}
_waiting = threading.BoundedSemaphore(WAITING)


class Busy(RuntimeError):
    """Every thread this web worker lets wait for a snapshot is waiting already."""


def processes() -> int:
    try:
        return max(0, int(os.environ.get(PROCESSES_ENV, "1")))
    except ValueError:
        return 1


#: How much lower the snapshot processes' CPU priority is than the web workers' (``nice``):
#: under load the views people are waiting on go first, and downloads take the rest.
NICENESS = int(os.environ.get("SUFFICIENCY_SNAPSHOT_NICENESS", "10"))


def _watch() -> None:
    """Every 2 s, keep the browsers this process started at its priority."""
    from .priority import lower_descendants

    while True:
        try:
            lower_descendants(NICENESS)
        except Exception:  # a process that went away mid-pass: the next pass
            log.debug("could not lower the browsers' priority", exc_info=True)
        time.sleep(2)


def become_builder() -> None:
    """Make this process a snapshot builder: lower its priority and keep the browsers it
    will start at the same priority."""
    if NICENESS > 0 and hasattr(os, "nice"):
        os.nice(NICENESS)
    threading.Thread(target=_watch, name="snapshot-priority", daemon=True).start()


def _warm(folder: str) -> None:
    from ..store import load

    become_builder()
    load(folder)


def build_here(folder: str, query: str, fmt: str, base_url: str, upload=None):
    """The snapshot of the view ``query`` as ``fmt``, built in this process; ``upload`` is
    the upload panel's store (its suppressed figures become an "Uploaded placements" table)."""
    from ..state import from_query
    from ..store import load
    from . import build_snapshot
    from .uploaded import uploads_from_store

    return build_snapshot(load(folder), from_query(query), fmt, base_url=base_url, uploads=uploads_from_store(upload))


def _pool(folder: str, size: int) -> ProcessPoolExecutor:
    key = (os.getpid(), folder, size)  # a forked process gets its own pool
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            pool = ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_warm, initargs=(folder,))
            _pools[key] = pool
        return pool


def _ready() -> int:
    return os.getpid()


def dirty_socket() -> str | None:
    """The socket of gunicorn's dirty arbiter when this process is a web worker of a server
    with dirty workers (gunicorn sets it before the workers fork), else None."""
    return os.environ.get("GUNICORN_DIRTY_SOCKET") or None


def start(folder: str) -> None:
    """Start this process's own pool now, so that its processes load the data while the
    server answers and the first download does not wait for them (not when gunicorn's dirty
    workers build the snapshots)."""
    size = processes()
    if size and not dirty_socket():
        pool = _pool(str(folder), size)
        for _ in range(size):
            pool.submit(_ready)


def _in_dirty_worker(folder: str, query: str, fmt: str, base_url: str, upload):
    from gunicorn.dirty import get_dirty_client
    from gunicorn.dirty.errors import DirtyTimeoutError

    from . import Snapshot
    from .pdf import PdfUnavailable

    try:
        out = get_dirty_client(timeout=TIMEOUT).execute(DIRTY_APP, "build", folder, query, fmt, base_url, upload)
    except DirtyTimeoutError as err:
        raise Timeout(str(err)) from err
    if out.get("unavailable"):
        raise PdfUnavailable(out["unavailable"])
    return Snapshot(out["content"], out["filename"], out["mime"], out["seconds"], out.get("note"))


def build(folder: str, query: str, fmt: str, *, base_url: str, upload=None):
    """The :class:`~sufficiency.snapshot.Snapshot` of the view ``query`` as ``fmt``, built in
    a snapshot process (or here when there is none, or the pool has died: said in the log).
    Raises :class:`Busy` when this worker already has :data:`WAITING` threads waiting."""
    size = processes()
    if size == 0:
        return build_here(str(folder), query, fmt, base_url, upload)
    if not _waiting.acquire(blocking=False):
        raise Busy(BUSY)
    try:
        if dirty_socket():
            from gunicorn.dirty.errors import DirtyConnectionError

            try:
                return _in_dirty_worker(str(folder), query, fmt, base_url, upload)
            except DirtyConnectionError:
                log.error("the snapshot processes did not answer; building in the request thread")
                return build_here(str(folder), query, fmt, base_url, upload)
        try:
            return _pool(str(folder), size).submit(build_here, str(folder), query, fmt, base_url, upload).result(TIMEOUT)
        except BrokenProcessPool:
            log.error("snapshot pool stopped; building in the request thread")
            with _lock:
                _pools.pop((os.getpid(), str(folder), size), None)
            return build_here(str(folder), query, fmt, base_url, upload)
    finally:
        _waiting.release()


def shutdown() -> None:
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        _pools.clear()
