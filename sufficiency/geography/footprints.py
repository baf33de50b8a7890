"""Commissioning footprints: named sets of councils that plan placements together.

A footprint is a set of LAs. The presets are declared here once, each with where its list
comes from, and written by the build to ``data/footprints.csv`` (one row per preset and LA):

* the two regional care co-operative (RCC) pathfinders the Department for Education named:
  **Greater Manchester** (the ten Greater Manchester councils, launched in 2025) and the
  **South East** (the councils of the South East region);
* each of the nine regions, so that a region can be worked with as a footprint.

A user's own footprint is any list of council codes in the URL (``footprint=E08000001,...``,
any order, duplicates dropped, unknown codes dropped with a message) with an optional name
(``footprint_name=``); a preset is named by its id (``footprint=gm-rcc``). Codes of
councils reorganised later are mapped for each year through the lineage crosswalk
(:func:`sufficiency.geography.lineage.code_for_year`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .reorganisations import REGION_NAMES

#: Most councils a footprint may hold (England has 153); longer lists are cut with a message.
MAX_CODES = 160
CODE = re.compile(r"^E(06|08|09|10)\d{6}$")


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    source: str
    as_of: str
    codes: tuple[str, ...] = ()  # fixed members; empty: the councils of ``region``
    region: str | None = None


RCC_SOURCE = (
    "Department for Education: regional care co-operative pathfinders (Children's social care: stable homes, built "
    "on love), Greater Manchester and South East"
)

PRESETS: tuple[Preset, ...] = (
    Preset("gm-rcc", "Greater Manchester regional care co-operative", RCC_SOURCE + ": the ten Greater Manchester "
           "councils (Bolton, Bury, Manchester, Oldham, Rochdale, Salford, Stockport, Tameside, Trafford, Wigan)",
           "2025", codes=("E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006",
                          "E08000007", "E08000008", "E08000009", "E08000010")),
    Preset("se-rcc", "South East regional care co-operative", RCC_SOURCE + ": the councils of the South East region "
           "(ONS region E12000008)", "2025", region="E12000008"),
    *(
        Preset("region-" + re.sub(r"[^a-z]+", "-", name.lower()).strip("-"), name,
               f"ONS region {code}: its councils in each year's ONS geography", "2025", region=code)
        for code, name in sorted(REGION_NAMES.items())
    ),
)
BY_ID = {p.id: p for p in PRESETS}


def preset_table(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """``footprints``: one row per preset and council code (the presets' councils of any year
    2014-2025; a region's councils through the years, so earlier codes are there too)."""
    rows = []
    for p in PRESETS:
        codes = p.codes or tuple(sorted(gazetteer.loc[gazetteer["region_code"] == p.region, "code"]))
        for code in codes:
            rows.append({"footprint": p.id, "name": p.name, "la_code": code, "source": p.source, "as_of": p.as_of})
    return pd.DataFrame(rows, columns=["footprint", "name", "la_code", "source", "as_of"])


@dataclass(frozen=True)
class Footprint:
    """A footprint as a view asks for it: a preset id or the codes given (deduplicated, in
    code order), its name, and what was dropped from the request and why."""

    key: str  # the preset id or the comma-joined codes: the canonical URL value
    name: str
    codes: tuple[str, ...]
    preset: str | None = None
    dropped: tuple[str, ...] = ()

    @property
    def area_code(self) -> str:
        """The code the engine gives this footprint's row."""
        return f"footprint:{self.key}"


def parse(text: str | None, name: str | None, table: pd.DataFrame, known: set[str]) -> Footprint | None:
    """The footprint of a URL's ``footprint`` (and ``footprint_name``) values, or None.

    ``table`` is the presets table; ``known`` the council codes of 2014-2025."""
    raw = (text or "").strip()
    if not raw:
        return None
    preset = raw.lower()
    if preset in BY_ID:
        p = BY_ID[preset]
        codes = tuple(sorted(table.loc[table["footprint"] == preset, "la_code"]))
        return Footprint(preset, (name or "").strip()[:80] or p.name, codes, preset=preset)
    parts = [c.strip().upper() for c in raw.split(",") if c.strip()]
    dropped = []
    keep: dict[str, None] = {}
    for code in parts:
        if code in keep:
            continue
        if not CODE.match(code) or code not in known:
            dropped.append(code[:12] or "(empty)")
            continue
        if len(keep) >= MAX_CODES:
            dropped.append(code)
            continue
        keep[code] = None
    codes = tuple(sorted(keep))
    if not codes:
        return Footprint("", "", (), dropped=tuple(dropped))
    label = (name or "").strip()[:80] or f"Footprint of {len(codes)} local authorit{'y' if len(codes) == 1 else 'ies'}"
    return Footprint(",".join(codes), label, codes, dropped=tuple(dropped))
