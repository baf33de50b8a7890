"""Placement-flow model for one year: where children living in children's homes are placed.

``run_year(data, year)`` builds the inputs (``sufficiency.flows.inputs``), calibrates the
candidate's parameters against DfE's national figures (``sufficiency.flows.targets``) and
balances the flows (``sufficiency.flows.gravity``). The candidate (``model``, see
``sufficiency.flows.candidates``) says how children placed in their own LA are modelled.

The flows are always those of all sectors; a choice of sectors keeps, in every destination
LA, the share of its places that are in those sectors (children in an LA's homes are spread
over its sectors in proportion to places). Results are cached per data, year, sectors, form,
model, parameters and scenario change. See docs/flows.md.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..distance import WithinLA, disc_within, distance_matrix, polygon_within
from . import gravity
from .candidates import (
    BASELINE_MODEL, DEFAULT_MODEL, OWN_NATIONAL, OWN_NONE, OWN_PROPENSITY, POLYGON, Candidate, candidate,
)
from .characteristics import la_characteristics
from .inputs import PROVISION_TYPE, SECTORS, origins
from .observed import observed_locality
from .propensity import Propensity, calibrate_shift, fit_propensity, inside_children, predict
from .targets import (
    CALIBRATION_GROUP, CALIBRATION_MILES, calibration_targets, decay_year_for, inside_far_targets, locality_targets,
    nearest_year,
)

DEFAULT_FORM = "power"
ALL_SECTORS = SECTORS
LA_SECTOR = "Local authority"
#: Which own-LA share a run uses: the propensity's prediction or the ends of its 80 % range.
CENTRAL, LOW, HIGH = "central", "low", "high"
OWN_SHARES = (CENTRAL, LOW, HIGH)

__all__ = [
    "ALL_SECTORS", "BASELINE_MODEL", "CALIBRATION_GROUP", "CALIBRATION_MILES", "DEFAULT_FORM", "DEFAULT_MODEL",
    "FlowResult", "Params", "cached", "calibrated_decay", "calibrated_params", "calibration_targets", "decay_year_for",
    "locality_targets", "national_characteristics", "run_year", "year_inputs",
]


@dataclass(frozen=True)
class Params:
    """A candidate's parameters: the decay, the national own-LA factor, the LA propensity."""

    decay: float
    own_factor: float = 1.0  # multiplies the kernel's diagonal (own='national')
    propensity: Propensity | None = None  # own='propensity'
    within_scale: float = 1.0  # multiplies every within-LA distance (candidates with within_scaled)
    national: "Params | None" = None  # own='propensity': the national-own-LA model behind its characteristics


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


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 256


def cached(data, key, make):
    """``make()`` once per data object and ``key`` (least recently used first out)."""
    full = (id(data), *key)
    hit = _CACHE.get(full)
    if hit is not None and hit[0] is data:
        _CACHE.move_to_end(full)
        return hit[1]
    value = make()
    _CACHE[full] = (data, value)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


# --- inputs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearInputs:
    """Everything the model needs for one year, all sectors (after any scenario change)."""

    year: int
    codes: list[str]
    regions: np.ndarray
    miles: np.ndarray  # diagonal: mean within-LA distance of ``within``
    within: WithinLA
    origins: pd.DataFrame  # children, basis
    places: pd.DataFrame  # LA x sector: places in the model's children's homes
    occupancy: float
    area_km2: np.ndarray
    population: np.ndarray
    own_kernel: str = "mean"  # decay of own-LA placements: at the mean distance or expected over the distribution

    @property
    def children(self) -> np.ndarray:
        return self.origins["children"].to_numpy(dtype=float)

    @cached_property
    def capacity(self) -> np.ndarray:
        return self.places.to_numpy(dtype=float).sum(axis=1) * self.occupancy

    @cached_property
    def la_capacity(self) -> np.ndarray:
        return self.places[LA_SECTOR].to_numpy(dtype=float) * self.occupancy

    def chosen_places(self, sectors) -> pd.Series:
        """Places of ``sectors`` per LA (cached per set of sectors)."""
        key = tuple(sectors)
        memo = self.__dict__.setdefault("_chosen", {})
        if key not in memo:
            cols = [self.places.columns.get_loc(s) for s in key]
            memo[key] = pd.Series(self.places.to_numpy(dtype=float)[:, cols].sum(axis=1), index=self.places.index)
        return memo[key]


