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

from ..config import ENGLAND_CODE
from ..geography.lineage import code_for_year
from ..geography.reorganisations import REGION_NAMES


def _one(code: str | None, year: int, data, *, fallback: str | None) -> tuple[str | None, str | None]:
    if code is None or code == ENGLAND_CODE or code in REGION_NAMES:
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


def resolve(state, data):
    """``(state, notes)``: the state with its area codes valid for its year, and what changed.

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
    return (state.with_(**changes) if changes else state), notes
