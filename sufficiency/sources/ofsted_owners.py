"""The organisation that owns each children's home, one name per organisation across years.

Ofsted names the owning organisation in its provider lists from 2018 (``Organisation`` in
2018, ``Organisation which owns the provider`` from 2019, ``Organisation name`` in the
providers+places lists). The same organisation is spelt differently from list to list
("Witherslack Group Ltd", "Witherslack Group Limited", "Witherslack Group"). Spellings are
merged by a fixed sequence of rules (:data:`RULES`), each a plain normalisation, and then by
an alias table (:data:`ALIASES`) for spellings no rule catches, each entry with its reason.

An owner here is the organisation as Ofsted names it: companies of one corporate group
(for example "Keys Care Limited" and "Keys Child Care Limited") stay separate owners, and a
company that changed its name appears under each name. Every merge is listed by
:func:`merges` and counted in provenance by the build.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

#: The normalisation rules, applied in this order; a merge is attributed to the first rule
#: under which two spellings become one.
RULES = (
    "spacing",  # leading, trailing and repeated spaces
    "case",  # upper and lower case
    "trading name",  # a final "t/a ...", "trading as ..." or "operating as ..." dropped
    "punctuation",  # apostrophes and dots dropped, "&" and "+" read as "and", other punctuation as a space
    "Ltd/Limited",  # a final "Ltd" or "Limited" dropped ("X Ltd" = "X Limited" = "X")
    "company or charity number",  # a final registered number dropped ("X Limited 06244880")
    "leading or trailing 'The'",  # "The Together Trust" = "Together Trust"
    "spaces between words",  # "Child Care" = "Childcare", "Homes 2 Inspire" = "Homes2inspire"
)
ALIAS = "alias table"

#: A private individual named as owner ("Mr ... & Mrs ...", "Owned by an individual"): the
#: name is withheld, since a home run by a person is often that person's house; such a
#: home is counted with the homes whose owner is not published.
_INDIVIDUAL = re.compile(r"^\s*(mr|mrs|ms|miss|dr)\b\.?\s|^\s*owned by an individual\s*$", re.I)

_SUFFIX = {"ltd", "limited"}
_TRADING_NAME = re.compile(r"\s*[(\-]?\s*\b(t/a|trading as|operating as)\b.*$")
_REGISTERED_NUMBER = re.compile(r"(\s+(company|comp|charity|registered|reg))?(\s+(number|no))?\s+([a-z]{2}\d{6}|\d{6,8})$")


@dataclass(frozen=True)
class Alias:
    spelling: str  # as published (any spelling the rules bring to the same key)
    owner: str  # a published spelling of the organisation it belongs to
    reason: str


#: Spellings of one organisation that no rule brings together, found by comparing the
#: owners named for the same home (URN) in different years. Only the same organisation
#: written differently is listed (typing errors, abbreviations, a council's new name at a
#: reorganisation); a company's change of name or a transfer to another owner is not.
ALIASES: tuple[Alias, ...] = (
    # typing errors and abbreviations
    Alias("Five Rivers Chid Care Limited", "Five Rivers Child Care Limited",
          "typing error ('Chid'); the same 8 homes in other years"),
    Alias("Monach Intervention Services Limited", "Monarch Intervention Services Limited",
          "typing error ('Monach'); the same home in other years"),
    Alias("Positive Outcomes Childcare L td", "Positive Outcomes Childcare Limited",
          "'L td' is 'Ltd' with a stray space; the same 3 homes in other years"),
    Alias("Consistent Quality Support Ld", "Consistent Quality Support Limited",
          "'Ld' is 'Ltd' mistyped; the same 2 homes in other years"),
    Alias("TJY Care lytd", "TJY Care Ltd", "'lytd' is 'Ltd' mistyped; the same home in other years"),
    Alias("Norhtumberland County Council", "Northumberland County Council", "typing error ('Norhtumberland')"),
    Alias("North Lakes Childrens Service Limited", "North Lakes Childrens Services Limited",
          "'Service' for 'Services'; the same 4 homes in other years"),
    Alias("Choice Home For Children Limited", "Choices Home For Children Limited",
          "'Choice' for 'Choices'; the same homes in other years"),
    Alias("Ashwood Children Care Home Limited", "Ashwood Childrens Care Home Limited",
          "'Children' for 'Childrens'; the same 3 homes in other years"),
    Alias("Evolution Children Services Limited", "Evolution Childrens Services Limited",
          "'Children' for 'Childrens'; the same home in other years"),
    Alias("Birchwood Children Services Limited", "Birchwood Childrens Services Limited",
          "'Children' for 'Childrens'; the same home in other years"),
    Alias("Oak house Childrens Home Ltd", "Oak House Childrens Homes Ltd",
          "'Home' for 'Homes'; the same home in other years"),
    Alias("Acorn Children's Home (Branston) Ltd", "Acorn Children's Homes (Branston) Ltd",
          "'Home' for 'Homes'; the same home in other years"),
    Alias("Adecyn Children's Home Ltd", "Adecyn Childrens Homes Ltd",
          "'Home' for 'Homes'; the same home in other years"),
    Alias("Stepping Stone Childrens Homes Limited", "Stepping Stones Childrens Homes Limited",
          "'Stone' for 'Stones'; the same home in other years"),
    Alias("Barnardo Services Limited", "Barnardos Services Limited",
          "'Barnardo' for 'Barnardo's'; the same homes in other years"),
    Alias("Kelwel Care Limited", "Kelwell Care Limited", "'Kelwel' for 'Kelwell'; the same homes in other years"),
    Alias("Broadwood Education Services", "Broadwood Educational Services Limited",
          "'Education' for 'Educational'; the same 7 homes in other years"),
    Alias("The Governing Body of Woodland School", "The Governing Body of Woodlands School",
          "'Woodland' for 'Woodlands'; the same home in other years"),
    Alias("Achieving Aspirations CIC", "Achieving Aspirations Community Interest Company",
          "CIC is the abbreviation of Community Interest Company"),
    Alias("Birmingham Children's Trust Limited", "Birmingham Children's Trust Community Interest Company",
          "the trust is a community interest company limited by guarantee; the same 4 homes"),
    Alias("Q Plus", "Q+", "'+' written out; the same home in other years"),
    Alias("YMCA RHG", "YMCA Robin Hood Group", "RHG abbreviates Robin Hood Group; the same 5 homes in other years"),
    Alias("Break Charity", "Break", "Break is the charity's name; the same 9 homes in other years"),
    Alias("MacIntyre", "MacIntyre Care", "MacIntyre is the working name of the charity MacIntyre Care; the same homes"),
    Alias("SureCare Residential Ltd- The White Trees Group", "Surecare Residential Ltd",
          "the company with its group's name appended; the same 8 homes in other years"),
    # a council's name written in other forms, or its service named with it
    Alias("Cheshire West and Chester LA", "Cheshire West and Chester Council", "'LA' written for 'Council'"),
    Alias("Rotherham Metropolitan Borough Council Social Care", "Rotherham Metropolitan Borough Council",
          "the council's department named with the council"),
    Alias("Bradford Childrens Specialist Service", "City of Bradford Metropolitan District Council",
          "the council's children's service; the same 11 homes in other years"),
    Alias("Bradstow School (Wandsworth Local Authority)", "Wandsworth Borough Council",
          "the council's school, named with the council"),
    Alias("City of York", "City of York Council", "the council without 'Council'"),
    Alias("Calderdale Metropolitan Borough Council", "Calderdale Council", "the same council, full and short name"),
    Alias("Doncaster Metropolitan Borough Council", "City of Doncaster Council",
          "the same council, before and after its city status (2022)"),
    Alias("Dorset Council-Social Care, Children's Homes", "Dorset Council", "the council's service named with the council"),
    Alias("Kingston Upon Hull City Council", "Hull City Council", "the same council, full and short name"),
    Alias("London", "London Borough of Barnet",
          "name cut short: the 2 homes so named in 2025 were London Borough of Barnet's in earlier years"),
    Alias("Norfolk County Council Children's Services", "Norfolk County Council", "the council's service named with the council"),
    Alias("Oldham Children's Social Care", "Oldham Metropolitan Borough Council", "the council's service named with the council"),
    Alias("Rochdale Borough Council", "Rochdale Metropolitan Borough Council", "the same council, short and full name"),
    Alias("Stockport Council", "Stockport Metropolitan Borough Council", "the same council, short and full name"),
    Alias("Stockport MBC", "Stockport Metropolitan Borough Council", "MBC abbreviates Metropolitan Borough Council"),
    Alias("Stockport Supported Accommodation Service", "Stockport Metropolitan Borough Council",
          "the council's service, named without the council"),
    Alias("Tameside MBC", "Tameside Metropolitan Borough Council", "MBC abbreviates Metropolitan Borough Council"),
    Alias("Wakefield Metropolitan District Council", "Wakefield Council", "the same council, full and short name"),
    Alias("West Berkshire Council - Social Care", "West Berkshire Council", "the council's service named with the council"),
    Alias("Wiltshire", "Wiltshire Council", "the council without 'Council'"),
    Alias("Wolverhampton City Council", "City of Wolverhampton Council", "the same council, two forms of its name"),
    # a council's name before its reorganisation (the same authority and homes)
    Alias("North Yorkshire County Council", "North Yorkshire Council",
          "the council's name before it became a unitary council in April 2023"),
    Alias("Somerset County Council", "Somerset Council",
          "the council's name before it became a unitary council in April 2023"),
    Alias("Buckinghamshire County Council", "Buckinghamshire Council",
          "the county council became the unitary Buckinghamshire Council in April 2020, homes included"),
    Alias("Dorset County Council", "Dorset Council",
          "the county council became the unitary Dorset Council in April 2019, homes included"),
)


def is_individual(spelling: str) -> bool:
    """True for an owner that is a private individual (whose name is withheld)."""
    return bool(_INDIVIDUAL.search(spelling))


def _levels(name: str) -> list[str]:
    """The spelling after each rule of :data:`RULES`, cumulatively."""
    out = []
    s = " ".join(unicodedata.normalize("NFKC", name).split())
    out.append(s)  # spacing
    s = s.lower()
    out.append(s)  # case
    s = _TRADING_NAME.sub("", s) or s
    out.append(s)  # trading name
    s = re.sub(r"['\u2018\u2019`\.]", "", s).replace("&", " and ").replace("+", " and ")
    s = " ".join(re.sub(r"[^\w\s]|_", " ", s).split())
    out.append(s)  # punctuation
    words = s.split()
    if len(words) > 1 and words[-1] in _SUFFIX:
        words = words[:-1]
    out.append(" ".join(words))  # Ltd/Limited
    numbered = _REGISTERED_NUMBER.sub("", " ".join(words))
    if numbered and numbered != " ".join(words):
        words = numbered.split()
        if len(words) > 1 and words[-1] in _SUFFIX:
            words = words[:-1]
    out.append(" ".join(words))  # company or charity number
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] == "the":
        words = words[:-1]
    out.append(" ".join(words))  # leading or trailing 'The'
    out.append("".join(words))  # spaces between words
    return out


def rule_key(name: str) -> str:
    """The key of a published spelling under every rule (aliases not applied)."""
    return _levels(name)[-1]


@lru_cache(maxsize=1)
def _alias_keys() -> dict[str, tuple[str, str]]:
    return {rule_key(a.spelling): (rule_key(a.owner), a.reason) for a in ALIASES}


def owner_key(name: str) -> str:
    """The key that identifies an owner: every rule, then the alias table."""
    key = rule_key(name)
    return _alias_keys().get(key, (key, ""))[0]


def _display(spellings: pd.DataFrame) -> str:
    """The name shown for one owner, from its spellings (one row per home-year).

    A spelling the alias table maps to another is never shown (unless there is no other);
    a spelling in mixed case is preferred to one in capitals or lower case only; then the
    spelling of the latest year it appears in, the commonest that year. Spaces collapsed.
    """
    aliased = spellings["spelling"].map(rule_key).isin(_alias_keys())
    if not aliased.all():
        spellings = spellings[~aliased]
    s = spellings.assign(spelling=spellings["spelling"].map(lambda t: " ".join(t.split())))
    stats = s.groupby("spelling")["year"].agg(last="max").reset_index()
    counts = s.merge(stats, on="spelling")
    counts = counts[counts["year"] == counts["last"]].groupby("spelling").size().rename("n")
    stats = stats.set_index("spelling").join(counts).reset_index()
    stats["flat"] = stats["spelling"].str.isupper() | stats["spelling"].str.islower()
    order = stats.sort_values(["flat", "last", "n", "spelling"], ascending=[True, False, False, True])
    return order["spelling"].iloc[0]


def _rule_between(a: str, b: str) -> str:
    """The first rule under which spellings ``a`` and ``b`` become one (or the alias table)."""
    for rule, ka, kb in zip(RULES, _levels(a), _levels(b)):
        if ka == kb:
            return rule
    return ALIAS


def normalise(spellings: pd.DataFrame) -> tuple[dict[str, str | None], pd.DataFrame]:
    """Owner names for published spellings, and the list of merges.

    ``spellings``: one row per home-year with ``year`` and ``spelling`` (the owner as
    published; missing values ignored). Returns ``{spelling: owner name}`` (None for a
    private individual, see :func:`is_individual`) and the merges (see :func:`merges`).
    """
    s = spellings.dropna(subset=["spelling"])[["year", "spelling"]].copy()
    individual = s["spelling"].map(is_individual)
    mapping: dict[str, str | None] = {sp: None for sp in s.loc[individual, "spelling"].unique()}
    s = s[~individual]
    if s.empty:
        return mapping, _merge_frame([])
    keys = {sp: owner_key(sp) for sp in s["spelling"].unique()}
    s["key"] = s["spelling"].map(keys)
    names = {key: _display(group) for key, group in s.groupby("key", sort=True)}
    mapping.update({sp: names[k] for sp, k in keys.items()})
    return mapping, merges(s["spelling"], names=mapping)


def _merge_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["owner", "spelling", "rule", "reason"])


def merges(spellings: pd.Series, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Every spelling merged into an owner of another spelling, with the rule that did it.

    Among owners with two or more distinct spellings in ``spellings``: one row per spelling
    other than the one the owner's name is shown in. ``names`` gives the owner name of each
    spelling (by default the alphabetically first spelling of each key).
    """
    distinct = pd.Series(sorted(set(spellings.dropna())), dtype=object)
    if distinct.empty:
        return _merge_frame([])
    keys = distinct.map(owner_key)
    if names is None:
        first = distinct.groupby(keys).first()
        names = {sp: first[k] for sp, k in zip(distinct, keys)}
    aliases = _alias_keys()
    rows = []
    for key, group in distinct.groupby(keys):
        if len(group) < 2:
            continue
        owner = names[group.iloc[0]]
        shown = owner if owner in set(group) else next((sp for sp in group if " ".join(sp.split()) == owner), None)
        for sp in group:
            if sp == shown:
                continue
            rule = _rule_between(sp, owner)
            reason = ""
            if rule == ALIAS:
                reason = aliases.get(rule_key(sp), aliases.get(rule_key(owner), ("", "")))[1]
            rows.append({"owner": owner, "spelling": sp, "rule": rule, "reason": reason})
    return _merge_frame(rows).sort_values(["owner", "spelling"], ignore_index=True)
