"""Calibration of a candidate to DfE's national figures, and its parameters for any year.

``calibrated_params(data, year, form, model)``: in 2020-2024 the decay (share over 20 miles),
the own-LA factor or propensity shift (share outside the LA) and the within-LA distance scale
(share inside the LA over 20 miles) are fitted to that year's national figures; other years
take the nearest year's, with the propensity refitted to the year's own FOI figures where
they exist (2014-2019). See docs/flows.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from . import gravity
from .cache import cached
from .candidates import DEFAULT_FORM, DEFAULT_MODEL, OWN_NATIONAL, OWN_NONE, OWN_PROPENSITY, Candidate, candidate
from .inputs import SECTORS
from .observed import observed_locality
from .propensity import Propensity, calibrate_shift, fit_propensity, inside_children
from .solve import characteristics_of, kernel, national_flows
from .targets import (
    CALIBRATION_MILES, calibration_targets, decay_year_for, inside_far_targets, locality_targets, nearest_year,
)
from .year_inputs import YearInputs, year_inputs


@dataclass(frozen=True)
class Params:
    """A candidate's parameters: the decay, the national own-LA factor, the LA propensity."""

    decay: float
    own_factor: float = 1.0  # multiplies the kernel's diagonal (own='national')
    propensity: Propensity | None = None  # own='propensity'
    within_scale: float = 1.0  # multiplies every within-LA distance (candidates with within_scaled)
    national: "Params | None" = None  # own='propensity': the national-own-LA model behind its characteristics


def target_of(data, year: int) -> tuple[int, float]:
    """``(decay_year, observed share over 20 miles there)`` for ``year``."""
    def make():
        src = decay_year_for(data.national_distance, year)
        return src, float(calibration_targets(data.national_distance)[src])

    return cached(data, ("target", year), make, lasting=True)


def outside_target(data, src: int) -> float:
    loc = cached(data, ("locality",), lambda: locality_targets(data.national_distance), lasting=True)
    if src not in loc.index:
        raise ValueError(f"no national inside/outside split for {src}: rebuild the data (national_distance)")
    return float(loc[src])


def far_masks(inp: YearInputs) -> tuple[np.ndarray, np.ndarray]:
    far = (inp.miles > CALIBRATION_MILES) & ~np.eye(len(inp.codes), dtype=bool)
    return far, inp.within.share_over(CALIBRATION_MILES)


def calibrate_candidate(data, src: int, form: str, cand: Candidate) -> Params:
    """The candidate's parameters fitted to ``src``'s national figures (``src`` has them)."""
    target = target_of(data, src)[1]
    inp = year_inputs(data, src, cand)
    far, within_over = far_masks(inp)
    o, d = inp.children, inp.capacity
    if cand.own == OWN_NONE:
        decay, _ = gravity.calibrate(o, d, inp.miles, inp.within.radii, target, form, CALIBRATION_MILES,
                                     within_over=within_over)
        return Params(decay)
    inside_total = float(o.sum() * (1.0 - outside_target(data, src)))
    if cand.own == OWN_NATIONAL:
        state = {"b": None, "g": 1.0}

        def share(decay: float) -> float:
            k = kernel(inp, decay, form)
            a, b, g, _ = gravity.balance_own_total(o, d, k, inside_total, tol=1e-8, b0=state["b"], g0=state["g"])
            state.update(b=b, g=g)
            return gravity.over_share(gravity.own_total_flows(a, k, b, g), far, within_over)

        decay = gravity.calibrate_share(share, target, form)
        share(decay)
        return Params(decay, own_factor=float(state["g"]))
    # propensity: characteristics from the national-own-LA model, fitted to the year's FOI figures
    X = national_characteristics(data, src, form, cand)
    prop = fit_to_foi(data, src, cand, X)
    prop = calibrate_shift(prop, X, o, d, inside_total, X["gravity_logit"].to_numpy())
    t = inside_children(prop, X, o, d, X["gravity_logit"].to_numpy())
    scale = within_scale_for(data, src, inp, t) if cand.within_scaled else 1.0
    within_over = inp.within.scaled(scale).share_over(CALIBRATION_MILES)
    state = {"b": None}

    def share(decay: float) -> float:
        m, b = gravity.flows_with_diagonal(o, d, kernel(inp, decay, form), t, tol=1e-8, b0=state["b"])
        state["b"] = b
        return gravity.over_share(m, far, within_over)

    return Params(gravity.calibrate_share(share, target, form), propensity=prop, within_scale=scale,
                  national=calibrated_params(data, src, form, national_candidate(cand)))


