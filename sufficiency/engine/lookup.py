"""Finding codes' positions through a dict.

For the few hundred codes of a view, a dict's look-up costs less than a pandas index's
``get_indexer`` (which builds a hash table of the index for every call it cannot reuse).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

#: The position of a code that is not there.
ABSENT = -1


def positions(codes: Iterable) -> dict:
    """Code -> its position in ``codes`` (the last, if a code is repeated)."""
    return {code: i for i, code in enumerate(codes)}


def find(where: Mapping, codes) -> np.ndarray:
    """The position in ``where`` (from ``positions``) of each of ``codes``; ``ABSENT`` for a
    code not there."""
    return np.fromiter((where.get(c, ABSENT) for c in codes), dtype=np.intp, count=len(codes))
