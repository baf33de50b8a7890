"""What a callback request (``POST /_dash-update-component``) may hold, checked against the
app's own callback list before Dash reads it.

Dash answers a malformed callback request with a 500 and a traceback (a body that is not an
object, an unknown output, inputs that do not match the callback, 1,000-deep nesting, a
number too large for a float). :func:`check_body` turns each of these into a
:class:`BadCallbackRequest` with a one-line reason, which the server answers with 400.

The check is built from ``dash_app.callback_map`` at request time, so it follows the ids and
properties of whatever callbacks the app registers:

* ``output`` is a key of the callback map, of a callback the server runs (not a clientside
  one); ``outputs``, ``inputs`` and ``state`` have the
  callback's shape: one ``{"id", "property"}`` item per dependency, in order, with the
  dependency's id and property (a list of items for an ``ALL`` or ``ALLSMALLER`` wildcard,
  whose ids have the wildcard's keys);
* ``changedPropIds`` are strings ``ID.PROPERTY`` whose dictionary ids are JSON objects
  (``parsedChangedPropsIds``, the browser's parsed copy that Dash does not read, a list);
* values are checked by property name (:data:`PROPERTY_RULES`): a ``search`` is a string of
  at most :data:`MAX_SEARCH` characters, an ``n_clicks`` a whole number, ...; other
  properties take any JSON value;
* numbers are finite and at most 2**53 in size, nesting is at most :data:`MAX_DEPTH` deep.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

from werkzeug.exceptions import BadRequest

MAX_DEPTH = 64
MAX_SEARCH = 4096  # characters of a URL query string (``?...``) in a callback
MAX_TEXT = 10_000  # characters of a control's text value
MAX_ITEMS = 1000  # items of a pattern-matching dependency, or of a list value
MAX_NUMBER = 2**53
WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")


class BadCallbackRequest(ValueError):
    """A callback request that does not fit the app's callbacks: answered with 400."""


class BadClientValue(BadRequest):
    """Raised by a callback whose request holds a value that names nothing the app has (a
    table that does not exist, a store the app did not write): answered with 400 and one
    log line, like the requests refused before the callback runs."""


def _fail(reason: str):
    raise BadCallbackRequest(reason)


