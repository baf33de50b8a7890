"""What the production server computes once, before its workers fork, so that every worker
starts with it and no request pays for it.

gunicorn loads the app in its master (``preload_app`` in gunicorn.conf.py) and forks the
workers from it: whatever the master has computed by then is in every worker's memory
(shared, copy-on-write). So warming runs synchronously, in the process that forks, and
not in a thread: a thread of the master is not carried into the workers, and a fork taken
while it holds a lock would leave that lock held in the worker.

``SUFFICIENCY_WARM`` says how much: ``years`` (the default) computes everything a view
reads that does not depend on the request's area: the measure engine's figures of every LA,
region and England for every year and every subset of sectors and provision types
(:func:`warm_engine`), the modelled distance ranges (:func:`warm_flows`), each area's
forecast panel (:func:`warm_forecasts`), each LA's neighbours and observed placements
(:func:`warm_profiles`), then the page of :data:`VIEWS_BY_YEAR` for every year. A view
nobody has opened then builds only its own page. Any other value (``first``, ``none``)
builds the first page only, for tests that start many servers. docs/performance.md gives
the time this takes and the memory it holds.
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


def subsets(values) -> list[tuple]:
    """Every non-empty subset of ``values``, each in the order of ``values``, the whole first."""
    values = tuple(values)
    out = [tuple(v for i, v in enumerate(values) if mask >> i & 1) for mask in range(1, 2 ** len(values))]
    return sorted(out, key=lambda s: (-len(s), [values.index(v) for v in s]))


def engine_filters() -> list[tuple[tuple, tuple]]:
    """(sectors, provision types) the engine's figures are computed for at start-up: every
    subset of the sectors with every subset of the provision types (15 x 7), children's
    homes of every sector first. A view of any filters then reads its figures."""
    from .vocab import PROVISION_TYPES

    types = subsets(PROVISION_TYPES)
    types.remove(DEFAULT_TYPES)
    return [(s, t) for t in (DEFAULT_TYPES, *types) for s in subsets(SECTORS)]


def warm_engine(data) -> None:
    """The measure engine's figures for every LA, every region and England, every year, for
    :func:`engine_filters` (what maps, region views, profiles, quality views and headlines
    read), the region and England trends a profile shows beside its LA, and the regions'
    series of the region view."""
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
        queries.region_series(data, sectors, types)


def warm_flows(data) -> None:
    """The modelled distance figures with their plausible ranges (the distance view and the
    profile read them), and the modelled measures of the map (shares beyond 20 and 50 miles),
    for every LA, region and England, every year and sector subset."""
    from .engine import areas as A
    from .engine.modelled import modelled_table
    from .engine.registry import MODELLED_MEASURES
    from .present.distance_figures import level_ranges

    for sectors in subsets(SECTORS):
        for year in YEARS:
            for level in ("la", "region", "country"):
                for key in MODELLED_MEASURES:
                    try:
                        modelled_table(data, key, year, sectors, A.level(level))
                    except (KeyError, ValueError):  # as above: the view says why there is no figure
                        pass
            for level in ("la", "region", "england"):
                try:
                    level_ranges(data, year, level, sectors)
                except (KeyError, ValueError):  # the model cannot run (no places of the sectors): views say so
                    break


def profile_codes(data) -> list[str]:
    """The LAs whose profile parts are computed at start-up: every LA of any year."""
    return sorted(data.gazetteer["code"])


def warm_forecasts(data) -> None:
    """The forecast panel's fan charts and projected gap of every LA of the forecasts'
    origin, every region and England (they depend on nothing else of a view)."""
    from .app.sections import forecast_panel as fp
    from .config import ENGLAND_CODE
    from .forecast.vocab import ORIGIN
    from .geography.reorganisations import REGION_NAMES
    from .present import forecast as pf

    names = data.area_names
    live = set(data.las_in_year(ORIGIN)["code"])
    las = [c for c in profile_codes(data) if c in live]
    for code in (*las, *REGION_NAMES, ENGLAND_CODE):
        subject = pf.Subject(names.get(code, code), code)
        fp.headline_block(data, subject)
        for measure in pf.FAN_MEASURES:
            fp.fan_block(data, subject, measure)


def warm_profiles(data) -> None:
    """What an LA profile shows whatever its filters: each LA's statistical neighbours in
    both of DfE's models and its observed placements across the boundary (with their chart)."""
    from .app.sections import profile_flows
    from .engine.profile import neighbours_by_model

    names = data.la_names
    for code in profile_codes(data):
        for model in ("2021", "2025"):
            neighbours_by_model(data, code, model)
        profile_flows.observed_chart(data, (code,), names[code])


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
    took = {}
    if level() == "years":
        parts = (("layouts", lambda d: callbacks.warm(str(folder), geo)),  # years of measures, map layouts, first pages
                 ("engine", warm_engine), ("flows", warm_flows), ("forecasts", warm_forecasts),
                 ("profiles", warm_profiles))
        for name, part in parts:
            t = time.perf_counter()
            part(data)
            took[name] = time.perf_counter() - t
    t = time.perf_counter()
    for query in page_queries():
        visit(query)
    took["pages"] = time.perf_counter() - t
    seconds = time.perf_counter() - start
    log.info("caches warmed in %.1f s (%s; %s=%s), before the workers start", seconds,
             ", ".join(f"{k} {v:.0f} s" for k, v in took.items()), WARM_ENV, level())
    return seconds
