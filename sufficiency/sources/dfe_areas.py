"""Put the LA rows of a DfE/ONS file on the reporting geography of each year.

DfE files often carry councils that did not exist in the year: successors back-cast to
earlier years (North Yorkshire E06000065 in 2014), councils kept after they were abolished
(Northamptonshire in 2022, as 'z'), and in 2025 the old ONS codes of Barnsley and
Sheffield. For each year, a row whose council is not in that year's geography is

* dropped, if it has no figures, only codes (usually 'z', not applicable): counted fix;
* recoded, if it is the same area as a council of the year that the file does not
  already carry (a pure code change such as E08000016 -> E08000038): counted fix;
* apportioned to the successor councils, if it is a council merged or split in April of
  that year that DfE still reports at 31 March (Bournemouth, Poole and Dorset county in
  2019, Northamptonshire in 2021, Cumbria in 2023; see :func:`apportionment`): counted fix;
* otherwise dropped (a council merged or split in an earlier year, whose figures cannot
  stand for the new council): counted fix naming the council and year.

Apportioned values are estimates: flag ``'estimate'`` (the value is present) and the column
``apportioned_from`` names the predecessor(s) and the method. Counts of a merger are summed;
counts of a split are shared in proportion to the successors' population aged 0-17 (ONS
mid-year estimate of the first year that lists them), rounded to whole children by the
largest-remainder method so that they add up to the predecessor's figure. Dorset County
Council (2019) went to Dorset and, through Christchurch, to BCP; no population of the
Christchurch part is published, so all of it is counted in Dorset. Percentages and rates
(measures named ``pct`` or ``rate``) are inherited by each successor of a single
predecessor and missing ('not derivable') for a merger; the demand table recomputes them
from the apportioned counts where it can. A predecessor's code (c/k/x/z) is carried to the
successor as is; a sum with any missing part is missing with that part's code. The
successor's own rows in the file, if they only hold codes (DfE gives 'z' there), are
replaced by the apportioned ones (counted); a successor figure DfE does give is kept.

Before that, the pre-2014 ONS codes of Gateshead and Northumberland (recoded by ONS in
April 2013 after a boundary change; the SFR tables to 2017 still use them) are rewritten
to their current codes, with a counted fix.

A code that belongs to no year's geography stops the build (:class:`UnknownLocalAuthority`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import YEARS, raw_data_dir
from ..errors import DataError, FixLog, UnknownLocalAuthority
from .dfe_values import ESTIMATE, worst_code


#: ONS code changes of April 2013 (same councils), still used by the SFR tables 2013-2017.
LEGACY_CODES = {"E08000020": "E08000037", "E06000048": "E06000057"}  # Gateshead, Northumberland

APPORTIONED_FROM = "apportioned_from"
POPULATION_FILE = "population/ons_mid_year_population_0_to_17_by_la_2012_2024.csv"
DORSET_COUNTY, DORSET = "E10000009", "E06000059"
#: Names used in notes where the ONS name would be ambiguous.
NAMES = {DORSET_COUNTY: "Dorset County Council"}


@lru_cache(maxsize=None)
def _geography(year: int) -> frozenset[str]:
    from ..geography import las_in_year

    return frozenset(las_in_year(year))


@lru_cache(maxsize=None)
def _known_codes() -> frozenset[str]:
    codes: set[str] = set()
    for y in YEARS:
        codes |= _geography(y)
    return frozenset(codes)


def geography(year: int) -> list[str]:
    """The LAs of the reporting geography of ``year`` (sorted codes)."""
    return sorted(_geography(year))


@lru_cache(maxsize=None)
def _reporting(code: str, year: int) -> str | None:
    from ..geography import reporting_code

    try:
        return reporting_code(code, year)
    except (KeyError, ValueError):
        return None


@lru_cache(maxsize=None)
def same_area(code: str, other: str) -> bool:
    """True when two codes name the same area (a recode), in either direction."""
    fwd = any(_reporting(code, y) == other for y in YEARS)
    back = any(_reporting(other, y) == code for y in YEARS)
    return fwd and back


def is_ratio(measure: str) -> bool:
    """Percentages and rates: not apportioned as counts."""
    return "pct" in measure or "rate" in measure


def council_name(code: str) -> str:
    if code in NAMES:
        return NAMES[code]
    from ..geography import registry

    reg = registry()
    hit = reg.loc[reg["code"] == code, "name"]
    return str(hit.iloc[0]) if len(hit) else code


@dataclass(frozen=True)
class Apportionment:
    """How the figures DfE gives for ``predecessor`` in ``year`` go to the year's councils."""

    predecessor: str
    year: int
    method: str  # "merger" (summed), "whole" (all to one successor), "population" (split by 0-17 population)
    weights: tuple[tuple[str, float], ...]  # successor -> weight (1.0 unless split by population)

    @property
    def successors(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.weights)

    def label(self) -> str:
        return f"{self.predecessor} ({council_name(self.predecessor)})"

    def note(self) -> str:
        """Text for ``apportioned_from`` (a merger's note lists all parts; see :func:`merge_notes`)."""
        if self.method == "population":
            return f"{self.label()}, by population 0-17"
        if self.method == "whole":
            return f"{self.label()}, whole council (Christchurch's share counted in {council_name(self.successors[0])})"
        return self.label()


