"""The quality view: Ofsted ratings of children's homes by sector for England, a region or
an LA; their share over time (the user chooses which grades to count); places by rating.

``render(state, data)`` is pure. Which grades the trend counts ("good or outstanding" or
"requires improvement or inadequate") is the state's ``ratings`` key (the map measure is left
alone): the two toggle buttons are handled by the central control callback, which writes the
choice to the URL, so permalinks and back/forward restore it.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from dash import html

from ...config import ENGLAND_CODE, LAST_YEAR
from ...engine import quality as qm
from ...figures import quality as qfig
from ...geography import lineage as gl
from ..controls import RADIO
from ..tables import table, table_block
from .profile import chart_block

SHARE_ID = "quality-share"
TREND_ID = "quality-trend-block"


def _area(state, data) -> tuple[str, str, object]:
    """(area code, area name, codes_in_year) of the view; an unknown area falls back to England."""
    names = data.area_names
    area = state.area if state.area in names else ENGLAND_CODE
    if area == ENGLAND_CODE or area.startswith("E12"):
        return area, names[area], None
    code = gl.resolve_la(area, None, data.gazetteer) or area
    return code, names.get(code, code), (lambda y: gl.codes_in_year(code, y, data.gazetteer))


@lru_cache(maxsize=32)
def quality_tables(data, area: str, year: int, sectors: tuple, types: tuple, share: str) -> dict:
    """The frames of the quality view (as shown and downloaded), computed once per filter set."""
    codes = None if area == ENGLAND_CODE or area.startswith("E12") else (
        lambda y: gl.codes_in_year(area, y, data.gazetteer))
    label, _ = qm.SHARES[share]
    out = {"dist": None, "quality-distribution": None}
    if year >= qm.FIRST_RATED_YEAR:
        dist = qm.distribution(data.supply, year, sectors, types, area=area, codes_in_year=codes)
        out["dist"] = dist
        out["quality-distribution"] = pd.DataFrame({
            "Sector": dist["sector"], "Rating": dist["rating"], "Homes": dist["homes"], "Places": dist["places"],
            "% of sector's homes": dist["share"].round(1),
            "% of sector's inspected homes": dist["share_inspected"].round(1),
        })
    tr = qm.trend(data, share, sectors, types, area=area)
    out["trend"] = tr
    out["quality-trend"] = pd.DataFrame({
        "Year": tr["year"], "Sector": tr["sector"], "Inspected homes": tr["inspected"],
        f"Rated {label.lower()}": tr["homes"], "% of inspected homes": tr["share"].round(1),
    })
    places = qm.places_by_rating(data.supply, sectors, types, area=area, codes_in_year=codes)
    out["places"] = places
    out["quality-places"] = pd.DataFrame({
        "Year": places["year"], "Sector": places["sector"], "Registered places": places["places"],
        "In good or outstanding homes": places["places_good_or_better"], "% of places": places["share"].round(1),
    })
    out["quality-frameworks"] = _frameworks(data)
    return out


def _of(state, data) -> dict:
    area, _, _ = _area(state, data)
    return quality_tables(data, area, state.year, tuple(state.sectors), tuple(state.provision_types),
                          qm.state_share(state))


def _file_name(name: str, state, data) -> str:
    area, _, _ = _area(state, data)
    return {
        "quality-distribution": f"ratings_{area}_{state.year}.csv",
        "quality-trend": f"ratings_trend_{qm.state_share(state)}_{area}.csv",
        "quality-places": f"places_by_rating_{area}.csv",
        "quality-frameworks": "ratings_frameworks.csv",
    }[name]


def _builder(name: str):
    def build(state, data) -> tuple[pd.DataFrame, str]:
        return _of(state, data)[name], _file_name(name, state, data)

    build.__name__ = f"{name.replace('-', '_')}_table"
    return build


for _name in ("quality-distribution", "quality-trend", "quality-places", "quality-frameworks"):
    table(_name)(_builder(_name))


def trend_block(state, data) -> html.Div:
    """The chosen share over time by sector, with its table and CSV."""
    _, name, _ = _area(state, data)
    share = qm.state_share(state)
    label, _ = qm.SHARES[share]
    t = _of(state, data)
    fig = qfig.rating_trend_figure(t["trend"], share, name)
    heading = f"Share of inspected homes rated {label.lower()}, by sector"
    note = (
        "Ratings before 2019 are overall effectiveness; from 2019 the SCCIF judgement of the overall experiences "
        "and progress of children and young people. Homes not yet inspected are left out of the percentages. "
        + qm.NO_2014_RATINGS
    )
    return html.Div(chart_block(heading, fig, "quality-trend", "quality-trend", t["quality-trend"], note=note), id=TREND_ID)


def _share_buttons(share: str) -> list:
    share = qm.share_key(share)
    return [
        html.Button(
            label, id={"type": RADIO, "group": "share", "value": key}, type="button",
            **{"aria-pressed": "true" if key == share else "false"},
            className="govuk-button app-share-button" + ("" if key == share else " govuk-button--secondary"),
        )
        for key, (label, _) in qm.SHARES.items()
    ]


def _share_choice(share: str) -> html.Div:
    """Two toggle buttons (``aria-pressed``): which pair of grades the trend counts."""
    return html.Div(
        [
            html.H3("Which ratings to count", className="govuk-heading-s", id=f"{SHARE_ID}-label"),
            html.P(
                "Counting good or outstanding homes and counting homes that require improvement or are inadequate "
                "can tell different stories about a sector: compare both.",
                className="govuk-hint", id=f"{SHARE_ID}-hint",
            ),
            html.Div(_share_buttons(share), id=SHARE_ID, role="group", className="govuk-button-group",
                     **{"aria-labelledby": f"{SHARE_ID}-label", "aria-describedby": f"{SHARE_ID}-hint",
                        "data-keep-focus": "true"}),
        ],
        className="govuk-form-group",
    )


def _frameworks(data) -> pd.DataFrame:
    """Children's homes in England by the framework of their latest rating, by year."""
    years = range(qm.FIRST_RATED_YEAR, LAST_YEAR + 1)
    rows = []
    for y in years:
        sel = data.supply[(data.supply["year"] == y) & (data.supply["provision_type"] == "childrens_home")]
        rows.append({"Year": y, "Overall effectiveness (before April 2019)": int(sel["homes_rated_pre2019"].sum()),
                     "SCCIF overall experiences and progress": int(sel["homes_rated_sccif"].sum()),
                     "Not yet inspected": int(sel["homes_no_rating"].sum())})
    return pd.DataFrame(rows)


