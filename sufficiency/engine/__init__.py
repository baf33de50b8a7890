"""The measure engine: every figure of the dashboard computed in one place.

* :mod:`.registry`: every measure declared once (label, unit, basis, formula, filters);
* :mod:`.components`: the LA-level counts of a year and filter choice;
* :mod:`.published`: DfE's regional and national figures as published;
* :mod:`.areas`: the areas a table is for (LAs, regions, England, a group of LAs);
* :mod:`.compute`: :func:`measure_table`, every measure for a set of areas, vectorised.

The map, region view, profile, distance and quality views, scenario, snapshot, command line
and benchmarks all read the engine; nothing else computes a measure.
"""

from .areas import Areas, england, every_la, group, level, one_la, regions
from .compute import measure_table
from .registry import MAP_MEASURES, MEASURES, MODELLED_MEASURES, TABLE_MEASURES, Measure, measure

__all__ = [
    "Areas", "MAP_MEASURES", "MEASURES", "MODELLED_MEASURES", "Measure", "TABLE_MEASURES", "england", "every_la",
    "group", "level", "measure", "measure_table", "one_la", "regions",
]
