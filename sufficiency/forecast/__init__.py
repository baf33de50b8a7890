"""Projections to 2030 of demand, supply and the gap, with backtested, calibrated intervals.

Layers (see docs/forecasts.md):

* ``units``: which councils are forecast as one series at an origin year (reorganised
  councils linked to their predecessors); ``series``: their histories from ``la_year``.
* ``methods``: point forecasts (naive, drift, pooled robust growth model, share of children
  looked after); ``calibration``: empirical error quantiles and cross-area correlation.
* ``backtest``: rolling-origin backtests; ``engine``: one origin's components.
* ``aggregate``: any set of components summed with intervals right for a sum;
  ``query``: areas and footprints from the precomputed tables (what the app calls);
  ``accuracy``: an area's backtest accuracy in words; ``scenario``: the gap with places added.

Only ``aggregate``, ``query``, ``accuracy``, ``scenario`` and ``vocab`` are meant for request
time; the others import statsmodels and run at build time or from the command line.
"""
