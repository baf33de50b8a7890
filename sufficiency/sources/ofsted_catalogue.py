"""Find the Ofsted provider files in the raw data folder by file-name pattern.

Kinds of source:

* ``provider_level``   list of providers at a date (with the latest full inspection);
* ``providers``        the Sept 2014 list of all active providers (6 columns);
* ``providers_places`` list of all active providers and their places at a date;
* ``joiners_leavers``  providers that joined or left in the year to 31 March;
* ``dated_joiners_leavers`` Goodair's compilation of dated children's-home joins and leaves
  (derived research, April 2014 - March 2018).

The official ODS workbooks ``childrens_social_care_data_in_england_YYYY.ods`` are read by
sheet name (``Provider_level_at_31_Mar_YYYY``, ``Providers+places_at_31_Mar_YYYY``,
``Leavers+Joiners_at_31_Mar_YYYY``). Where a workbook holds a sheet, the workbook (the
official release format) is used instead of a CSV conversion of the same sheet. A newer
workbook dropped into the folder is picked up by the same patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .tabular import sheet_names

PROVIDER_LEVEL = "provider_level"
PROVIDERS = "providers"
PROVIDERS_PLACES = "providers_places"
JOINERS_LEAVERS = "joiners_leavers"
DATED_JOINERS_LEAVERS = "dated_joiners_leavers"

#: Provider-level lists that hold every active provider (not only the inspected ones).
#: From 2025 on Ofsted's provider-level sheet lists all active providers.
COMPLETE_PROVIDER_LEVEL_YEARS = {2021, 2022}
COMPLETE_PROVIDER_LEVEL_FROM = 2025

#: Lists Ofsted published without registered places (README 1a: the inspected-only list at
#: 31 March 2015). Every other list and joiners/leavers table must have a places column: a
#: list that lost it would otherwise take its homes' places from other years' lists unnoticed.
PUBLISHED_WITHOUT_PLACES = {(PROVIDER_LEVEL, date(2015, 3, 31))}

_CSV_PATTERNS = [
    (re.compile(r"^ofsted_provider_level_(\d{4})-(\d{2})-(\d{2})\.csv$", re.I), PROVIDER_LEVEL),
    (re.compile(r"^ofsted_providers_places_(\d{4})-(\d{2})-(\d{2})\.csv$", re.I), PROVIDERS_PLACES),
    (re.compile(r"^ofsted_providers_(\d{4})-(\d{2})-(\d{2})\.csv$", re.I), PROVIDERS),
    (re.compile(r"^ofsted_joiners_leavers_(\d{4})\.csv$", re.I), JOINERS_LEAVERS),
]
_GOODAIR = re.compile(r"^goodair_childrens_homes_joiners_leavers_(\d{4})_(\d{4})\.csv$", re.I)
_WORKBOOK = re.compile(r"^childrens_social_care_data_in_england_(\d{4})\.ods$", re.I)
_SHEETS = [
    (re.compile(r"^Provider_level_at_31_Mar_(\d{4})$", re.I), PROVIDER_LEVEL),
    (re.compile(r"^Providers\+places_at_31_Mar_(\d{4})$", re.I), PROVIDERS_PLACES),
    (re.compile(r"^Leavers\+Joiners_at_31_Mar_(\d{4})$", re.I), JOINERS_LEAVERS),
]


@dataclass(frozen=True)
class OfstedSource:
    kind: str
    path: Path
    date: date  # snapshot date, or the end of the joiners/leavers period
    sheet: str | None = None
    start: date | None = None  # first day of a joiners/leavers period

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def is_list(self) -> bool:
        return self.kind in (PROVIDER_LEVEL, PROVIDERS, PROVIDERS_PLACES)

    @property
    def complete(self) -> bool:
        """True for a list of all active providers, False for an inspected-only list."""
        if self.kind in (PROVIDERS, PROVIDERS_PLACES):
            return True
        if self.kind == PROVIDER_LEVEL:
            return self.year in COMPLETE_PROVIDER_LEVEL_YEARS or self.year >= COMPLETE_PROVIDER_LEVEL_FROM
        return False

    @property
    def coverage(self) -> str:
        if not self.is_list:
            return "joiners and leavers"
        return "complete" if self.complete else "inspected only"

    @property
    def label(self) -> str:
        return f"{self.path.name} [{self.sheet}]" if self.sheet else self.path.name


def published_without_places(source: OfstedSource) -> bool:
    return (source.kind, source.date) in PUBLISHED_WITHOUT_PLACES


def _march_31(year: int) -> date:
    return date(year, 3, 31)


def discover(raw_root: str | Path) -> list[OfstedSource]:
    """All Ofsted sources under ``raw_root``, workbook sheets preferred to CSV copies."""
    raw_root = Path(raw_root)
    found: dict[tuple[str, date], OfstedSource] = {}
    for path in sorted(raw_root.rglob("*.ods")):
        m = _WORKBOOK.match(path.name)
        if not m:
            continue
        for sheet in sheet_names(path):
            for pattern, kind in _SHEETS:
                sm = pattern.match(sheet)
                if sm:
                    y = int(sm.group(1))
                    start = date(y - 1, 4, 1) if kind == JOINERS_LEAVERS else None
                    found[(kind, _march_31(y))] = OfstedSource(kind, path, _march_31(y), sheet, start)
    for path in sorted(raw_root.rglob("*.csv")):
        for pattern, kind in _CSV_PATTERNS:
            m = pattern.match(path.name)
            if not m:
                continue
            if kind == JOINERS_LEAVERS:
                y = int(m.group(1))
                src = OfstedSource(kind, path, _march_31(y), None, date(y - 1, 4, 1))
            else:
                src = OfstedSource(kind, path, date(*map(int, m.groups())))
            found.setdefault((kind, src.date), src)  # a workbook sheet wins
            break
        m = _GOODAIR.match(path.name)
        if m:
            y0, y1 = int(m.group(1)), int(m.group(2))
            src = OfstedSource(DATED_JOINERS_LEAVERS, path, _march_31(y1), None, date(y0, 4, 1))
            found.setdefault((DATED_JOINERS_LEAVERS, src.date), src)
    return sorted(found.values(), key=lambda s: (s.date, s.kind))


def csv_twins(raw_root: str | Path) -> list[tuple[OfstedSource, Path]]:
    """Workbook sheets that also exist as a CSV conversion: (sheet source, CSV path)."""
    raw_root = Path(raw_root)
    csvs = {}
    for path in raw_root.rglob("*.csv"):
        for pattern, kind in _CSV_PATTERNS:
            m = pattern.match(path.name)
            if m:
                d = _march_31(int(m.group(1))) if kind == JOINERS_LEAVERS else date(*map(int, m.groups()))
                csvs[(kind, d)] = path
                break
    return [(s, csvs[(s.kind, s.date)]) for s in discover(raw_root) if s.sheet and (s.kind, s.date) in csvs]


def lists(sources: list[OfstedSource]) -> list[OfstedSource]:
    return [s for s in sources if s.is_list]


def complete_list_for(sources: list[OfstedSource], year: int) -> OfstedSource | None:
    """The complete list at 31 March of ``year`` (providers+places preferred), if published."""
    target = _march_31(year)
    cands = [s for s in sources if s.is_list and s.complete and s.date == target]
    cands.sort(key=lambda s: 0 if s.kind == PROVIDERS_PLACES else 1)
    return cands[0] if cands else None


def provider_level_for(sources: list[OfstedSource], year: int) -> OfstedSource | None:
    target = _march_31(year)
    return next((s for s in sources if s.kind == PROVIDER_LEVEL and s.date == target), None)


def joiners_leavers_for(sources: list[OfstedSource], year: int) -> OfstedSource | None:
    """The official joiners/leavers of the year April ``year-1`` to 31 March ``year``."""
    return next((s for s in sources if s.kind == JOINERS_LEAVERS and s.year == year), None)


def dated_joiners_leavers(sources: list[OfstedSource]) -> list[OfstedSource]:
    return [s for s in sources if s.kind == DATED_JOINERS_LEAVERS]
