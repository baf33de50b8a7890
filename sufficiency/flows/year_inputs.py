"""The model's inputs for one year and candidate (``year_inputs``): LAs, distances between
and within them, children by home LA, places by LA and sector (after any scenario change).

The pieces (``sufficiency.flows.inputs`` for origins and places, ``sufficiency.distance`` for
distances) are cached per data object; a scenario's change of places is applied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..distance import WithinLA, disc_within, distance_matrix, polygon_within
from .cache import cached
from .candidates import POLYGON, Candidate
from .inputs import PROVISION_TYPE, SECTORS, origins

LA_SECTOR = "Local authority"


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

    return cached(data, ("geography", year, within_source), make, lasting=True)


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

    return cached(data, ("sector_places", year, short_breaks), make, lasting=True)


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

    return cached(data, ("population", year), make, lasting=True)


def year_inputs(data, year: int, cand: Candidate, delta_key: tuple = (), sectors=SECTORS,
                sector: str | None = None) -> YearInputs:
    """The model's inputs of ``year`` for candidate ``cand`` (places after the scenario change)."""
    codes, miles, within, regions, area = _geography(data, year, cand.within)

    def make():
        o = cached(data, ("origins", year), lambda: origins(data.la_year, year, codes), lasting=True)
        table = _apply_delta(_sector_places(data, year, codes, cand.short_breaks_excluded), delta_key, sectors, sector)
        total = float(table.to_numpy().sum())
        if total <= 0:
            raise ValueError(f"no registered places in children's homes in {year}")
        return YearInputs(year, codes, regions, miles, within, o, table, float(o["children"].sum() / total), area,
                          _population(data, year, codes), cand.own_kernel)

    return cached(data, ("inputs", year, cand.within, cand.short_breaks_excluded, cand.own_kernel, delta_key, sector,
                          tuple(sectors) if delta_key else ()), make, lasting=not delta_key)


# --- solving ----------------------------------------------------------------------------


def delta_key_of(places_delta) -> tuple:
    """A scenario's change of places as a hashable key: sorted (code, change) pairs, zeros left out."""
    if places_delta is None:
        return ()
    s = pd.Series(places_delta, dtype=float)
    s = s[s != 0]
    return tuple(sorted((str(k), float(v)) for k, v in s.items()))