def _geography(data, year: int, within_source: str):
    def make():
        codes, miles = distance_matrix(data.gazetteer, year)
        g = data.gazetteer.set_index("code").loc[codes]
        area = g["area_km2"].to_numpy(dtype=float)
        if within_source == POLYGON:
            if data.la_distances is None or len(data.la_distances) == 0:
                raise ValueError("this build has no la_distances table (within-LA distances): rebuild the data")
            within = polygon_within(codes, area, data.la_distances)
        else:
            within = disc_within(codes, area)
        np.fill_diagonal(miles, within.mean)
        miles.setflags(write=False)
        return codes, miles, within, g["region_code"].to_numpy(), area

    return cached(data, ("geography", year, within_source), make)


def _sector_places(data, year: int, codes: list[str], short_breaks: bool) -> pd.DataFrame:
    def make():
        s = data.supply
        sel = s[(s["year"] == year) & (s["provision_type"] == PROVISION_TYPE)]
        t = sel.pivot_table(index="la_code", columns="sector", values="places", aggfunc="sum", fill_value=0)
        t = t.reindex(index=codes, columns=list(SECTORS), fill_value=0).astype(float)
        if short_breaks:
            sb = data.short_break_places
            if sb is None or len(sb) == 0 or "places" not in sb:
                raise ValueError("this build has no short_break_places table: rebuild the data")
            sb = sb[sb["year"] == year].pivot_table(index="la_code", columns="sector", values="places",
                                                     aggfunc="sum", fill_value=0)
            t = (t - sb.reindex(index=codes, columns=list(SECTORS), fill_value=0)).clip(lower=0.0)
        t.index.name, t.columns.name = "la_code", None
        return t

    return cached(data, ("sector_places", year, short_breaks), make)


def _apply_delta(table: pd.DataFrame, delta_key: tuple, sectors, sector: str | None) -> pd.DataFrame:
    """Places per LA and sector after adding (removing) the scenario's places of the chosen sectors.

    ``sector`` None: an LA's change is shared over its places of the chosen sectors (to the
    private sector, or the first chosen, where it has none); removals stop at zero.
    """
    if not delta_key:
        return table
    values = table.to_numpy(dtype=float).copy()
    row = {c: i for i, c in enumerate(table.index)}
    cols = list(table.columns)
    chosen = [cols.index(s) for s in SECTORS if s in set(sectors)]
    for code, change in delta_key:
        if code not in row:
            continue
        i = row[code]
        kinds = [cols.index(sector)] if sector is not None else chosen
        w = values[i, kinds]
        if sector is not None or w.sum() <= 0:
            w = np.zeros(len(kinds))
            w[kinds.index(cols.index("Private")) if cols.index("Private") in kinds else 0] = 1.0
        values[i, kinds] = np.maximum(values[i, kinds] + change * w / w.sum(), 0.0)
    return pd.DataFrame(values, index=table.index, columns=table.columns)


def _population(data, year: int, codes: list[str]) -> np.ndarray:
    def make():
        t = data.la_year[data.la_year["year"] == year].set_index("la_code")
        if "population_0_17" not in t:
            return np.full(len(codes), np.nan)
        return t["population_0_17"].reindex(codes).to_numpy(dtype=float)

    return cached(data, ("population", year), make)


