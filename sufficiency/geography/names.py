"""LA names as Ofsted and DfE spell them, mapped to ONS codes.

Ofsted's provider lists name the upper-tier council rather than coding it, and spell it
in several ways across years ("Durham", "Bristol", "Bournemouth, Christchurch & Poole",
the September 2014 list's "Medway Towns" and "Leicester City", upper case in research
compilations). Names are compared after :func:`name_key` (case, "&"/"and", punctuation,
spacing); the few spellings that differ by more than that are listed in ``ALIASES``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UnknownLocalAuthority
from .registry import registry
from .reorganisations import in_force_layer

#: Spellings that differ from the ONS name by more than case and punctuation.
ALIASES: dict[str, str] = {
    "durham": "county durham",
    "bristol": "bristol city of",
    "bristol city": "bristol city of",
    "city of bristol": "bristol city of",
    "herefordshire": "herefordshire county of",
    "county of herefordshire": "herefordshire county of",
    "kingston upon hull": "kingston upon hull city of",
    "hull": "kingston upon hull city of",
    "city of kingston upon hull": "kingston upon hull city of",
    "bath and ne somerset": "bath and north east somerset",
    "bedford borough": "bedford",
    "blackburn": "blackburn with darwen",
    "derby city of": "derby",
    "derby city": "derby",
    "leicester city": "leicester",
    "nottingham city": "nottingham",
    "medway towns": "medway",
    "newcastle": "newcastle upon tyne",
    "west berkshire newbury": "west berkshire",
    "bcp": "bournemouth christchurch and poole",
    "stoke": "stoke on trent",
    "plymouth city": "plymouth",
    "southampton city": "southampton",
    "portsmouth city": "portsmouth",
    "city of york": "york",
    "york city": "york",
    "city of westminster": "westminster",
    "isles of scilly": "isles of scilly",
    "kingston upon thames": "kingston upon thames",
    "richmond": "richmond upon thames",
    "telford": "telford and wrekin",
}

#: Councils outside England that appear in Ofsted lists (supported accommodation only).
NON_ENGLISH = {"cardiff", "conwy", "newport", "wrexham", "swansea", "flintshire", "denbighshire"}


def name_key(name: str) -> str:
    """Compare names ignoring case, '&' vs 'and', punctuation and spacing."""
    text = str(name).lower().replace("&", " and ")
    text = re.sub(r"[.,'()\-/]", " ", text)
    return " ".join(text.split())


def _index(raw_root: str | None) -> dict[str, list[tuple[str, int, int]]]:
    reg = registry(raw_root)
    index: dict[str, list[tuple[str, int, int]]] = {}
    for code, name, start, end in reg[["code", "name", "start", "end"]].itertuples(index=False):
        index.setdefault(name_key(name), []).append((code, int(start), int(end)))
    return index


_CACHE: dict[str | None, dict] = {}


def resolve_la_name(
    name: str,
    year: int,
    *,
    file: str | Path | None = None,
    row: int | None = None,
    column: str | None = None,
    any_era: bool = False,
    raw_root: str | None = None,
) -> str | None:
    """The ONS code of the council called ``name`` in force at 31 March of ``year``.

    ``any_era=True`` accepts a council that existed in another year (research
    compilations name councils as they are today); the nearest one in time is returned.
    Welsh councils (which appear for supported accommodation) give ``None``.
    Unknown names raise :class:`UnknownLocalAuthority` naming the file and row.
    """
    if raw_root not in _CACHE:
        _CACHE[raw_root] = _index(raw_root)
    index = _CACHE[raw_root]
    key = name_key(name)
    key = ALIASES.get(key, key)
    if key in NON_ENGLISH:
        return None
    candidates = index.get(key)
    if not candidates:
        raise UnknownLocalAuthority(
            f"unknown local authority '{name}'",
            file=file,
            row=row,
            column=column,
            hint="Add its spelling to sufficiency/geography/names.py ALIASES if it is a council in England",
        )
    layer = in_force_layer(year)
    for code, start, end in candidates:
        if start <= layer <= end:
            return code
    if any_era:
        return min(candidates, key=lambda c: min(abs(c[1] - layer), abs(c[2] - layer)))[0]
    spans = ", ".join(f"{c} ({s}-{e})" for c, s, e in candidates)
    raise UnknownLocalAuthority(
        f"local authority '{name}' did not exist at 31 March {year} (known as {spans})",
        file=file,
        row=row,
        column=column,
        hint="Check the list's date, or the council reorganisations in sufficiency/geography/reorganisations.py",
    )
