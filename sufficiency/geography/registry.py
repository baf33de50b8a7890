"""The register of children's-services local authorities 2014-2025, built from ONS and DfE files.

One row per council code that existed in any year 2014-2025 (163 codes): ONS code, ONS
name, first and last ONS year, region (E12), DfE 3-digit LA number. Derived from
``geography/ons_utla_england_2014_2025_super_generalised.geojson`` (codes, names,
start/end), ``geography/dfe_la_region_lookup_153las.csv`` (regions and DfE numbers of the
153 current councils), ``geography/ons_ltla14_to_county_region_lookup.csv`` (regions of
the 2014 councils) and the DfE population file (DfE numbers of abolished councils).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..config import FIRST_YEAR, LAST_YEAR, raw_data_dir
from ..errors import DataError
from .reorganisations import BY_OLD, CHANGES, REGION_NAMES

UTLA_FILE = "geography/ons_utla_england_2014_2025_super_generalised.geojson"
REGION_FILE = "geography/ons_regions_england_super_generalised.geojson"
DFE_LOOKUP_FILE = "geography/dfe_la_region_lookup_153las.csv"
LTLA14_FILE = "geography/ons_ltla14_to_county_region_lookup.csv"
POPULATION_FILE = "population/ons_mid_year_population_0_to_17_by_la_2012_2024.csv"

DFE_REGION_TO_CODE = {**{v: k for k, v in REGION_NAMES.items()}, "Inner London": "E12000007", "Outer London": "E12000007"}


def _read_csv(root: Path, rel: str) -> pd.DataFrame:
    path = root / rel
    if not path.exists():
        raise DataError(f"missing official file {rel}", file=path, hint="Point --raw at the folder of official files")
    return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)


def build_registry(raw_root: str | Path | None = None) -> pd.DataFrame:
    root = Path(raw_root) if raw_root else raw_data_dir()
    path = root / UTLA_FILE
    if not path.exists():
        raise DataError(f"missing official file {UTLA_FILE}", file=path, hint="Point --raw at the folder of official files")
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    rows = []
    for f in feats:
        p = f["properties"]
        rows.append(
            {
                "code": p["areacd"],
                "name": p["areanm"],
                "start": int(p.get("start") or FIRST_YEAR),
                "end": int(p.get("end") or LAST_YEAR),
            }
        )
    reg = pd.DataFrame(rows)
    reg["start"] = reg["start"].clip(lower=FIRST_YEAR)
    reg["end"] = reg["end"].clip(upper=LAST_YEAR)

    dfe = _read_csv(root, DFE_LOOKUP_FILE)
    region = dict(zip(dfe["new_la_code"], dfe["region_name"].map(DFE_REGION_TO_CODE)))
    number = dict(zip(dfe["new_la_code"], dfe["old_la_code"]))
    ltla = _read_csv(root, LTLA14_FILE)
    for _, r in ltla.iterrows():
        for code in (r["ltlacd"], r["ctycd"]):
            if code:
                region.setdefault(code, r["rgncd"])
    pop = _read_csv(root, POPULATION_FILE)
    pop = pop[pop["new_la_code"].str.startswith("E") & pop["old_la_code"].ne("")]
    for code, num in zip(pop["new_la_code"], pop["old_la_code"]):
        number.setdefault(code, num)
    # ONS recodes keep the DfE number and region of the council they replace.
    for change in CHANGES:
        for new in change.new:
            region.setdefault(new, region.get(change.old))
            if change.kind == "recode":
                number.setdefault(new, number.get(change.old))
    reg["region_code"] = reg["code"].map(region)
    reg["dfe_number"] = reg["code"].map(number)
    missing = reg[reg["region_code"].isna()]
    if len(missing):
        raise DataError(
            "no region found for " + ", ".join(missing["code"]),
            file=path,
            hint="Add the council to the region lookups",
        )
    return reg.sort_values(["code", "start"]).reset_index(drop=True)


def register_source_rows(raw_root: str | Path) -> dict[str, tuple[int, int]]:
    """Rows read and kept from each geography file of the register, for the provenance."""
    root = Path(raw_root)
    feats = json.loads((root / UTLA_FILE).read_text(encoding="utf-8"))["features"]
    dfe = _read_csv(root, DFE_LOOKUP_FILE)
    ltla = _read_csv(root, LTLA14_FILE)
    english = int(ltla["rgncd"].str.startswith("E12").sum())
    return {UTLA_FILE: (len(feats), len(feats)), DFE_LOOKUP_FILE: (len(dfe), len(dfe)), LTLA14_FILE: (len(ltla), english)}


@lru_cache(maxsize=4)
def registry(raw_root: str | None = None) -> pd.DataFrame:
    """The register, cached per raw folder (defaults to :func:`config.raw_data_dir`)."""
    return build_registry(raw_root)


def las_in_year(year: int, raw_root: str | None = None) -> list[str]:
    """The LA codes of year ``year``'s reporting geography (ONS layer ``year``)."""
    reg = registry(raw_root)
    return sorted(reg.loc[(reg["start"] <= year) & (reg["end"] >= year), "code"])


def region_of(code: str, raw_root: str | None = None) -> str:
    reg = registry(raw_root)
    hit = reg.loc[reg["code"] == code, "region_code"]
    if hit.empty:
        from ..errors import UnknownLocalAuthority

        raise UnknownLocalAuthority(f"unknown local authority code '{code}'", value=code)
    return str(hit.iloc[0])


def la_code_from_dfe_number(number: int | str, year: int, raw_root: str | None = None) -> str:
    """The ONS code of DfE LA number ``number`` in ONS layer ``year``."""
    reg = registry(raw_root)
    num = str(number).strip()
    hits = reg[(reg["dfe_number"] == num)]
    in_year = hits[(hits["start"] <= year) & (hits["end"] >= year)]
    if len(in_year):
        return str(in_year["code"].iloc[0])
    if len(hits):
        from .reorganisations import reporting_code

        mapped = reporting_code(str(hits["code"].iloc[-1]), year)
        if mapped:
            return mapped
    from ..errors import UnknownLocalAuthority

    raise UnknownLocalAuthority(f"unknown DfE local authority number '{num}' for {year}", value=num)


def regions() -> pd.DataFrame:
    return pd.DataFrame({"code": list(REGION_NAMES), "name": list(REGION_NAMES.values())})


__all__ = ["build_registry", "registry", "las_in_year", "region_of", "la_code_from_dfe_number", "regions", "BY_OLD"]
