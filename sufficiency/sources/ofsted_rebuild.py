"""Which children's homes were open at 31 March of each year: published or rebuilt lists.

A year with a complete published list at 31 March uses it ("published"). Any other year is
"rebuilt" from the nearest trustworthy complete list by stepping through joiners and
leavers (README 1b):

* an official joiners/leavers file of year Y (April Y-1 to March Y) steps Y-1 -> Y forward
  (add joiners, remove leavers) or Y -> Y-1 backward (remove joiners and homes registered
  after 31 March Y-1, add back leavers that were active at the start of the year);
* Goodair's dated compilation (derived research, April 2014 - March 2018) shifts a
  complete list of another date (30 Sept 2014) to 31 March, event by event.

Each path is costed: 1 per official step, 1 + 2 x (years spanned) for a shift through the
research compilation. The cheapest path wins, so official steps are preferred and the
research compilation is used only close to its base list. With the files of 2014-2025 this
gives: 2014 and 2015 from 30 Sept 2014 (back and forward), 2016 and 2017 back from 2018,
2019 forward from 2018, 2020 back from 2021, 2024 back from 2025. A home in the year's own
inspected-only list is an official record of a home open at that date: it is added to the
rebuilt list if missing (a counted fix).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from ..errors import FixLog
from . import ofsted_catalogue as cat
from .ofsted_catalogue import OfstedSource

HOMES = "homes (rebuild)"


@dataclass
class YearList:
    year: int
    urns: set[str]
    list_status: str  # "published" or "rebuilt"
    method: str  # how the list was obtained, in words
    cost: float = 0.0
    steps: list[str] = field(default_factory=list)


def _mar31(year: int) -> pd.Timestamp:
    return pd.Timestamp(year, 3, 31)


def _pure(jl: pd.DataFrame) -> tuple[set[str], set[str], set[str]]:
    joiners = set(jl.urn[jl.joiner & ~jl.leaver])
    leavers = set(jl.urn[jl.leaver & ~jl.joiner])
    both = set(jl.urn[jl.joiner & jl.leaver])
    return joiners, leavers - joiners, both


def _active_at_start(jl: pd.DataFrame, urns: set[str]) -> tuple[set[str], set[str]]:
    """Leavers whose registration status at the start of the year (where given) was Active."""
    rows = jl[jl.urn.isin(urns)]
    start = rows.status_start.fillna("Active").str.lower()
    return set(rows.urn[start == "active"]), set(rows.urn[start != "active"])


def _events(dated: pd.DataFrame, d0: pd.Timestamp, d1: pd.Timestamp) -> pd.DataFrame:
    ev = dated[(dated.event_date > d0) & (dated.event_date <= d1)]
    return ev.sort_values(["urn", "event_date", "line"])


def shift_dated(urns: set[str], dated: pd.DataFrame, d_from: pd.Timestamp, d_to: pd.Timestamp) -> set[str]:
    """Move a list of open homes from ``d_from`` to ``d_to`` through dated join/leave events."""
    out = set(urns)
    if d_to > d_from:
        ev = _events(dated, d_from, d_to).groupby("urn").joiner.last()
        out |= set(ev.index[ev])
        out -= set(ev.index[~ev])
    else:
        ev = _events(dated, d_to, d_from).groupby("urn").joiner.first()
        out -= set(ev.index[ev])  # joined after d_to: not open then
        out |= set(ev.index[~ev])  # left after d_to: open then
    return out


class Rebuilder:
    """Holds the canonical frames of every Ofsted source and rebuilds year lists."""

    def __init__(self, frames: dict[OfstedSource, pd.DataFrame], fixes: FixLog):
        self.frames = frames
        self.fixes = fixes
        self.sources = sorted(frames, key=lambda s: (s.date, s.kind))
        dated = cat.dated_joiners_leavers(self.sources)
        self.dated = dated[0] if dated else None

    # -- sources -------------------------------------------------------------------------
    def complete(self, year: int) -> OfstedSource | None:
        return cat.complete_list_for(self.sources, year)

    def jl(self, year: int) -> OfstedSource | None:
        return cat.joiners_leavers_for(self.sources, year)

    def dated_bases(self) -> list[OfstedSource]:
        """Complete lists not at 31 March that the dated compilation can shift."""
        if self.dated is None:
            return []
        return [s for s in self.sources if s.is_list and s.complete and (s.date.month, s.date.day) != (3, 31)
                and self.dated.start <= s.date <= self.dated.date]

    # -- planning ------------------------------------------------------------------------
    def plan(self, years: list[int]) -> dict[int, tuple]:
        """year -> (cost, how, arg): the cheapest way to each year's list."""
        best: dict[int, tuple] = {}
        for y in years:
            src = self.complete(y)
            if src is not None:
                best[y] = (0.0, "published", src)
        for base in self.dated_bases():
            for y in years:
                target = date(y, 3, 31)
                # events are dated from ``start``: the day before is the earliest reachable date
                if y in best or not (self.dated.start - timedelta(days=1) <= target <= self.dated.date):
                    continue
                cost = 1 + 2 * abs((target - base.date).days) / 365.25
                if cost < best.get(y, (float("inf"),))[0]:
                    best[y] = (cost, "dated", base)
        changed = True
        while changed:
            changed = False
            for y in years:
                if best.get(y, (None, ""))[1] == "published":
                    continue
                options = []
                if y - 1 in best and self.jl(y) is not None:
                    options.append((best[y - 1][0] + 1, "forward", y - 1))
                if y + 1 in best and self.jl(y + 1) is not None:
                    options.append((best[y + 1][0] + 1, "backward", y + 1))
                for opt in options:
                    if opt[0] < best.get(y, (float("inf"),))[0] - 1e-9:
                        best[y] = opt
                        changed = True
        return best

    # -- rebuilding ------------------------------------------------------------------------
    def rebuild(self, years: list[int]) -> dict[int, YearList]:
        best = self.plan(years)
        missing = [y for y in years if y not in best]
        if missing:
            from ..errors import DataError

            raise DataError(
                f"no complete Ofsted list, and no chain of joiners/leavers to one, for 31 March of {missing}",
                hint="Add the provider list or the joiners/leavers files of those years to the raw data folder",
            )
        done: dict[int, YearList] = {}

        def get(y: int) -> YearList:
            if y in done:
                return done[y]
            cost, how, arg = best[y]
            if how == "published":
                yl = YearList(y, set(self.frames[arg].urn), "published", f"published complete list {arg.label}", cost)
            elif how == "dated":
                urns = shift_dated(set(self.frames[arg].urn), self.frames[self.dated],
                                   pd.Timestamp(arg.date), _mar31(y))
                yl = YearList(y, urns, "rebuilt", f"{arg.label} shifted to 31 March {y} with {self.dated.label}",
                              cost, [arg.label, self.dated.label])
            elif how == "forward":
                prev = get(arg)
                yl = self._forward(prev, y)
            else:
                nxt = get(arg)
                yl = self._backward(nxt, y)
            if yl.list_status == "rebuilt":
                self._add_own_inspected(yl)
            done[y] = yl
            return yl

        return {y: get(y) for y in years}

    def _forward(self, prev: YearList, y: int) -> YearList:
        src = self.jl(y)
        joiners, leavers, both = _pure(self.frames[src])
        self.fixes.add(src.label, "homes that joined and left within the year: in neither list", len(both))
        urns = (prev.urns - leavers) | joiners
        return YearList(y, urns, "rebuilt", f"{prev.method}; then + joiners - leavers of {src.label}",
                        prev.cost + 1, prev.steps + [src.label])

    def _backward(self, nxt: YearList, y: int) -> YearList:
        src = self.jl(y + 1)
        jl = self.frames[src]
        joiners, leavers, both = _pure(jl)
        self.fixes.add(src.label, "homes that joined and left within the year: in neither list", len(both))
        active, not_active = _active_at_start(jl, leavers)
        self.fixes.add(src.label, "leavers not active at the start of the year: not added back", len(not_active),
                       example=next(iter(sorted(not_active)), None))
        late = set()
        base = self.complete(y + 1)
        if base is not None and nxt.list_status == "published":
            f = self.frames[base]
            late = set(f.urn[f.registration_date > _mar31(y)]) - joiners
            self.fixes.add(base.label, f"homes registered after 31 March {y} but not joiners: removed for {y}", len(late))
        urns = ((nxt.urns - joiners - late) | active)
        return YearList(y, urns, "rebuilt", f"{nxt.method}; then - joiners + leavers of {src.label}",
                        nxt.cost + 1, nxt.steps + [src.label])

    def _add_own_inspected(self, yl: YearList) -> None:
        own = cat.provider_level_for(self.sources, yl.year)
        if own is None:
            return
        extra = set(self.frames[own].urn) - yl.urns
        self.fixes.add(own.label, f"home in the inspected-only list at 31 March {yl.year} missing from the rebuilt list: added",
                       len(extra), example=next(iter(sorted(extra)), None))
        yl.urns |= extra