def year_inputs(data, year: int, cand: Candidate, delta_key: tuple = (), sectors=ALL_SECTORS,
                sector: str | None = None) -> YearInputs:
    """The model's inputs of ``year`` for candidate ``cand`` (places after the scenario change)."""
    codes, miles, within, regions, area = _geography(data, year, cand.within)

    def make():
        o = cached(data, ("origins", year), lambda: origins(data.la_year, year, codes))
        table = _apply_delta(_sector_places(data, year, codes, cand.short_breaks_excluded), delta_key, sectors, sector)
        total = float(table.to_numpy().sum())
        if total <= 0:
            raise ValueError(f"no registered places in children's homes in {year}")
        return YearInputs(year, codes, regions, miles, within, o, table, float(o["children"].sum() / total), area,
                          _population(data, year, codes), cand.own_kernel)

    return cached(data, ("inputs", year, cand.within, cand.short_breaks_excluded, cand.own_kernel, delta_key, sector,
                          tuple(sectors) if delta_key else ()), make)


# --- solving ----------------------------------------------------------------------------


_WARM: dict = {}  # last column factors per (data, year, form, model, variant): warm starts for scenarios


def _warm(key, solve):
    b0 = _WARM.get(key)
    m, b = solve(b0 if b0 is not None and len(b0) else None)
    if len(_WARM) > 512:
        _WARM.clear()
    _WARM[key] = b
    return m


def _scaled(inp: YearInputs, scale: float) -> YearInputs:
    """``inp`` with every within-LA distance multiplied by ``scale``."""
    if scale == 1.0:
        return inp
    within = inp.within.scaled(scale)
    miles = inp.miles.copy()
    np.fill_diagonal(miles, within.mean)
    miles.setflags(write=False)
    return replace(inp, within=within, miles=miles)


def _kernel(inp: YearInputs, decay: float, form: str) -> np.ndarray:
    k = gravity.decay_matrix(inp.miles, decay, form)
    if inp.own_kernel == "expected":
        if inp.within.quantiles is None:
            raise ValueError("the expected own-LA decay needs within-LA distances from the polygons")
        k[np.diag_indices_from(k)] = gravity.expected_decay(inp.within.quantiles, decay, form, inp.miles.min(axis=1))
    return k


def _national_flows(inp: YearInputs, decay: float, form: str, own_factor: float, warm=None) -> np.ndarray:
    k = _kernel(inp, decay, form)
    k[np.diag_indices_from(k)] *= own_factor

    def solve(b0):
        a, b, _ = gravity.balance(inp.children, inp.capacity, k, b0=b0)
        return a[:, None] * k * b[None, :], b

    return solve(None)[0] if warm is None else _warm(warm, solve)


def _characteristics(inp: YearInputs, gravity_matrix: np.ndarray | None) -> pd.DataFrame:
    share = None
    if gravity_matrix is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.diag(gravity_matrix) / inp.children
    return la_characteristics(inp.codes, inp.children, inp.capacity, inp.la_capacity, inp.area_km2, inp.population,
                              inp.miles, share)


def _propensity_flows(inp: YearInputs, decay: float, form: str, prop: Propensity, X: pd.DataFrame,
                      own_share: str = CENTRAL, warm=None) -> tuple[np.ndarray, pd.DataFrame]:
    """Flows with each LA's own placements from the propensity (``own_share``: the central
    prediction or the low / high end of each LA's 80 % range), and those ranges."""
    inside, low, high = predict(prop, X, inp.children, inp.capacity, X["gravity_logit"].to_numpy())
    t = inside if own_share == CENTRAL else np.nan_to_num((low if own_share == LOW else high) * inp.children)
    k = _kernel(inp, decay, form)
    solve = lambda b0: gravity.flows_with_diagonal(inp.children, inp.capacity, k, t, b0=b0)  # noqa: E731
    m = solve(None)[0] if warm is None else _warm(warm, solve)
    return m, pd.DataFrame({"low": low, "high": high}, index=pd.Index(inp.codes, name="la_code"))


def _target(data, year: int) -> tuple[int, float]:
    """``(decay_year, observed share over 20 miles there)`` for ``year``."""
    def make():
        src = decay_year_for(data.national_distance, year)
        return src, float(calibration_targets(data.national_distance)[src])

    return cached(data, ("target", year), make)


