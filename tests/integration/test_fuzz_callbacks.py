"""Property-based fuzzing of the callback endpoint (bounded for CI) through the production app.

Bodies are built at run time from the app's own callback list (``app.callback_map``), so the
fuzzing follows whatever ids and properties the callbacks have: a well-formed request for a
random callback with random values, then random damage (keys dropped or retyped, ids and
properties changed, outputs of another callback, deep nesting, huge numbers, long search
strings). Every answer is a page update, 204 or a client error: never a 500, and nothing is
logged with a traceback.
"""

from __future__ import annotations

import json
import logging
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sufficiency.app import create_app
from sufficiency.config import EMBEDDED_DATA
from sufficiency.server import harden

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES * 8, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
CLIENT_ERRORS = {400, 408, 413, 414}

APP = create_app(EMBEDDED_DATA)
SERVER = harden(APP)
CALLBACKS = dict(APP.callback_map)
KEYS = sorted(CALLBACKS)


# --- values -------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.sampled_from(["", "?", "?year=2020", "?view=distance&area=E08000025", "?view=profile&la=E09000001",
                                           "?sector=none", "?scenario_places=5000&scenario_area=E12000005", "x" * 5000,
                                           "E08000025", "pdf", "xlsx", "childrens_home", "=1+1", "\u202e", "\x00"]),
)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                    max_leaves=12)
#: Values a browser could plausibly send for a property, by name (the rest get any JSON).
PLAUSIBLE = {
    "search": st.one_of(st.none(), st.text(max_size=80).map(lambda t: "?" + t),
                        st.sampled_from(["", "?year=2019&sector=private", "?view=distance", "?view=region&year=2016",
                                         "?view=quality&measure=good_or_better", "?view=about"])),
    "n_clicks": st.one_of(st.none(), st.integers(0, 5)),
    "n_submit": st.one_of(st.none(), st.integers(0, 5)),
    "value": st.one_of(st.none(), st.integers(-6000, 6000), st.floats(-1e6, 1e6), st.text(max_size=10)),
    "sort_by": st.one_of(st.none(), st.lists(st.fixed_dictionaries({"column_id": st.text(max_size=10),
                                                                     "direction": st.sampled_from(["asc", "desc"])}),
                                             max_size=2)),
    "filename": st.one_of(st.none(), st.sampled_from(["p.csv", "p.xlsx", "", "../x.csv"])),
    "contents": st.one_of(st.none(), st.sampled_from(["data:text/csv;base64,", "data:text/csv;base64,aGVsbG8=",
                                                      "data:text/csv;base64,!!!", "nonsense"])),
}


def value_for(prop: str):
    """Mostly a plausible value for the property, sometimes any JSON."""
    return st.one_of(PLAUSIBLE[prop], PLAUSIBLE[prop], PLAUSIBLE[prop], JSON) if prop in PLAUSIBLE else JSON


# --- bodies from the callback list ----------------------------------------------------------


def _spec_id(raw: str):
    return json.loads(raw) if raw.startswith("{") else raw


def _is_multi(spec_id) -> bool:
    return isinstance(spec_id, dict) and any(v in (["ALL"], ["ALLSMALLER"]) for v in spec_id.values())


def _concrete(spec_id, draw):
    if not isinstance(spec_id, dict):
        return spec_id
    return {k: (draw(st.sampled_from(["a", "private", "pdf", "map", "E08000025", 1])) if isinstance(v, list) else v)
            for k, v in spec_id.items()}


def _item(draw, spec: dict, *, with_value: bool = True) -> dict:
    item = {"id": _concrete(_spec_id(spec["id"]), draw), "property": spec["property"]}
    if with_value and draw(st.integers(0, 5)):  # now and then no value, as for an undefined property
        item["value"] = draw(value_for(spec["property"]))
    return item


def _dependency(draw, spec: dict, *, with_value: bool = True):
    if _is_multi(_spec_id(spec["id"])):
        return [_item(draw, spec, with_value=with_value) for _ in range(draw(st.integers(0, 3)))]
    return _item(draw, spec, with_value=with_value)


def _prop_id(item: dict) -> str:
    ident = item["id"]
    if isinstance(ident, dict):
        ident = json.dumps(ident, sort_keys=True, separators=(",", ":"))
    return f"{ident}.{item['property']}"


