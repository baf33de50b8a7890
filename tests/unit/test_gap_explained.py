"""The gap explained where it is shown: what a negative gap means, and the net gain beside it."""

from __future__ import annotations

import json

import numpy as np

from sufficiency.app.sections import gap_explained


def test_the_net_gain_says_whose_children_use_the_places():
    text = gap_explained.net_gain_sentence(152.0, 2023)
    assert text.startswith("Net gain of children in children's homes (DfE FOI) at 31 March 2023: +152 children")
    assert "more of other areas' children live in its children's homes" in text
    assert "more of its own children live in children's homes elsewhere" in gap_explained.net_gain_sentence(-9, 2023)
    assert gap_explained.net_gain_sentence(np.nan, 2025, reason="not published for 2025").endswith(
        "not published for 2025.")


def test_a_negative_gap_is_explained():
    text = gap_explained.gap_explanation()
    assert "A negative gap does not mean the area's children are placed locally" in text


def test_kents_profile_shows_its_net_gain_beside_the_gap():
    from sufficiency.app.sections import profile
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.state import from_query
    from sufficiency.store import load

    page = json.dumps(profile.render(from_query("?view=profile&la=E10000016&year=2023"), load(EMBEDDED_DATA))
                      .to_plotly_json(), default=str)
    assert "profile-gap-meaning" in page and "+152 children (observed)" in page
