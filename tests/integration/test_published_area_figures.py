"""England's and the regions' figures are DfE's published rows, read here on their own
(straight from the CSV files, without the project's readers): children looked after,
children in secure homes and children's homes, and the % placed more than 20 miles from
home, for every year DfE publishes them."""

from __future__ import annotations

import csv
import re

import pytest

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.engine import queries
from sufficiency.store import load
from sufficiency.vocab import SECTORS


def _rows(path):
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(text.splitlines()))


def _number(text):
    text = (text or "").strip().replace(",", "")
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


def published(raw_root) -> dict:
    """(year, area code, measure) -> value, for England (E92) and the regions (E12)."""
    out = {}
    cla = raw_root / "dfe_cla"
    for row in _rows(cla / "dfe_cla_la_31march_by_characteristics_2021_2025.csv"):
        level = row["geographic_level"]
        if level not in ("National", "Regional"):
            continue
        code = ENGLAND_CODE if level == "National" else row["region_code"]
        if not code.startswith(("E12", "E92")):
            continue
        year = int(row["time_period"])
        out[(year, code, "cla")] = _number(row["cla_31_march_total"])
        if row["cla_group"] == "Placement" and row["characteristic"] == "Secure homes and children's homes":
            out[(year, code, "cla_ch")] = _number(row["number"])
        if row["cla_group"] == "Distance between home and placement" \
                and row["characteristic"] == "Placed more than 20 miles from home":
            out[(year, code, "pct_over_20_miles")] = _number(row["percentage"])
    for name, count in (("dfe_cla_number_and_rate_per_10k_2021_2025.csv", "children_count"),
                        ("dfe_cla_number_and_rate_per_10k_2019_2023.csv", "number")):
        for row in _rows(cla / name):
            kind = row.get("population_count") or row.get("population_type")
            # "on 31 March" in the 2025 release, "at 31 March" in the 2023 one (the later release wins)
            if kind not in ("Children looked after on 31 March each year", "Children looked after at 31 March each year") \
                    or row["geographic_level"] not in ("National", "Regional"):
                continue
            code = ENGLAND_CODE if row["geographic_level"] == "National" else row["region_code"]
            if code.startswith(("E12", "E92")):
                out.setdefault((int(row["time_period"]), code, "cla"), _number(row[count]))
    for path in sorted((cla / "sfr_la_tables_2013_2017").glob("SFR*_CLA20*.csv")):
        year = int(re.search(r"CLA(20\d\d)", path.name).group(1))
        for row in _rows(path):
            if row.get("geog_l") not in ("NATIONAL", "REGION"):
                continue
            if row.get("geog_n", "").strip().upper() in ("INNER LONDON", "OUTER LONDON"):
                continue  # these two rows carry London's code too
            code = row["New_geog_code"]
            out[(year, code, "cla")] = _number(row.get(f"CLA_Mar{year}"))
            out[(year, code, "cla_ch")] = _number(row.get("CLA_Secure"))
    return {k: v for k, v in out.items() if v is not None and 2014 <= k[0] <= 2025}


def test_england_and_regions_equal_dfes_published_rows(raw_root):
    data = load(EMBEDDED_DATA)
    want = published(raw_root)
    assert len({k[0] for k in want}) >= 10 and len({k[1] for k in want}) == 10
    checked = 0
    for (year, code, measure), value in sorted(want.items()):
        got = queries.area_row(data, code, year, SECTORS, ("childrens_home",), modelled=False)
        assert got[measure] == pytest.approx(value), (year, code, measure)
        assert got[f"{measure}__basis"] == "observed" and got[f"{measure}__n"] == got["las"], (year, code, measure)
        checked += 1
    assert checked >= 250
