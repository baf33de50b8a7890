"""Helpers shared by the tests."""

from __future__ import annotations

import functools
import types

import plotly.graph_objects as go


def figure(spec) -> go.Figure:
    """A figure builder's dict as a validated ``go.Figure`` (fails if the dict is not a valid figure)."""
    return spec if isinstance(spec, go.Figure) else go.Figure(spec)


def figures(module) -> types.SimpleNamespace:
    """``module`` with every public function wrapped so that a figure dict it returns comes back
    as a validated ``go.Figure`` (and a (dict, ...) tuple as (go.Figure, ...))."""

    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            out = fn(*args, **kwargs)
            if isinstance(out, dict) and "data" in out:
                return figure(out)
            if isinstance(out, tuple) and out and isinstance(out[0], dict) and "data" in out[0]:
                return (figure(out[0]), *out[1:])
            return out
        return call

    names = {k: (wrap(v) if callable(v) and not isinstance(v, type) else v) for k, v in vars(module).items()
             if not k.startswith("__")}
    return types.SimpleNamespace(**names)


def table_rows(page, selector: str) -> list[dict[str, str]]:
    """The rows of the drawn table at ``selector`` as {heading: cell text}, in the order shown."""
    table = page.locator(selector).first
    table.locator("tbody tr").first.wait_for()
    heads = table.locator("thead th").all_inner_texts()
    heads = [h.replace("\u2195", "").strip() for h in heads]
    rows = []
    for row in table.locator("tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        rows.append(dict(zip(heads, cells)))
    return rows


def component_text(component) -> str:
    """Every string inside a Dash component tree, joined by spaces (what a page says)."""
    out = []

    def walk(c):
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif hasattr(c, "children"):
            walk(c.children)

    walk(component)
    return " ".join(out)
