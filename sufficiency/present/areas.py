"""Areas named in a view state, made valid for the state's year.

A permalink can carry a council code that was valid in another year: Sheffield's code before
2025 (E08000019), North Yorkshire's before 2023 (E10000023), or a council that was split.
:func:`resolve` maps each code to the council of the chosen year through the lineage
crosswalk (recode or merger: the council it became, or was before), and anything that
cannot be mapped to one council (a split council, a code not yet in force, an unknown code)
to England, with a sentence saying what happened, so that an old bookmark always opens a
working view.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import ENGLAND_CODE
from ..engine import areas as A
from ..geography.footprints import MAX_CODES, Footprint
from ..geography.footprints import parse as parse_footprint
from ..geography.lineage import code_for_year
from ..geography.reorganisations import REGION_NAMES
from ..state import FOOTPRINT_MAX_TEXT


def _one(code: str | None, year: int, data, *, fallback: str | None) -> tuple[str | None, str | None]:
    if code is None or code == ENGLAND_CODE or code in REGION_NAMES or code == "footprint":
        return code, None
    codes, note = code_for_year(code, year, data.gazetteer)
    if len(codes) == 1:
        return codes[0], (f"{note}, so {data.la_names.get(codes[0], codes[0])} is shown." if note else None)
    names = data.la_names
    if len(codes) > 1:
        words = " and ".join(names.get(c, c) for c in codes)
        return fallback, f"{note}. Choose {words} in the Area filter; England is shown."
    if code not in names:
        return fallback, f"{code} is not a council code of 2014 to 2025, so England is shown."
    return fallback, f"{note or names.get(code, code) + ' did not exist in ' + str(year)}: England is shown."


def resolve(state, data, search: str | None = None):
    """``(state, notes)``: the state with its area codes valid for its year, and what changed
    (including what a footprint in the URL ``search`` asked for that cannot be shown).

    The profile's council (``la``) is left as it is when known: the profile follows a council
    through its lineage and picks the nearest year the council existed."""
    notes = []
    area, note = _one(state.area, state.year, data, fallback=ENGLAND_CODE)
    if note:
        notes.append(note)
    scenario, note = _one(state.scenario_area, state.year, data, fallback=None)
    if note and state.scenario_area != state.area:
        notes.append(note)
    la = state.la if state.la is None or state.la in data.la_names else None  # a profile follows its council itself
    if la != state.la:
        notes.append(f"{state.la} is not a council code of 2014 to 2025.")
    changes = {k: v for k, v in (("area", area), ("la", la), ("scenario_area", scenario)) if getattr(state, k) != v}
    notes += footprint_notes(search, state, data)
    if state.footprint:
        fp = footprint_of(state, data)
        if fp is None:
            changes.update(footprint=None, footprint_name=None)
        elif fp.key != state.footprint:
            changes.update(footprint=fp.key)
    return (state.with_(**changes) if changes else state), notes


@dataclass(frozen=True)
class Chosen:
    """The area a view is about: an LA, a region, England or a footprint (a group of LAs)."""

    code: str  # its row in the measure engine's tables (a footprint's is "footprint:<key>")
    name: str
    kind: str  # "la", "region", "country" or "footprint"
    areas: A.Areas  # the engine's areas holding that row
    footprint: Footprint | None = None

    @property
    def is_footprint(self) -> bool:
        return self.kind == "footprint"


def footprint_of(state, data) -> Footprint | None:
    """The state's footprint, read against the presets and the council register (None if none)."""
    if not state.footprint:
        return None
    fp = parse_footprint(state.footprint, state.footprint_name, data.footprints, set(data.la_names))
    return fp if fp is not None and fp.codes else None


def chosen(state, data) -> Chosen:
    """What the state's headline figures, map highlight and exports are for: its footprint
    when it has one, else its area."""
    fp = footprint_of(state, data)
    if fp is not None:
        return Chosen(fp.area_code, fp.name, "footprint", A.group(fp.codes, fp.area_code), fp)
    code = state.area
    kind = "country" if code == ENGLAND_CODE else ("region" if code in REGION_NAMES else "la")
    names = {ENGLAND_CODE: "England", **REGION_NAMES, **data.la_names}
    from ..engine.queries import areas_for

    return Chosen(code, names.get(code, code), kind, areas_for(code))


def members_in_year(chosen_area: Chosen, year: int, data) -> list[str]:
    """The LA codes of ``year`` that make up the chosen area (for highlighting and tables)."""
    memb = A.members(data, chosen_area.areas, int(year))
    return sorted(set(memb.loc[memb["area_code"] == chosen_area.code, "la_code"]))


def footprint_notes(search: str | None, state, data) -> list[str]:
    """What a footprint in the URL asked for that cannot be shown, in words."""
    from urllib.parse import parse_qs

    raw = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}.get("footprint")
    if raw is None:
        return []
    text = raw.strip()
    if not text:
        return ["The footprint in the address lists no councils: add local authorities to build one."]
    fp = parse_footprint(text[:FOOTPRINT_MAX_TEXT], None, data.footprints, set(data.la_names))
    notes = []
    if fp is None or not fp.codes:
        notes.append("The footprint in the address names no council of England: " +
                     (", ".join(fp.dropped[:5]) if fp is not None and fp.dropped else text[:40]) +
                     ". England is shown; choose a preset or add local authorities.")
        return notes
    if fp.dropped:
        shown = ", ".join(fp.dropped[:5]) + (f" and {len(fp.dropped) - 5} more" if len(fp.dropped) > 5 else "")
        notes.append(f"Left out of the footprint: {shown} (not council codes of England 2014 to 2025, or repeats "
                     f"beyond {MAX_CODES} councils).")
    if len(text) > FOOTPRINT_MAX_TEXT:
        notes.append(f"The footprint in the address is longer than {FOOTPRINT_MAX_TEXT:,} characters: the rest is left out.")
    return notes
