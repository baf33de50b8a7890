"""The market view: who owns the registered places of the chosen area, how concentrated they
are, which owners would be "difficult to replace", and where homes open and close.

``render(state, data)`` is pure. Every table and chart comes from
:mod:`sufficiency.present.market` (the same functions as the snapshot's market sheets and
``python -m sufficiency market``); owners appear only as owners' aggregates. The share
threshold (``market_threshold``, per cent) and the baseline year (``baseline``) are URL keys,
set from the selects on the page.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pandas as pd
from dash import html

from ...formats import number
from ...figures import market as mfig
from ...market.concentration import DEFAULT_THRESHOLD
from ...market.need import CAVEAT
from ...present import market as pm
from ...state import MARKET_THRESHOLD, MARKET_THRESHOLD_RANGE
from ..controls import labelled_select, option
from ..tables import file_slug, table, table_block
from .common import chart, no_data, year_notes

#: The thresholds offered (per cent); the URL may hold any whole number in the range.
THRESHOLDS = (5, 10, 15, 20, 25, 33, 50)
THRESHOLD_ID = "market-threshold"
BASELINE_ID = "market-baseline"


def _view(state, data) -> pm.MarketView:
    """The state's market view; its area and years are shared by every threshold."""
    view = _area_view(state.with_(market_threshold=MARKET_THRESHOLD), data)
    return replace(view, threshold=state.market_threshold / 100)


@lru_cache(maxsize=64)
def _area_view(state, data) -> pm.MarketView:
    return pm.market_view(state, data)


#: The frames that depend on the share threshold; the others are shared by every threshold.
BY_THRESHOLD = ("candidates", "candidates_trend")


def _get(what: str, view: pm.MarketView, data, **kw) -> pd.DataFrame:
    """``present.market.<what>(view, data, **kw)``, computed once per view (the page and its
    downloads ask for the same frames; a new threshold recomputes only the candidates)."""
    if what not in BY_THRESHOLD:
        view = replace(view, threshold=DEFAULT_THRESHOLD)
    return _cached(what, view, data, **kw)


@lru_cache(maxsize=256)
def _cached(what: str, view: pm.MarketView, data, **kw) -> pd.DataFrame:
    return getattr(pm, what)(view, data, **kw)


def _points(state, data) -> pd.DataFrame:
    return _get("need_points", _view(state, data), data)


def _slug(state, data, what: str) -> str:
    v = _view(state, data)
    return f"{what}-{file_slug(v.area.name)}-{v.year}.csv"


# --- tables (shown and downloaded) ------------------------------------------------------


@table("market-headline")
def headline_table(state, data):
    frame = _get("headline", _view(state, data), data).drop(columns=["key"])
    return frame, _slug(state, data, "market-concentration")


@table("market-candidates")
def candidates_table(state, data):
    v = _view(state, data)
    frame = pm.candidates_table(v, data, _get("candidates", v, data))
    return frame, _slug(state, data, f"owners-over-{state.market_threshold}-percent-of-places")


@table("market-candidates-trend")
def candidates_trend_table(state, data):
    v = _view(state, data)
    trend = _get("candidates_trend", v, data) if v.has_owners and v.sectors else None
    return pm.candidates_trend_table(v, data, trend), _slug(state, data, "owners-over-threshold-by-year")


@table("market-owners-area")
def owners_area_table(state, data):
    return _get("largest_table", _view(state, data), data), _slug(state, data, "largest-owners")


@table("market-owners-england")
def owners_england_table(state, data):
    v = _view(state, data)
    return _get("largest_table", v, data, england=True), f"largest-owners-england-{v.year}.csv"


@table("market-trend")
def trend_table(state, data):
    return _get("trend_table", _view(state, data), data), _slug(state, data, "concentration-by-year")


@table("market-openings")
def openings_table(state, data):
    return _get("openings_table", _view(state, data), data), _slug(state, data, "openings-and-closures")


@table("market-need", link=("Local authority", "LA code"))
def need_table(state, data):
    return pm.need_table(_view(state, data), data, _points(state, data)), _slug(state, data, "openings-against-need")


@table("market-need-correlation")
def correlation_table(state, data):
    c = pm.need_correlations(_points(state, data))
    if c.empty:
        return c, _slug(state, data, "openings-need-correlation")
    frame = pd.DataFrame({"Sector": c["sector"], "LAs": c["las"].astype(int),
                          "Rank correlation (Spearman)": c["spearman"].round(2),
                          "p-value (Spearman)": c["spearman_p"].round(3),
                          "Linear correlation (Pearson)": c["pearson"].round(2)})
    return frame, _slug(state, data, "openings-need-correlation")


# --- parts ----------------------------------------------------------------------------


