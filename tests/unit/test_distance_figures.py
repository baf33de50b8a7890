"""Figure builders of the distance view: reference lines at 20 and 50 miles, suppressed
bands, own LA marked, before and after bars."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sufficiency.figures import distance as _dfig
from tests.helpers import figures

dfig = figures(_dfig)


def _dist():
    lower = np.arange(0, 200, 5.0)
    upper = lower + 5
    share = np.full(len(lower), 1 / len(lower))
    return pd.DataFrame({"lower": np.append(lower, 200.0), "upper": np.append(upper, np.inf),
                         "share": np.append(share * 0.9, 0.1), "cumulative_share": np.append(np.cumsum(share * 0.9), 1.0)})


def _refs(fig):
    return {s.name: s.x0 for s in fig.layout.shapes}


def test_distribution_has_bars_cumulative_line_and_20_50_lines():
    fig = dfig.distance_distribution(_dist(), title="Modelled: children from X")
    assert _refs(fig) == {"ref-20": 20, "ref-50": 50}
    texts = [a.text for a in fig.layout.annotations]
    assert "20 miles" in texts and "50 miles" in texts
    assert any("more than 150 miles (not drawn)" in t for t in texts)
    bar, line = fig.data
    assert bar.type == "bar" and line.yaxis == "y2" and len(bar.x) == 30  # bands up to 150 miles
    assert bar.name.startswith("Modelled") and fig.layout.yaxis.title.text == "% of children (modelled)"
    assert np.isclose(sum(bar.y), 90 * 30 / 40)


def test_upload_bands_show_c_for_suppressed_and_lines_between_bands():
    bands = [{"band": "Up to 5 miles", "to_miles": 5.0, "percent": 40.0, "children": 8},
             {"band": "More than 5 to 20 miles", "to_miles": 20.0, "percent": None, "children": None},
             {"band": "More than 20 to 50 miles", "to_miles": 50.0, "percent": 35.0, "children": 7},
             {"band": "More than 50 miles", "to_miles": None, "percent": None, "children": None}]
    fig = dfig.upload_bands(bands, title="Your placements")
    assert list(fig.data[0].text) == ["40.0%", "c", "35.0%", "c"]
    assert list(fig.data[0].y) == [40.0, 0, 35.0, 0]
    assert _refs(fig) == {"ref-20": 1.5, "ref-50": 2.5}


def test_flows_bar_marks_the_own_la_and_puts_the_largest_on_top():
    top = pd.DataFrame({"destination": ["A", "B", "C"], "children": [50.0, 20.0, 5.0], "miles": [3.0, 20.0, 60.0],
                        "share": [0.6, 0.3, 0.1]})
    fig = dfig.flows_bar(top, {"A": "Alpha", "B": "Beta"}, code_column="destination", own="A", title="t")
    bar = fig.data[0]
    assert list(bar.y) == ["C", "Beta", "Alpha (own LA)"]
    assert list(bar.marker.color) == [dfig.OTHER, dfig.OTHER, dfig.OWN]


def test_scenario_bars_before_and_after_for_each_area():
    t = pd.DataFrame({"area_code": ["A", "E92000001"], "share_over_20_before": [0.5, 0.49],
                      "share_over_20_after": [0.4, 0.48], "share_over_50_before": [0.2, 0.19],
                      "share_over_50_after": [0.1, 0.18]})
    fig = dfig.scenario_bars(t, {"A": "Alpha", "E92000001": "England"}, title="t")
    assert [tr.name for tr in fig.data] == ["More than 20 miles, before", "More than 20 miles, after",
                                            "More than 50 miles, before", "More than 50 miles, after"]
    assert list(fig.data[1].y) == [40.0, 48.0] and list(fig.data[0].x) == ["Alpha", "England"]
    assert fig.layout.barmode == "group"
