"""Placement-flow model for one year: where children living in children's homes are placed.

``run_year(data, year)`` builds the inputs (``sufficiency.flows.year_inputs``), takes the
candidate's parameters calibrated against DfE's national figures
(``sufficiency.flows.calibration``) and balances the flows (``sufficiency.flows.solve``,
``sufficiency.flows.gravity``). The candidate (``model``, see ``sufficiency.flows.candidates``)
says how children placed in their own LA are modelled.

The flows are always those of all sectors; a choice of sectors keeps, in every destination
LA, the share of its places that are in those sectors (children in an LA's homes are spread
over its sectors in proportion to places). Results are cached per data, year, sectors, form,
model, parameters and scenario change. See docs/flows.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..distance import WithinLA, disc_within
from . import gravity
from .cache import cached
from .calibration import (
    Params, calibrated_decay, calibrated_params, national_characteristics, outside_target, target_of,
)
from .candidates import BASELINE_MODEL, DEFAULT_FORM, DEFAULT_MODEL, OWN_NATIONAL, OWN_NONE, OWN_PROPENSITY, candidate
from .inputs import SECTORS
from .solve import CENTRAL, HIGH, LOW, OWN_SHARES, national_flows, propensity_flows, scaled
from .targets import CALIBRATION_GROUP, CALIBRATION_MILES, calibration_targets, decay_year_for, locality_targets
from .year_inputs import YearInputs, delta_key_of, year_inputs

ALL_SECTORS = SECTORS

__all__ = [
    "ALL_SECTORS", "BASELINE_MODEL", "CALIBRATION_GROUP", "CALIBRATION_MILES", "CENTRAL", "DEFAULT_FORM",
    "DEFAULT_MODEL", "FlowResult", "HIGH", "LOW", "OWN_SHARES", "Params", "cached", "calibrated_decay",
    "calibrated_params", "calibration_targets", "decay_year_for", "locality_targets", "national_characteristics",
    "run_year", "year_inputs",
]


@dataclass(frozen=True)
class FlowResult:
    """Modelled flows of one year. Arrays are indexed by ``codes`` (origin rows, destination columns)."""

    year: int
    form: str
    decay: float
    decay_year: int  # the year whose observed national figures calibrated the parameters
    target: float  # that year's observed share over 20 miles (0-1)
    sectors: tuple[str, ...]
    codes: list[str]
    region_codes: np.ndarray
    matrix: np.ndarray  # children, origin x destination
    miles: np.ndarray  # between LAs; the diagonal is the mean within-LA distance
    radii: np.ndarray  # radius of the disc of each LA's area, miles
    origins: pd.DataFrame  # children, basis (observed / imputed ...), indexed by code
    places: pd.Series  # registered places in the chosen sectors (after any scenario change)
    capacity: pd.Series  # places scaled to the children (common occupancy)
    occupancy: float  # children / places, all sectors
    shares: dict = field(default_factory=dict)  # England share_over_20, share_over_50 (0-1)
    model: str = BASELINE_MODEL
    params: Params | None = None
    within: WithinLA | None = None  # distance of own-LA placements
    outside_target: float = float("nan")  # observed national share outside the LA (decay_year), if used
    characteristics: pd.DataFrame | None = None  # LA characteristics of the propensity, all sectors
    inside_range: pd.DataFrame | None = None  # low, high: 80 % range of each LA's share placed inside (all sectors)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # summaries computed once per result

    @property
    def calibrated(self) -> bool:
        """True when the parameters were fitted to this year's own observed national figures."""
        return self.decay_year == self.year

    @property
    def flows(self) -> pd.DataFrame:
        """Long table: origin, destination, children, miles (cells with children only)."""
        i, j = np.nonzero(self.matrix > 0)
        codes = np.asarray(self.codes)
        return pd.DataFrame(
            {"origin": codes[i], "destination": codes[j], "children": self.matrix[i, j], "miles": self.miles[i, j]}
        )

    def within_cdf(self, miles) -> np.ndarray:
        """P(distance <= t) of own-LA placements, each LA x each ``t`` of ``miles``."""
        if self.within is not None:
            return self.within.cdf(miles)
        return disc_within(self.codes, np.pi * (self.radii * 1.609344) ** 2).cdf(miles)


def _slice(matrix: np.ndarray, inp: YearInputs, sectors: tuple[str, ...]) -> tuple[np.ndarray, pd.Series]:
    chosen = inp.chosen_places(sectors)
    if tuple(sectors) == tuple(SECTORS):
        return matrix, chosen
    allp = inp.chosen_places(SECTORS).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(allp > 0, chosen.to_numpy(dtype=float) / allp, 0.0)
    return matrix * share[None, :], chosen