def merge_notes(plans: list[Apportionment]) -> str:
    """``apportioned_from`` of one successor fed by ``plans`` (one predecessor each)."""
    plans = sorted(plans, key=lambda p: p.predecessor)
    if len(plans) == 1:
        return plans[0].note() + (", summed" if plans[0].method == "merger" else "")
    return " + ".join(p.label() for p in plans) + ", summed"


def _population_root() -> str:
    return str(raw_data_dir())


@lru_cache(maxsize=4)
def split_weights(root: str | None = None) -> dict[str, tuple[tuple[str, float], ...]]:
    """Split council -> successors' population aged 0-17 in the first ONS year listing them all."""
    from ..geography.reorganisations import CHANGES

    path = Path(root or _population_root()) / POPULATION_FILE
    if not path.exists():
        raise DataError(f"missing official file {POPULATION_FILE}", file=path,
                        hint="Point --raw at the folder of official files")
    from .dfe_values import require_columns, years_of
    from .tabular import read_table

    table = read_table(path, header_contains="time_period")
    require_columns(table, ("time_period", "geographic_level", "new_la_code", "population_estimate"))
    pop = table.frame[table.frame["geographic_level"] == "Local authority"]
    pop = pop.assign(year=years_of(pop["time_period"], table.label, pop["_line"]),
                     n=pd.to_numeric(pop["population_estimate"], errors="coerce"))
    out = {}
    for change in CHANGES:
        if change.kind != "split" or change.old == DORSET_COUNTY:
            continue
        rows = pop[pop["new_la_code"].isin(change.new) & pop["n"].notna()]
        years = [y for y, g in rows.groupby("year") if set(g["new_la_code"]) == set(change.new)]
        if not years:
            raise DataError(f"no population aged 0-17 for the successors of {change.old}", file=path,
                            hint="The split council's figures are shared by the successors' population")
        first = rows[rows["year"] == min(years)].set_index("new_la_code")["n"]
        out[change.old] = tuple((code, float(first[code])) for code in change.new)
    return out


def apportionment(code: str, year: int, weights: dict | None = None) -> Apportionment | None:
    """The apportionment of ``code``'s figures in ``year``, if it was merged or split that April."""
    from ..geography.reorganisations import BY_OLD

    change = BY_OLD.get(code)
    if change is None or change.kind == "recode" or change.start != year:
        return None
    if code == DORSET_COUNTY:
        return Apportionment(code, year, "whole", ((DORSET, 1.0),))
    if len(change.new) == 1:
        return Apportionment(code, year, "merger", ((change.new[0], 1.0),))
    w = (weights if weights is not None else split_weights())[code]
    return Apportionment(code, year, "population", tuple(w))


