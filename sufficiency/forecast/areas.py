"""Forecasts of areas (an LA, a region, England, any footprint) as sums of components.

Pure functions on a :class:`ComponentSet` (what the build stores in ``data/``: each
component's medians and scale, and its measure's calibration). No model runs here: safe to
call per request. A footprint's forecast is the sum of its units' (bottom-up), so any set of
LAs adds up; its interval comes from the simulated sums (``aggregate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..config import ENGLAND_CODE
from ..errors import DataError
from ..geography.reorganisations import REGION_NAMES
from .aggregate import Calibration, all_errors, sum_interval
from .units import cluster_of, lineage
from .vocab import HORIZONS, MEASURES, SECTORS


@dataclass(frozen=True)
class ComponentSet:
    measure: str
    method: str
    origin: int
    ids: tuple[str, ...]
    unit_of: tuple[str, ...]
    sector: tuple[str, ...]
    region_of: dict
    median: np.ndarray  # (components, horizons)
    scale: np.ndarray
    calibration: Calibration | None

    @property
    def units(self) -> list[str]:
        return sorted(set(self.unit_of))

    @cached_property
    def errors(self) -> np.ndarray:
        """Every component's error draws, made on first use and kept (a few MB)."""
        return all_errors(self.calibration, list(self.ids), self.median.shape[1])

    def select(self, units, sectors=None) -> np.ndarray:
        want = set(units)
        secs = set(sectors) if sectors else None
        return np.array([k for k, u in enumerate(self.unit_of) if u in want and (secs is None or self.sector[k] in secs or self.sector[k] == "all")], dtype=int)


def resolve(codes, units: list[str], origin: int) -> tuple[list[str], list[str]]:
    """Forecast units for a set of LA codes, and a message for each code without one.

    Codes follow recodes (an old Buckinghamshire code means the new council). A council that
    is part of a cluster forecast as one unit counts only when every council of the cluster is
    in the set.
    """
    have = set(units)
    wanted = {lineage(c) for c in codes}
    out, messages = set(), []
    for code in sorted(wanted):
        if code in have:
            out.add(code)
            continue
        k = cluster_of(code)
        if k is not None and k.code in have:
            if set(k.successors) <= wanted or code in k.predecessors:
                out.add(k.code)
            else:
                missing = ", ".join(sorted(set(k.successors) - wanted))
                messages.append(
                    f"{code}: forecast only together with {missing} (a council created in {k.start} has too few years "
                    f"of its own figures; its history is its predecessors')"
                )
            continue
        messages.append(f"{code}: no forecast from {origin}")
    return sorted(out), messages


def area_units(cs: ComponentSet, area: str) -> list[str]:
    """Units of an LA (or cluster), a region or England."""
    if area == ENGLAND_CODE:
        return cs.units
    if area in REGION_NAMES:
        return sorted({u for u in cs.units if cs.region_of.get(u) == area})
    return [area] if area in set(cs.unit_of) else []


def points(values: list[dict], origin: int, horizons=HORIZONS) -> list[dict]:
    """``[{"year", "median", "lo80", "hi80", "lo95", "hi95"}]``, figures to one decimal (as stored)."""
    keys = ("median", "lo80", "hi80", "lo95", "hi95")
    return [{"year": origin + h, **{k: round(float(row[k]), 1) for k in keys}} for h, row in zip(horizons, values)]


def sum_of(cs: ComponentSet, units, sectors=None, sign: float = 1.0):
    """One ``sum_interval`` part: the components of ``units`` (and ``sectors`` for supply)."""
    ks = cs.select(units, sectors)
    errs = cs.errors[ks] if len(ks) > 1 else None
    return (cs.calibration, [cs.ids[k] for k in ks], cs.median[ks], cs.scale[ks], sign, errs)


def interval(cs: ComponentSet, units, sectors=None, horizons=HORIZONS) -> list[dict]:
    if cs.calibration is None:
        raise DataError(f"no calibrated interval for {cs.measure} from {cs.origin}: too few backtest errors up to then")
    return sum_interval([sum_of(cs, units, sectors)], horizons)


def gap_interval(demand: ComponentSet, supply: ComponentSet, units, sectors=None, horizons=HORIZONS) -> tuple[list[dict], list[str]]:
    """Gap (children minus places) over the units that have a demand forecast: same LAs both sides."""
    both = sorted(set(units) & set(demand.unit_of) & set(supply.unit_of))
    if demand.calibration is None or supply.calibration is None:
        raise DataError(f"no calibrated interval for the gap from {demand.origin}")
    return sum_interval([sum_of(demand, both), sum_of(supply, both, sectors, -1.0)], horizons), both


def label(measure: str, method: str, n_units: int, n_las: int) -> str:
    from .methods import METHOD_LABELS  # a dict of words: no model is imported by this

    how = METHOD_LABELS.get(method, method)
    if n_las > 1:
        how += f"; sum of {n_units} forecast unit(s) covering {n_las} LA(s)"
    return f"{MEASURES[measure].label}: projected, {how}"


ALL_SECTORS = SECTORS
