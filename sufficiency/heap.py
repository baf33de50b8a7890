"""Keep Python's cycle collector off the objects the server builds once.

After warming (:mod:`.warmup`) the master holds about a million long-lived objects: data
frames' indexes, layouts, cached figures. CPython's cycle collector walks every tracked
object in a full collection, which then takes about a second of CPU, and it runs one every
few dozen requests, so some request in every few dozen waited that second. :func:`settle`
collects once and moves everything that exists into the permanent generation
(:func:`gc.freeze`), which the collector leaves alone, then raises the youngest generation's
threshold so that a request's short-lived objects are swept a few times per request rather
than hundreds. Freezing before the workers fork also keeps the collector from writing to
the pages they share with the master (copy-on-write).
"""

from __future__ import annotations

import gc

#: Allocations between collections of the youngest generation (CPython's default: 700).
YOUNG_THRESHOLD = 10_000


def settle() -> int:
    """Collect, freeze what is left and raise the young threshold; returns the number of
    objects frozen."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    return gc.get_freeze_count()
