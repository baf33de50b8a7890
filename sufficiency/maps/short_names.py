"""Short names of local authorities for the hex map's tiles, derived from their ONS names.

A tile is about 35 px across on a desktop screen, room for about ten characters of small
type, so a tile shows the name a reader would recognise: the name itself when it is short
("Kent", "Leeds"), its first place ("Barking" for Barking and Dagenham, "Hull" for Kingston
upon Hull), the county's usual short form ("Lancs", "Herts", "N Yorks"), and otherwise the
name cut short with a full stop ("Northumb."). Names are display only: LAs are keyed by code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The most characters a tile label holds.
MAX_CHARS = 10

#: The usual short forms of county names (as in postal addresses and the press).
COUNTIES = {
    "Bedfordshire": "Beds", "Berkshire": "Berks", "Buckinghamshire": "Bucks", "Cambridgeshire": "Cambs",
    "Derbyshire": "Derbys", "Gloucestershire": "Glos", "Hampshire": "Hants", "Herefordshire": "Hereford",
    "Hertfordshire": "Herts", "Lancashire": "Lancs", "Leicestershire": "Leics", "Lincolnshire": "Lincs",
    "Northamptonshire": "Northants", "Nottinghamshire": "Notts", "Oxfordshire": "Oxon", "Shropshire": "Shrops",
    "Staffordshire": "Staffs", "Warwickshire": "Warks", "Wiltshire": "Wilts", "Worcestershire": "Worcs",
    "Yorkshire": "Yorks", "Northumberland": "Northumb.",
}

#: Names whose short form is not their first place.
SPECIAL = {
    "Bournemouth, Christchurch and Poole": "BCP",
    "City of London": "City",
    "County Durham": "Durham",
    "East Riding of Yorkshire": "E Riding",
    "Isle of Wight": "Wight",
    "Isles of Scilly": "Scilly",
    "Kingston upon Hull, City of": "Hull",
    "Westmorland and Furness": "Westmor.",
    "Bath and North East Somerset": "Bath NES",
    "Cheshire East": "Ches E",
    "Cheshire West and Chester": "Ches W",
    "Central Bedfordshire": "C Beds",
    "North Northamptonshire": "N Nhants",
    "West Northamptonshire": "W Nhants",
    "Middlesbrough": "Middlesbro",
    "Peterborough": "Peterboro",
    "St. Helens": "St Helens",
}

DIRECTIONS = {"North": "N", "South": "S", "East": "E", "West": "W", "North East": "NE"}
_JOINS = re.compile(r"\s+(?:and|with|upon|-on-)\s+.*$|-on-.*$", re.IGNORECASE)


def _cut(word: str) -> str:
    return word if len(word) <= MAX_CHARS else word[: MAX_CHARS - 1] + "."


def short_name(name: str) -> str:
    """The tile label of one ONS name (at most :data:`MAX_CHARS` characters)."""
    name = name.strip()
    if name in SPECIAL:
        return SPECIAL[name]
    base = re.sub(r",\s*(City|County) of$", "", name)
    for words, letters in sorted(DIRECTIONS.items(), key=lambda kv: -len(kv[0])):
        if base.startswith(words + " "):
            rest = base[len(words) + 1:]
            label = f"{letters} {COUNTIES.get(rest, rest)}"
            return label if len(label) <= MAX_CHARS else _cut(label)
    if base in COUNTIES:
        return COUNTIES[base]
    first = _JOINS.sub("", base)
    words = first.split()
    if len(first) > MAX_CHARS and len(words) > 1:  # "Tower Hamlets" -> "Tower H"
        initial = f"{words[0]} {words[1][0]}"
        return initial if len(initial) <= MAX_CHARS else _cut(words[0])
    return _cut(first)


def short_names(names: Iterable[str]) -> dict[str, str]:
    """The tile label of each distinct name. Two names that would share a label (none do
    among England's councils since 2014) keep their own: the second is cut from its full name."""
    out: dict[str, str] = {}
    used: dict[str, str] = {}
    for name in sorted(set(names)):
        label = short_name(name)
        if label in used and used[label] != name:
            label = _cut(re.sub(r"[^A-Za-z ]", "", name).replace(" ", ""))
        used[label] = name
        out[name] = label
    return out