@st.composite
def well_formed(draw) -> dict:
    """A request the browser could send for a random callback of the app."""
    from dash._utils import split_callback_id

    key = draw(st.sampled_from(KEYS))
    cb = CALLBACKS[key]
    outs = split_callback_id(key)
    outputs = [_dependency(draw, o, with_value=False) for o in outs] if isinstance(outs, list) else \
        _dependency(draw, outs, with_value=False)
    inputs = [_dependency(draw, i) for i in cb["inputs"]]
    flat = [x for i in inputs for x in (i if isinstance(i, list) else [i])]
    changed = [_prop_id(x) for x in flat if draw(st.booleans())] if flat else []
    # as the browser sends them: the changed properties, and for a dictionary id the id object
    parsed = [json.loads(c.rpartition(".")[0]) if c.startswith("{") else c for c in changed]
    body = {"output": key, "outputs": outputs, "inputs": inputs, "changedPropIds": changed,
            "parsedChangedPropsIds": parsed}
    if cb["state"]:
        body["state"] = [_dependency(draw, s) for s in cb["state"]]
    return body


DAMAGE = ["none", "none", "drop", "retype", "id", "property", "output", "nest", "number", "search", "changed", "list"]


@st.composite
def bodies(draw) -> bytes:
    body = draw(well_formed())
    damage = draw(st.sampled_from(DAMAGE))
    if damage == "drop":
        body.pop(draw(st.sampled_from(sorted(body))), None)
    elif damage == "retype":
        body[draw(st.sampled_from(sorted(body)))] = draw(JSON)
    elif damage in ("id", "property") and body["inputs"]:
        k = draw(st.integers(0, len(body["inputs"]) - 1))
        target = body["inputs"][k][0] if isinstance(body["inputs"][k], list) and body["inputs"][k] else body["inputs"][k]
        if isinstance(target, dict):
            target[damage] = draw(st.one_of(st.text(max_size=12), JSON))
    elif damage == "output":
        body["output"] = draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=30)))
    elif damage == "nest":
        depth = draw(st.sampled_from([40, 70, 1000, 5000]))
        body["inputs"] = json.loads("[" * depth + "]" * depth) if depth < 900 else None
        if depth >= 900:
            return json.dumps(body).replace('"inputs": null', '"inputs": ' + "[" * depth + "]" * depth).encode()
    elif damage == "number":
        text = json.dumps(body)
        return text.replace('"output"', '"x": ' + draw(st.sampled_from(["1e999", "-1e999", "NaN", "Infinity",
                                                                        "9" * 5000, str(2**60)])) + ', "output"', 1).encode()
    elif damage == "search":
        for dep in [*body.get("inputs", []), *body.get("state", [])]:
            if isinstance(dep, dict) and dep.get("property") == "search":
                dep["value"] = draw(st.one_of(JSON, st.just("?" + "x" * 10_000)))
    elif damage == "changed":
        body["changedPropIds"] = draw(st.lists(st.one_of(st.text(max_size=20), st.just("{bad.n_clicks"), JSON),
                                               max_size=3))
    elif damage == "list":
        return json.dumps([body]).encode()
    return json.dumps(body, allow_nan=True).encode()


@pytest.fixture(scope="module")
def client():
    return SERVER.test_client()


class _Tracebacks(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        if record.exc_info or record.levelno >= logging.ERROR:
            self.records.append(record)


@pytest.fixture(scope="module")
def tracebacks():
    handler = _Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.records
    root.removeHandler(handler)


@FUZZ
@given(body=bodies())
def test_callback_endpoint_answers_every_body_without_a_500(client, tracebacks, body):
    before = len(tracebacks)
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    text = response.get_data(as_text=True)
    assert response.status_code in {200, 204} | CLIENT_ERRORS, (response.status_code, body[:300], text[:300])
    assert "Traceback" not in text
    assert len(tracebacks) == before, [r.getMessage() for r in tracebacks[before:]]
    if response.status_code in CLIENT_ERRORS:
        assert response.get_json()["reason"]


def test_the_fuzzing_reaches_every_callback():
    """Each callback of the app gets well-formed requests that pass the request checks."""
    from sufficiency.callback_requests import check_body

    reached = set()

    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(body=well_formed())
    def collect(body):
        reached.add(check_body(json.dumps(body).encode(), CALLBACKS)["output"]) if _passes(body) else None

    def _passes(body):
        from sufficiency.callback_requests import BadCallbackRequest

        try:
            check_body(json.dumps(body).encode(), CALLBACKS)
            return True
        except BadCallbackRequest:
            return False

    collect()
    assert reached == {k for k in KEYS if "callback" in CALLBACKS[k]}  # every callback the server runs
