"""The snapshot's modelled distance sheets, the same figures as the distance view's
(:mod:`sufficiency.present.distance_figures`, :mod:`sufficiency.present.footprint_flows`,
:mod:`sufficiency.present.scenario`):

* "Modelled distance": the area's modelled shares over 20 and 50 miles, outside the LA and
  the mean distance, each with its plausible range; for a footprint, also its children placed
  inside and outside it and the numerical-insufficiency test;
* "Scenario children": the active scenario's answer in children, with ranges;
* ``distance_range_columns``: the plausible ranges of the Distance sheet's modelled shares.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import flows
from ..flows.labels import RANGE_NOTE
from ..present import distance_figures as dfg
from ..present import footprint_flows as ff
from ..present.scenario import children_frame, scenario_area
from .common import Area, _codes, _finish

log = logging.getLogger(__name__)
LEVELS = {"Local authority": "la", "Region": "region", "England": "england"}


def distance_range_columns(data, year: int, sectors, levels, codes) -> dict:
    """``{column: values}``: low and high of each modelled share over 20 and 50 miles (in %),
    for rows of the Distance sheet (``levels``: its Level labels; ``codes``: its area codes)."""
    out = {}
    for miles in flows.REFERENCE_MILES:
        low, high = [], []
        for level, code in zip(levels, codes):
            try:
                v = dfg.area_values(data, int(year), code, tuple(sectors)) if sectors else {}
            except (KeyError, ValueError):
                v = {}
            low.append(float(v.get(f"share_over_{miles}_low", np.nan)) * 100)
            high.append(float(v.get(f"share_over_{miles}_high", np.nan)) * 100)
        base = f"% of children in children's homes placed more than {miles} miles from home (modelled)"
        out[f"{base}: plausible range, low"] = low
        out[f"{base}: plausible range, high"] = high
    return out


def modelled_distance(data, state, area: Area) -> pd.DataFrame | None:
    """The "Modelled distance" sheet of the snapshot's area, or None when the model cannot run."""
    codes = _codes(area, data)(area.year) if area.level == "footprint" else None
    f = dfg.figures_for(data, area.year, area.code, tuple(state.sectors), codes)
    if f.empty:
        return None
    pct = (f["key"] != "mean_miles").to_numpy()
    scale = np.where(pct, 100.0, 1.0)
    frame = pd.DataFrame({
        "Figure": f["figure"], "Value": (f["value"] * scale).round(1), "Low": (f["low"] * scale).round(1),
        "High": (f["high"] * scale).round(1), "Unit": np.where(pct, "%", "miles"), "In words": f["text"],
        "Basis": f["basis"], "Covers": f["covers"],
    })
    if area.level == "footprint" and codes:
        try:
            fp = flows.footprint(data, int(area.year), list(codes), sectors=tuple(state.sectors))
        except (KeyError, ValueError):
            fp = None
        if fp is not None:
            extra = ff.footprint_frame(fp)
            extra["Unit"] = ["%" if "(%)" in x else "" if x.startswith("Numerically") else
                             "places" if x.startswith("Registered places") else "children" for x in extra["Figure"]]
            frame = pd.concat([frame, extra[frame.columns]], ignore_index=True)
    title = (f"Modelled distance from home, {area.name}, 31 March {area.year}: children in children's homes "
             f"(modelled), plausible ranges in Low and High. {RANGE_NOTE}")
    return _finish(frame, title, {"Value": "rate", "Low": "rate", "High": "rate"})


def scenario_children(data, state) -> pd.DataFrame | None:
    """The active scenario's answer in children, as the distance view shows it, or None."""
    if not state.scenario_places or scenario_area(state) is None or not state.sectors:
        return None
    try:
        frame, _ = children_frame(data, state)
    except (KeyError, ValueError):
        log.exception("scenario failed; the snapshot leaves the Scenario children sheet out")
        return None
    formats = {c: "count" for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    return _finish(frame, "Scenario (modelled): the answer in children, whole children, plausible ranges rounded "
                   "outwards", formats)
