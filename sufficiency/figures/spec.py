"""Figures as plain dicts: what ``dcc.Graph`` and kaleido take, built without plotly's
per-property validation (which costs tens of milliseconds a chart on every request).

:class:`Fig` collects traces, layout, shapes and annotations and gives the plotly figure
dict; the tests check every builder's output by loading it into ``go.Figure``, which
validates it.
"""

from __future__ import annotations

import math

import numpy as np


def _plain(value):
    """numpy and pandas values as JSON-ready Python values (lists, floats, None for NaN)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _plain(value.tolist())
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def merge(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra``, nested dicts merged (in place; returns ``base``)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


class Fig:
    """A plotly figure being built: traces, layout, shapes and annotations, as dicts."""

    def __init__(self, **layout):
        self.data: list[dict] = []
        self.layout: dict = {}
        merge(self.layout, layout)

    def add(self, kind: str, **trace) -> "Fig":
        self.data.append({"type": kind, **_plain(trace)})
        return self

    def scatter(self, **trace) -> "Fig":
        return self.add("scatter", **trace)

    def bar(self, **trace) -> "Fig":
        return self.add("bar", **trace)

    def update(self, **layout) -> "Fig":
        merge(self.layout, _plain(layout))
        return self

    def annotate(self, **annotation) -> "Fig":
        self.layout.setdefault("annotations", []).append(_plain(annotation))
        return self

    def vline(self, x, **line) -> "Fig":
        """A vertical line across the plot at ``x``."""
        self.layout.setdefault("shapes", []).append(
            {"type": "line", "xref": "x", "yref": "paper", "x0": _plain(x), "x1": _plain(x), "y0": 0, "y1": 1,
             "line": _plain(line)})
        return self

    def to_dict(self) -> dict:
        return {"data": self.data, "layout": self.layout}
