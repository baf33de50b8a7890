"""Every market figure has a label, a unit and a basis; what it covers is said in words."""

from __future__ import annotations

from sufficiency.market.concentration import concentration_trend, difficult_to_replace
from sufficiency.market.labels import COLUMNS, covers
from sufficiency.market.openings import openings_trend
from sufficiency.tables.openings import build_openings

from .test_market_concentration import _table
from .test_openings import homes_table

KEYS = {"year", "list_status", "list_status_previous", "threshold"}


def test_every_returned_column_is_labelled():
    frames = [concentration_trend(_table()), difficult_to_replace(_table(), 2025),
              openings_trend(build_openings(homes_table()))]
    for frame in frames:
        missing = [c for c in frame.columns if c not in COLUMNS and c not in KEYS]
        assert not missing, missing
    assert {c.basis for c in COLUMNS.values()} <= {"observed", "derived", "estimated"}
    assert "2,000" in COLUMNS["hhi"].note


def test_covers_says_what_and_how():
    assert covers(2024, "rebuilt") == ("Children's homes, all sectors, at 31 March 2024; derived from Ofsted's "
                                       "list rebuilt from joiners and leavers")
    text = covers(2025, "published", ["Private"], ["childrens_home", "secure_childrens_home"], previous_status="rebuilt")
    assert text.startswith("Children's homes and Secure children's homes, private sector, at 31 March 2025")
    assert text.endswith("and the rebuilt list of 31 March 2024")