def _outside_target(data, src: int) -> float:
    loc = cached(data, ("locality",), lambda: locality_targets(data.national_distance))
    if src not in loc.index:
        raise ValueError(f"no national inside/outside split for {src}: rebuild the data (national_distance)")
    return float(loc[src])


def _over(inp: YearInputs) -> tuple[np.ndarray, np.ndarray]:
    far = (inp.miles > CALIBRATION_MILES) & ~np.eye(len(inp.codes), dtype=bool)
    return far, inp.within.share_over(CALIBRATION_MILES)


def _calibrate(data, src: int, form: str, cand: Candidate) -> Params:
    """The candidate's parameters fitted to ``src``'s national figures (``src`` has them)."""
    target = _target(data, src)[1]
    inp = year_inputs(data, src, cand)
    far, within_over = _over(inp)
    o, d = inp.children, inp.capacity
    if cand.own == OWN_NONE:
        decay, _ = gravity.calibrate(o, d, inp.miles, inp.within.radii, target, form, CALIBRATION_MILES,
                                     within_over=within_over)
        return Params(decay)
    inside_total = float(o.sum() * (1.0 - _outside_target(data, src)))
    if cand.own == OWN_NATIONAL:
        state = {"b": None, "g": 1.0}

        def share(decay: float) -> float:
            k = _kernel(inp, decay, form)
            a, b, g, _ = gravity.balance_own_total(o, d, k, inside_total, tol=1e-8, b0=state["b"], g0=state["g"])
            state.update(b=b, g=g)
            return gravity.over_share(gravity.own_total_flows(a, k, b, g), far, within_over)

        decay = gravity.calibrate_share(share, target, form)
        share(decay)
        return Params(decay, own_factor=float(state["g"]))
    # propensity: characteristics from the national-own-LA model, fitted to the year's FOI figures
    X = national_characteristics(data, src, form, cand)
    prop = _fit(data, src, cand, X)
    prop = calibrate_shift(prop, X, o, d, inside_total, X["gravity_logit"].to_numpy())
    t = inside_children(prop, X, o, d, X["gravity_logit"].to_numpy())
    scale = _within_scale(data, src, inp, t) if cand.within_scaled else 1.0
    within_over = inp.within.scaled(scale).share_over(CALIBRATION_MILES)
    state = {"b": None}

    def share(decay: float) -> float:
        m, b = gravity.flows_with_diagonal(o, d, _kernel(inp, decay, form), t, tol=1e-8, b0=state["b"])
        state["b"] = b
        return gravity.over_share(m, far, within_over)

    return Params(gravity.calibrate_share(share, target, form), propensity=prop, within_scale=scale,
                  national=calibrated_params(data, src, form, _national_candidate(cand)))


def _within_scale(data, src: int, inp: YearInputs, inside: np.ndarray) -> float:
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


def _fit(data, year: int, cand: Candidate, X: pd.DataFrame, exclude=()) -> Propensity:
    obs = observed_locality(data.la_year, year)
    if exclude:
        obs = obs.drop(index=[c for c in exclude if c in obs.index])
    return fit_propensity(X, obs, cand.features, year)


def _national_candidate(cand: Candidate) -> Candidate:
    return replace(cand, name=f"{cand.name}:national", own=OWN_NATIONAL, features=())


def national_characteristics(data, year: int, form: str, cand: Candidate, delta_key: tuple = (),
                              sectors=ALL_SECTORS, sector=None, params: Params | None = None) -> pd.DataFrame:
    """LA characteristics of ``year`` with the share inside from the national-own-LA model."""
    nat = _national_candidate(cand)

    def make():
        p = params or calibrated_params(data, year, form, nat)
        inp = year_inputs(data, year, nat, delta_key, sectors, sector)
        warm = (id(data), year, form, nat.name, "national") if delta_key else None
        return _characteristics(inp, _national_flows(inp, p.decay, form, p.own_factor, warm))

    key = ("characteristics", year, form, nat, delta_key, sector,
           tuple(sectors) if delta_key else (), None if params is None else (params.decay, params.own_factor))
    return cached(data, key, make)


