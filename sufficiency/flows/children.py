"""Answers in children: how many of an area's children in children's homes are placed where.

``counts`` works on one ``FlowResult`` and any set of LA codes (one LA, a region's LAs, a
commissioning footprint). ``footprint`` adds the plausible ranges (``sufficiency.flows.ranges``)
and the numerical-insufficiency test: could the set's children's homes hold all of its
children in children's homes even if every place were free?

Children are those of the home LAs in the set (DfE FOI counts, or imputed where suppressed:
``FlowResult.origins['basis']``); places are Ofsted registered places in children's homes
other than short-break-only homes, of the sectors modelled. Where children are placed is
modelled; children and places are observed (or imputed) and the test is derived from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .candidates import DEFAULT_MODEL
from .labels import CH_MODELLED, labelled
from .model import ALL_SECTORS, DEFAULT_FORM, run_year
from .ranges import envelope, variant_results
from .summaries import within_masses

#: Figures of ``counts`` (children) that the model estimates and that carry a range.
MODELLED_COUNTS = ("inside_own_la", "within_20", "over_50", "within_area", "outside_area", "from_elsewhere")
LABELS = {
    "children": "Children in children's homes from the area (DfE FOI, observed, or imputed where suppressed)",
    "places": "Registered places in the area's children's homes, not short-break only (Ofsted, observed)",
    "gap": "Gap: children in children's homes from the area minus those places (derived)",
    "inside_own_la": labelled("Placed inside their own LA", CH_MODELLED),
    "within_20": labelled("Placed within 20 miles of home", CH_MODELLED),
    "over_50": labelled("Placed more than 50 miles from home", CH_MODELLED),
    "within_area": labelled("Placed in the area's own homes", CH_MODELLED),
    "outside_area": labelled("Placed outside the area", CH_MODELLED),
    "from_elsewhere": labelled("Other areas' children living in the area's homes", CH_MODELLED),
    "numerically_sufficient": "The area has at least as many places as children in children's homes, if every "
                              "place were free (derived)",
    "shortfall": "Children in children's homes beyond the area's places, if every place were free (derived)",
}


def _members(result, codes) -> list[int]:
    codes = [codes] if isinstance(codes, str) else list(codes)
    known = result.memo.setdefault("code_set", frozenset(result.codes))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise KeyError(f"{', '.join(unknown[:5])} not LAs of {result.year}")
    if not codes:
        raise ValueError("an area needs at least one LA")
    pos = result.memo.setdefault("positions", {c: i for i, c in enumerate(result.codes)})
    return [pos[c] for c in dict.fromkeys(codes)]


def counts(result, codes) -> dict:
    """Children of the set ``codes`` and where they are placed (children; modelled unless noted).

    Keys: children, places, gap (children minus places), inside_own_la (placed in their own
    LA), within_20, over_50 (miles from home), within_area / outside_area (placed in / out of
    the set's homes), from_elsewhere (other LAs' children in the set's homes).
    """
    idx = _members(result, codes)
    m = result.matrix
    if "counts" not in result.memo:
        result.memo["counts"] = (within_masses(result, [20.0, 50.0]).to_numpy(), result.places.to_numpy(dtype=float),
                                 np.diag(m), m.sum(axis=0), result.origins["children"].to_numpy(dtype=float))
    near, places_, own, cols, rows = result.memo["counts"]
    children = float(rows[idx].sum())
    within_area = float(m[np.ix_(idx, idx)].sum())
    places = float(places_[idx].sum())
    return {
        "children": children,
        "places": places,
        "gap": children - places,
        "inside_own_la": float(own[idx].sum()),
        "within_20": float(near[idx, 0].sum()),
        "over_50": float(children - near[idx, 1].sum()),
        "within_area": within_area,
        "outside_area": children - within_area,
        "from_elsewhere": float(cols[idx].sum() - within_area),
    }


def sufficiency_test(children: float, places: float) -> dict:
    """Could ``places`` hold ``children`` if every place were free? (derived, no model)."""
    return {"numerically_sufficient": bool(places >= children), "shortfall": float(max(0.0, children - places))}


def footprint(data, year: int, codes, sectors=ALL_SECTORS, model: str = DEFAULT_MODEL,
              form: str = DEFAULT_FORM) -> dict:
    """A footprint (any set of LA codes): its children placed within and outside it, with ranges.

    Returns ``counts`` of the set plus ``<figure>_low`` / ``<figure>_high`` for every figure of
    ``MODELLED_COUNTS``, ``share_outside_area`` (0-1, with its range), ``numerically_sufficient``
    and ``shortfall`` (``sufficiency_test``), ``codes``, ``year`` and ``basis`` (what each figure is).
    """
    central = run_year(data, year, sectors=sectors, form=form, model=model)
    base = pd.DataFrame([counts(central, codes)])
    frames = [pd.DataFrame([counts(r, codes)]) for r in variant_results(data, year, "la", sectors, model).values()]
    out = envelope(frames, base, MODELLED_COUNTS).iloc[0].to_dict()
    n = out["children"]
    out["share_outside_area"] = out["outside_area"] / n if n > 0 else float("nan")
    out["share_outside_area_low"] = out["outside_area_low"] / n if n > 0 else float("nan")
    out["share_outside_area_high"] = out["outside_area_high"] / n if n > 0 else float("nan")
    out.update(sufficiency_test(n, out["places"]))
    out["codes"] = [codes] if isinstance(codes, str) else list(dict.fromkeys(codes))
    out["year"] = int(year)
    out["basis"] = {"children": "observed or imputed", "places": "observed", "gap": "derived",
                    **{k: "modelled" for k in (*MODELLED_COUNTS, "share_outside_area")},
                    "numerically_sufficient": "derived", "shortfall": "derived"}
    return out
