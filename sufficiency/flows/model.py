"""Placement-flow model for one year: where children living in children's homes are placed.

``run_year(data, year)`` builds the inputs (``sufficiency.flows.inputs``), calibrates the
decay parameter against DfE's national share placed more than 20 miles from home
(``calibration_target``) and balances the flows (``sufficiency.flows.gravity``). Results
are cached per data, year, sectors, form, decay and scenario change. See docs/flows.md.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..distance import distance_matrix, within_la_radius_miles
from . import gravity
from .inputs import SECTORS, origins, places

DEFAULT_FORM = "power"
CALIBRATION_GROUP = "Secure homes and children's homes"
CALIBRATION_MILES = 20.0
ALL_SECTORS = SECTORS


@dataclass(frozen=True)
class FlowResult:
    """Modelled flows of one year. Arrays are indexed by ``codes`` (origin rows, destination columns)."""

    year: int
    form: str
    decay: float
    decay_year: int  # the year whose observed share calibrated ``decay``
    target: float  # that year's observed share over 20 miles (0-1)
    sectors: tuple[str, ...]
    codes: list[str]
    region_codes: np.ndarray
    matrix: np.ndarray  # children, origin x destination
    miles: np.ndarray
    radii: np.ndarray  # within-LA disc radius, miles
    origins: pd.DataFrame  # children, basis (observed / imputed ...), indexed by code
    places: pd.Series  # registered places in the chosen sectors (after any scenario change)
    capacity: pd.Series  # places scaled to the children (common occupancy)
    occupancy: float  # children / places, all sectors
    shares: dict = field(default_factory=dict)  # England share_over_20, share_over_50 (0-1)

    @property
    def calibrated(self) -> bool:
        """True when the decay was fitted to this year's own observed share."""
        return self.decay_year == self.year

    @property
    def flows(self) -> pd.DataFrame:
        """Long table: origin, destination, children, miles (cells with children only)."""
        i, j = np.nonzero(self.matrix > 0)
        codes = np.asarray(self.codes)
        return pd.DataFrame(
            {"origin": codes[i], "destination": codes[j], "children": self.matrix[i, j], "miles": self.miles[i, j]}
        )


def calibration_targets(national_distance: pd.DataFrame) -> pd.Series:
    """Observed national share (0-1) over 20 miles by year, of children whose distance is known."""
    t = national_distance[national_distance["placement_group"] == CALIBRATION_GROUP]
    return t.set_index("year")["share_over_20_miles_of_known"].astype(float).sort_index()


def decay_year_for(national_distance: pd.DataFrame, year: int) -> int:
    """``year`` itself when it has an observed share, else the nearest year that has one."""
    years = calibration_targets(national_distance).index.astype(int).tolist()
    if not years:
        raise ValueError(f"no national distance figures for '{CALIBRATION_GROUP}'")
    return year if year in years else min(years, key=lambda y: (abs(y - year), -y))


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 128


def _cached(data, key, make):
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


def _geography(data, year: int):
    def make():
        codes, miles = distance_matrix(data.gazetteer, year)
        g = data.gazetteer.set_index("code").loc[codes]
        miles.setflags(write=False)
        return codes, miles, within_la_radius_miles(g["area_km2"].to_numpy()), g["region_code"].to_numpy()

    return _cached(data, ("geography", year), make)


def _inputs(data, year, sectors, delta_key):
    codes, miles, radii, regions = _geography(data, year)
    o = _cached(data, ("origins", year), lambda: origins(data.la_year, year, codes))
    all_places = _cached(data, ("places", year, ALL_SECTORS), lambda: places(data.supply, year, codes, ALL_SECTORS))
    base = _cached(data, ("places", year, sectors), lambda: places(data.supply, year, codes, sectors))
    chosen = base
    if delta_key:
        delta = pd.Series(dict(delta_key), dtype=float).reindex(codes, fill_value=0.0)
        chosen = (base + delta).clip(lower=0.0)
        all_places = all_places + (chosen - base)
    if chosen.sum() <= 0:
        raise ValueError(f"no registered places in children's homes in {year} for sectors {list(sectors)}")
    occupancy = float(o["children"].sum() / all_places.sum())
    # children living in homes of the chosen sectors: each LA's children in proportion to those places
    o = o.assign(children=o["children"] * chosen.sum() / all_places.sum())
    capacity = chosen * occupancy
    return codes, miles, radii, regions, o, chosen, capacity, occupancy


def calibrated_decay(data, year: int, form: str = DEFAULT_FORM) -> tuple[float, int, float]:
    """``(decay, decay_year, target)``: the decay fitted to the nearest observed year (all sectors)."""
    src = decay_year_for(data.national_distance, year)
    target = float(calibration_targets(data.national_distance)[src])

    def make():
        _, miles, radii, _, o, _, cap, _ = _inputs(data, src, ALL_SECTORS, ())
        decay, _ = gravity.calibrate(o["children"].to_numpy(), cap.to_numpy(), miles, radii, target, form, CALIBRATION_MILES)
        return decay

    return _cached(data, ("decay", src, form), make), src, target


def _delta_key(places_delta) -> tuple:
    if places_delta is None:
        return ()
    s = pd.Series(places_delta, dtype=float)
    s = s[s != 0]
    return tuple(sorted((str(k), float(v)) for k, v in s.items()))


def run_year(
    data,
    year: int,
    sectors=ALL_SECTORS,
    form: str = DEFAULT_FORM,
    places_delta=None,
    decay: float | None = None,
) -> FlowResult:
    """Modelled flows of ``year``.

    ``sectors``: the sectors whose places are destinations (children are scaled to those
    places' share of all places). ``places_delta``: places added (negative: removed) per LA
    code in the chosen sectors (a Series or dict), for scenarios. ``decay``: a fixed
    parameter; by default the one calibrated for the year (or the nearest observed year).
    """
    if form not in gravity.FORMS:
        raise ValueError(f"unknown decay form '{form}' (expected one of {gravity.FORMS})")
    year = int(year)
    sectors = tuple(s for s in ALL_SECTORS if s in set(sectors))
    delta_key = _delta_key(places_delta)
    if decay is None:
        decay, decay_year, target = calibrated_decay(data, year, form)
    else:
        decay_year = decay_year_for(data.national_distance, year)
        target = float(calibration_targets(data.national_distance)[decay_year])

    def make():
        codes, miles, radii, regions, o, chosen, capacity, occupancy = _inputs(data, year, sectors, delta_key)
        matrix = gravity.ipf(o["children"].to_numpy(), capacity.to_numpy(), miles, decay, form)
        matrix.setflags(write=False)
        shares = {
            f"share_over_{m:g}": gravity.share_over(matrix, miles, radii, m) for m in (20.0, 50.0)
        }
        return FlowResult(
            year=year, form=form, decay=float(decay), decay_year=int(decay_year), target=float(target), sectors=sectors,
            codes=codes, region_codes=regions, matrix=matrix, miles=miles, radii=radii, origins=o,
            places=chosen, capacity=capacity, occupancy=occupancy, shares=shares,
        )

    return _cached(data, ("run", year, sectors, form, round(float(decay), 12), delta_key), make)