def within_scale_for(data, src: int, inp: YearInputs, inside: np.ndarray) -> float:
    """Factor on within-LA distances at which the children placed in their own LA more than
    20 miles from home are DfE's national share of ``src`` (of all the model's children)."""
    far = inside_far_targets(data.national_distance)
    if src not in far.index:
        raise ValueError(f"no national share placed inside the LA over 20 miles for {src}: rebuild the data")
    goal = float(far[src]) * float(inp.children.sum())

    def excess(scale: float) -> float:
        return float((inside * inp.within.share_over(CALIBRATION_MILES / scale)).sum()) - goal

    lo, hi = 0.05, 5.0
    if excess(lo) > 0 or excess(hi) < 0:
        raise ValueError(f"within-LA distances cannot be scaled to DfE's share placed inside the LA over 20 miles ({src})")
    return float(brentq(excess, lo, hi, xtol=1e-8))


def fit_to_foi(data, year: int, cand: Candidate, X: pd.DataFrame, exclude=()) -> Propensity:
    obs = observed_locality(data.la_year, year)
    if exclude:
        obs = obs.drop(index=[c for c in exclude if c in obs.index])
    return fit_propensity(X, obs, cand.features, year)


def national_candidate(cand: Candidate) -> Candidate:
    return replace(cand, name=f"{cand.name}:national", own=OWN_NATIONAL, features=())


def national_characteristics(data, year: int, form: str, cand: Candidate, delta_key: tuple = (),
                             sectors=SECTORS, sector=None, params: Params | None = None) -> pd.DataFrame:
    """LA characteristics of ``year`` with the share inside from the national-own-LA model."""
    nat = national_candidate(cand)

    def make():
        p = params or calibrated_params(data, year, form, nat)
        inp = year_inputs(data, year, nat, delta_key, sectors, sector)
        warm = (id(data), year, form, nat.name, "national") if delta_key else None
        return characteristics_of(inp, national_flows(inp, p.decay, form, p.own_factor, warm))

    key = ("characteristics", year, form, nat, delta_key, sector,
           tuple(sectors) if delta_key else (), None if params is None else (params.decay, params.own_factor))
    return cached(data, key, make)


def foi_years(data) -> list[int]:
    t = data.la_year
    return cached(data, ("foi-years",),
                  lambda: sorted(int(y) for y in t.loc[t["ch_pct_outside_la"].notna(), "year"].unique()), lasting=True)


def calibrated_params(data, year: int, form: str = DEFAULT_FORM, model: str | Candidate = DEFAULT_MODEL) -> Params:
    """The parameters used for ``year``: calibrated to its own national figures where DfE has
    them, else the nearest year's (the propensity is refitted to ``year``'s own FOI figures
    where they exist)."""
    cand = model if isinstance(model, Candidate) else candidate(model)
    src = target_of(data, year)[0]
    base = cached(data, ("params", src, form, cand), lambda: calibrate_candidate(data, src, form, cand), lasting=True)
    if cand.own != OWN_PROPENSITY or year == src:
        return base
    foi = foi_years(data)
    if year not in foi:  # e.g. 2025: the nearest FOI year's propensity, as calibrated there
        fy = nearest_year(foi, year)
        return replace(base, propensity=calibrated_params(data, fy, form, cand).propensity) if fy != year else base

    def make():
        X = national_characteristics(data, year, form, cand)
        return replace(base, propensity=fit_to_foi(data, year, cand, X))

    return cached(data, ("params-year", year, form, cand), make, lasting=True)


def calibrated_decay(data, year: int, form: str = DEFAULT_FORM, model: str = DEFAULT_MODEL) -> tuple[float, int, float]:
    """``(decay, decay_year, target)``: the decay fitted to the nearest observed year (all sectors)."""
    src = decay_year_for(data.national_distance, year)
    return calibrated_params(data, year, form, model).decay, src, float(calibration_targets(data.national_distance)[src])
