"""Callback requests as the Dash renderer makes them, built from the app's own callback list.

The benchmarks never write a callback body by hand: :class:`Callbacks` reads
``/_dash-dependencies`` and a :class:`Page` keeps the components the browser would hold
(``/_dash-layout`` and every callback response since), so that a body names the outputs,
inputs and states the app declares today, with the values the page has. What a user does
maps to callbacks as in the browser:

* a new address (a permalink, a link, a filter change): every server callback with the
  location's ``search`` as an input (:meth:`Callbacks.on_search`);
* a changed select (``assets/filters.js`` sets the filter-event store) or a clicked
  checkbox or radio button: every server callback with that property as an input;
* a snapshot: the callback whose outputs include the snapshot download
  (``ids.SNAPSHOT_DOWNLOAD``), triggered by the button of the format.

Pattern-matching inputs and states (``ALL``) list every matching component of the page;
extra outputs, inputs and states are carried along, so the bodies keep working when the app
gains or renames them.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from sufficiency.app import ids

WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")


def id_string(cid) -> str:
    """A component id as Dash writes it in ``changedPropIds`` and response keys."""
    return json.dumps(cid, sort_keys=True, separators=(",", ":")) if isinstance(cid, dict) else str(cid)


def _parse_id(text: str):
    return json.loads(text) if text.startswith("{") else text


def is_pattern(cid) -> bool:
    return isinstance(cid, dict) and any(isinstance(v, list) for v in cid.values())


def matches(pattern, cid) -> bool:
    """True when the concrete id ``cid`` is matched by ``pattern`` (an id or a pattern id)."""
    if not is_pattern(pattern):
        return pattern == cid
    if not isinstance(cid, dict) or set(cid) != set(pattern):
        return False
    return all((isinstance(v, list) and v and v[0] in WILDCARDS) or cid[k] == v for k, v in pattern.items())


@dataclass(frozen=True)
class Prop:
    id: object  # a string id, a dict id or a pattern id
    property: str


def split_output(output: str) -> list[Prop]:
    """The outputs named in a dependency's ``output`` key (``..a.x...b.y..`` or ``a.x``,
    a property maybe followed by ``@hash`` for duplicate outputs)."""
    parts = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
    props = []
    for part in parts:
        cid, prop = part.rsplit(".", 1)
        props.append(Prop(_parse_id(cid), prop.split("@", 1)[0]))
    return props


def components(tree):
    """Every component (``{"type", "namespace", "props"}``) in a layout or a response value."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "props" in node and "type" in node and isinstance(node["props"], dict):
                yield node
                stack.extend(node["props"].values())
            else:
                stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(reversed(node))


def text_of(node) -> str:
    """The text of a component tree (its strings, in order)."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, str):
            out.append(n)
        elif isinstance(n, list):
            stack.extend(reversed(n))
        elif isinstance(n, dict) and isinstance(n.get("props"), dict):
            stack.append(n["props"].get("children"))
    return "".join(out)


class Page:
    """The components a browser holds: the layout's, then those of each response, an
    output's latest value replacing the one before."""

    def __init__(self, layout, config: dict | None = None) -> None:
        self.config = config or {}  # the renderer's configuration of the page load (its endId)
        self.ok = True  # False when the last new address did not get every answer
        self._layout = [c for c in components(layout) if "id" in c["props"]]
        self._outputs: dict[tuple[str, str], list] = {}
        self._pending: list[dict] = []

    def update(self, payload: dict) -> None:
        """Take in a callback response (``{"multi": true, "response": {id: {prop: value}}}``);
        its components are read when they are first needed."""
        self._pending.append(payload)

    def _settle(self) -> None:
        pending, self._pending = self._pending, []
        for payload in pending:
            self._take(payload)

    def _take(self, payload: dict) -> None:
        for key in ("response", "sideUpdate"):
            block = payload.get(key) if isinstance(payload, dict) else None
            if not isinstance(block, dict):
                continue
            for cid, props in block.items():
                if not isinstance(props, dict):
                    continue
                for prop, value in props.items():
                    self._outputs[(cid, prop)] = [c for c in components(value) if "id" in c["props"]]

    def all(self) -> list[dict]:
        """Every component with an id, the latest first."""
        self._settle()
        latest = [c for comps in reversed(self._outputs.values()) for c in comps]
        return latest + self._layout

    def find(self, pattern) -> list[dict]:
        """The components whose id ``pattern`` matches, each once, latest copy first."""
        out, seen = [], set()
        for c in self.all():
            cid = c["props"]["id"]
            key = id_string(cid)
            if key not in seen and matches(pattern, cid):
                seen.add(key)
                out.append(c)
        return out

    def value(self, cid, prop: str):
        """(known, value) of ``prop`` of the component ``cid`` as the page has it."""
        for c in self.find(cid):
            if prop in c["props"]:
                return True, c["props"][prop]
        return False, None


