"""Placement sufficiency: children's-home supply against looked-after children's demand, England."""

__version__ = "0.1.0"
