"""What the production server computes once, before its workers fork, so that every worker
starts with it and no request pays for it.

gunicorn loads the app in its master (``preload_app`` in gunicorn.conf.py) and forks the
workers from it: whatever the master has computed by then is in every worker's memory
(shared, copy-on-write). So warming runs synchronously, in the process that forks, and
not in a thread: a thread of the master is not carried into the workers, and a fork taken
while it holds a lock would leave that lock held in the worker.

``SUFFICIENCY_WARM`` says how much: ``years`` (the default: below); any other value
(``first``, ``none``) builds the first page only, for tests that start many servers.
"""

from __future__ import annotations

import logging
import os
import time

from .config import YEARS
from .vocab import SECTORS

log = logging.getLogger(__name__)

WARM_ENV = "SUFFICIENCY_WARM"
#: The views whose page of each year is built at start-up (the commonest first requests).
VIEWS_BY_YEAR = ("map", "region", "quality", "distance")
DEFAULT_TYPES = ("childrens_home",)


def level() -> str:
    return os.environ.get(WARM_ENV, "years")


def engine_filters() -> list[tuple[tuple, tuple]]:
    """(sectors, provision types) computed for every year at start-up: every sector, and
    each sector alone, of children's homes (the default type)."""
    return [(s, DEFAULT_TYPES) for s in (tuple(SECTORS), *[(s,) for s in SECTORS])]


def warm_engine(data) -> None:
    """The measure engine's figures for every LA, every region and England, every year, for
    :func:`engine_filters` (what maps, region views, profiles and headlines read first), and
    the region and England trends a profile shows beside its LA."""
    from .config import ENGLAND_CODE
    from .engine import areas as A
    from .engine import queries
    from .engine.compute import measure_arrays

    for sectors, types in engine_filters():
        for year in YEARS:
            for areas in (A.every_la(), A.regions(), A.england()):
                measure_arrays(data, year, sectors, types, areas, None)
        for code in (*queries.REGION_CODES, ENGLAND_CODE):
            queries.trend(data, code, sectors, types)


def page_queries() -> list[str]:
    """The addresses whose pages are built at start-up, in order: the first page, then (at
    level ``years``) :data:`VIEWS_BY_YEAR` for every year."""
    queries = [""]
    if level() == "years":
        queries += [f"?view={view}&year={year}" for year in YEARS for view in VIEWS_BY_YEAR]
    return queries


def warm(folder, geo: bool, visit=None) -> float:
    """Fill the caches for the data folder ``folder`` (``geo``: the boundary maps too) and
    open each of :func:`page_queries` with ``visit(query)`` (default: build its page, as the
    page callback does); returns the seconds it took."""
    from .app import callbacks
    from .store import load

    start = time.perf_counter()
    data = load(str(folder))
    if visit is None:
        def visit(query: str) -> None:
            callbacks.render_page(query, data, geo=geo)
    if level() == "years":
        callbacks.warm(str(folder), geo)  # years of each measure, map layouts, the first page of each view
        warm_engine(data)
    for query in page_queries():
        visit(query)
    seconds = time.perf_counter() - start
    log.info("caches warmed in %.1f s (%s=%s), before the workers start", seconds, WARM_ENV, level())
    return seconds
