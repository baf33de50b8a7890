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
from ...present.areas import chosen, members_in_year
from . import region_shares
from .common import chart, filter_problem, geo_available, headline_figures, no_data, year_notes
from .forecast_panel import forecast_part

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
                 "places": "Registered places", "share_homes": "Share of England's homes (%)",
                 "share_places": "Share of England's places (%)",
                 "places_per_10k": "Registered places per 10,000 children aged 0-17"}
    )[["Year", "Region code", "Region", "Children's homes", "Registered places", "Share of England's homes (%)",
       "Share of England's places (%)", "Registered places per 10,000 children aged 0-17"]]
    frame["Registered places per 10,000 children aged 0-17"] = frame[
        "Registered places per 10,000 children aged 0-17"].round(1)
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


def region_map_figure(values: pd.Series, state, m, highlight: str | None = None) -> tuple[object, str]:
    """The region map in the map style chosen: the regions' boundaries when the boundary
    files are there, else the hex layout; ``highlight`` (a region code) outlined. Returns
    (figure, style drawn)."""
    if state.style == "geo" and geo_available():
        try:
            return region_hex_map(values, state.year, unit=m.unit, diverging=m.diverging,
                                  tiles=region_geo_tiles(), highlight=highlight), "geo"
        except Exception:  # boundaries unreadable: the hex layout, said in the caption
            log.exception("geographic region map failed; showing the hex layout")
    return region_hex_map(values, state.year, unit=m.unit, diverging=m.diverging, highlight=highlight), "hex"


def chosen_region(state, data) -> str | None:
    """The region the view highlights: the chosen region, the chosen LA's, or the one region
    all of a footprint's LAs are in."""
    area = chosen(state, data)
    if area.kind == "region":
        return area.code
    if area.kind == "la":
        gaz = data.gazetteer.set_index("code")
        return gaz.at[area.code, "region_code"] if area.code in gaz.index else None
    if area.is_footprint:
        from ...engine.profile import footprint_region

        return footprint_region(data, area.areas, state.year)
    return None


@table("region-footprint")
def footprint_table(state, data) -> tuple[pd.DataFrame, str]:
    """The measure for each LA of the chosen footprint, with the footprint and England."""
    area = chosen(state, data)
    m = MEASURES[state.measure]
    codes = members_in_year(area, state.year, data)
    own = queries.column(data, state.measure, state.year, *_key(state), queries.A.Areas(queries.A.LA, tuple(codes)),
                         _baseline(state))
    total = queries.column(data, state.measure, state.year, *_key(state), area.areas, _baseline(state))
    eng = queries.column(data, state.measure, state.year, *_key(state), queries.A.england(), _baseline(state))
    names = data.la_names
    frame = pd.DataFrame({
        "Area code": list(codes) + [area.code, ENGLAND_CODE],
        "Area": [names.get(c, c) for c in codes] + [area.name, "England"],
        f"{m.label} ({m.unit})": list(own["value"].reindex(codes).round(2)) + [round(float(total["value"].iloc[0]), 2),
                                                                             round(float(eng["value"].iloc[0]), 2)],
        "Basis": list(own["basis"].reindex(codes)) + [total["basis"].iloc[0], eng["basis"].iloc[0]],
        "LAs with a figure": [""] * len(codes) + [f"{int(total['n'].iloc[0])} of {int(total['las'].iloc[0])}",
                                                  f"{int(eng['n'].iloc[0])} of {int(eng['las'].iloc[0])}"],
    })
    years = f"{state.baseline}-to-{state.year}" if m.needs_baseline else str(state.year)
    return frame, f"{file_slug(m.label)}-footprint-{years}.csv"


def _footprint_part(state, data, m) -> list:
    area = chosen(state, data)
    if not area.is_footprint:
        return []
    frame, _ = footprint_table(state, data)
    col = frame.columns[2]
    las = frame.iloc[:-2]
    total, eng = float(frame[col].iloc[-2]), float(frame[col].iloc[-1])
    bars = rfig.region_bar(las.rename(columns={"Area": "region", col: "value"}), england=eng, unit=m.unit,
                           diverging=m.diverging, reference=(area.name, total))
    return [
        html.H2(f"{area.name}: its local authorities compared, {state.year}", className="govuk-heading-m",
                id="footprint-compared"),
        chart(bars, "footprint-bar", f"{m.label} ({m.unit}) for each local authority of the footprint; dotted line: "
              "the footprint as a whole, dashed line: England."),
        table_block("region-footprint", frame, f"Table: {m.label}, {area.name} and its local authorities, {state.year}"),
    ]


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
    highlight = chosen_region(state, data)
    bars = rfig.region_bar(regions.rename(columns={"Region": "region", col: "value"}), england=eng, unit=m.unit,
                           diverging=m.diverging, highlight=REGION_NAMES.get(highlight))
    region_map, drawn = region_map_figure(regions.set_index("Region code")[col], state, m, highlight)
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
        *_footprint_part(state, data, m),
    ]


def _shifts_part(state, data) -> list:
    heading = html.H2("Regional shifts in children's homes", className="govuk-heading-l", id="regional-shifts")
    if not state.sectors:
        return [heading, no_data("No provider sector is ticked. Tick at least one sector to see regional shifts.",
                                 panel_id="no-data-shifts")]
    series = queries.region_series(data, *_key(state))
    series = series[series["region_code"] != ENGLAND_CODE]
    change = queries.region_change(data, state.baseline, state.year, *_key(state))
    riser = rfig.biggest_riser(change)
    top = REGION_NAMES.get(chosen_region(state, data)) or riser  # the region drawn in bold: chosen, else the riser
    parts = [heading]
    if riser is not None and state.baseline < state.year:
        row = change[change["region"] == riser].iloc[0]
        eng = change[change["region_code"] == ENGLAND_CODE].iloc[0]
        share = row["homes_change"] / eng["homes_change"] * 100 if eng["homes_change"] > 0 else np.nan
        words = f" ({share:.0f}% of England's net growth)" if np.isfinite(share) else ""
        parts.append(
            html.Div(
                html.P(
                    [html.Strong(riser), f" gained the most children's homes between 31 March {state.baseline} and 31 March {state.year}: "
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
    return parts


def render(state, data):
    parts = [
        html.Span("Regions", className="govuk-caption-l"),
        html.H1(f"Children's homes by region, 31 March {state.year}", className="govuk-heading-l", id="view-heading"),
        year_notes(data, state.year),
        headline_figures(state, data),
        *region_shares.lead(state, data, REGION_NAMES.get(chosen_region(state, data))),
        *_measure_part(state, data),
        *_shifts_part(state, data),
        *forecast_part(state, data),
    ]
    return html.Div([p for p in parts if p is not None], className="app-section", id="section-region")
