"""The "About the data" view: sources and vintages, licence, rebuilt years, definitions,
suppression and rounding, reorganised councils and why homes are shown only by area.

``render(state, data)`` is pure: the source table comes from the build's provenance and
the rebuilt years from the year-list table.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from ...flags import CODE_MEANINGS
from ...texts import AGGREGATION, ATTRIBUTION, DEFINITIONS, OGL_NAME, OGL_URL, sources_frame  # noqa: F401
from .model_fit import fit_part
from .forecast_about import backtest_part
from ..tables import table, table_block

SOURCES = "about-sources"



@table(SOURCES)
def sources_table(state, data) -> tuple[pd.DataFrame, str]:
    """The source table as shown, for its CSV download."""
    return sources_frame(data.provenance), "sources.csv"


def _p(text, **kw) -> html.P:
    return html.P(text, className="govuk-body", **kw)


def _list(items) -> html.Ul:
    return html.Ul([html.Li(i) for i in items], className="govuk-list govuk-list--bullet")


def _years_text(years: list[int]) -> str:
    return ", ".join(str(y) for y in years) if years else "none"




def render(state, data):
    frame = sources_frame(data.provenance)
    rebuilt = data.rebuilt_years()
    published = sorted(int(y) for y in data.years.loc[data.years["list_status"] == "published", "year"])
    before, after = ATTRIBUTION.split(OGL_NAME, 1)
    codes = [html.Li([html.Strong(code), f": {meaning}"]) for code, meaning in CODE_MEANINGS.items()
             if code in ("c", "x", "k", "z", "estimate")]
    parts = [
        html.H1("About the data", className="govuk-heading-l", id="about-heading"),
        _p("This dashboard uses published official statistics. It shows figures at 31 March of each year from "
           "2014 to 2025; \"observed\" means published figures, \"rebuilt\" means a list of homes reconstructed from "
           "Ofsted's joiners and leavers, and \"modelled\" means an estimate."),
        html.H2("Licence and attribution", className="govuk-heading-m"),
        html.P([before, html.A(OGL_NAME, href=OGL_URL, rel="license", className="govuk-link"), after],
               className="govuk-body", id="about-attribution"),
        html.H2("Sources and vintages", className="govuk-heading-m"),
        _p(f"{len(frame)} files were read. Fixes are corrections made while reading, each counted in the build's "
           "provenance record (for example a code change or a suppression code rewritten)."),
        table_block(SOURCES, frame, "Source files, rows read and kept, and fixes", block_id="about-sources"),
        html.H2("Years rebuilt from joiners and leavers", className="govuk-heading-m"),
        html.Div(
            [_p(f"Rebuilt years: {_years_text(rebuilt)}.", id="about-rebuilt"),
             _p(f"Years from a complete published list: {_years_text(published)}.")],
            className="govuk-inset-text",
        ),
        _p("In some years Ofsted published only the homes it had inspected. For those years the list of homes is "
           "rebuilt from the nearest complete list and Ofsted's joiners and leavers, so that year-on-year change is "
           "not understated or overstated. The 2014 list (at 30 September 2014) has no inspection ratings."),
        html.H2("Definitions", className="govuk-heading-m"),
        _list(DEFINITIONS),
        html.H2("Research-derived figures for 2018 to 2020", className="govuk-heading-m"),
        _p("DfE did not publish some local authority figures for 2018 to 2020 in a form used here. Where noted, "
           "children looked after (2018) and children placed more than 20 miles from home (2018 to 2020) come from "
           "the local authority panel of Goodair et al., derived from DfE publications. They are marked as "
           "research-derived wherever they are used."),
        html.H2("Suppression and rounding", className="govuk-heading-m"),
        _p("A missing figure is shown with its code and reason, never as zero. DfE's codes:"),
        html.Ul(codes, className="govuk-list govuk-list--bullet", id="about-codes"),
        html.H2("How regional and England figures are made", className="govuk-heading-m"),
        _list(AGGREGATION),
        html.H2("Reorganised councils", className="govuk-heading-m"),
        _p("Bournemouth, Christchurch and Poole and Dorset (2019), Buckinghamshire (2020), North and West "
           "Northamptonshire (2021), Cumberland and Westmorland and Furness (2023) were created by reorganisation; "
           "North Yorkshire and Somerset (2023) and Barnsley and Sheffield (2025) were recoded. A profile's trend is "
           "linked through earlier councils with the same current code and says so. Figures of a council that was "
           "split are not divided between its successors; where a figure is an estimate apportioned from a former "
           "council it is marked \"estimate\"."),
        html.H2("Why homes are shown only by area", className="govuk-heading-m"),
        _p("Ofsted redacts the names, addresses and postcodes of every children's home in its published data, to "
           "keep the children who live in them safe. The finest geography is the local authority, so the dashboard "
           "shows only local authority, regional and England totals, never individual homes."),
    ]
    parts += fit_part(data)
    parts += backtest_part(data)
    return html.Div(parts, id="about-section")