class Callbacks:
    """The app's server-side callbacks, from ``/_dash-dependencies``."""

    def __init__(self, dependencies: list[dict]) -> None:
        self.deps = [d for d in dependencies if not d.get("clientside_function")]

    def triggered_by(self, cid, prop: str) -> list[dict]:
        """The callbacks that run when ``prop`` of component ``cid`` changes."""
        out = []
        for d in self.deps:
            for i in d["inputs"]:
                if i["property"] == prop and matches(_parse_id(i["id"]), cid):
                    out.append(d)
                    break
        return out

    def on_search(self, initial: bool = False) -> list[dict]:
        """The callbacks a new address runs (the page: navigation, filters, content...);
        ``initial``: when the page loads, which leaves out those that prevent an initial call."""
        found = [d for d in self.triggered_by(ids.LOCATION, "search")
                 if not (initial and d.get("prevent_initial_call"))]
        if not found:
            raise LookupError(f"no server callback takes {ids.LOCATION}.search as an input")
        return found

    def by_output(self, output: str) -> dict:
        for d in self.deps:
            if d["output"] == output:
                return d
        raise LookupError(output)

    def with_output(self, cid) -> dict:
        """The callback whose outputs include component ``cid``."""
        for d in self.deps:
            if any(p.id == cid for p in split_output(d["output"])):
                return d
        raise LookupError(f"no callback has an output on {cid!r}")


def _spec(item: dict, page: Page, overrides: dict):
    cid = _parse_id(item["id"])
    prop = item["property"]

    def one(concrete) -> dict:
        entry = {"id": concrete, "property": prop}
        key = (id_string(concrete), prop)
        if key in overrides:
            entry["value"] = overrides[key]
        else:
            known, value = page.value(concrete, prop)
            if known:
                entry["value"] = value
        return entry

    if is_pattern(cid):
        return [one(c["props"]["id"]) for c in page.find(cid)]
    return one(cid)


def body(dep: dict, page: Page, overrides: dict | None = None, changed: list[str] | None = None) -> dict:
    """The request body of callback ``dep``: outputs, inputs and states with the page's
    values, ``overrides`` ({(id string, property): value}) taking precedence."""
    overrides = overrides or {}
    outputs = []
    for p in split_output(dep["output"]):
        if is_pattern(p.id):
            outputs.append([{"id": c["props"]["id"], "property": p.property} for c in page.find(p.id)])
        else:
            outputs.append({"id": p.id, "property": p.property})
    multi = dep["output"].startswith("..")
    return {
        "output": dep["output"],
        "outputs": outputs if multi else outputs[0],
        "inputs": [_spec(i, page, overrides) for i in dep["inputs"]],
        "state": [_spec(s, page, overrides) for s in dep["state"]],
        "changedPropIds": list(changed or []),
    }


def search_bodies(callbacks: Callbacks, page: Page, search: str, initial: bool = False) -> list[dict]:
    """The bodies a browser sends when the address changes to ``search`` ("" or "?..."),
    or (``initial``) when a page opens at that address."""
    key = (id_string(ids.LOCATION), "search")
    return [body(d, page, {key: search}, [f"{ids.LOCATION}.search"]) for d in callbacks.on_search(initial)]


def new_search(payload: dict) -> str | None:
    """The address a callback response moves the page to, if any."""
    try:
        return payload["response"][ids.LOCATION]["search"]
    except (KeyError, TypeError):
        return None


CALLBACK_PATH = "/_dash-update-component"


def page_config(html: str) -> dict:
    """The renderer's configuration in a page (``<script id="_dash-config">``)."""
    found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
    try:
        return json.loads(found.group(1)) if found else {}
    except ValueError:
        return {}


def callback_url(config: dict | None = None, **handles) -> str:
    """Where the renderer posts a callback: with the page's signed ``endId`` (which binds
    background-callback handles to the page load) and, when polling a background
    callback, its ``cacheKey`` and ``job``."""
    args = {}
    if config and config.get("end_id"):
        args["endId"] = config["end_id"]
    args.update({k: v for k, v in handles.items() if v})
    return CALLBACK_PATH + ("?" + urlencode(args) if args else "")