def _foi_years(data) -> list[int]:
    t = data.la_year
    return cached(data, ("foi-years",),
                   lambda: sorted(int(y) for y in t.loc[t["ch_pct_outside_la"].notna(), "year"].unique()))


def calibrated_params(data, year: int, form: str = DEFAULT_FORM, model: str | Candidate = DEFAULT_MODEL) -> Params:
    """The parameters used for ``year``: calibrated to its own national figures where DfE has
    them, else the nearest year's (the propensity is refitted to ``year``'s own FOI figures
    where they exist)."""
    cand = model if isinstance(model, Candidate) else candidate(model)
    src = _target(data, year)[0]
    base = cached(data, ("params", src, form, cand), lambda: _calibrate(data, src, form, cand))
    if cand.own != OWN_PROPENSITY or year == src:
        return base
    foi = _foi_years(data)
    if year not in foi:  # e.g. 2025: the nearest FOI year's propensity, as calibrated there
        fy = nearest_year(foi, year)
        return replace(base, propensity=calibrated_params(data, fy, form, cand).propensity) if fy != year else base

    def make():
        X = national_characteristics(data, year, form, cand)
        return replace(base, propensity=_fit(data, year, cand, X))

    return cached(data, ("params-year", year, form, cand), make)


def calibrated_decay(data, year: int, form: str = DEFAULT_FORM, model: str = DEFAULT_MODEL) -> tuple[float, int, float]:
    """``(decay, decay_year, target)``: the decay fitted to the nearest observed year (all sectors)."""
    src = decay_year_for(data.national_distance, year)
    return calibrated_params(data, year, form, model).decay, src, float(calibration_targets(data.national_distance)[src])


def _delta_key(places_delta) -> tuple:
    if places_delta is None:
        return ()
    s = pd.Series(places_delta, dtype=float)
    s = s[s != 0]
    return tuple(sorted((str(k), float(v)) for k, v in s.items()))


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
    sectors = tuple(s for s in ALL_SECTORS if s in set(sectors))
    if not sectors:
        raise ValueError("no sector chosen")
    delta_key = _delta_key(places_delta)
    decay_year, target = _target(data, year)
    p = params or calibrated_params(data, year, form, cand)
    if decay is not None:
        p = replace(p, decay=float(decay))
    pkey = (round(p.decay, 12), round(p.own_factor, 12), round(p.within_scale, 12),
            None if p.propensity is None else (p.propensity.year, round(p.propensity.shift, 12),
                                               tuple(np.round(p.propensity.coef, 12))))

    spread = sectors if delta_key else ALL_SECTORS  # the sectors a scenario's places are shared over
    variant = own_share if cand.own == OWN_PROPENSITY else CENTRAL

    def make_full():
        inp = _scaled(year_inputs(data, year, cand, delta_key, spread, delta_sector), p.within_scale)
        X = inside = None
        if cand.own == OWN_PROPENSITY:
            X = national_characteristics(data, year, form, cand, delta_key, spread, delta_sector,
                                          None if params is None and not delta_key else p.national)
            matrix, inside = _propensity_flows(inp, p.decay, form, p.propensity, X, own_share,
                                               warm=(id(data), year, form, cand.name, own_share))
        else:
            matrix = _national_flows(inp, p.decay, form, p.own_factor if cand.own == OWN_NATIONAL else 1.0,
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
        outside = _outside_target(data, decay_year) if cand.own != OWN_NONE else float("nan")
        return FlowResult(
            year=year, form=form, decay=float(p.decay), decay_year=decay_year, target=target, sectors=sectors,
            codes=inp.codes, region_codes=inp.regions, matrix=matrix, miles=inp.miles, radii=inp.within.radii,
            origins=o, places=chosen, capacity=chosen * inp.occupancy, occupancy=inp.occupancy, shares=shares,
            model=cand.name, params=p, within=inp.within, outside_target=outside, characteristics=X,
            inside_range=inside,
        )

    return cached(data, ("run", year, sectors, form, cand, pkey, delta_key, delta_sector, variant), make)