def run_year(
    data,
    year: int,
    sectors=ALL_SECTORS,
    form: str = DEFAULT_FORM,
    places_delta=None,
    decay: float | None = None,
    model: str = DEFAULT_MODEL,
    params: Params | None = None,
    delta_sector: str | None = None,
    own_share: str = CENTRAL,
) -> FlowResult:
    """Modelled flows of ``year``.

    ``sectors``: the sectors whose homes' children are kept (in each destination LA, the
    share of its places in those sectors). ``places_delta``: places added (negative: removed)
    per LA code in the chosen sectors (a Series or dict), for scenarios, in ``delta_sector``
    (None: in proportion to the LA's places of the chosen sectors). ``decay``: a fixed decay
    parameter; ``params``: all of a candidate's parameters fixed (scenarios); by default those
    calibrated for the year. ``model``: the candidate (``sufficiency.flows.candidates``).
    ``own_share``: ``'central'``, or ``'low'`` / ``'high'`` to put every LA's share of children
    placed in its own LA at the end of its 80 % range (propensity candidates; for the ranges).
    """
    if own_share not in OWN_SHARES:
        raise ValueError(f"own_share must be one of {OWN_SHARES}")
    if form not in gravity.FORMS:
        raise ValueError(f"unknown decay form '{form}' (expected one of {gravity.FORMS})")
    cand = candidate(model)
    year = int(year)
    sectors = tuple(s for s in ALL_SECTORS if s in set(sectors))
    if not sectors:
        raise ValueError("no sector chosen")
    delta_key = delta_key_of(places_delta)
    decay_year, target = target_of(data, year)
    p = params or calibrated_params(data, year, form, cand)
    if decay is not None:
        p = replace(p, decay=float(decay))
    pkey = (round(p.decay, 12), round(p.own_factor, 12), round(p.within_scale, 12),
            None if p.propensity is None else (p.propensity.year, round(p.propensity.shift, 12),
                                               tuple(np.round(p.propensity.coef, 12))))

    spread = sectors if delta_key else ALL_SECTORS  # the sectors a scenario's places are shared over
    variant = own_share if cand.own == OWN_PROPENSITY else CENTRAL

    def make_full():
        inp = scaled(year_inputs(data, year, cand, delta_key, spread, delta_sector), p.within_scale)
        X = inside = None
        if cand.own == OWN_PROPENSITY:
            X = national_characteristics(data, year, form, cand, delta_key, spread, delta_sector,
                                          None if params is None and not delta_key else p.national)
            matrix, inside = propensity_flows(inp, p.decay, form, p.propensity, X, own_share,
                                               warm=(id(data), year, form, cand.name, own_share))
        else:
            matrix = national_flows(inp, p.decay, form, p.own_factor if cand.own == OWN_NATIONAL else 1.0,
                                     warm=(id(data), year, form, cand.name, CENTRAL))
        return inp, matrix, X, inside

    def make():
        inp, full, X, inside = cached(data, ("full", year, form, cand, pkey, delta_key, delta_sector,
                                              tuple(spread), variant), make_full)
        matrix, chosen = _slice(full, inp, sectors)
        if chosen.sum() <= 0:
            raise ValueError(f"no registered places in children's homes in {year} for sectors {list(sectors)}")
        matrix.setflags(write=False)
        o = inp.origins.assign(children=matrix.sum(axis=1)) if sectors != ALL_SECTORS else inp.origins
        cdf = inp.within.cdf([20.0, 50.0])
        shares = {
            f"share_over_{m:g}": gravity.share_over(matrix, inp.miles, inp.within.radii, m, cdf[:, [k]])
            for k, m in enumerate((20.0, 50.0))
        }
        outside = outside_target(data, decay_year) if cand.own != OWN_NONE else float("nan")
        return FlowResult(
            year=year, form=form, decay=float(p.decay), decay_year=int(decay_year), target=float(target),
            sectors=sectors,
            codes=inp.codes, region_codes=inp.regions, matrix=matrix, miles=inp.miles, radii=inp.within.radii,
            origins=o, places=chosen, capacity=chosen * inp.occupancy, occupancy=inp.occupancy, shares=shares,
            model=cand.name, params=p, within=inp.within, outside_target=outside, characteristics=X,
            inside_range=inside,
        )

    return cached(data, ("run", year, sectors, form, cand, pkey, delta_key, delta_sector, variant), make)