def _controls(state, view: pm.MarketView) -> html.Div:
    lo, hi = MARKET_THRESHOLD_RANGE
    shown = sorted(set(THRESHOLDS) | {state.market_threshold})
    threshold = labelled_select(
        THRESHOLD_ID, "market_threshold", "\u201cDifficult to replace\u201d: owners holding more than",
        [option(t, f"{t}% of the area's places", state.market_threshold) for t in shown if lo <= t <= hi],
        hint="A screen on the published data for providers that would be difficult to replace by size and "
             "geographical concentration (Children's Wellbeing and Schools Act 2026); not the Act's test.",
    )
    years = [y for y in view.owner_years if y < view.year]
    parts = [html.Div(threshold, className="govuk-grid-column-one-half")]
    if years:
        chosen = view.baseline if view.baseline is not None else years[0]
        baseline = labelled_select(BASELINE_ID, "baseline", "Owners' change since (baseline year)",
                                   [option(y, str(y), chosen) for y in years])
        parts.append(html.Div(baseline, className="govuk-grid-column-one-half"))
    return html.Div(parts, className="govuk-grid-row", id="market-controls", **{"data-keep-focus": "true"})


def _card(label: str, value: str, note: str) -> html.Div:
    return html.Div([html.Dt(label, className="app-figure__label"), html.Dd(value, className="app-figure__value"),
                     html.Dd(note, className="app-figure__note")], className="app-figure")


def _headline(view: pm.MarketView, data) -> list:
    heading = html.H2(f"Ownership of registered places: {view.area.name}, 31 March {view.year}",
                      className="govuk-heading-m", id="market-headline-heading")
    if not view.has_owners:
        first = view.owner_years[0] if view.owner_years else "2018"
        return [heading, no_data(f"Owners: not published for {view.year}. Ofsted names the organisation owning each "
                                 f"children's home from {first}; choose {first} or later.",
                                 panel_id="no-data-market-owners")]
    h = _get("headline", view, data).set_index("key")
    covers = view.covers
    cards = [
        _card("Owners", number(h.at["owners", "Value"]), f"{h.at['owners', 'Basis']}: organisations owning "
              f"registered places in {covers[0].lower()}{covers[1:]}"),
        _card("Herfindahl-Hirschman index (HHI)", number(h.at["hhi", "Value"]),
              f"{h.at['hhi', 'Basis']}: {pm.hhi_words(h.at['hhi', 'Value'])}; 0-10,000, of registered places"),
        *[_card(h.at[f"top{k}_share", "Measure"], number(h.at[f"top{k}_share", "Value"], "pct"),
                f"{h.at[f'top{k}_share', 'Basis']}: % of registered places") for k in pm.TOP],
    ]
    unknown = int(h.at["places_owner_unknown", "Value"])
    words = (f" {unknown:,} of the {int(h.at['places', 'Value']):,} places are in homes whose owner is not published: "
             "they count in the total, so the shares are of all places and the HHI is a lower bound."
             if unknown else "")
    return [
        heading,
        html.P(f"Covers: registered places in {covers[0].lower()}{covers[1:]}. Owners are organisations as "
               "Ofsted names them; companies of one group count as separate owners." + words,
               className="govuk-body-s", id="market-covers"),
        html.Dl(cards, className="app-figures", id="market-headline"),
        table_block("market-headline", _get("headline", view, data).drop(columns=["key"]),
                    f"Table: concentration of registered places, {view.area.name}, 31 March {view.year}"),
    ]


def _candidates(state, view: pm.MarketView, data) -> list:
    heading = html.H2(f"Owners holding more than {state.market_threshold}% of the area's places",
                      className="govuk-heading-m", id="market-candidates-heading")
    if not view.has_owners:
        return []
    frame, _ = candidates_table(state, data)
    parts = [heading, _controls(state, view)]
    if view.baseline_note:
        parts.append(html.P(view.baseline_note, className="govuk-body-s", id="market-baseline-note"))
    if frame.empty:
        parts.append(html.P(f"No owner holds more than {state.market_threshold}% of the registered places of "
                            f"{view.area.name} at 31 March {view.year}.", className="govuk-body",
                            id="market-no-candidates"))
        return parts
    parts.append(table_block("market-candidates", frame,
                             f"Table: \u201cdifficult to replace\u201d candidates, {view.area.name}, 31 March "
                             f"{view.year}: places, homes, share, change and rating mix"))
    trend = _get("candidates_trend", view, data)
    parts += [
        chart(mfig.owner_trend_figure(trend, view.area.name), "market-candidates-trend-chart",
              "Each candidate's share of the area's registered places, by year (derived from Ofsted's lists)."),
        table_block("market-candidates-trend", candidates_trend_table(state, data)[0],
                    f"Table: the candidates' places, homes and share by year, {view.area.name}"),
    ]
    return parts


