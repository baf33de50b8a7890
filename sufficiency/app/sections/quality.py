"""The quality view: Ofsted ratings of children's homes by sector for England, a region or
an LA; their share over time (the user chooses which grades to count); places by rating.

``render(state, data)`` is pure; ``register(app)`` adds the one callback that redraws the
trend when the user switches between "good or outstanding" and "requires improvement or
inadequate".
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, html

from ...config import ENGLAND_CODE, LAST_YEAR
from ...figures import quality as qfig
from ...metrics import profile as pm
from ...metrics import quality as qm
from ..state import from_query
from .profile import chart_block, table

SHARE_ID = "quality-share"
TREND_ID = "quality-trend-block"


def _area(state, data) -> tuple[str, str, object]:
    """(area code, area name, codes_in_year) of the view; an unknown area falls back to England."""
    names = data.area_names
    area = state.area if state.area in names else ENGLAND_CODE
    if area == ENGLAND_CODE or area.startswith("E12"):
        return area, names[area], None
    code = pm.resolve_la(area, None, data.gazetteer) or area
    return code, names.get(code, code), (lambda y: pm.codes_in_year(code, y, data.gazetteer))


def _pct(series: pd.Series) -> list[str]:
    return [f"{v:.1f}%" if pd.notna(v) else "no inspected homes" for v in series]


def trend_block(state, data, share: str) -> html.Section:
    """The chosen share over time by sector, with its table and CSV."""
    area, name, codes = _area(state, data)
    share = qm.share_key(share)
    label, _ = qm.SHARES[share]
    tr = qm.trend(data.supply, share, state.sectors, state.provision_types, area=area, codes_in_year=codes)
    fig = qfig.rating_trend_figure(tr, share, name)
    shown = pd.DataFrame({
        "Year": tr["year"].astype(str), "Sector": tr["sector"], "Inspected homes": tr["inspected"].map("{:,}".format),
        f"Rated {label.lower()}": tr["homes"].map("{:,}".format), "% of inspected homes": _pct(tr["share"]),
    })
    raw = tr.rename(columns={"homes": f"homes_{share.removeprefix('pct_')}", "share": "pct_of_inspected"}).round(2)
    heading = f"Share of inspected homes rated {label.lower()}, by sector"
    note = (
        "Ratings before 2019 are overall effectiveness; from 2019 the SCCIF judgement of the overall experiences "
        "and progress of children and young people. Homes not yet inspected are left out of the percentages. "
        + qm.NO_2014_RATINGS
    )
    block = chart_block(heading, fig, "quality-trend", shown, raw, f"ratings_trend_{share}_{area}.csv", note=note,
                        numeric=("Inspected homes", f"Rated {label.lower()}", "% of inspected homes"))
    return html.Div(block, id=TREND_ID)


def _share_buttons(share: str) -> list:
    share = qm.share_key(share)
    return [
        html.Button(
            label, id=f"{SHARE_ID}-{key}", type="button", n_clicks=0, **{"aria-pressed": "true" if key == share else "false"},
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
                     **{"aria-labelledby": f"{SHARE_ID}-label", "aria-describedby": f"{SHARE_ID}-hint"}),
        ],
        className="govuk-form-group",
    )


def _frameworks_table(data) -> html.Table:
    years = range(qm.FIRST_RATED_YEAR, LAST_YEAR + 1)
    rows = []
    for y in years:
        sel = data.supply[(data.supply["year"] == y) & (data.supply["provision_type"] == "childrens_home")]
        rows.append({"Year": str(y), "Overall effectiveness (before April 2019)": f"{int(sel['homes_rated_pre2019'].sum()):,}",
                     "SCCIF overall experiences and progress": f"{int(sel['homes_rated_sccif'].sum()):,}",
                     "Not yet inspected": f"{int(sel['homes_no_rating'].sum()):,}"})
    frame = pd.DataFrame(rows)
    return table(frame, "Children's homes in England by the framework of their latest rating", numeric=tuple(frame.columns[1:]))


def render(state, data):
    area, name, codes = _area(state, data)
    year = state.year
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
    else:
        dist = qm.distribution(data.supply, year, state.sectors, state.provision_types, area=area, codes_in_year=codes)
        framework = qm.framework_label(data.supply, year)
        if dist.empty:
            parts.append(html.P(f"{name} had no children's homes in the chosen sectors in {year}.", className="govuk-body"))
        else:
            fig = qfig.rating_distribution_figure(dist, f"{name}: children's homes by latest rating and sector, {year}", framework)
            shown = pd.DataFrame({"Sector": dist["sector"], "Rating": dist["rating"], "Homes": dist["homes"].map("{:,}".format),
                                  "Places": dist["places"].map("{:,}".format), "% of sector's homes": _pct(dist["share"])})
            parts.append(chart_block(
                "Rating distribution by sector", fig, "quality-distribution", shown, dist.round(2),
                f"ratings_{area}_{year}.csv", note=f"Ratings: {framework}.", numeric=("Homes", "Places", "% of sector's homes"),
            ))
    parts += [
        html.H2(f"Ratings over time, {qm.FIRST_RATED_YEAR} to {LAST_YEAR}", className="govuk-heading-m"),
        _share_choice(state.measure),
        trend_block(state, data, state.measure),
        html.H2("Places weighted by rating", className="govuk-heading-m"),
    ]
    places = qm.places_by_rating(data.supply, state.sectors, state.provision_types, area=area, codes_in_year=codes)
    shown = pd.DataFrame({"Year": places["year"].astype(str), "Sector": places["sector"],
                          "Registered places": places["places"].map("{:,}".format),
                          "In good or outstanding homes": places["places_good_or_better"].map("{:,}".format),
                          "% of places": _pct(places["share"])})
    parts.append(chart_block(
        "Registered places in homes rated good or outstanding", qfig.places_by_rating_figure(places, name),
        "quality-places", shown, places.round(2), f"places_by_rating_{area}.csv",
        note="Places are registered capacity, not occupancy.", numeric=("Registered places", "In good or outstanding homes", "% of places"),
    ))
    parts += [html.H2("Which framework the ratings come from", className="govuk-heading-m"), _frameworks_table(data)]
    return html.Div(parts, id="quality-section")


def register(app) -> None:
    """Redraw the trend when the user switches which ratings to count."""
    from dash import ctx

    from .. import data_dir_of
    from ..data import load

    keys = list(qm.SHARES)

    @app.callback(
        Output(TREND_ID, "children"), Output(SHARE_ID, "children"),
        *[Input(f"{SHARE_ID}-{k}", "n_clicks") for k in keys], State("url", "search"), prevent_initial_call=True,
    )
    def _switch(*args):
        search = args[-1]
        share = str(ctx.triggered_id or "").removeprefix(f"{SHARE_ID}-")
        return trend_block(from_query(search), load(data_dir_of(app)), share).children, _share_buttons(share)
