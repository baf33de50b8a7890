"""The region view: the chosen measure by region (bars and a region map, hex or boundaries
as the map style says), and the regional shifts in children's homes and places 2014-2025.
``render`` is pure."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from dash import html

from ...config import ENGLAND_CODE, FIRST_YEAR, LAST_YEAR
from ...figures import regions as rfig
from ...figures.region_map import region_geo_tiles, region_hex_map
from ...geography.reorganisations import REGION_NAMES
from ...engine import queries
from ...engine.registry import MEASURES
from ..tables import file_slug, table, table_block
from .common import chart, filter_problem, geo_available, no_data, year_notes

log = logging.getLogger(__name__)


def _key(state) -> tuple:
    return (tuple(state.sectors), tuple(state.provision_types))


def _baseline(state):
    return state.baseline if MEASURES[state.measure].needs_baseline else None


@table("region-measure")
def measure_table(state, data) -> tuple[pd.DataFrame, str]:
    m = MEASURES[state.measure]
    col = pd.concat([
        queries.column(data, state.measure, state.year, *_key(state), queries.A.regions(), _baseline(state)),
        queries.column(data, state.measure, state.year, *_key(state), queries.A.england(), _baseline(state)),
    ])
    series = queries.region_series(data, *_key(state))
    now = series[series["year"] == state.year].set_index("region_code")
    codes = list(queries.REGION_CODES) + [ENGLAND_CODE]
    col = col.reindex(codes)
    frame = pd.DataFrame(
        {
            "Region code": codes,
            "Region": [REGION_NAMES.get(c, "England") for c in codes],
            f"{m.label} ({m.unit})": col["value"].round(2).to_numpy(),
            "Basis": col["basis"].to_numpy(),
            "LAs with a figure": [f"{int(n)} of {int(t)}" for n, t in zip(col["n"], col["las"])],
            "Children's homes": [int(now.at[c, "homes"]) for c in codes],
            "Registered places": [int(now.at[c, "places"]) for c in codes],
        }
    )
    years = f"{state.baseline}-to-{state.year}" if m.needs_baseline else str(state.year)
    return frame, f"{file_slug(m.label)}-by-region-{years}.csv"


@table("region-series")
def series_table(state, data) -> tuple[pd.DataFrame, str]:
    s = queries.region_series(data, *_key(state))
    s = s[s["region_code"] != ENGLAND_CODE]
    frame = s.rename(
        columns={"year": "Year", "region_code": "Region code", "region": "Region", "homes": "Children's homes",
                 "places": "Registered places", "share_homes": "Share of England's homes (%)"}
    )[["Year", "Region code", "Region", "Children's homes", "Registered places", "Share of England's homes (%)"]]
    return frame.reset_index(drop=True), f"childrens-homes-and-places-by-region-{FIRST_YEAR}-to-{LAST_YEAR}.csv"


@table("region-change")
def change_table(state, data) -> tuple[pd.DataFrame, str]:
    c = queries.region_change(data, state.baseline, state.year, *_key(state))
    b, y = state.baseline, state.year
    frame = pd.DataFrame(
        {
            "Region code": c["region_code"],
            "Region": c["region"],
            f"Children's homes {b}": c[f"homes_{b}"],
            f"Children's homes {y}": c[f"homes_{y}"],
            "Change in homes": c["homes_change"],
            "Change in homes (%)": c["homes_pct_change"],
            f"Registered places {b}": c[f"places_{b}"],
            f"Registered places {y}": c[f"places_{y}"],
            "Change in places": c["places_change"],
            "Change in places (%)": c["places_pct_change"],
        }
    )
    return frame, f"change-in-childrens-homes-by-region-{b}-to-{y}.csv"


def region_map_figure(values: pd.Series, state, m) -> tuple[object, str]:
    """The region map in the map style chosen: the regions' boundaries when the boundary
    files are there, else the hex layout. Returns (figure, style drawn)."""
    if state.style == "geo" and geo_available():
        try:
            return region_hex_map(values, state.year, unit=m.unit, diverging=m.diverging,
                                  tiles=region_geo_tiles()), "geo"
        except Exception:  # boundaries unreadable: the hex layout, said in the caption
            log.exception("geographic region map failed; showing the hex layout")
    return region_hex_map(values, state.year, unit=m.unit, diverging=m.diverging), "hex"


def _measure_part(state, data) -> list:
    m = MEASURES[state.measure]
    problem = filter_problem(state, years_with=queries.years_with(data, state.measure))
    title = f"{m.label} by region, {state.year}"
    if problem:
        return [html.H2(title, className="govuk-heading-m"), no_data(problem, panel_id="no-data-region")]
    frame, _ = measure_table(state, data)
    col = frame.columns[2]
    regions = frame[frame["Region code"] != ENGLAND_CODE]
    eng = float(frame.loc[frame["Region code"] == ENGLAND_CODE, col].iloc[0])
    bars = rfig.region_bar(regions.rename(columns={"Region": "region", col: "value"}), england=eng, unit=m.unit,
                           diverging=m.diverging)
    region_map, drawn = region_map_figure(regions.set_index("Region code")[col], state, m)
    map_caption = (f"{m.label} by region on the regions' boundaries." if drawn == "geo"
                   else f"{m.label} by region on the hex map layout.")
    if drawn != state.style:
        map_caption += " The geographic map needs the ONS boundary files, so the hex layout is shown."
    return [
        html.H2(title, className="govuk-heading-m"),
        html.Div(
            [
                html.Div(chart(bars, "region-bar", f"{m.label} ({m.unit}) by region; dashed line: England."),
                         className="govuk-grid-column-one-half"),
                html.Div(chart(region_map, "region-map", map_caption),
                         className="govuk-grid-column-one-half"),
            ],
            className="govuk-grid-row",
        ),
        table_block("region-measure", frame, f"Table: {m.label} by region, {state.year}"),
    ]


def _shifts_part(state, data) -> list:
    heading = html.H2("Regional shifts in children's homes", className="govuk-heading-l", id="regional-shifts")
    if not state.sectors:
        return [heading, no_data("No provider sector is ticked. Tick at least one sector to see regional shifts.",
                                 panel_id="no-data-shifts")]
    series = queries.region_series(data, *_key(state))
    series = series[series["region_code"] != ENGLAND_CODE]
    change = queries.region_change(data, state.baseline, state.year, *_key(state))
    top = rfig.biggest_riser(change)
    parts = [heading]
    if top is not None and state.baseline < state.year:
        row = change[change["region"] == top].iloc[0]
        eng = change[change["region_code"] == ENGLAND_CODE].iloc[0]
        share = row["homes_change"] / eng["homes_change"] * 100 if eng["homes_change"] > 0 else np.nan
        words = f" ({share:.0f}% of England's net growth)" if np.isfinite(share) else ""
        parts.append(
            html.Div(
                html.P(
                    [html.Strong(top), f" gained the most children's homes between 31 March {state.baseline} and 31 March {state.year}: "
                     f"{int(row['homes_change']):+,} homes{words}, {int(row['places_change']):+,} registered places."],
                    className="govuk-body",
                ),
                className="govuk-inset-text",
                id="biggest-riser",
            )
        )
    series_frame, _ = series_table(state, data)
    parts += [
        html.H3(f"Children's homes and registered places by region, {FIRST_YEAR} to {LAST_YEAR}", className="govuk-heading-m"),
        chart(rfig.region_lines(series, "homes", unit="homes", highlight=top), "region-homes-lines",
              "Children's homes by region (sectors and types chosen)."),
        chart(rfig.region_lines(series, "places", unit="places", highlight=top), "region-places-lines",
              "Registered places by region (sectors and types chosen)."),
        table_block("region-series", series_frame,
                    f"Table: children's homes, registered places and share of England's homes by region, "
                    f"{FIRST_YEAR} to {LAST_YEAR}"),
        html.H3(f"Change by region, 31 March {state.baseline} to 31 March {state.year}", className="govuk-heading-m"),
    ]
    if state.baseline >= state.year:
        parts.append(no_data(f"Choose a baseline year before {state.year} to see the change.", panel_id="no-data-change"))
    else:
        parts += [
            chart(rfig.change_bars(change[change["region_code"] != ENGLAND_CODE], baseline=state.baseline,
                                   year=state.year, highlight=top), "region-change",
                  f"% change in children's homes and registered places by region, 31 March {state.baseline} to 31 March {state.year}. "
                  "Bars to the right are growth; each bar is labelled with the % and the number. "
                  "The region that gained the most homes is in red."),
            table_block("region-change", change_table(state, data)[0],
                        f"Table: change in children's homes and registered places by region, "
                        f"31 March {state.baseline} to 31 March {state.year}"),
        ]
    parts += [
        html.H3("Each region's share of England's children's homes", className="govuk-heading-m"),
        chart(rfig.region_lines(series, "share_homes", unit="% of England's homes", highlight=top), "region-share",
              "Share of England's children's homes in each region (%), by year; the figures are in the table above."),
    ]
    return parts


def render(state, data):
    parts = [
        html.Span("Regions", className="govuk-caption-l"),
        html.H1(f"Children's homes by region, 31 March {state.year}", className="govuk-heading-l", id="view-heading"),
        year_notes(data, state.year),
        *_measure_part(state, data),
        *_shifts_part(state, data),
    ]
    return html.Div([p for p in parts if p is not None], className="app-section", id="section-region")
