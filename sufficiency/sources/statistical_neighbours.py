"""DfE statistical neighbours (2021 and 2025 models), with ONS codes.

Both files name councils by DfE's 3-digit LA number. The numbers are mapped to ONS codes
through the DfE files that carry both (``old_la_code`` and ``new_la_code``: the ONS
population compilation, the CLA rate files and the LA characteristics file), then put on
the geography of the model's year (2021 or 2025, so Barnsley is E08000038 in the 2025
model). The 2021 file also lists the councils abolished before 2021 ("Dorset (Pre LG)",
"Northamptonshire"...): their rows are dropped with a counted fix.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UnknownLabel, UnknownLocalAuthority
from ..provenance import Provenance
from .dfe_areas import geography
from .dfe_values import require_columns
from .tabular import read_table

SN_2021 = "benchmarking/dfe_statistical_neighbours_2021.csv"
SN_2025 = "benchmarking/dfe_statistical_neighbours_2025_wide.csv"
NUMBER_SOURCES = (
    "population/ons_mid_year_population_0_to_17_by_la_2012_2024.csv",
    "dfe_cla/dfe_cla_number_and_rate_per_10k_2019_2023.csv",
    "dfe_cla/dfe_cla_number_and_rate_per_10k_2021_2025.csv",
)
#: model -> (file, LA-number column, [(neighbour column, closeness column) x 10])
MODELS = {
    "2021": (SN_2021, "LA num", [(f"SN{i}", "SNP" if i == 1 else f"SNP ({i})") for i in range(1, 11)]),
    "2025": (SN_2025, "old_la_code", [(f"SN_{i}", f"SN_{i}P") for i in range(1, 11)]),
}
CLOSENESS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")


def dfe_number_map(raw_root: Path, provenance: Provenance) -> dict[str, set[str]]:
    """DfE LA number -> the ONS codes DfE files give it (any year)."""
    numbers: dict[str, set[str]] = {}
    for rel in NUMBER_SOURCES:
        path = Path(raw_root) / rel
        table = read_table(path, header_contains="time_period")
        require_columns(table, ("geographic_level", "old_la_code", "new_la_code"))
        f = table.frame
        la = f[(f["geographic_level"] == "Local authority") & (f["old_la_code"] != "")]
        for number, code in set(zip(la["old_la_code"], la["new_la_code"])):
            numbers.setdefault(number, set()).add(code)
        provenance.record(path, rows_read=len(f), rows_kept=0, part="DfE LA numbers")
    return numbers


def _code_for(number: str, year: int, numbers: dict[str, set[str]]) -> str | None:
    from ..geography import reporting_code

    found = {reporting_code(c, year) for c in numbers.get(number, ())}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def read_model(raw_root: Path, model: str, numbers: dict[str, set[str]], provenance: Provenance) -> pd.DataFrame:
    rel, num_col, pairs = MODELS[model]
    path = Path(raw_root) / rel
    table = read_table(path, header_contains=num_col)
    f = table.frame
    year = int(model)
    las = set(geography(year))
    missing = [c for pair in pairs for c in pair if c not in f.columns]
    if missing:
        from ..errors import MissingColumn

        raise MissingColumn(f"no '{missing[0]}' column", file=table.label, row=table.header_line, column=missing[0],
                            hint="The statistical-neighbour file layout has changed")
    old = f.index[f.apply(lambda r: any(str(v).strip().lower() == "old sns:" for v in r.iloc[:3]), axis=1)]
    if len(old):
        tail = f.loc[old[0]:]
        provenance.fixes.add(path, "'Old SNs' section (councils before reorganisation) not kept", len(tail) - 1,
                             f"line {int(tail['_line'].iloc[0])} onwards")
        f = f.loc[: old[0] - 1]
    rows = []
    for idx, rec in f.iterrows():
        number = rec[num_col]
        code = _code_for(number, year, numbers)
        if code is None or code not in las:
            if number in numbers:
                provenance.fixes.add(path, f"rows for councils not in the {model} geography dropped", 1,
                                     f"line {rec['_line']}: {number}")
                continue
            raise UnknownLocalAuthority(f"unknown DfE LA number {number!r}", file=table.label, row=int(rec["_line"]),
                                        column=num_col, value=number,
                                        hint="No DfE file read here gives this number an ONS code")
        for rank, (n_col, p_col) in enumerate(pairs, start=1):
            neighbour = _code_for(rec[n_col], year, numbers)
            if neighbour is None or neighbour not in las:
                raise UnknownLocalAuthority(f"neighbour {rec[n_col]!r} is not a council of {model}", file=table.label,
                                            row=int(rec["_line"]), column=n_col, value=rec[n_col])
            closeness = rec[p_col].strip().capitalize()
            if closeness not in CLOSENESS:
                raise UnknownLabel(f"unknown closeness {rec[p_col]!r}", file=table.label, row=int(rec["_line"]),
                                   column=p_col, value=rec[p_col], hint=f"Expected one of {', '.join(CLOSENESS)}")
            rows.append((code, model, rank, neighbour, closeness))
    out = pd.DataFrame(rows, columns=["la_code", "model", "rank", "neighbour_code", "closeness"])
    provenance.record(path, rows_read=len(table.frame), rows_kept=out["la_code"].nunique())
    return out


def statistical_neighbours(raw_root: Path, provenance: Provenance | None = None) -> pd.DataFrame:
    """``la_code, model ('2021'|'2025'), rank 1..10, neighbour_code, closeness``."""
    from ..tables.demand_schemas import NEIGHBOURS_SCHEMA

    provenance = provenance or Provenance(Path(raw_root))
    numbers = dfe_number_map(Path(raw_root), provenance)
    out = pd.concat([read_model(Path(raw_root), m, numbers, provenance) for m in MODELS], ignore_index=True)
    return NEIGHBOURS_SCHEMA.validate(out)
