"""The labels Ofsted uses for provision type, sector, ratings and flags, and their canonical forms.

Every label seen in the published files 2014-2025 is listed here. A label that is not
listed raises :class:`~sufficiency.errors.UnknownLabel` naming the file, row, column and
value, so that a new release with new wording is looked at by a person before it is used.

Decisions (see docs/ofsted_supply.md):

* "Residential special school (>295 days/year)" (2014 and 2015 lists) is the older name of a
  residential special school registered as a children's home: ``rss_childrens_home``.
* Sector "Academy" and "Public sector" occur on boarding schools and on CAFCASS only. They
  are accepted for those providers and refused on a children's home.
* Ratings "Adequate" and "Satisfactory" are the third grade of the four-point scales used
  before "Requires improvement" replaced them; they still stood in the 2015-2018 lists for
  homes not re-inspected since. They are read as "Requires improvement to be good" (the
  third grade of the current scale) and counted as a fix, so that every rating sits on
  the project's four grades (sufficiency.vocab.RATINGS). "Not judged" becomes a missing
  rating and is counted.
"""

from __future__ import annotations

import pandas as pd

from ..errors import UnknownLabel

CHILDRENS_HOME = "childrens_home"
SECURE_CHILDRENS_HOME = "secure_childrens_home"
RSS_CHILDRENS_HOME = "rss_childrens_home"
HOME_TYPES = (CHILDRENS_HOME, SECURE_CHILDRENS_HOME, RSS_CHILDRENS_HOME)
OTHER_PROVISION = "other"

PROVISION_TYPES = {
    "children's home": CHILDRENS_HOME,
    "secure children's home": SECURE_CHILDRENS_HOME,
    "residential special school (registered as a children's home)": RSS_CHILDRENS_HOME,
    "residential special school (>295 days/year)": RSS_CHILDRENS_HOME,
}
OTHER_PROVISION_TYPES = {
    "adoption support agency",
    "boarding school",
    "cafcass",
    "further education college",
    "further education college with residential accommodation",
    "independent fostering agency",
    "residential family centre",
    "residential holiday scheme for disabled children",
    "residential special school",
    "secure training centre",
    "supported accommodation",
    "voluntary adoption agency",
}

SECTORS = {
    "local authority": "Local authority",
    "private": "Private",
    "voluntary": "Voluntary",
    "health authority": "Health authority",
}
#: Seen only on providers that are not children's homes (boarding schools, CAFCASS).
NON_HOME_SECTORS = {"academy", "public sector"}

RATINGS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement to be good",
    "requires improvement to be good": "Requires improvement to be good",
    "inadequate": "Inadequate",
    "adequate": "Requires improvement to be good",
    "satisfactory": "Requires improvement to be good",
}
LEGACY_RATINGS = {"adequate", "satisfactory"}
RATING_VALUES = sorted(set(RATINGS.values()))
NOT_JUDGED = {"not judged"}

FRAMEWORK_PRE_2019 = "Overall effectiveness (pre-2019)"
FRAMEWORK_SCCIF = "SCCIF"
FRAMEWORKS = (FRAMEWORK_PRE_2019, FRAMEWORK_SCCIF)

SHORT_BREAKS_YES = {"yes", "short breaks only", "short-break-only children's home"}
SHORT_BREAKS_NO = {"no", "long term care only", "short breaks and long term care"}


def _key(value: object) -> str:
    return " ".join(str(value).replace("\u2019", "'").split()).lower()


def _unknown(kind: str, value: str, *, file, row, column, hint: str) -> UnknownLabel:
    return UnknownLabel(f"unknown {kind} label", file=file, row=row, column=column, value=value, hint=hint)


def provision_type(value: str, *, file=None, row=None, column="Provision type") -> str:
    """``childrens_home`` / ``secure_childrens_home`` / ``rss_childrens_home`` or ``other``."""
    k = _key(value)
    if k in PROVISION_TYPES:
        return PROVISION_TYPES[k]
    if k in OTHER_PROVISION_TYPES:
        return OTHER_PROVISION
    raise _unknown(
        "provision type", value, file=file, row=row, column=column,
        hint="Add it to sufficiency/sources/ofsted_labels.py as a kind of children's home or as another provision type",
    )


def sector(value: str, *, file=None, row=None, column="Sector") -> str:
    """The canonical sector of a children's home; anything else raises UnknownLabel."""
    k = _key(value)
    if k in SECTORS:
        return SECTORS[k]
    hint = (
        "This sector is known only for providers that are not children's homes; decide which "
        "sector the home belongs to in sufficiency/sources/ofsted_labels.py"
        if k in NON_HOME_SECTORS
        else "Add it to SECTORS in sufficiency/sources/ofsted_labels.py if it is a new spelling"
    )
    raise _unknown("sector", value, file=file, row=row, column=column, hint=hint)


def rating(value: str, *, file=None, row=None, column=None) -> str | None:
    """A canonical rating, None for blank or 'Not judged'; unknown labels raise."""
    k = _key(value)
    if not k:
        return None
    if k in RATINGS:
        return RATINGS[k]
    if k in NOT_JUDGED:
        return None
    raise _unknown(
        "rating", value, file=file, row=row, column=column,
        hint="Add it to RATINGS in sufficiency/sources/ofsted_labels.py with its canonical grade",
    )


def short_breaks(values: pd.Series) -> pd.Series:
    """Nullable booleans. A blank is False where the file flags only the positive case,
    and unknown (NA) where the file also spells out the negative case."""
    keys = values.map(_key)
    explicit_no = keys.isin(SHORT_BREAKS_NO).any()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[keys.isin(SHORT_BREAKS_YES)] = True
    out[keys.isin(SHORT_BREAKS_NO)] = False
    if not explicit_no:
        out[keys == ""] = False
    return out


def check_short_breaks(values: pd.Series, lines: pd.Series, *, file, column: str) -> None:
    keys = values.map(_key)
    bad = ~(keys.isin(SHORT_BREAKS_YES) | keys.isin(SHORT_BREAKS_NO) | (keys == ""))
    if bad.any():
        i = bad.idxmax()
        raise _unknown(
            "short-breaks", values[i], file=file, row=int(lines[i]), column=column,
            hint="Add it to SHORT_BREAKS_YES or SHORT_BREAKS_NO in sufficiency/sources/ofsted_labels.py",
        )