def render(state, data):
    _, name, _ = _area(state, data)
    year = state.year
    t = _of(state, data)
    parts = [
        html.Span(f"Quality by sector, {name}", className="govuk-caption-l"),
        html.H1("Inspection ratings of children's homes by sector", className="govuk-heading-l", id="quality-heading"),
        html.Div(
            [html.P("Ratings are Ofsted's judgement at each home's latest full inspection. Sector is who owns the home.",
                    className="govuk-body"),
             html.P(qm.LIKE_FOR_LIKE, className="govuk-body", id="quality-caveat")],
            className="govuk-inset-text",
        ),
        html.H2(f"Ratings at 31 March {year}", className="govuk-heading-m"),
    ]
    if year < qm.FIRST_RATED_YEAR:
        parts.append(html.P(qm.NO_2014_RATINGS + " Choose a later year.", className="govuk-body", id="quality-no-ratings"))
    elif t["dist"].empty:
        parts.append(html.P(f"{name} had no children's homes in the chosen sectors in {year}.", className="govuk-body"))
    else:
        framework = qm.framework_label(data.supply, year)
        fig = qfig.rating_distribution_figure(t["dist"], f"{name}: children's homes by latest rating and sector, {year}",
                                              framework)
        parts.append(chart_block("Rating distribution by sector", fig, "quality-distribution", "quality-distribution",
                                 t["quality-distribution"], note=f"Ratings: {framework}."))
    parts += [
        html.H2(f"Ratings over time, {qm.FIRST_RATED_YEAR} to {LAST_YEAR}", className="govuk-heading-m"),
        _share_choice(qm.state_share(state)),
        trend_block(state, data),
        html.H2("Places weighted by rating", className="govuk-heading-m"),
        chart_block("Registered places in homes rated good or outstanding",
                    qfig.places_by_rating_figure(t["places"], name), "quality-places", "quality-places",
                    t["quality-places"], note="Places are registered capacity, not occupancy."),
        html.H2("Which framework the ratings come from", className="govuk-heading-m"),
        table_block("quality-frameworks", t["quality-frameworks"],
                    "Children's homes in England by the framework of their latest rating", block_id="quality-frameworks"),
    ]
    return html.Div(parts, id="quality-section")
