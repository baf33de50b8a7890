"""Openings, closures, moves and reclassifications from year lists of homes (hand-made homes)."""

from __future__ import annotations

import pandas as pd
import pytest

from sufficiency.errors import FixLog
from sufficiency.tables.openings import build_openings, change_explained, explained_change

BOURNEMOUTH, BCP, POOLE, LEEDS = "E06000028", "E06000058", "E06000029", "E08000035"
REGION = {BOURNEMOUTH: "E12000009", BCP: "E12000009", POOLE: "E12000009", LEEDS: "E12000003"}
PRIVATE, LA, VOL = "Private", "Local authority", "Voluntary"
CH, RSS = "childrens_home", "rss_childrens_home"

# urn -> {year: (reporting LA, sector, type, places)}; registration dates below
HOMES = {
    "A": {2016: (LEEDS, PRIVATE, CH, 4), 2017: (LEEDS, PRIVATE, CH, 5), 2018: (LEEDS, PRIVATE, CH, 5)},
    "B": {2016: (LEEDS, PRIVATE, CH, 3)},  # closes in 2016-17
    "C": {2017: (LEEDS, VOL, CH, 2), 2018: (LEEDS, VOL, CH, 2), 2019: (LEEDS, VOL, CH, 2)},  # opens 2016-17
    "D": {2017: (LEEDS, LA, CH, 6), 2018: (LEEDS, PRIVATE, CH, 6)},  # sector changes in 2017-18, then closes
    "E": {2016: (LEEDS, PRIVATE, CH, 8), 2017: (LEEDS, PRIVATE, RSS, 8)},  # type changes in 2016-17
    "F": {2017: (BOURNEMOUTH, PRIVATE, CH, 3), 2018: (BOURNEMOUTH, PRIVATE, CH, 3), 2019: (BCP, PRIVATE, CH, 4)},
    "G": {2018: (POOLE, PRIVATE, CH, None)},  # opens 2017-18 (places unknown, registered long ago), closes
    "H": {2016: (POOLE, PRIVATE, CH, 2), 2017: (POOLE, PRIVATE, CH, 2), 2018: (POOLE, PRIVATE, CH, 2),
          2019: (BCP, PRIVATE, CH, 2)},
}
REGISTERED = {"C": "2016-06-01", "D": "2016-05-01", "F": "2016-12-01", "G": "2009-01-01", "A": "2012-01-01"}
YEARS = (2016, 2017, 2018, 2019)


def homes_table() -> pd.DataFrame:
    rows = []
    for urn, years in HOMES.items():
        for year, (la, sector, ptype, places) in years.items():
            rows.append({"year": year, "urn": urn, "la_code_reporting": la, "region_code": REGION[la], "sector": sector,
                         "provision_type": ptype, "places": places, "constituency": None,
                         "registration_date": pd.Timestamp(REGISTERED.get(urn, "2000-01-01")),
                         "list_status": "rebuilt" if year == 2017 else "published"})
    out = pd.DataFrame(rows)
    out["places"] = out["places"].astype("Int64")
    return out


@pytest.fixture(scope="module")
def openings():
    fixes = FixLog()
    return build_openings(homes_table(), fixes), fixes


def _cell(table, year, la, sector=PRIVATE, ptype=CH):
    rows = table[(table.year == year) & (table.la_code == la) & (table.sector == sector) & (table.provision_type == ptype)]
    assert len(rows) <= 1
    return rows.iloc[0] if len(rows) else None


def test_each_home_counted_once_in_the_right_flow(openings):
    t, _ = openings
    leeds17 = _cell(t, 2017, LEEDS)
    assert (leeds17.homes_closed, leeds17.places_closed) == (1, 3)  # B
    assert (leeds17.homes_reclassified_out, leeds17.places_reclassified_out) == (1, 8)  # E to RSS
    assert leeds17.places_changed == 1  # A: 4 -> 5
    assert _cell(t, 2017, LEEDS, ptype=RSS).homes_reclassified_in == 1
    vol = _cell(t, 2017, LEEDS, VOL)
    assert (vol.homes_opened, vol.places_opened, vol.homes_opened_registered) == (1, 2, 1)  # C
    assert _cell(t, 2017, LEEDS, LA).homes_opened == 1  # D
    assert _cell(t, 2018, LEEDS, LA).homes_reclassified_out == 1
    assert _cell(t, 2018, LEEDS).homes_reclassified_in == 1
    assert (_cell(t, 2017, LEEDS, ptype=RSS).homes_closed, _cell(t, 2018, LEEDS, ptype=RSS).homes_closed) == (0, 1)
    poole18 = _cell(t, 2018, POOLE)
    assert (poole18.homes_opened, poole18.places_opened, poole18.homes_opened_registered) == (1, 0, 0)  # G


def test_moves_at_the_reorganisation_are_counted_out_and_in(openings):
    t, fixes = openings
    assert (_cell(t, 2019, BOURNEMOUTH).homes_moved_out, _cell(t, 2019, POOLE).homes_moved_out) == (1, 1)
    assert (_cell(t, 2019, POOLE).homes_closed, _cell(t, 2019, POOLE).places_closed) == (1, 0)  # G
    bcp = _cell(t, 2019, BCP)
    assert (bcp.homes_moved_in, bcp.places_moved_in) == (2, 6)  # F (3 -> 4 places) and H
    counts = {f["fix"]: f["count"] for f in fixes.as_list()}
    assert counts["home moved to another council at a reorganisation (2018 to 2019)"] == 2


def test_change_in_homes_equals_the_flows_for_every_cell_and_sum():
    homes = homes_table()
    t = build_openings(homes)
    stock = homes.assign(homes=1, places=homes.places.astype("Float64").fillna(0), la_code=homes.la_code_reporting)
    for keys in (["year", "la_code", "sector", "provision_type"], ["year", "la_code"], ["year", "region_code"], ["year"]):
        out = change_explained(stock, t, keys)
        assert out.homes_ok.all() and out.places_ok.all(), keys
        assert sorted(out.year.unique()) == [2017, 2018, 2019]
    england = change_explained(stock, t, ["year"]).set_index("year")
    assert england.loc[2017, "homes_change"] == 6 - 4
    assert england.loc[2019, "homes_change"] == 3 - 6


def test_explained_change_adds_places_changed_for_places_only():
    row = pd.DataFrame([{f"{m}_{f}": 1 for m in ("homes", "places")
                         for f in ("opened", "closed", "moved_in", "moved_out", "reclassified_in", "reclassified_out")}
                        | {"homes_opened": 3, "places_opened": 10, "places_changed": -2}])
    assert explained_change(row, "homes").iloc[0] == 2
    assert explained_change(row, "places").iloc[0] == 7


def test_windows_count_openings_in_the_years_geography_and_only_when_complete(openings):
    t, _ = openings
    assert t.loc[t.year < 2019, ["homes_opened_3y", "places_opened_3y"]].isna().all().all()
    bcp = _cell(t, 2019, BCP)
    # F opened 2016-17 in Bournemouth, now in BCP (4 places in 2019); G opened 2017-18 in Poole and closed
    assert (bcp.homes_opened_3y, bcp.places_opened_3y) == (2, 3 + 0)
    vol = _cell(t, 2019, LEEDS, VOL)
    assert (vol.homes_opened_3y, vol.places_opened_3y) == (1, 2)
    assert t["homes_opened_5y"].isna().all()  # no year has 5 years of openings before it


def test_list_status_of_both_ends(openings):
    t, _ = openings
    row = _cell(t, 2018, POOLE)
    assert (row.list_status, row.list_status_previous) == ("published", "rebuilt")
