"""Callback request bodies built from an app's callback list (``app.callback_map``), as the
browser sends them, for the request-guard tests: no component id is written here, so the
tests follow the app's callbacks whatever their ids are."""

from __future__ import annotations

import json

from dash._utils import split_callback_id


def find(callback_map: dict, *, inputs: tuple[str, ...] | None = None, state_has: str | None = None) -> str:
    """The key of the first callback whose input properties are ``inputs`` (in order), or
    whose state has the property ``state_has``."""
    for key, cb in callback_map.items():
        props = tuple(i["property"] for i in cb["inputs"])
        if inputs is not None and props != inputs:
            continue
        if state_has is not None and state_has not in [s["property"] for s in cb["state"]]:
            continue
        return key
    raise LookupError(f"no callback with inputs {inputs} and state {state_has}")


def _item(spec: dict, values: dict) -> dict | list:
    ident = json.loads(spec["id"]) if spec["id"].startswith("{") else spec["id"]
    if isinstance(ident, dict):
        return []  # a pattern-matching dependency with no component on the page
    item = {"id": ident, "property": spec["property"]}
    if spec["property"] in values:
        item["value"] = values[spec["property"]]
    return item


def body(callback_map: dict, key: str, **values) -> dict:
    """A well-formed request for callback ``key``; ``values`` by property name."""
    cb = callback_map[key]
    outs = split_callback_id(key)
    outputs = [{"id": o["id"], "property": o["property"]} for o in outs] if isinstance(outs, list) else \
        {"id": outs["id"], "property": outs["property"]}
    inputs = [_item(i, values) for i in cb["inputs"]]
    out = {"output": key, "outputs": outputs, "inputs": inputs,
           "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs if isinstance(i, dict)][:1]}
    if cb["state"]:
        out["state"] = [_item(s, values) for s in cb["state"]]
    return out
