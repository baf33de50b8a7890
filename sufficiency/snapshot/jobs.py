"""Snapshot builds off the request threads, so that a download never stalls other users.

Building a workbook or a report is seconds of Python work that holds the interpreter lock:
in the web server's thread it would stop every other request of that worker. The app hands
each build to a small pool of separate processes instead (``SUFFICIENCY_SNAPSHOT_PROCESSES``,
default 1 per web worker; 0 builds in the request's own thread). The request thread waits for
its file without holding the lock; builds beyond the pool's size queue. Each pool process
loads the data folder once and keeps its own chart renderer and PDF browser, and runs at a
lower CPU priority than the web workers (:data:`NICENESS`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger(__name__)

PROCESSES_ENV = "SUFFICIENCY_SNAPSHOT_PROCESSES"
TIMEOUT = float(os.environ.get("SUFFICIENCY_SNAPSHOT_TIMEOUT", "120"))
_lock = threading.Lock()
_pools: dict[tuple, ProcessPoolExecutor] = {}


def processes() -> int:
    try:
        return max(0, int(os.environ.get(PROCESSES_ENV, "1")))
    except ValueError:
        return 1


#: How much lower the pool processes' CPU priority is than the web workers' (``nice``):
#: under load the views people are waiting on go first, and downloads take the rest.
NICENESS = int(os.environ.get("SUFFICIENCY_SNAPSHOT_NICENESS", "10"))


def _warm(folder: str) -> None:
    from ..store import load

    if NICENESS > 0 and hasattr(os, "nice"):
        os.nice(NICENESS)
    load(folder)


def _build(folder: str, query: str, fmt: str, base_url: str, uploads):
    from ..state import from_query
    from ..store import load
    from . import build_snapshot

    return build_snapshot(load(folder), from_query(query), fmt, base_url=base_url, uploads=uploads)


def _pool(folder: str, size: int) -> ProcessPoolExecutor:
    key = (os.getpid(), folder, size)  # a forked web worker gets its own pool
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            pool = ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_warm, initargs=(folder,))
            _pools[key] = pool
        return pool


def _ready() -> int:
    return os.getpid()


def start(folder: str) -> None:
    """Start this process's pool now (a web worker, just forked), so that its processes load
    the data while the worker serves and the first download does not wait for them."""
    size = processes()
    if size:
        pool = _pool(str(folder), size)
        for _ in range(size):
            pool.submit(_ready)


def build(folder: str, query: str, fmt: str, *, base_url: str, uploads=None):
    """The :class:`~sufficiency.snapshot.Snapshot` of the view ``query`` as ``fmt``, built in a
    pool process (or here when the pool is off, or has died: said in the log)."""
    size = processes()
    if size == 0:
        return _build(str(folder), query, fmt, base_url, uploads)
    try:
        return _pool(str(folder), size).submit(_build, str(folder), query, fmt, base_url, uploads).result(TIMEOUT)
    except BrokenProcessPool:
        log.error("snapshot pool stopped; building in the request thread")
        with _lock:
            _pools.pop((os.getpid(), str(folder), size), None)
        return _build(str(folder), query, fmt, base_url, uploads)


def shutdown() -> None:
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        _pools.clear()
