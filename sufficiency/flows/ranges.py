"""Plausible ranges (low, high) of the modelled figures.

A modelled figure depends most on two things nothing observed pins down per LA:

* the **decay form** (power or exponential), each calibrated to the same national figures:
  it decides how far beyond 20 miles children go (the share over 50 miles differs about
  threefold between the forms);
* each **LA's share placed inside its own LA**, predicted with an error: for propensity
  models, the ends of each LA's 80 % range (``sufficiency.flows.propensity``), whose coverage
  is checked on held-out LAs (docs/flows.md).

The range of an LA's figure is the lowest and highest value over the model run with each
form and with every LA's own share at its central value and at both ends of its range. For
regions and England the LAs' own-share errors largely cancel, and England's own share is
calibrated to DfE's national split, so their ranges span the forms only. A figure that is
calibrated to an observed national figure (England's share over 20 miles and outside the
LA, in 2020-2024) has a range of (nearly) zero width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .candidates import DEFAULT_MODEL, OWN_PROPENSITY, candidate
from .gravity import FORMS
from .model import ALL_SECTORS, CENTRAL, DEFAULT_FORM, HIGH, LOW, run_year
from .summaries import RANGED_FIGURES, area_figures


def variants(model: str = DEFAULT_MODEL, by: str = "la") -> list[tuple[str, str]]:
    """``(form, own_share)`` pairs whose results span a figure's range at level ``by``."""
    own = (CENTRAL, LOW, HIGH) if by == "la" and candidate(model).own == OWN_PROPENSITY else (CENTRAL,)
    return [(form, share) for form in FORMS for share in own]


def variant_results(data, year: int, by: str = "la", sectors=ALL_SECTORS, model: str = DEFAULT_MODEL,
                    places_delta=None, delta_sector: str | None = None) -> dict:
    """``{(form, own_share): FlowResult}`` for the ``variants`` of level ``by``."""
    return {
        (form, share): run_year(data, year, sectors=sectors, form=form, places_delta=places_delta, model=model,
                                delta_sector=delta_sector, own_share=share)
        for form, share in variants(model, by)
    }


def envelope(frames: list[pd.DataFrame], central: pd.DataFrame, columns) -> pd.DataFrame:
    """``central`` with ``<column>_low`` / ``<column>_high``: the least and most of ``frames``
    (indexed alike), never excluding the central value."""
    out = central.copy()
    for col in columns:
        stack = np.column_stack([f[col].reindex(central.index).to_numpy(dtype=float) for f in frames]
                                + [central[col].to_numpy(dtype=float)])
        some = np.isfinite(stack).any(axis=1)
        low, high = np.full(len(stack), np.nan), np.full(len(stack), np.nan)
        low[some], high[some] = np.nanmin(stack[some], axis=1), np.nanmax(stack[some], axis=1)
        out[f"{col}_low"], out[f"{col}_high"] = low, high
    return out


def figure_ranges(data, year: int, by: str = "england", sectors=ALL_SECTORS, model: str = DEFAULT_MODEL,
                  form: str = DEFAULT_FORM, places_delta=None, delta_sector: str | None = None) -> pd.DataFrame:
    """Per home area of level ``by``: ``area_figures`` of the model (``form``, central own
    shares) with ``<figure>_low`` and ``<figure>_high`` for every figure of ``RANGED_FIGURES``."""
    central = run_year(data, year, sectors=sectors, form=form, places_delta=places_delta, model=model,
                       delta_sector=delta_sector)
    base = area_figures(central, by).set_index("area_code")
    frames = [area_figures(r, by).set_index("area_code")
              for r in variant_results(data, year, by, sectors, model, places_delta, delta_sector).values()]
    out = envelope(frames, base, RANGED_FIGURES)
    order = ["children", "placed_outside_la"]
    for col in RANGED_FIGURES:
        order += [col, f"{col}_low", f"{col}_high"]
    return out[order + ["basis"]].reset_index()
