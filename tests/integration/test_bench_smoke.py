"""Smoke run of the benchmarks (`python -m bench --quick`; the full run is `make bench`, not
part of CI): a few never-seen states per view kind in-process, the first load in Chromium,
and on the production server with one worker the cached-state and never-seen load tests
(a few users for a few seconds) and the memory readings. Speeds are not asserted: the run
must work, see every kind of request, answer every one without an error and report memory."""

from __future__ import annotations

import pytest

from bench import __main__ as bench
from bench import dash_protocol as dp
from bench.loadtest import ACTIONS, SNAPSHOT_FORMATS, view_label
from bench.states import VIEW_KINDS, Permalinks, same_state
from sufficiency.state import from_query


@pytest.fixture(scope="module")
def quick():
    body, results, status = bench.run(["--quick"])
    return body, results, status


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


def test_quick_run_succeeds_and_reports_every_part(quick):
    body, results, status = quick
    assert status == 0, body
    assert "Failed:" not in body
    for title in ("Never-seen views, one user", "First load", "Load test: cached states",
                  "Load test: never-seen mix", "Worker memory under"):
        assert f"### {title}" in body


def test_never_seen_rows_for_every_view_kind(quick):
    res = quick[1]["never_seen"]
    rows = {r["kind"]: r for r in res["rows"]}
    assert set(rows) == set(VIEW_KINDS)
    for r in rows.values():
        assert r["states"] == 2
        assert r["median"] > 0 and r["groupby_median"] > 0 and r["repeat_median"] > 0
        assert r["bytes_median"] > 1000  # a whole page of components, compressed
    assert any("content.children" in c for c in res["callbacks"])


def test_load_test_sees_every_kind_without_errors(quick):
    res = quick[1]["load_4"]
    assert res.errors == []
    expected = {"page", "layout", "static", "filter change callback", view_label("rewritten"),
                view_label("filter")}
    expected |= {view_label(k) for k in VIEW_KINDS}
    expected |= {f"snapshot: {f}" for f in SNAPSHOT_FORMATS}
    assert expected <= set(res.latencies), expected - set(res.latencies)
    assert all(res.latencies[k] for k in expected)
    assert set(ACTIONS) - {"snapshot"} <= set(res.interactions)


def test_load_test_reports_worker_memory(quick):
    res = quick[1]["load_4"]
    assert res.workers_at_start == 1 and len(res.memory) == 1
    (m,) = res.memory.values()
    assert 50 * 2**20 < m["start"] <= m["peak"] and m["peak_tree"] > 0
    assert "| worker | RSS at start | peak RSS |" in quick[0]


def test_cached_state_test_is_labelled_and_has_no_errors(quick):
    res = quick[1]["cached"]
    assert res.errors == [] and res.mode == "cached states"
    assert set(k for k in res.latencies if k.startswith("view")) == {view_label("cached")}
    assert "**Cached states**" in quick[0]


def test_memory_readings_before_and_after_states(quick):
    res = quick[1]["memory"]
    assert res["errors"] == [] and res["done"] == res["states"] == 9 and res["same_worker"]
    assert [r["states"] for r in res["readings"]] == [0, 3, 6, 9]
    assert all(r["rss"] > r["uss"] > 0 for r in res["readings"])


def test_first_load_reports_gzip_and_brotli(quick):
    fl = quick[1]["first"]
    assert fl.requests > 5 and fl.encoded_bytes > 0
    assert set(fl.replayed) == {"br", "gzip"}
    assert all(sum(v[1] for v in d.values()) > 0 for d in fl.replayed.values())


def test_permalinks_are_new_and_open_what_they_say():
    gen = Permalinks(seed=1)
    links = [gen.new(kind) for kind in VIEW_KINDS for _ in range(30)]
    assert len({link.query for link in links}) == len(links)
    for link in links:
        state = from_query(link.query)
        assert state == link.state
        assert state.view == {"scenario": "distance", "footprint": "profile"}.get(link.kind, link.kind)
        if link.kind == "footprint":
            assert state.footprint
        if link.kind == "profile":
            assert state.la is not None
        if link.kind == "scenario":
            assert state.scenario_places != 0
    for _ in range(50):
        again = gen.rewritten()
        assert again.query not in {link.query for link in gen.made}
        assert same_state(from_query(again.query), again.state)


def test_callback_bodies_follow_the_dependencies():
    deps = [
        {"output": "..nav.children...extra.data..", "inputs": [{"id": "url", "property": "search"}],
         "state": [{"id": '{"name":["ALL"],"type":"thing"}', "property": "value"}]},
        {"output": "..snapshot-download.data...snapshot-status.children..",
         "inputs": [{"id": '{"format":["ALL"],"type":"snapshot-format"}', "property": "n_clicks"}],
         "state": [{"id": "url", "property": "search"}]},
        {"output": "url.search@abc", "inputs": [{"id": "url", "property": "hash"}], "state": [],
         "clientside_function": {"namespace": "x", "function_name": "y"}},
    ]
    layout = {"type": "Div", "namespace": "dash_html_components", "props": {"id": "root", "children": [
        {"type": "Input", "namespace": "dcc", "props": {"id": {"type": "thing", "name": "a"}, "value": 3}},
        {"type": "Button", "namespace": "html", "props": {"id": {"type": "snapshot-format", "format": "xlsx"},
                                                          "n_clicks": 0}},
        {"type": "Button", "namespace": "html", "props": {"id": {"type": "snapshot-format", "format": "pdf"},
                                                          "n_clicks": 0}},
    ]}}
    callbacks, page = dp.Callbacks(deps), dp.Page(layout)
    (b,) = dp.search_bodies(callbacks, page, "?year=2020")
    assert b["outputs"] == [{"id": "nav", "property": "children"}, {"id": "extra", "property": "data"}]
    assert b["inputs"] == [{"id": "url", "property": "search", "value": "?year=2020"}]
    assert b["state"] == [[{"id": {"type": "thing", "name": "a"}, "property": "value", "value": 3}]]
    s = dp.snapshot_body(callbacks, page, "?year=2020", "pdf")
    assert [i["value"] for i in s["inputs"][0]] == [0, 1]
    assert s["changedPropIds"] == ['{"format":"pdf","type":"snapshot-format"}.n_clicks']
    assert s["state"] == [{"id": "url", "property": "search", "value": "?year=2020"}]
