"""The ``homes`` table: one row per children's home open at 31 March, per year 2014-2025.

Children's homes here are the three provision types Ofsted counts as "all children's
homes": children's homes, secure children's homes and residential special schools
registered as children's homes (``provision_type``). Each year's list is published
(complete list at 31 March) or rebuilt from joiners and leavers (``list_status``); see
:mod:`sufficiency.sources.ofsted_rebuild` and docs/ofsted_supply.md. No home names,
addresses or postcodes are carried; ``owner`` is the owning organisation Ofsted names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import config
from ..errors import DataError
from ..provenance import Provenance
from ..sources import ofsted_catalogue as cat
from ..sources.ofsted_consistency import check_adjacent
from ..sources.ofsted_providers import read_source
from ..sources.ofsted_rebuild import Rebuilder
from ..vocab import FRAMEWORKS, LIST_STATUSES, PROVISION_TYPES, RATINGS, SECTORS
from . import homes_records as hr
from .homes_geography import HOMES, Councils
from .homes_owners import assign_owners, first_owner_year

LA_CODE = r"^E(06|07|08|09|10)\d{6}$"
_rating = pa.Column("string", pa.Check.isin(RATINGS), nullable=True)

HOMES_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column("int64", pa.Check.in_range(config.FIRST_YEAR, 2100)),
        "urn": pa.Column("string", pa.Check.str_length(min_value=1)),
        "provision_type": pa.Column("string", pa.Check.isin(list(PROVISION_TYPES))),
        "sector": pa.Column("string", pa.Check.isin(SECTORS)),
        "owner": pa.Column("string", pa.Check.str_length(min_value=1), nullable=True),
        "la_code": pa.Column("string", pa.Check.str_matches(LA_CODE)),
        "la_code_reporting": pa.Column("string", pa.Check.str_matches(LA_CODE)),
        "la_code_current": pa.Column("string", pa.Check.str_matches(LA_CODE), nullable=True),
        "region_code": pa.Column("string", pa.Check.str_matches(r"^E1200000[1-9]$")),
        "constituency": pa.Column("string", nullable=True),
        "places": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "registration_date": pa.Column("datetime64[ns]", nullable=True),
        "short_breaks_only": pa.Column("boolean", nullable=True),
        "framework": pa.Column("string", pa.Check.isin(FRAMEWORKS), nullable=True),
        "rating_overall": _rating,
        "rating_help_protect": _rating,
        "rating_leadership": _rating,
        "inspection_date": pa.Column("datetime64[ns]", nullable=True),
        "list_status": pa.Column("string", pa.Check.isin(LIST_STATUSES)),
        "places_source": pa.Column("string", nullable=True),
        "rating_source": pa.Column("string", nullable=True),
        "owner_source": pa.Column("string", nullable=True),
    },
    unique=["year", "urn"],
    strict=True,
    ordered=True,
    coerce=False,
)
COLUMNS = list(HOMES_SCHEMA.columns)


def validate_homes(homes: pd.DataFrame) -> pd.DataFrame:
    """Check ``homes`` against HOMES_SCHEMA; one readable message listing the failures."""
    from .area_schemas import validate

    return validate(
        homes,
        HOMES_SCHEMA,
        "homes",
        hint="Fix the reader or label mapping that produced these values (sufficiency/sources/ofsted_*.py)",
    )


def _years(sources) -> list[int]:
    latest = max((s.year for s in sources if s.is_list and s.complete and (s.date.month, s.date.day) == (3, 31)),
                 default=config.LAST_YEAR)
    return list(range(config.FIRST_YEAR, max(config.LAST_YEAR, latest) + 1))


def read_all(raw_root: str | Path, provenance: Provenance) -> dict:
    sources = cat.discover(raw_root)
    if not sources:
        raise DataError("no Ofsted provider files found", file=raw_root,
                        hint="Set SUFFICIENCY_RAW_DATA to the folder holding ofsted_providers/")
    for sheet_src, csv_path in cat.csv_twins(raw_root):
        # found and deliberately not read: the official workbook sheet is read instead
        provenance.record(csv_path, rows_read=0, rows_kept=0, part=f"not read: {sheet_src.label} used instead")
    return {s: read_source(s, provenance=provenance) for s in sources}


def build_homes(raw_root: str | Path, provenance: Provenance, *, consistency: list | None = None) -> pd.DataFrame:
    """Read the Ofsted files under ``raw_root`` and return the validated ``homes`` table.

    ``consistency``, if a list, receives the adjacent-year check table (for tests/reports).
    """
    fixes = provenance.fixes
    frames = read_all(raw_root, provenance)
    recs = hr.records(frames)
    councils = Councils(raw_root, fixes)
    councils.check_names(recs)
    years = _years(list(frames))
    rb = Rebuilder(frames, fixes)
    year_lists = rb.rebuild(years)
    checks = check_adjacent(rb, year_lists, fixes)
    if consistency is not None:
        consistency.append(checks)

    current = councils.current(hr.latest_records(recs, set(recs.urn)))

    parts = []
    for y in years:
        yl = year_lists[y]
        ordered = hr.ordered(recs, yl.urns, y)
        attrs = hr.attributes(ordered)
        la = councils.at_year(ordered, y)
        attrs["la_code"] = la.reindex(attrs.index)
        rat = hr.ratings(recs, yl.urns, y).reindex(attrs.index)
        frame = attrs.join(rat).join(current)
        frame["year"], frame["list_status"] = y, yl.list_status
        outside = frame.la_code.isna()
        fixes.add(HOMES, f"home outside England (Welsh council) left out of {y}", int(outside.sum()))
        parts.append(frame[~outside].reset_index(names="urn"))
        from_other = (attrs.places_source != hr.OWN_LIST) & attrs.places.notna()
        fixes.add(HOMES, f"places for {y} taken from the nearest record with places (not the year's own list)",
                  int(from_other.sum()), example=attrs.places_source[from_other].iloc[0] if from_other.any() else None)
        fixes.add(HOMES, f"places unknown for {y}", int(attrs.places.isna().sum()))

    homes = assign_owners(pd.concat(parts, ignore_index=True), first_owner_year(frames), fixes)
    homes["la_code_reporting"] = councils.reporting(homes)
    homes["region_code"] = councils.regions(homes.la_code_reporting)
    councils.count_current_methods(homes)
    homes = _finish(homes)
    return validate_homes(homes)


def _finish(h: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "year": h.year.astype("int64"),
        "urn": h.urn.astype("string"),
        "provision_type": h.provision_type.astype("string"),
        "sector": h.sector.astype("string"),
        "owner": h.owner.astype("string"),
        "la_code": h.la_code.astype("string"),
        "la_code_reporting": h.la_code_reporting.astype("string"),
        "la_code_current": h.la_code_current.astype("string"),
        "region_code": h.region_code.astype("string"),
        "constituency": h.constituency.astype("string"),
        "places": h.places.astype("Int64"),
        "registration_date": h.registration_date.astype("datetime64[ns]"),
        "short_breaks_only": h.short_breaks_only.astype("boolean"),
        "framework": h.framework.astype("string"),
        "rating_overall": h.rating_overall.astype("string"),
        "rating_help_protect": h.rating_help_protect.astype("string"),
        "rating_leadership": h.rating_leadership.astype("string"),
        "inspection_date": h.inspection_date.astype("datetime64[ns]"),
        "list_status": h.list_status.astype("string"),
        "places_source": h.places_source.astype("string"),
        "rating_source": h.rating_source.astype("string"),
        "owner_source": h.owner_source.astype("string"),
    })
    return out.sort_values(["year", "urn"], ignore_index=True)
