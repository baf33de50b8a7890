"""The production server warms before its workers fork: ``sufficiency.server.build`` (what
gunicorn's master runs with ``preload_app``) fills the caches synchronously, starts no
warming thread, and a process forked from it (as a gunicorn worker is) answers the pages
built at start-up from its response cache, without building them again."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from sufficiency.config import EMBEDDED_DATA, PROJECT_ROOT
from sufficiency.server import CACHED_OUTPUTS

BIRMINGHAM, KENT = "E08000025", "E10000016"
PAGE = {"output": CACHED_OUTPUTS[0],
        "outputs": [{"id": i, "property": "children"} for i in ("service-nav", "filters", "content")],
        "state": [], "changedPropIds": ["url.search"]}


@pytest.fixture(scope="module")
def server():
    from sufficiency.server import build

    from sufficiency import warmup
    from sufficiency.vocab import SECTORS

    mp = pytest.MonkeyPatch()
    mp.setenv("SUFFICIENCY_WARM", "years")
    # the production warm-up, on fewer views and filters to keep the test short
    mp.setattr(warmup, "VIEWS_BY_YEAR", ("region", "distance"))
    mp.setattr(warmup, "engine_filters", lambda: [(tuple(SECTORS), warmup.DEFAULT_TYPES)])
    mp.setattr(warmup, "subsets", lambda values: [tuple(values)])
    mp.setattr(warmup, "profile_codes", lambda data: [BIRMINGHAM, KENT])
    try:
        yield build(EMBEDDED_DATA)
    finally:
        mp.undo()


def _in_worker(server, searches, out):
    """What a forked worker does with its first requests: (status, cache hit, pages built)."""
    from sufficiency.app import callbacks

    responses = server.extensions["sufficiency_response_cache"]
    client = server.test_client()
    result = []
    for search in searches:
        hits, built = responses.hits, callbacks.page_parts.cache_info().misses
        r = client.post("/_dash-update-component", json={**PAGE, "inputs": [
            {"id": "url", "property": "search", "value": search}]})
        result.append((r.status_code, responses.hits - hits, callbacks.page_parts.cache_info().misses - built))
    out.put(result)


def test_build_warms_synchronously_and_starts_no_thread(server):
    from sufficiency import warmup

    assert not [t for t in threading.enumerate() if "warm" in t.name.lower()]
    from sufficiency.server import page_cache_key

    queries = warmup.page_queries()
    assert "?view=region&year=2014" in queries and "?view=distance&year=2025" in queries
    keys = {page_cache_key({**PAGE, "inputs": [{"id": "url", "property": "search", "value": q}]}) for q in queries}
    assert len(server.extensions["sufficiency_response_cache"]) >= len(keys) > 20


def test_gunicorn_loads_the_app_in_the_master():
    text = (PROJECT_ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert "\npreload_app = True\n" in text


def test_a_forked_worker_starts_warm(server):
    searches = ["", "?view=region&year=2019", "?view=distance&year=2016&utm_source=email", "?year=2021&view=region"]
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    worker = ctx.Process(target=_in_worker, args=(server, searches, out))
    worker.start()
    result = out.get(timeout=120)
    worker.join(timeout=30)
    assert worker.exitcode == 0
    assert result == [(200, 1, 0)] * len(searches)


def test_profile_parts_of_every_la_are_computed_before_the_fork(server):
    """Each LA's forecast panel, neighbours and observed placements (patched here to two LAs)."""
    from sufficiency.app.sections import forecast_panel, profile_flows
    from sufficiency.engine.profile import neighbours_by_model

    assert forecast_panel.fan_block.cache_info().currsize >= 2 * 4  # two LAs (and the regions, England) x 4 fans
    assert profile_flows.observed_chart.cache_info().currsize >= 2
    assert neighbours_by_model.cache_info().currsize >= 4  # two LAs x two models


def test_the_maps_modelled_measures_of_every_year_are_computed_before_the_fork(server):
    """The shares beyond 20 and 50 miles of every LA, region and England for every year (and,
    in production, every sector subset; patched here to all sectors), read by a map or a
    distance view of any year without running the flow model's sums again."""
    from sufficiency.config import YEARS
    from sufficiency.engine import areas as A
    from sufficiency.engine.modelled import modelled_table
    from sufficiency.engine.registry import MODELLED_MEASURES
    from sufficiency.store import load
    from sufficiency.vocab import SECTORS

    data = load(str(EMBEDDED_DATA))
    before = modelled_table.cache_info()
    for year in YEARS:
        for level in ("la", "region", "country"):
            for key in MODELLED_MEASURES:
                modelled_table(data, key, year, tuple(SECTORS), A.level(level))
    after = modelled_table.cache_info()
    assert after.misses == before.misses
    assert after.hits - before.hits == len(YEARS) * 3 * len(MODELLED_MEASURES)
