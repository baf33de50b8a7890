"""The filter choices computed at start-up are every choice a view can ask for: each subset of
the sectors with each subset of the provision types, once, in the order a view's state gives
them (so a view's request finds them, not a copy in another order)."""

from __future__ import annotations

from itertools import combinations

from sufficiency import warmup
from sufficiency.engine.compute import canonical
from sufficiency.state import from_query
from sufficiency.vocab import PROVISION_TYPES, SECTORS, SECTOR_SLUGS


def test_every_sector_and_type_choice_once():
    filters = warmup.engine_filters()
    every = {(s, t) for n in range(1, len(SECTORS) + 1) for s in combinations(SECTORS, n)
             for m in range(1, len(PROVISION_TYPES) + 1) for t in combinations(tuple(PROVISION_TYPES), m)}
    assert len(filters) == len(set(filters)) == len(every) == 105
    assert set(filters) == every
    assert filters[0] == (tuple(SECTORS), warmup.DEFAULT_TYPES)  # the default view's first


def test_a_views_filters_are_among_them_as_the_engine_keys_them():
    filters = set(warmup.engine_filters())
    slugs = list(SECTOR_SLUGS.values())
    assert len(from_query(f"?sector={slugs[3]}&type=rss_childrens_home").sectors) == 1  # the keys are read
    assert from_query("?type=rss_childrens_home").provision_types == ("rss_childrens_home",)
    for query in ("?year=2024", f"?sector={slugs[2]},{slugs[0]}&type=secure_childrens_home,childrens_home",
                  f"?sector={slugs[3]}&type=rss_childrens_home"):
        s = from_query(query)
        key = (canonical(s.sectors, SECTORS), canonical(s.provision_types, PROVISION_TYPES))
        assert key in filters, query
