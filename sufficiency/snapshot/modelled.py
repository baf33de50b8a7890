"""Hooks for the figures the placement-flow model will provide.

The snapshot's "modelled % placed more than 50 miles from home" (Headline and Distance
sheets) and its Scenario sheet come from ``sufficiency.flows``. Until that package exposes
``run_year(data, year, sectors=...)`` and ``share_over(result, miles, by=...)`` (a share
0-1 by home area, ``by`` one of 'la', 'region', 'england'; and
``run_scenario`` for scenarios), these hooks return None and the snapshot says the
modelled figures are not included. Published (observed) distance figures are always there.
"""

from __future__ import annotations

import logging

import pandas as pd

from ..config import ENGLAND_CODE

log = logging.getLogger(__name__)

MODELLED_MILES = 50
NOT_AVAILABLE = (
    "Modelled figures (children placed more than 50 miles from home, scenarios) are not included: "
    "the placement-flow model is not available in this build. Only observed distance figures are shown."
)


def modelled_over_50(data, year: int, sectors) -> pd.Series | None:
    """Modelled % of children in children's homes placed more than 50 miles from home, by
    area code (LAs, regions and England), or None when the flow model is not available."""
    try:
        from ..flows import run_year, share_over  # the flow model's public interface
    except ImportError:
        return None
    try:
        result = run_year(data, year, sectors=tuple(sectors))
        parts = [share_over(result, MODELLED_MILES, by=by) for by in ("la", "region", "england")]
        share = pd.concat([pd.Series(p, dtype=float) for p in parts])
    except Exception:  # the model is optional here: the snapshot still carries the observed figures
        log.exception("flow model failed; the snapshot leaves modelled figures out")
        return None
    return share[~share.index.duplicated()] * 100


def scenario_table(data, state) -> pd.DataFrame | None:
    """The active scenario's table (places added or removed and the modelled effect, before
    and after, by area), or None when no scenario is active or the flow model cannot run it.

    A scenario is active when ``state.scenario_places`` is not 0; it changes
    ``state.scenario_area`` (else the chosen area, if not England)."""
    places = int(getattr(state, "scenario_places", 0) or 0)
    area = getattr(state, "scenario_area", None) or (state.la or state.area)
    if not places or not area or area == ENGLAND_CODE:
        return None
    try:
        from ..flows import run_scenario
        from ..vocab import SECTOR_SLUGS
    except ImportError:
        return None
    slug = getattr(state, "scenario_sector", None)
    sector = {v: k for k, v in SECTOR_SLUGS.items()}.get(slug) if slug else None
    try:
        result = run_scenario(data, state.year, area, places, sectors=tuple(state.sectors), sector=sector)
    except Exception:
        log.exception("scenario failed; the snapshot leaves the Scenario sheet out")
        return None
    table = pd.DataFrame(result.table).copy()
    for col in [c for c in table.columns if c.startswith("share_")]:
        table[col] = table[col] * 100  # shares 0-1 -> %
    table.insert(0, "scenario", f"{places:+,} places in {area}" + (f" ({sector})" if sector else ""))
    return table