# --- JSON -----------------------------------------------------------------------------


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _bounded_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_NUMBER:
        raise ValueError("a whole number is too large")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _depth(value) -> int:
    """Nesting depth of lists and objects, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse(body: bytes):
    """The JSON of ``body``: strict (no NaN or Infinity, finite numbers), at most MAX_DEPTH deep."""
    try:
        value = json.loads(body, parse_float=_finite_float, parse_int=_bounded_int, parse_constant=_no_constant)
    except RecursionError:
        _fail("the JSON is nested too deeply")
    except UnicodeDecodeError:
        _fail("the body is not UTF-8 text")
    except json.JSONDecodeError as err:
        _fail(f"the body is not JSON ({err.msg} at character {err.pos})")
    except ValueError as err:  # from the number hooks, or a whole number with too many digits
        _fail(f"the body has an unusable number: {str(err).split(';')[0][:80]}")
    if _depth(value) > MAX_DEPTH:
        _fail(f"the JSON is nested more than {MAX_DEPTH} deep")
    return value


# --- values by property -----------------------------------------------------------------


def _text(limit: int) -> Callable[[object], str | None]:
    def check(value):
        if value is not None and not isinstance(value, str):
            return "is not text"
        if isinstance(value, str) and len(value) > limit:
            return f"is longer than {limit:,} characters"
        return None

    return check


def _count(value):
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return None
    return "is not a whole number of 0 or more"


def _scalar(value) -> bool:
    return value is None or isinstance(value, (bool, int, float)) or (isinstance(value, str) and len(value) <= MAX_TEXT)


def _control_value(value):
    if _scalar(value) or (isinstance(value, list) and len(value) <= MAX_ITEMS and all(_scalar(v) for v in value)):
        return None
    return "is not a control's value (text, a number, or a list of them)"


def _sort_by(value):
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 50 or not all(
            isinstance(s, dict) and isinstance(s.get("column_id"), str) and s.get("direction") in ("asc", "desc")
            for s in value):
        return "is not a table sort (a list of column_id and direction)"
    return None


def _object(value):
    return None if value is None or isinstance(value, dict) else "is not an object"


#: Property name -> check of its value (None if the value is fine, else what is wrong).
PROPERTY_RULES: dict[str, Callable[[object], str | None]] = {
    "search": _text(MAX_SEARCH),
    "pathname": _text(MAX_SEARCH),
    "hash": _text(MAX_SEARCH),
    "href": _text(2 * MAX_SEARCH),
    "filename": _text(1000),
    "contents": _text(10**9),  # a file, as a data URL: its size is bounded by the request's
    "n_clicks": _count,
    "n_submit": _count,
    "n_blur": _count,
    "n_clicks_timestamp": _count,
    "n_submit_timestamp": _count,
    "value": _control_value,
    "sort_by": _sort_by,
    "clickData": _object,
    "hoverData": _object,
    "selectedData": _object,
    "relayoutData": _object,
}


# --- shape -------------------------------------------------------------------------------


def _spec_id(raw: str):
    """A dependency id from the callback map: a string, or a dict for a pattern-matching id."""
    return json.loads(raw) if raw.startswith("{") else raw


def _wildcard(value) -> str | None:
    return value[0] if isinstance(value, list) and len(value) == 1 and value[0] in WILDCARDS else None


def _multi(spec_id) -> bool:
    return isinstance(spec_id, dict) and any(_wildcard(v) in ("ALL", "ALLSMALLER") for v in spec_id.values())


def _id_matches(spec_id, given) -> bool:
    if not isinstance(spec_id, dict):
        return given == spec_id
    if not isinstance(given, dict) or set(given) != set(spec_id):
        return False
    for key, want in spec_id.items():
        if _wildcard(want):
            if not isinstance(given[key], (str, int, float)):
                return False
        elif given[key] != want:
            return False
    return True


def _item(spec: dict, item, where: str, *, values: bool) -> None:
    if not isinstance(item, dict):
        _fail(f"{where} is not an object")
    spec_id, prop = _spec_id(spec["id"]), spec["property"].split("@")[0]
    if not _id_matches(spec_id, item.get("id")) or not isinstance(item.get("property"), str) \
            or item["property"].split("@")[0] != prop:
        _fail(f"{where} is not {spec['id']}.{prop}")
    if values and "value" in item:
        rule = PROPERTY_RULES.get(prop)
        problem = rule(item["value"]) if rule else None
        if problem:
            _fail(f"the value of {where} ({prop}) {problem}")


def _dependency(spec: dict, given, where: str, *, values: bool = True) -> None:
    if _multi(_spec_id(spec["id"])):
        if not isinstance(given, list) or len(given) > MAX_ITEMS:
            _fail(f"{where} is not a list of at most {MAX_ITEMS} items")
        for k, item in enumerate(given):
            _item(spec, item, f"{where} item {k}", values=values)
    else:
        _item(spec, given, where, values=values)


def _dependencies(specs: list, given, name: str) -> None:
    if not isinstance(given, list) or len(given) != len(specs):
        _fail(f"'{name}' is not a list of {len(specs)} item{'s' if len(specs) != 1 else ''}")
    for k, (spec, item) in enumerate(zip(specs, given)):
        _dependency(spec, item, f"{name} {k}")


def _outputs(key: str, callback: dict, given) -> None:
    from dash._utils import split_callback_id

    specs = split_callback_id(key)
    many = isinstance(specs, list)
    specs = specs if many else [specs]
    if callback.get("no_output"):
        return
    if many:
        if not isinstance(given, list) or len(given) != len(specs):
            _fail(f"'outputs' is not a list of {len(specs)} outputs")
    else:
        given = [given]
    for k, (spec, item) in enumerate(zip(specs, given)):
        _dependency({"id": spec["id"], "property": spec["property"]}, item, f"output {k}", values=False)


def _strings(value, name: str) -> None:
    if not isinstance(value, list) or len(value) > MAX_ITEMS or not all(
            isinstance(v, str) and len(v) <= 2000 for v in value):
        _fail(f"'{name}' is not a list of property ids")


def _changed(changed, name: str) -> None:
    _strings(changed, name)
    for prop_id in changed:
        component, _, prop = prop_id.rpartition(".")
        if not component or not prop:
            _fail(f"'{name}' holds '{prop_id[:60]}', which is not ID.PROPERTY")
        if component.startswith("{"):
            try:
                ok = isinstance(json.loads(component), dict)
            except ValueError:
                ok = False
            if not ok:
                _fail(f"'{name}' holds an id that is not a JSON object")


def check_body(body: bytes, callback_map: dict) -> dict:
    """The request ``body`` parsed, if it fits a callback of ``callback_map``; otherwise
    :class:`BadCallbackRequest` saying what does not."""
    payload = parse(body)
    if not isinstance(payload, dict):
        _fail(f"the body is a JSON {type(payload).__name__ if payload is not None else 'null'}, not an object")
    output = payload.get("output")
    if not isinstance(output, str):
        _fail("the body has no 'output'")
    callback = callback_map.get(output)
    if callback is None:
        _fail(f"'{output[:80]}' is not an output of this dashboard's callbacks")
    if "callback" not in callback:  # a clientside callback: the browser runs it, never asks the server
        _fail(f"'{output[:80]}' is updated in the browser, not by the server")
    _outputs(output, callback, payload.get("outputs"))
    _dependencies(callback["inputs"], payload.get("inputs"), "inputs")
    if "state" in payload or callback.get("state"):  # the browser leaves 'state' out when there is none
        _dependencies(callback.get("state", []), payload.get("state"), "state")
    if "changedPropIds" in payload:  # Dash reads these (and parses an id that is a JSON object)
        _changed(payload["changedPropIds"], "changedPropIds")
    parsed = payload.get("parsedChangedPropsIds", [])  # the browser's parsed copy (ids, or id objects): not read
    if not isinstance(parsed, list) or len(parsed) > MAX_ITEMS:
        _fail("'parsedChangedPropsIds' is not a list")
    return payload


def large_body_outputs(callback_map: dict) -> set[str]:
    """Outputs of the callbacks that receive a file (an input ``contents``, as of
    ``dcc.Upload``): the only requests allowed a large body."""
    return {key for key, cb in callback_map.items() if any(i.get("property") == "contents" for i in cb["inputs"])}
