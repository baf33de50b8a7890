"""Short, unique tile labels (three letters) generated from LA names, deterministically."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SMALL = {"and", "of", "the", "upon", "on", "with", "in", "le", "city", "county"}


def _candidates(name: str) -> list[str]:
    base = re.sub(r",\s*(city|county) of$", "", name.strip(), flags=re.I)
    words = [w for w in (re.sub(r"[^A-Za-z]", "", t) for t in re.split(r"[\s,\-]+", base)) if w]
    big = [w for w in words if w.lower() not in _SMALL] or words
    first = big[0]
    letters = re.sub(r"[^A-Za-z]", "", "".join(big))
    out = []
    if len(big) >= 3:
        out.append("".join(w[0] for w in big[:3]))
    if len(big) == 2:
        out += [big[0][0] + big[1][:2], big[0][:2] + big[1][0]]
    consonants = first[0] + re.sub(r"[aeiouAEIOU\W\d_]", "", first[1:])
    out += [first[:3], consonants[:3]]
    rest = letters[1:]
    out += [letters[0] + a + b for i, a in enumerate(rest) for b in rest[i + 1 :]]
    return [c.upper() for c in out if len(c) == 3]


def abbreviations(names: Iterable[str]) -> dict[str, str]:
    """A three-letter label per distinct name, unique among ``names``.

    Names are taken in alphabetical order, and each gets its first free candidate: the
    initials of a three-word name, the first letters of a one- or two-word name, then
    its consonants, then any ordered choice of its letters.
    """
    used: set[str] = set()
    out: dict[str, str] = {}
    for name in sorted(set(names)):
        for cand in _candidates(name):
            if cand not in used:
                break
        else:  # pragma: no cover - every real name has spare letter triples
            cand = f"{len(out):03d}"
        used.add(cand)
        out[name] = cand
    return out
