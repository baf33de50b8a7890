"""Per-data caches of the flow model: results, parameters and inputs (``cached``), and the
last balancing factors of each model run, to warm-start the next (``warm_started``)."""

from __future__ import annotations

from collections import OrderedDict

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 256


def cached(data, key, make):
    """``make()`` once per data object and ``key`` (least recently used first out)."""
    full = (id(data), *key)
    hit = _CACHE.get(full)
    if hit is not None and hit[0] is data:
        _CACHE.move_to_end(full)
        return hit[1]
    value = make()
    _CACHE[full] = (data, value)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


_WARM: dict = {}  # last column factors per (data, year, form, model, variant): warm starts for scenarios


def warm_started(key, solve):
    """``solve(b0)`` -> ``(flows, b)`` started from the column factors last stored under ``key``."""
    b0 = _WARM.get(key)
    m, b = solve(b0 if b0 is not None and len(b0) else None)
    if len(_WARM) > 512:
        _WARM.clear()
    _WARM[key] = b
    return m


def clear(warm: bool = True) -> None:
    """Forget every cached result (and, with ``warm``, every warm start): benchmarks of cold runs."""
    _CACHE.clear()
    if warm:
        _WARM.clear()
