"""Regional shifts at a glance: faster or slower than England, and a region's share moving."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sufficiency.config import EMBEDDED_DATA, ENGLAND_CODE
from sufficiency.present.region_shifts import growth_sentence, relative_growth, share_sentence


def _change(rows):
    return pd.DataFrame([{"region_code": code, "region": name, "places_pct_change": pct, "homes_pct_change": pct}
                         for code, name, pct in rows])


def test_regions_are_faster_or_slower_than_england_by_their_percentage_change():
    change = _change([("E12000001", "North East", 5.0), ("E12000002", "North West", 40.0),
                      ("E12000008", "South East", 10.0), ("E12000009", "South West", np.nan),
                      ("E12000003", "Yorkshire", 20.0), (ENGLAND_CODE, "England", 20.0)])
    faster, slower, same = relative_growth(change)
    assert faster == ["North West"] and slower == ["South East", "North East"] and same == ["Yorkshire"]
    text = growth_sentence(change, 2018, 2025)
    assert text.startswith("Between 31 March 2018 and 31 March 2025, England's registered places grew by 20.0%.")
    assert "Faster than England (a rising share of England's registered places): North West." in text
    assert "Slower than England (a falling share): South East and North East." in text
    assert "South West" not in text  # no figure in the first year: in neither list


def test_no_sentence_without_a_first_year_figure_for_england():
    assert growth_sentence(_change([(ENGLAND_CODE, "England", np.nan)]), 2014, 2025) is None


def test_the_south_easts_share_of_englands_homes_fell_from_2018_to_2025():
    from sufficiency.engine import queries
    from sufficiency.state import ViewState
    from sufficiency.store import load

    state = ViewState()
    series = queries.region_series(load(EMBEDDED_DATA), tuple(state.sectors), tuple(state.provision_types))
    text = share_sentence(series, "South East", 2018, 2025)
    assert text.startswith("South East's share of England's children's homes fell from 13.3% to 10.4%")
    assert share_sentence(series, "South East", 2013, 2025) is None
