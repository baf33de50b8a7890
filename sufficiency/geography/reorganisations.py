"""Council reorganisations 2014-2025 and how a council code maps to later geographies.

ONS years: a council with ``start`` Y came into being on 1 April of year Y (ONS layer Y);
one with ``end`` Y existed up to 31 March of year Y+1. So a list "at 31 March 2023" is
in force under ONS layer 2022 (Cumbria still exists), while the DfE's reporting year
2023 is published on layer 2023 (Cumberland and Westmorland and Furness).

These facts are checked against ``geography/ons_la_changes_2018_2025.csv`` and the
``start``/``end`` fields of the ONS boundaries by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

REGION_NAMES = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}


@dataclass(frozen=True)
class Change:
    old: str
    new: tuple[str, ...]  # one successor, or several for a split council
    start: int  # ONS year (April) the successor(s) came into being
    kind: str  # "merger", "split", "recode"


CHANGES: tuple[Change, ...] = (
    Change("E06000028", ("E06000058",), 2019, "merger"),  # Bournemouth -> BCP
    Change("E06000029", ("E06000058",), 2019, "merger"),  # Poole -> BCP
    Change("E10000009", ("E06000059", "E06000058"), 2019, "split"),  # Dorset CC -> Dorset UA (+ Christchurch to BCP)
    Change("E10000002", ("E06000060",), 2020, "recode"),  # Buckinghamshire CC -> UA
    Change("E10000021", ("E06000061", "E06000062"), 2021, "split"),  # Northamptonshire -> North / West
    Change("E10000006", ("E06000063", "E06000064"), 2023, "split"),  # Cumbria -> Cumberland / Westmorland and Furness
    Change("E10000023", ("E06000065",), 2023, "recode"),  # North Yorkshire CC -> UA
    Change("E10000027", ("E06000066",), 2023, "recode"),  # Somerset CC -> UA
    Change("E08000016", ("E08000038",), 2025, "recode"),  # Barnsley recoded by ONS
    Change("E08000019", ("E08000039",), 2025, "recode"),  # Sheffield recoded by ONS
)
BY_OLD = {c.old: c for c in CHANGES}

#: Westminster constituencies (as Ofsted names them, 2010 and 2024 boundaries) of the
#: councils that were split, with the successor each lies in. "majority" marks a
#: constituency that straddles the new boundary; it goes to the successor holding most of it.
SPLIT_CONSTITUENCIES: dict[str, dict[str, tuple[str, str]]] = {
    "E10000009": {  # Dorset County Council
        "christchurch": ("E06000058", "majority"),
        "mid dorset and north poole": ("E06000059", "exact"),
        "north dorset": ("E06000059", "exact"),
        "south dorset": ("E06000059", "exact"),
        "west dorset": ("E06000059", "exact"),
    },
    "E10000021": {  # Northamptonshire
        "corby": ("E06000061", "exact"),
        "kettering": ("E06000061", "exact"),
        "wellingborough": ("E06000061", "exact"),
        "wellingborough and rushden": ("E06000061", "exact"),
        "corby and east northamptonshire": ("E06000061", "exact"),
        "daventry": ("E06000062", "exact"),
        "northampton north": ("E06000062", "exact"),
        "northampton south": ("E06000062", "exact"),
        "south northamptonshire": ("E06000062", "exact"),
    },
    "E10000006": {  # Cumbria
        "carlisle": ("E06000063", "exact"),
        "copeland": ("E06000063", "exact"),
        "workington": ("E06000063", "exact"),
        "whitehaven and workington": ("E06000063", "exact"),
        "barrow and furness": ("E06000064", "exact"),
        "westmorland and lonsdale": ("E06000064", "exact"),
        "penrith and the border": ("E06000064", "majority"),
        "penrith and solway": ("E06000063", "majority"),
    },
}


def _norm(text: str | None) -> str:
    return " ".join(str(text or "").lower().replace("&", "and").split())


def successor(code: str, constituency: str | None = None) -> tuple[str | None, str]:
    """The council that replaced ``code`` at its reorganisation, and how it was found.

    Returns ``(code, method)``; method is "successor", "constituency",
    "constituency (majority)" or, when a split council's home cannot be placed,
    ``(None, "undetermined")``.
    """
    change = BY_OLD[code]
    if len(change.new) == 1:
        return change.new[0], "successor"
    hit = SPLIT_CONSTITUENCIES.get(code, {}).get(_norm(constituency))
    if hit is None:
        return None, "undetermined"
    new, how = hit
    return new, "constituency" if how == "exact" else "constituency (majority)"


def code_in_year(code: str, year: int, constituency: str | None = None) -> tuple[str | None, str]:
    """Map ``code`` forward to the council of ONS layer ``year``.

    Follows reorganisations whose start is on or before ``year``. A code that did not
    exist yet in ``year`` maps back only through a pure recode (same area, new code);
    otherwise ``(None, "not in year")``.
    """
    method = "same"
    seen = 0
    while code in BY_OLD and BY_OLD[code].start <= year:
        new, how = successor(code, constituency)
        if new is None:
            return None, how
        code, method = new, how if method == "same" else method
        seen += 1
        if seen > 5:  # pragma: no cover - defensive against a cyclic table
            break
    for change in CHANGES:
        if code in change.new and change.start > year:
            if change.kind == "recode":
                return change.old, "recode back"
            return None, "not in year"
    return code, method


def reporting_code(code: str, year: int, constituency: str | None = None) -> str | None:
    """The LA of year ``year``'s reporting geography (ONS layer ``year``) for ``code``."""
    return code_in_year(code, year, constituency)[0]


def current_code(code: str, constituency: str | None = None) -> str | None:
    """The 2025 council for ``code`` (None where a split council's home cannot be placed)."""
    return code_in_year(code, 2025, constituency)[0]


def in_force_layer(year: int) -> int:
    """The ONS layer in force at 31 March of ``year`` (the previous April's).

    The register starts with the 2014 layer; no council changed between April 2013 and
    April 2014, so 31 March 2014 uses it too.
    """
    return max(year - 1, 2014)
