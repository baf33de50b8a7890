"""The lead of the region view: each region's share of England's children's homes and
registered places, and its places per 10,000 children, over time, with a sentence saying
which regions grew faster or slower than England between the chosen years. The chosen
region (or the chosen LA's) is drawn thick. ``lead`` is pure."""

from __future__ import annotations

from dash import html

from ...config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from ...engine import queries
from ...figures import regions as rfig
from ...present.region_shifts import growth_sentence, share_sentence
from .common import chart, no_data


def lead(state, data, highlight: str | None) -> list:
    """The components of the lead; ``highlight``: the region name drawn thick, or None."""
    heading = html.H2("Each region's share of England", className="govuk-heading-m", id="region-shares")
    if not state.sectors:
        return [heading, no_data("No provider sector is ticked. Tick at least one sector to see each region's share.",
                                 panel_id="no-data-shares")]
    key = (tuple(state.sectors), tuple(state.provision_types))
    series = queries.region_series(data, *key)
    regions = series[series["region_code"] != ENGLAND_CODE]
    words = []
    if state.baseline < state.year:
        change = queries.region_change(data, state.baseline, state.year, *key)
        words = [growth_sentence(change, state.baseline, state.year, "places"),
                 growth_sentence(change, state.baseline, state.year, "homes")]
        if highlight:
            words.append(share_sentence(series, highlight, state.baseline, state.year))
    else:
        words.append(f"Choose a baseline year before {state.year} to compare the regions' growth with England's.")
    years = f"{FIRST_YEAR} to {LAST_YEAR}"
    return [
        heading,
        html.Div([html.P(w, className="govuk-body") for w in words if w], className="govuk-inset-text",
                 id="region-growth"),
        chart(rfig.region_lines(regions, "share_homes", unit="% of England's homes", highlight=highlight),
              "region-share", f"Share of England's children's homes in each region (%), {years} "
              "(observed: Ofsted's lists, the sectors and types chosen)."),
        chart(rfig.region_lines(regions, "share_places", unit="% of England's places", highlight=highlight),
              "region-share-places", f"Share of England's registered places in each region (%), {years} "
              "(observed: Ofsted's lists, the sectors and types chosen)."),
        chart(rfig.region_lines(series, "places_per_10k", unit="places per 10,000 children", highlight=highlight),
              "region-per-10k", f"Registered places per 10,000 children aged 0-17 by region and England, {years} "
              "(derived: Ofsted's places over ONS's mid-year population estimates). The regions' figures are in the table "
              "of regional shifts below."),
    ]
