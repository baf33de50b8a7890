"""Children's-services local authorities and regions of England, 2014-2025.

Codes are ONS codes throughout. See docs/architecture.md for the three geographies a
home carries (the council at 31 March, the year's reporting geography, the 2025 council).
"""

from .names import resolve_la_name
from .registry import la_code_from_dfe_number, las_in_year, region_of, registry, regions
from .reorganisations import REGION_NAMES, code_in_year, current_code, reporting_code, successor

__all__ = [
    "REGION_NAMES",
    "code_in_year",
    "current_code",
    "la_code_from_dfe_number",
    "las_in_year",
    "region_of",
    "registry",
    "regions",
    "reporting_code",
    "resolve_la_name",
    "successor",
]
