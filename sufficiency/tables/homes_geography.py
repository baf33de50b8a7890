"""ONS codes for the homes: the year's own council, the reporting LA, the 2025 council.

Ofsted names councils; :func:`sufficiency.geography.resolve_la_name` turns a name into the
code of the council in force at 31 March of a year. A record from another year (a rebuilt
year takes its attributes from the nearest record) may name a council that did not exist
at the date; then the nearest record of the home whose name does exist at the date is used,
and only failing that the council is mapped back through the reorganisations (counted).

The 2025 council (``la_code_current``) is found by URN linkage first: the home's latest
Ofsted record names the council it was in at that date, so a home that appears in a list
at or after a reorganisation takes that list's council. Only a home that closed before the
reorganisation is placed through its constituency (or the sole successor). The method of
each home affected by a reorganisation is counted.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..errors import DataError, FixLog
from ..geography import current_code, region_of, reporting_code, resolve_la_name
from ..geography.reorganisations import BY_OLD, CHANGES, code_in_year

HOMES = "homes"

#: The LA register starts with the councils of April 2014 (ONS layer 2014). No council
#: changed between April 2013 and March 2015, so 31 March 2014 is resolved as 31 March 2015.
REGISTER_FIRST_YEAR = 2015

#: A council formed from several predecessors, for a home known only by the new council's
#: name before it existed (research compilation rows): the predecessor it is placed in.
#: BCP's predecessors are Bournemouth, Poole and (Christchurch) Dorset County; nothing in
#: such a row tells them apart, so the largest, Bournemouth, is used and the fix counted.
AMBIGUOUS_PREDECESSOR = {"E06000058": "E06000028"}


def _year_of(ts: pd.Timestamp) -> int:
    """The 'at 31 March of year' whose council layer is in force at ``ts``."""
    return ts.year + 1 if ts.month >= 4 else ts.year


class Councils:
    def __init__(self, raw_root, fixes: FixLog):
        self.raw_root = str(raw_root)
        self.fixes = fixes
        self._cache: dict = {}

    def check_names(self, recs: pd.DataFrame) -> None:
        """Every LA name must be known in some era: unknown names raise, naming file and row."""
        first = recs.drop_duplicates(["la_name", "label"])
        for name, label, line in first[["la_name", "label", "line"]].itertuples(index=False):
            self.resolve(name, 2025, any_era=True, file=label, row=int(line))

    def resolve(self, name: str, year: int, *, any_era: bool = False, file=None, row=None):
        key = (name, year, any_era)
        if key not in self._cache:
            try:
                self._cache[key] = resolve_la_name(name, year, file=file, row=row, column="Local authority",
                                                   any_era=any_era, raw_root=self.raw_root)
            except DataError:
                if any_era:
                    raise
                self._cache[key] = "?"  # a council of another era
        return self._cache[key]

    def at_year(self, recs_sorted: pd.DataFrame, year: int) -> pd.Series:
        """urn -> code of the council at 31 March ``year``, from the nearest record that names one.

        Welsh councils give a missing code (the caller counts and leaves those homes out).
        """
        when = max(year, REGISTER_FIRST_YEAR)
        codes = {n: self.resolve(n, when) for n in recs_sorted.la_name.unique()}
        code = recs_sorted.la_name.map(codes)
        ok = recs_sorted[code.notna() & (code != "?")].assign(code=code).drop_duplicates("urn").set_index("urn").code
        urns = pd.Index(recs_sorted.urn.unique())
        out = ok.reindex(urns)
        welsh = set(recs_sorted.urn[code.isna()])
        todo = [u for u in urns[out.isna()] if u not in welsh]
        if todo:
            first = recs_sorted[recs_sorted.urn.isin(todo)].drop_duplicates("urn")
            for rec in first.itertuples(index=False):
                out[rec.urn] = self._map_back(rec, when)
        return out

    def _map_back(self, rec, year: int) -> str:
        code = self.resolve(rec.la_name, year, any_era=True, file=rec.label, row=int(rec.line))
        layer = year - 1
        mapped, how = code_in_year(code, layer, rec.constituency)
        if mapped is None:
            olds = sorted({c.old for c in CHANGES if code in c.new and c.start > layer})
            mapped = olds[0] if len(olds) == 1 else None
            if mapped is None and code in AMBIGUOUS_PREDECESSOR:
                mapped = AMBIGUOUS_PREDECESSOR[code]
                self.fixes.add(HOMES, f"home named under a merged council placed in its largest predecessor ({mapped})",
                               1, example=f"{rec.label} row {int(rec.line)}: {rec.la_name}")
        if mapped is None:
            raise DataError(
                f"cannot place a home named under '{rec.la_name}' in the councils of 31 March {year}",
                file=rec.label, row=int(rec.line), column="Local authority", value=rec.la_name,
                hint="Add the home's predecessor council to sufficiency/tables/homes_geography.py",
            )
        self.fixes.add(HOMES, f"council of another era mapped to the council at 31 March {year}", 1,
                       example=f"{rec.label} row {int(rec.line)}: {rec.la_name}")
        return mapped

    def current(self, latest: pd.DataFrame) -> pd.DataFrame:
        """urn -> la_code_current and the method that found it (from each home's latest record)."""
        latest = latest.assign(when=[max(_year_of(d), REGISTER_FIRST_YEAR) for d in latest.rec_date])
        keys = latest[["la_name", "when", "research", "constituency", "label", "line"]].drop_duplicates(
            ["la_name", "when", "research", "constituency"])
        table = {}
        for name, when, research, cons, label, line in keys.itertuples(index=False):
            code = self.resolve(name, when, any_era=bool(research), file=label, row=int(line))
            if code == "?":
                code = self.resolve(name, when, any_era=True, file=label, row=int(line))
            if code is None:
                table[(name, when, research, cons)] = (None, "outside England")
                continue
            how = code_in_year(code, 2025, cons)[1]
            table[(name, when, research, cons)] = (current_code(code, cons), "latest record" if how == "same" else how)
        found = [table[k] for k in zip(latest.la_name, latest.when, latest.research, latest.constituency)]
        return pd.DataFrame(found, index=latest.index, columns=["la_code_current", "current_method"]).astype(
            {"la_code_current": "string"})

    def count_current_methods(self, homes: pd.DataFrame) -> None:
        """Count, over homes whose council at some year differs from the 2025 one, the method used."""
        moved = homes[homes.la_code != homes.la_code_current].drop_duplicates("urn")
        unknown = homes[homes.la_code_current.isna()].drop_duplicates("urn")
        for method, n in Counter(moved.current_method).items():
            label = "URN linkage (a later list names the new council)" if method == "latest record" else method
            self.fixes.add(HOMES, f"la_code_current of a home in a reorganised council by {label}", n)
        self.fixes.add(HOMES, "la_code_current undetermined (split council, home closed before, no constituency)",
                       len(unknown), example=unknown.urn.iloc[0] if len(unknown) else None)

    def reporting(self, homes: pd.DataFrame) -> pd.Series:
        """la_code_reporting per row: the year's own council (``la_code``) mapped to the year's
        reporting geography. Only a council split in between (its successors are in the
        reporting geography) is resolved by URN linkage to a later list, then by constituency;
        a later record never moves a home out of a council that was not reorganised."""
        out, linked, ignored, example = [], 0, 0, None
        for urn, la, year, cons, cur, method in homes[["urn", "la_code", "year", "constituency", "la_code_current",
                                                      "current_method"]].itertuples(index=False):
            by_own = reporting_code(la, int(year), cons)
            change = BY_OLD.get(la)
            split = change is not None and change.kind == "split" and change.start <= int(year)
            by_link = reporting_code(cur, int(year)) if isinstance(cur, str) else None
            if split and by_link in change.new and method == "latest record" and by_link != by_own:
                out.append(by_link)
                linked += 1
            else:
                out.append(by_own if by_own is not None else (by_link if split else None))
                if by_link is not None and by_own is not None and by_link != by_own:
                    ignored += 1
                    example = example or f"{urn} {year}: {la} (its own list), a later record names {cur}"
        self.fixes.add(HOMES, "la_code_reporting of a home in a split council by URN linkage", linked)
        self.fixes.add(HOMES, "home kept in its own list's council although a later record names another "
                              "(no reorganisation in between)", ignored, example=example)
        return pd.Series(out, index=homes.index, dtype="string")

    def regions(self, codes: pd.Series) -> pd.Series:
        table = {c: region_of(c, self.raw_root) for c in codes.dropna().unique()}
        return codes.map(table).astype("string")

