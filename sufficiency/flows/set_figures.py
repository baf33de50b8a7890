"""The modelled figures of ``area_figures`` (shares outside the LA, over 20 and 50 miles, mean
distance) for any set of LAs (a commissioning footprint), with their plausible ranges.

An area's figure is over all its LAs' modelled children (never an average of shares), as for
regions. The range spans the model run with each decay form and with every LA's own share at
either end of its range (``sufficiency.flows.ranges.variants`` at LA level), as
``sufficiency.flows.footprint`` does for the footprint's counts: a footprint of one LA has that
LA's figures and ranges.
"""

from __future__ import annotations

import numpy as np

from .candidates import DEFAULT_MODEL
from .children import _members
from .model import ALL_SECTORS, DEFAULT_FORM, run_year
from .ranges import variant_results
from .summaries import RANGED_FIGURES, REFERENCE_MILES, within_masses


def set_figures(result, codes) -> dict:
    """``children``, ``placed_outside_la`` and each of ``RANGED_FIGURES`` (shares 0-1, mean in
    miles) of the home LAs ``codes`` in one ``FlowResult`` (modelled)."""
    idx = _members(result, codes)
    m = result.matrix
    children = float(m[idx].sum())
    own = float(np.diag(m)[idx].sum())
    near = within_masses(result, [float(t) for t in REFERENCE_MILES]).to_numpy()[idx].sum(axis=0)
    miles = float((m[idx] * result.miles[idx]).sum())
    if children <= 0:
        return {"children": children, "placed_outside_la": 0.0, **{f: float("nan") for f in RANGED_FIGURES}}
    out = {"children": children, "placed_outside_la": children - own, "share_outside_la": 1.0 - own / children,
           "mean_miles": miles / children}
    for k, t in enumerate(REFERENCE_MILES):
        out[f"share_over_{t}"] = 1.0 - float(near[k]) / children
    return out


def set_figure_ranges(data, year: int, codes, sectors=ALL_SECTORS, model: str = DEFAULT_MODEL,
                      form: str = DEFAULT_FORM) -> dict:
    """``set_figures`` of the central model (``form``) with ``<figure>_low`` / ``<figure>_high``
    for each of ``RANGED_FIGURES``, and ``basis`` 'modelled'."""
    central = set_figures(run_year(data, year, sectors=sectors, form=form, model=model), codes)
    variants = [set_figures(r, codes) for r in variant_results(data, year, "la", sectors, model).values()]
    out = dict(central)
    for fig in RANGED_FIGURES:
        values = [v[fig] for v in variants if np.isfinite(v[fig])] + ([central[fig]] if np.isfinite(central[fig]) else [])
        out[f"{fig}_low"] = min(values) if values else float("nan")
        out[f"{fig}_high"] = max(values) if values else float("nan")
    out["basis"] = "modelled"
    return out
