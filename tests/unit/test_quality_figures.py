"""Quality by sector: rating distributions, shares over time and their figures, on the embedded data."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from sufficiency.store import load
from sufficiency.app.sections import quality as section
from sufficiency.state import from_query
from sufficiency.config import EMBEDDED_DATA
from sufficiency.figures import quality as _qfig
from tests.helpers import figures

qfig = figures(_qfig)
from sufficiency.figures.profile import SECTOR_COLOURS
from sufficiency.engine import quality as qm
from sufficiency.vocab import SECTORS


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


def test_distribution_england_2025_adds_up_to_every_home(data):
    dist = qm.distribution(data.supply, 2025)
    ch = data.supply[(data.supply["year"] == 2025) & (data.supply["provision_type"] == "childrens_home")]
    assert dist["homes"].sum() == ch["homes"].sum()
    assert dist["places"].sum() == ch["places"].sum()
    assert set(dist["rating"]) == set(qm.RATING_LABELS)
    shares = dist.groupby("sector")["share"].sum()
    assert shares.round(6).eq(100).all()


def test_distribution_for_a_region_and_an_la(data):
    region = qm.distribution(data.supply, 2025, area="E12000005")
    eng = qm.distribution(data.supply, 2025)
    assert 0 < region["homes"].sum() < eng["homes"].sum()
    bham = qm.distribution(data.supply, 2025, area="E08000025")
    assert bham["homes"].sum() == 90


def test_trend_shares_leave_out_homes_not_inspected(data):
    good = qm.trend(data, "pct_good_or_better")
    bad = qm.trend(data, "pct_ri_or_inadequate")
    assert good["year"].min() == qm.FIRST_RATED_YEAR == 2015 and good["year"].max() == 2025
    both = good.merge(bad, on=["year", "sector"], suffixes=("_g", "_b"))
    assert ((both["share_g"] + both["share_b"]).dropna().round(6) == 100).all()
    private_2025 = good[(good["year"] == 2025) & (good["sector"] == "Private")].iloc[0]
    assert 0 < private_2025["share"] < 100


def test_share_key_defaults_to_good_or_outstanding():
    assert qm.share_key("places_per_10k") == "pct_good_or_better"
    assert qm.share_key("pct_ri_or_inadequate") == "pct_ri_or_inadequate"


def test_framework_named_from_the_counts(data):
    assert "overall effectiveness" in qm.framework_label(data.supply, 2017)
    assert "SCCIF" in qm.framework_label(data.supply, 2023)


def test_places_by_rating_counts_good_and_outstanding(data):
    places = qm.places_by_rating(data.supply)
    row = places[(places["year"] == 2025) & (places["sector"] == "Private")].iloc[0]
    sel = data.supply[(data.supply["year"] == 2025) & (data.supply["sector"] == "Private") & (data.supply["provision_type"] == "childrens_home")]
    assert row["places_good_or_better"] == sel["places_good"].sum() + sel["places_outstanding"].sum()


def test_distribution_figure_is_a_100_percent_stack_in_rating_order(data):
    dist = qm.distribution(data.supply, 2025)
    fig = qfig.rating_distribution_figure(dist, "England 2025", "SCCIF")
    graded = [r for r in qm.RATING_LABELS if r != qm.NOT_INSPECTED]
    assert isinstance(fig, go.Figure) and fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == graded  # inspected homes only: the trend's denominator
    assert [t.marker.color for t in fig.data] == [qfig.RATING_COLOURS[r] for r in graded]
    totals = np.nansum([list(t.x) for t in fig.data], axis=0)
    assert np.allclose(totals, 100)
    private = dist[(dist["sector"] == "Private") & (dist["rating"] == "Good")].iloc[0]
    good = next(t for t in fig.data if t.name == "Good")
    assert f"{int(private['homes']):,}" in list(good.text)  # every segment says its number of homes
    assert "inspected" in good.y[0] and "not yet" in good.y[0]
    assert list(fig.layout.xaxis.range) == [0, 100]
    assert "%" in fig.layout.xaxis.title.text and "SCCIF" in fig.layout.title.text


def test_trend_figure_labels_the_choice_and_keeps_sector_colours(data):
    for share in qm.SHARES:
        fig = qfig.rating_trend_figure(qm.trend(data, share), share, "England")
        label = qm.SHARES[share][0].lower()
        assert label in fig.layout.title.text and "% of inspected homes" == fig.layout.yaxis.title.text
        for t in fig.data:
            assert t.line.color == SECTOR_COLOURS[t.name]
        assert len({t.marker.symbol for t in fig.data}) == len(fig.data)
        assert any("SCCIF" in a.text for a in fig.layout.annotations)


def test_places_figure_stacks_by_sector(data):
    fig = qfig.places_by_rating_figure(qm.places_by_rating(data.supply), "England")
    assert fig.layout.barmode == "stack"
    assert {t.name for t in fig.data} <= set(SECTORS)
    assert "places" in fig.layout.yaxis.title.text.lower()


def test_render_quality_england_and_2014(data):
    text = str(section.render(from_query("?view=quality"), data))
    for part in ("quality-distribution", "quality-trend", "quality-places", "like-for-like", "SCCIF", "Download CSV"):
        assert part in text
    text14 = str(section.render(from_query("?view=quality&year=2014"), data))
    assert "has no inspection ratings" in text14 and "quality-distribution" not in text14


def test_render_quality_for_an_la_by_area(data):
    text = str(section.render(from_query("?view=quality&area=E08000025&measure=pct_ri_or_inadequate"), data))
    assert "Birmingham" in text and "requires improvement or inadequate" in text