def _owners(state, view: pm.MarketView, data) -> list:
    if not view.has_owners:
        return []
    parts = [html.H2("The largest owners", className="govuk-heading-m", id="market-owners-heading")]
    if view.area.kind != "country":
        parts += [
            chart(mfig.largest_owners_figure(_get("largest", view, data).head(10), view.area.name, view.year,
                                             view.baseline), "market-owners-chart",
                  f"The 10 owners with most registered places in {view.area.name} at 31 March {view.year}"
                  + (f"; marks: their places in {view.baseline}." if view.baseline else ".")),
            table_block("market-owners-area", owners_area_table(state, data)[0],
                        f"Table: the {pm.LARGEST} largest owners in {view.area.name}, 31 March {view.year}"
                        + (f", with their change since {view.baseline}" if view.baseline else "")),
        ]
    parts.append(table_block("market-owners-england", owners_england_table(state, data)[0],
                             f"Table: the {pm.LARGEST} largest owners in England, 31 March {view.year}"
                             + (f", with their change since {view.baseline}" if view.baseline else "")))
    return parts


def _side_by_side(*charts: tuple) -> html.Div:
    """Charts (figure, id, caption) in half-width columns of one row."""
    return html.Div([html.Div(chart(fig, cid, caption), className="govuk-grid-column-one-half")
                     for fig, cid, caption in charts], className="govuk-grid-row")


def _trend(state, view: pm.MarketView, data) -> list:
    trend = _get("trend", view, data)
    return [
        html.H2(f"Concentration over time: {view.area.name}", className="govuk-heading-m", id="market-trend-heading"),
        _side_by_side(
            (mfig.concentration_trend_figure(trend, view.area.name, "hhi"), "market-hhi-chart",
             "HHI of registered places at 31 March of each year, with the CMA bands."),
            (mfig.concentration_trend_figure(trend, view.area.name, "shares"), "market-shares-chart",
             "Share of registered places held by the largest 1, 5 and 10 owners.")),
        table_block("market-trend", trend_table(state, data)[0],
                    f"Table: owners, HHI and the largest owners' shares by year, {view.area.name}"),
    ]


def _openings(state, view: pm.MarketView, data) -> list:
    heading = html.H2(f"Homes opened and closed: {view.area.name}", className="govuk-heading-m",
                      id="market-openings-heading")
    if not view.sectors:
        return [heading, no_data("No provider sector is ticked. Tick at least one sector to see openings.",
                                 panel_id="no-data-market-openings")]
    t = _get("openings", view, data)
    together = t[t["sector"] == pm.ALL_CHOSEN]
    return [
        heading,
        _side_by_side(
            (mfig.openings_closures_figure(together, view.area.name, "homes"), "market-openings-homes",
             "Children's homes opened (above zero) and closed (below) in each year to 31 March, sectors chosen "
             "together."),
            (mfig.openings_closures_figure(together, view.area.name, "places"), "market-openings-places",
             "Registered places in homes opened and closed in each year to 31 March.")),
        table_block("market-openings", openings_table(state, data)[0],
                    f"Table: homes and places opened and closed by year and sector, {view.area.name}"),
    ]


def _need(state, view: pm.MarketView, data) -> list:
    heading = html.H2("Do homes open where they are needed?", className="govuk-heading-m", id="market-need-heading")
    points = _points(state, data)
    if points.empty:
        return [heading, no_data(f"Openings are counted from one year's list to the next; none to compare with need "
                                 f"for {view.year}.", panel_id="no-data-market-need")]
    corr = pm.need_correlations(points)
    window = int(points["window_years"].iloc[0])
    las, _ = need_table(state, data)
    return [
        heading,
        html.Div(html.P(CAVEAT, className="govuk-body"), className="govuk-inset-text", id="market-need-caveat"),
        chart(mfig.openings_need_figure(points, "gap_per_10k", data.la_names, corr), "market-need-chart",
              f"Each local authority of England: places opened in the {window} year{'s' if window > 1 else ''} to "
              f"31 March {view.year} (per 10,000 children) against its gap per 10,000 children at the start."),
        table_block("market-need-correlation", correlation_table(state, data)[0],
                    "Table: correlation across local authorities of places opened with the gap, by sector"),
        table_block("market-need", las, f"Table: places opened against need, {view.area.name}", state=state),
    ]


def render(state, data):
    view = _view(state, data)
    parts = [
        html.Span("Market", className="govuk-caption-l"),
        html.H1(f"The market for children's homes: {view.area.name}, 31 March {view.year}",
                className="govuk-heading-l", id="view-heading"),
        year_notes(data, state.year),
    ]
    if not state.sectors:
        parts.append(no_data("No provider sector is ticked. Tick at least one sector to see the market.",
                             panel_id="no-data-market"))
    else:
        parts += [*_headline(view, data), *_candidates(state, view, data), *_owners(state, view, data),
                  *(_trend(state, view, data) if view.has_owners or view.owner_years else []),
                  *_openings(state, view, data), *_need(state, view, data)]
    return html.Div([p for p in parts if p is not None], className="app-section", id="section-market")
