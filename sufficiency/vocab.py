"""The words the tables and the screen use: provision types, sectors, rating grades."""

from __future__ import annotations

PROVISION_TYPES = {
    "childrens_home": "Children's homes",
    "secure_childrens_home": "Secure children's homes",
    "rss_childrens_home": "Residential special schools registered as children's homes",
}

SECTORS = ("Local authority", "Private", "Voluntary", "Health authority")
SECTOR_SLUGS = {
    "Local authority": "local_authority",
    "Private": "private",
    "Voluntary": "voluntary",
    "Health authority": "health_authority",
}

RATINGS = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
RATING_SLUGS = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement to be good": "requires_improvement",
    "Inadequate": "inadequate",
}
NO_RATING_SLUG = "no_rating"

FRAMEWORK_PRE2019 = "Overall effectiveness (pre-2019)"
FRAMEWORK_SCCIF = "SCCIF"
FRAMEWORKS = (FRAMEWORK_PRE2019, FRAMEWORK_SCCIF)

LIST_STATUSES = ("published", "rebuilt")
