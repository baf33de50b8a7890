"""Label normalisation, and one clear message per bad input file (hand-made fixtures)."""

from __future__ import annotations

import pandas as pd
import pytest

from sufficiency.errors import FixLog, MissingColumn, UnknownLabel, UnknownLocalAuthority
from sufficiency.sources import ofsted_catalogue as cat
from sufficiency.sources import ofsted_labels as labels
from sufficiency.sources.ofsted_providers import canonical_name, read_source
from sufficiency.tables.homes_geography import Councils
from sufficiency.tables.homes_records import records


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Children's home", "childrens_home"),
        ("Children's Home", "childrens_home"),
        ("CHILDREN\u2019S HOME", "childrens_home"),
        ("Secure Children's Home", "secure_childrens_home"),
        ("Residential special school (registered as a children's home)", "rss_childrens_home"),
        ("Residential special school (>295 days/year)", "rss_childrens_home"),
        ("Independent Fostering agency", "other"),
        ("Supported Accommodation", "other"),
    ],
)
def test_provision_types(value, expected):
    assert labels.provision_type(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("Local Authority", "Local authority"), ("local authority", "Local authority"), ("PRIVATE", "Private"),
     ("Voluntary", "Voluntary"), ("Health authority", "Health authority"), ("Health Authority", "Health authority")],
)
def test_sectors(value, expected):
    assert labels.sector(value) == expected


def test_public_sector_is_refused_on_a_home():
    with pytest.raises(UnknownLabel, match="known only for providers that are not children's homes"):
        labels.sector("Public sector", file="x.csv", row=9)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Requires improvement", "Requires improvement to be good"),
        ("Requires improvement to be good", "Requires improvement to be good"),
        ("Requires Improvement to be good", "Requires improvement to be good"),
        ("Adequate", "Requires improvement to be good"),
        ("Satisfactory", "Requires improvement to be good"),
        ("outstanding", "Outstanding"),
        ("Good", "Good"),
        ("Inadequate", "Inadequate"),
        ("Not judged", None),
        ("", None),
    ],
)
def test_ratings(value, expected):
    assert labels.rating(value) == expected


def test_short_breaks_blank_depends_on_the_file():
    only_yes = labels.short_breaks(pd.Series(["", "Short-break-only children's home"]))
    assert only_yes.tolist() == [False, True]
    explicit = labels.short_breaks(pd.Series(["", "Short breaks only", "Long term care only"]))
    assert explicit.isna().tolist() == [True, False, False]


def test_column_drift():
    assert canonical_name("Max/Estimated Places") == "places"
    assert canonical_name("Provision Type") == "provision_type"
    assert canonical_name("Latest full inspection how well children and young people are helped and protected") == "sccif_help_protect"
    assert canonical_name("Previous overall experiences and progress of children and young people") is None
    assert canonical_name("Latest full inspection date") == "inspection_date"
    assert canonical_name("Date") == "event_date"
    assert canonical_name("Registration status (as at 1 April 2024)") == "status_start"
    assert canonical_name("Registration status at 31 March 2019") == "status_end"
    assert canonical_name("First effective date (that the provider became active)") == "registration_date"


def _only_source(folder):
    (src,) = cat.discover(folder)
    return src


def test_no_urn_header(fixtures_dir):
    src = _only_source(fixtures_dir / "ofsted" / "no_urn")
    with pytest.raises(MissingColumn) as exc:
        read_source(src)
    msg = str(exc.value)
    assert msg.startswith("row 2 of ofsted_provider_level_2030-03-31.csv: no header row with a 'URN' column")
    assert "'Provider ID, Provision type, Local authority, Sector, Places'" in msg


def test_unknown_la(fixtures_dir, raw_root):
    src = _only_source(fixtures_dir / "ofsted" / "unknown_la")
    frames = {src: read_source(src)}
    assert frames[src].urn.tolist() == ["SC000001", "SC000002"]  # the fostering agency is not kept
    with pytest.raises(UnknownLocalAuthority) as exc:
        Councils(raw_root, FixLog()).check_names(records(frames))
    assert str(exc.value).startswith(
        "row 3 of ofsted_providers_places_2030-03-31.csv: unknown local authority 'Atlantis' (column 'Local authority')"
    )


def test_unknown_sector(fixtures_dir):
    src = _only_source(fixtures_dir / "ofsted" / "unknown_sector")
    with pytest.raises(UnknownLabel) as exc:
        read_source(src)
    # the boarding school's 'Academy' on row 3 is not a children's home and is not checked
    assert str(exc.value).startswith(
        "row 4 of ofsted_providers_places_2030-03-31.csv: unknown sector label (column 'Sector', value 'Co-operative')"
    )


def test_unknown_rating(fixtures_dir):
    src = _only_source(fixtures_dir / "ofsted" / "unknown_rating")
    with pytest.raises(UnknownLabel) as exc:
        read_source(src)
    assert str(exc.value).startswith(
        "row 4 of ofsted_provider_level_2030-03-31.csv: unknown rating label "
        "(column 'Overall experiences and progress of children and young people', value 'Excellent')"
    )


def test_no_places_column(fixtures_dir):
    src = _only_source(fixtures_dir / "ofsted" / "no_places")
    with pytest.raises(MissingColumn) as exc:
        read_source(src, require_places=True)
    msg = str(exc.value)
    assert msg.startswith("row 1 of ofsted_providers_places_2030-03-31.csv: the header row has no places column")
    assert "'URN, Provision type, Local authority, Sector, Registration status'" in msg
    # by default only the lists Ofsted published without places may lack the column
    with pytest.raises(MissingColumn):
        read_source(src)
    # where places are not needed the list is read, with places missing
    fixes = FixLog()
    frame = read_source(src, fixes=fixes, require_places=False)
    assert frame.places.isna().all()
