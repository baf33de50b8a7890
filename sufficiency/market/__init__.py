"""The children's-homes market: who owns the places, how concentrated they are, openings and need.

Pure functions on the compact build's ``owner_supply`` and ``openings`` tables (with
``supply``, ``la_year`` and the gazetteer for need); see docs/market.md.
"""

from .areas import MarketArea, from_areas, market_area, parse_codes
from .concentration import (
    DEFAULT_BANDS,
    DEFAULT_THRESHOLD,
    HHI_BANDS,
    concentration,
    concentration_by,
    concentration_trend,
    difficult_to_replace,
    hhi,
    hhi_band,
    largest_owners,
    owner_trend,
)
from .labels import COLUMNS as LABELS, covers
from .need import CAVEAT, NEED, correlation, openings_against_need
from .openings import openings_by, openings_closures, openings_trend

__all__ = [
    "CAVEAT", "DEFAULT_BANDS", "DEFAULT_THRESHOLD", "HHI_BANDS", "LABELS", "NEED", "MarketArea", "concentration",
    "concentration_by", "concentration_trend", "correlation", "covers", "difficult_to_replace", "hhi", "hhi_band",
    "from_areas", "largest_owners", "market_area", "openings_against_need", "openings_by",
    "openings_closures", "openings_trend", "owner_trend", "parse_codes",
]