def background_job(payload: dict) -> dict | None:
    """The handles of a background callback still running (``cacheKey``, ``job``), if any."""
    if isinstance(payload, dict) and payload.get("cacheKey") and payload.get("job") and "response" not in payload:
        return {"cacheKey": payload["cacheKey"], "job": payload["job"]}
    return None


def poll_body(body: dict) -> dict:
    """What the renderer sends while it polls a background callback: the same body with
    the input and state values cleared."""
    def clear(items):
        return [[{**x, "value": None} for x in i] if isinstance(i, list) else {**i, "value": None} for i in items]

    return {**body, "inputs": clear(body["inputs"]), "state": clear(body.get("state", []))}


def poll_interval(dep: dict) -> float:
    """Seconds between polls of a background callback (the renderer's default: 1 s)."""
    background = dep.get("background") or {}
    return float(background.get("interval", 1000)) / 1000


# --- what a user does with the page ---------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """A filter the user changes: the property that changes, its new value, the callbacks run."""

    label: str  # e.g. "select year", "toggle sector"
    cid: object
    prop: str
    value: object
    deps: tuple


def controls(callbacks: Callbacks, page: Page) -> list[Control]:
    """The filter changes the page offers: each other option of each select the filter
    script passes to Dash, and each checkbox and radio button not already on."""
    out = []
    event_deps = tuple(callbacks.triggered_by(ids.EVENT, "data"))
    if event_deps:
        for c in page.all():
            props = c["props"]
            name = props.get("data-filter")
            if c.get("type") != "Select" or not name:
                continue
            for opt in components(props.get("children")):
                p = opt["props"]
                if opt.get("type") == "Option" and "value" in p and not p.get("selected") and not p.get("disabled"):
                    out.append(Control(f"select {name}", ids.EVENT, "data", {"name": name, "value": p["value"]},
                                       event_deps))
    for kind in (ids.TOGGLE_TYPE, ids.RADIO_TYPE):
        for c in page.find({"type": kind, "group": ["ALL"], "value": ["ALL"]}):
            props = c["props"]
            if props.get("disabled") or (kind == ids.RADIO_TYPE and props.get("aria-checked") == "true"):
                continue
            deps = tuple(callbacks.triggered_by(props["id"], "n_clicks"))
            if deps:
                out.append(Control(f"{'toggle' if kind == ids.TOGGLE_TYPE else 'radio'} {props['id'].get('group')}",
                                   props["id"], "n_clicks", (props.get("n_clicks") or 0) + 1, deps))
    return out


def control_bodies(control: Control, page: Page, search: str) -> list[dict]:
    value = control.value
    if control.cid == ids.EVENT and isinstance(value, dict):
        value = {**value, "at": int(time.time() * 1000)}
    overrides = {(id_string(control.cid), control.prop): value, (id_string(ids.LOCATION), "search"): search}
    changed = [f"{id_string(control.cid)}.{control.prop}"]
    return [body(d, page, overrides, changed) for d in control.deps]


def snapshot_body(callbacks: Callbacks, page: Page, search: str, fmt: str) -> dict:
    """The snapshot callback's body for a click on the ``fmt`` button of the page."""
    dep = callbacks.with_output(ids.SNAPSHOT_DOWNLOAD)
    button = None
    for item in dep["inputs"]:
        if item["property"] != "n_clicks" or button is not None:
            continue
        for c in page.find(_parse_id(item["id"])):
            cid = c["props"]["id"]
            if (isinstance(cid, dict) and fmt in cid.values()) or c["props"].get("data-format") == fmt:
                button = cid
                break
    if button is None:
        raise LookupError(f"no {fmt} snapshot button on the page")
    overrides = {(id_string(button), "n_clicks"): 1, (id_string(ids.LOCATION), "search"): search}
    return body(dep, page, overrides, [f"{id_string(button)}.n_clicks"])


def snapshot_file(payload: dict) -> dict | None:
    """The file a snapshot response downloads (``dcc.Download`` data), if any."""
    try:
        data = payload["response"][ids.SNAPSHOT_DOWNLOAD]["data"]
    except (KeyError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("filename") and data.get("content") else None


def snapshot_message(payload: dict) -> str:
    """What the snapshot panel says after a response (its status line), for error reports."""
    texts = []
    block = payload.get("response") if isinstance(payload, dict) else None
    for cid, props in (block or {}).items():
        if cid != ids.SNAPSHOT_DOWNLOAD and isinstance(props, dict):
            texts += [text_of(v) for v in props.values()]
    return " ".join(t for t in texts if t)[:200]
