"""The columns of a placements upload and the values each accepts (see docs/uploads.md).

One row per child or placement. Column names are matched ignoring case and surrounding
spaces; values are matched ignoring case and surrounding spaces. Nothing else is accepted:
an extra column (for example a name or an ID) is an error, so that nothing identifying is
ever sent.
"""

from __future__ import annotations

import re

from ..vocab import PROVISION_TYPES, SECTOR_SLUGS

HOME, PLACEMENT, TYPE, SECTOR, MILES = "home_area", "placement_area", "placement_type", "provider_sector", "distance_miles"
REQUIRED = (HOME, PLACEMENT, TYPE, SECTOR)
OPTIONAL = (MILES,)
COLUMNS = REQUIRED + OPTIONAL

#: What each column holds, for the page and docs/uploads.md.
DESCRIPTIONS = {
    HOME: "The child's home local authority: ONS code (E06, E08, E09 or E10, as in 2014 to 2025), or the postcode "
          "district of the home address (the part before the space, such as B15).",
    PLACEMENT: "Where the child is placed: ONS code of the local authority, or the postcode district.",
    TYPE: "Placement type: childrens_home, secure_childrens_home, rss_childrens_home, foster or other "
          "(SSDA903 codes K2, K1 and U1 to U6 are also accepted).",
    SECTOR: "Who owns the placement: local_authority, private, voluntary, health_authority or unknown.",
    MILES: "Optional. Distance from home in miles, as recorded in the SSDA903 return (0 to 1,000). Needed when "
           "either area is a postcode district.",
}

PLACEMENT_TYPES = {
    **{k: v for k, v in PROVISION_TYPES.items()},
    "foster": "Foster placements",
    "other": "Other placements",
}
_TYPE_ALIASES = {
    **{k: k for k in PLACEMENT_TYPES},
    **{v.lower(): k for k, v in PLACEMENT_TYPES.items()},
    "k2": "childrens_home",
    "k1": "secure_childrens_home",
    **{f"u{i}": "foster" for i in range(1, 7)},
}

SECTORS = {**{slug: label for label, slug in SECTOR_SLUGS.items()}, "unknown": "Not known"}
_SECTOR_ALIASES = {**{k: k for k in SECTORS}, **{v.lower(): k for k, v in SECTORS.items()}}

#: A postcode district (outward code): A9, A99, AA9, AA99, A9A, AA9A.
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")
MAX_MILES = 1000.0


def placement_type(value: str) -> str | None:
    """The placement type slug of ``value``, or None."""
    return _TYPE_ALIASES.get(value.strip().lower())


def provider_sector(value: str) -> str | None:
    """The sector slug of ``value``, or None."""
    return _SECTOR_ALIASES.get(value.strip().lower())
