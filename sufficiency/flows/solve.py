"""Solving one candidate's flows from a year's inputs: the kernel, the national-own-LA flows,
the LA characteristics they give, and the flows with each LA's own placements fixed by its
propensity (``gravity.flows_with_diagonal``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from . import gravity
from .cache import warm_started
from .characteristics import la_characteristics
from .propensity import Propensity, predict
from .year_inputs import YearInputs

#: Which own-LA share a run uses: the propensity's prediction or the ends of its 80 % range.
CENTRAL, LOW, HIGH = "central", "low", "high"
OWN_SHARES = (CENTRAL, LOW, HIGH)


def scaled(inp: YearInputs, scale: float) -> YearInputs:
    """``inp`` with every within-LA distance multiplied by ``scale``."""
    if scale == 1.0:
        return inp
    within = inp.within.scaled(scale)
    miles = inp.miles.copy()
    np.fill_diagonal(miles, within.mean)
    miles.setflags(write=False)
    return replace(inp, within=within, miles=miles)


def kernel(inp: YearInputs, decay: float, form: str) -> np.ndarray:
    k = gravity.decay_matrix(inp.miles, decay, form)
    if inp.own_kernel == "expected":
        if inp.within.quantiles is None:
            raise ValueError("the expected own-LA decay needs within-LA distances from the polygons")
        k[np.diag_indices_from(k)] = gravity.expected_decay(inp.within.quantiles, decay, form, inp.miles.min(axis=1))
    return k


def national_flows(inp: YearInputs, decay: float, form: str, own_factor: float, warm=None) -> np.ndarray:
    k = kernel(inp, decay, form)
    k[np.diag_indices_from(k)] *= own_factor

    def solve(b0):
        a, b, _ = gravity.balance(inp.children, inp.capacity, k, b0=b0)
        return a[:, None] * k * b[None, :], b

    return solve(None)[0] if warm is None else warm_started(warm, solve)


def characteristics_of(inp: YearInputs, gravity_matrix: np.ndarray | None) -> pd.DataFrame:
    share = None
    if gravity_matrix is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.diag(gravity_matrix) / inp.children
    return la_characteristics(inp.codes, inp.children, inp.capacity, inp.la_capacity, inp.area_km2, inp.population,
                              inp.miles, share)


def propensity_flows(inp: YearInputs, decay: float, form: str, prop: Propensity, X: pd.DataFrame,
                     own_share: str = CENTRAL, warm=None) -> tuple[np.ndarray, pd.DataFrame]:
    """Flows with each LA's own placements from the propensity (``own_share``: the central
    prediction or the low / high end of each LA's 80 % range), and those ranges."""
    inside, low, high = predict(prop, X, inp.children, inp.capacity, X["gravity_logit"].to_numpy())
    t = inside if own_share == CENTRAL else np.nan_to_num((low if own_share == LOW else high) * inp.children)
    k = kernel(inp, decay, form)
    solve = lambda b0: gravity.flows_with_diagonal(inp.children, inp.capacity, k, t, b0=b0)  # noqa: E731
    m = solve(None)[0] if warm is None else warm_started(warm, solve)
    return m, pd.DataFrame({"low": low, "high": high}, index=pd.Index(inp.codes, name="la_code"))