def largest_remainder(total: float, weights: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """Share ``total`` by ``weights`` in whole units summing exactly to ``total`` (largest remainder).

    A negative total (a net gain) is shared as its size, with its sign; a total that is not
    a whole number is shared unrounded.
    """
    wsum = sum(w for _, w in weights)
    if total != round(total):
        return {code: total * w / wsum for code, w in weights}
    sign, n = (-1 if total < 0 else 1), abs(int(round(total)))
    exact = {code: n * w / wsum for code, w in weights}
    shares = {code: math.floor(x) for code, x in exact.items()}
    rest = n - sum(shares.values())
    for code in sorted(exact, key=lambda c: (-(exact[c] - shares[c]), c))[:rest]:
        shares[code] += 1
    return {code: float(sign * v) for code, v in shares.items()}


def _merged_into(code: str, year: int) -> list[str]:
    """The councils merged into ``code`` in April of ``year``."""
    from ..geography.reorganisations import CHANGES

    return [c.old for c in CHANGES if c.kind == "merger" and c.start == year and c.new == (code,)]


def _fmt(value: float, flag: object) -> str:
    if pd.isna(value):
        return str(flag)
    return f"{value:g}"


def _apportion(out: pd.DataFrame, plans: list[tuple[Apportionment, pd.DataFrame]], fixes: FixLog) -> pd.DataFrame:
    """Add the successors' apportioned rows for ``plans`` to ``out`` (see module doc)."""
    parts = []
    for plan, grp in plans:
        file = grp["file"].iloc[0]
        example = None
        for r in grp.itertuples(index=False):
            if is_ratio(r.measure) or pd.isna(r.value):
                shares = {code: r.value for code in plan.successors}
            else:
                shares = largest_remainder(r.value, plan.weights)
            for code, v in shares.items():
                parts.append({"year": r.year, "level": "la", "area_code": code, "measure": r.measure,
                              "value": v, "flag": r.flag if pd.isna(v) else np.nan, "file": r.file,
                              "line": r.line, "plan": plan})
            if example is None and pd.notna(r.value):
                example = f"{r.measure}={_fmt(r.value, r.flag)} -> " + ", ".join(
                    f"{c} {_fmt(v, r.flag)}" for c, v in shares.items())
        where = f"{plan.year} {plan.predecessor} (line {int(grp['line'].min())})"
        if example is None:
            example = f"{grp['measure'].iloc[0]}={grp['flag'].iloc[0]}"
        how = {"merger": "summed into", "whole": "counted wholly in", "population": "shared by population 0-17 between"}[plan.method]
        extra = "; Christchurch's share counted in Dorset" if plan.method == "whole" else ""
        fixes.add(file, f"apportioned LA rows of {plan.label()}, council in force at 31 March {plan.year}: "
                  f"{how} {' and '.join(plan.successors)}{extra}; flagged 'estimate'", len(grp), f"{where}: {example}")
    if not parts:
        return out.assign(**{APPORTIONED_FROM: np.nan})
    rows = []
    for (year, code, measure), g in pd.DataFrame(parts).groupby(["year", "area_code", "measure"], sort=True):
        values, flags = g["value"], g["flag"]
        plans_here = list({p.predecessor: p for p in g["plan"]}.values())
        if values.isna().any():
            value, flag = np.nan, worst_code(flags.dropna())
        elif plans_here[0].method == "merger" and len(plans_here) < len(_merged_into(code, int(year))):
            value, flag = np.nan, "not published"  # a part of the merger is not in the file
        elif len(g) > 1 and is_ratio(measure):
            value, flag = np.nan, "not derivable"
        else:
            value, flag = float(values.sum()), ESTIMATE
        rows.append({"year": year, "level": "la", "area_code": code, "measure": measure, "value": value,
                     "flag": flag, "file": g["file"].iloc[0], "line": int(g["line"].min()),
                     APPORTIONED_FROM: merge_notes(plans_here)})
    new = pd.DataFrame(rows)
    out = out.assign(**{APPORTIONED_FROM: np.nan})
    key = ["year", "area_code", "measure"]
    own = out[out["level"] == "la"].reset_index().merge(new[key], on=key)
    has_value = own[own["value"].notna()]
    if len(has_value):  # DfE gives the successor's own figure: keep it
        first = has_value.iloc[0]
        fixes.add(first["file"], "kept the successor's own figure rather than the apportioned one", len(has_value),
                  f"{first['year']} {first['area_code']} {first['measure']}={first['value']:g}")
        new = new.merge(has_value[key], on=key, how="left", indicator=True)
        new = new[new["_merge"] == "left_only"].drop(columns="_merge")
    replaced = own[own["value"].isna()]
    if len(replaced):
        first = replaced.iloc[0]
        fixes.add(first["file"], "successor's own rows without figures (codes only) replaced by apportioned ones",
                  len(replaced), f"{first['year']} {first['area_code']} (line {int(first['line'])}): {first['flag']}")
        out = out.drop(index=replaced["index"])
    return pd.concat([out, new[out.columns]], ignore_index=True)


def check_known(long: pd.DataFrame, file_label: str, la_column: str = "new_la_code") -> None:
    """Stop on an LA code that is in no year's geography 2014-2025."""
    la = long[long["level"] == "la"]
    unknown = ~la["area_code"].isin(_known_codes())
    if unknown.any():
        row = la[unknown].iloc[0]
        raise UnknownLocalAuthority(
            f"unknown local authority code {row['area_code']!r}",
            file=file_label,
            row=int(row["line"]),
            column=la_column,
            value=row["area_code"],
            hint="It is not an England children's-services council of 2014-2025; "
            "check the code against the ONS lists or report it to the publisher",
        )


def fit_to_year_geography(
    long: pd.DataFrame, fixes: FixLog, file_label: str, la_column: str = "new_la_code",
    weights: dict[str, tuple[tuple[str, float], ...]] | None = None,
) -> pd.DataFrame:
    """Return ``long`` with LA rows on each year's reporting geography (see module doc).

    LA rows of years outside 2014-2025 are not kept (counted): the dashboard has no
    geography for them. National and regional rows of every year are kept. The result has
    an ``apportioned_from`` column (empty except on apportioned rows). ``weights`` (split
    council -> successors' populations) defaults to :func:`split_weights`.
    """
    early = (long["level"] == "la") & ~long["year"].isin(YEARS)
    if early.any():
        first = long[early].iloc[0]
        fixes.add(first["file"], "LA rows outside the years 2014-2025 not kept", int(early.sum()), f"year {first['year']}")
        long = long[~early].reset_index(drop=True)
    legacy = (long["level"] == "la") & long["area_code"].isin(LEGACY_CODES)
    if legacy.any():
        long = long.copy()
        for old, new in LEGACY_CODES.items():
            hit = legacy & (long["area_code"] == old)
            if hit.any():
                fixes.add(long.loc[hit, "file"].iloc[0], f"recoded {old} to {new} (ONS code change of April 2013)",
                          int(hit.sum()), f"line {int(long.loc[hit, 'line'].min())}")
                long.loc[hit, "area_code"] = new
    check_known(long, file_label, la_column)
    is_la = long["level"] == "la"
    out = long.copy()
    drop = pd.Series(False, index=long.index)
    present = {y: set(g) for y, g in long.loc[is_la].groupby("year")["area_code"]}
    plans = []
    for (year, code), grp in long[is_la].groupby(["year", "area_code"], sort=True):
        if code in _geography(int(year)):
            continue
        file = grp["file"].iloc[0]
        where = f"{year} {code} (line {int(grp['line'].min())})"
        plan = apportionment(code, int(year), weights)
        if plan is not None:
            drop[grp.index] = True
            plans.append((plan, grp))
            continue
        if grp["value"].isna().all():
            drop[grp.index] = True
            codes = "/".join(sorted(set(grp["flag"].dropna())))
            fixes.add(file, "dropped LA rows without figures (codes only) for councils outside the year's geography", len(grp), f"{where}: {codes}")
            continue
        target = _reporting(code, int(year))
        if target and target not in present[year] and same_area(code, target):
            out.loc[grp.index, "area_code"] = target
            present[year].add(target)
            fixes.add(file, f"recoded {code} to {target} (same council, the year's ONS code)", len(grp), where)
            continue
        drop[grp.index] = True
        first = grp.iloc[0]
        fixes.add(
            file,
            "dropped LA rows for councils outside the year's geography (merged or split in an "
            "earlier year; their figures do not stand for the new council)",
            len(grp),
            f"{where}: {first['measure']}={first['value'] if pd.notna(first['value']) else first['flag']}",
        )
    return _apportion(out[~drop].reset_index(drop=True), plans, fixes)
