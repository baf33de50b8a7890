"""Placement sufficiency: children's-home supply against looked-after children's demand, England."""

import pandas as pd

__version__ = "0.1.0"

# Text columns keep pandas' "str" dtype but hold Python strings instead of Arrow arrays. The
# app reads codes and labels back as Python objects (dict look-ups, table cells, figure
# labels) far more often than it computes on them, and an Arrow array builds each value
# again on every such read; never-seen views took 14-26 % less CPU this way
# (docs/performance.md, "Text held as Python strings").
pd.set_option("mode.string_storage", "python")
