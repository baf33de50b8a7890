"""Per-data caches of the flow model: results, parameters and inputs (``cached``), and the
last balancing factors of each model run, to warm-start the next (``warm_started``)."""

from __future__ import annotations

from collections import OrderedDict

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 256


#: Small results that are costly to make or that every run reads (the calibrated parameters
#: of each year and model; each year's distances, origins, places and targets): kept apart,
#: so that the model runs of scenarios never push them out.
_LASTING: OrderedDict = OrderedDict()
_LASTING_SIZE = 1024


def cached(data, key, make, lasting: bool = False):
    """``make()`` once per data object and ``key`` (least recently used first out).
    ``lasting``: a small result kept in its own, larger cache."""
    store, size = (_LASTING, _LASTING_SIZE) if lasting else (_CACHE, _CACHE_SIZE)
    full = (id(data), *key)
    hit = store.get(full)
    if hit is not None and hit[0] is data:
        store.move_to_end(full)
        return hit[1]
    value = make()
    store[full] = (data, value)
    while len(store) > size:
        store.popitem(last=False)
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
    _LASTING.clear()
    if warm:
        _WARM.clear()
