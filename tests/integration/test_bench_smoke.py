"""Smoke run of the benchmarks (the full run is `make bench`, not part of CI): a few users for a
few seconds on the production server with no error, and the callback/groupby table."""

from __future__ import annotations

from bench import interactions, loadtest, serving


def test_load_test_smoke_has_no_errors():
    with serving.gunicorn(workers=1, threads=2) as base:
        res = loadtest.run(base, users=3, seconds=3)
    assert not res.errors, res.errors
    assert res.latencies.get("page callback") and res.latencies.get("page")
    text = loadtest.summary(res, 3, 3, 1, 2)
    assert "0 errors" in text and "| **all** |" in text


def test_callback_bench_smoke():
    rows = interactions.measure(runs=3, first_runs=1)
    assert {r["interaction"] for r in rows} == set(interactions.INTERACTIONS)
    assert all(r["repeat_median"] > 0 and r["groupby_median"] > 0 for r in rows)
    assert "ratio (repeat)" in interactions.markdown(rows, 3, 1)


def test_forecast_bench_smoke():
    from bench import forecasts
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.store import load

    rows = forecasts.footprint_rows(load(EMBEDDED_DATA), runs=2)
    names = [r[0] for r in rows]
    for measure in ("cla", "places", "gap"):
        assert any(n.startswith(f"{measure}: footprint of 10 LAs") for n in names)
        assert any(n.startswith(f"{measure}: footprint of every LA") for n in names)
    assert all(len(wall) >= 1 and min(wall) > 0 for _, wall, _ in rows)
    table = forecasts.markdown(rows, 1, 2)
    assert "| step | median ms | p95 ms | median CPU ms |" in table and "cores shared with other work" in table
