"""The profile's placements across the boundary: the observed imports and exports of an LA or
footprint (DfE FOI 2024-0040813: its children in children's homes placed outside their own LA,
other LAs' children placed in its homes and the net gain, 2014-2024, with the latest published
year always said), and beside them the modelled distance figures of the profile's year with
their plausible ranges, each line saying which children it covers."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from dash import html

from ... import flows
from ...flows.labels import CH_MODELLED, CH_OBSERVED
from ...flows.observed import SERIES_LABELS
from ...figures.flows_trend import observed_flows_figure
from ...present import distance_figures as dfg
from ..tables import table, table_block

COLUMNS = {"placed_outside": "Placed outside their own LA", "placed_in": "Other LAs' children placed in",
           "net_gain": "Net gain (in minus out)", "pct_outside_la": "% placed outside their own LA",
           "children": "Children in children's homes"}


def codes_of(key: str, year: int, data, members=None) -> list[str]:
    """The LA codes of a profile (``members``: a footprint's LAs table, indexed by code)."""
    if members is not None:
        return list(members.index)
    return [key]


def series_of(data, codes) -> pd.DataFrame:
    """The observed series of ``codes`` (shared between requests: callers only read it)."""
    return _series(data, tuple(codes))


@lru_cache(maxsize=1024)
def _series(data, codes: tuple) -> pd.DataFrame:
    return flows.observed_series(data.la_year, list(codes))


def flows_frame(series: pd.DataFrame) -> pd.DataFrame:
    """The series as a table: a figure, or DfE's code where there is none (never a zero)."""
    out = pd.DataFrame({"Year": series["year"].astype(int)})
    for key, label in COLUMNS.items():
        values = series[key].round(1 if key == "pct_outside_la" else 0)
        out[f"{label} ({CH_OBSERVED})"] = [v if np.isfinite(v) else (f or "no figure")
                                           for v, f in zip(values, series[f"{key}_flag"])]
    out["Basis"] = "observed"
    return out


def latest_sentence(series: pd.DataFrame, name: str, year: int) -> str:
    """The latest published year's figures, said with their year (the FOI ends in 2024)."""
    last = flows.latest_observed(series)
    parts = []
    for key, words in (("placed_outside", f"of {name}'s children placed outside their own LA"),
                       ("placed_in", f"other LAs' children placed in {name}'s homes")):
        v = last[key]
        if v["year"] is not None:
            parts.append(f"{v['value']:,.0f} {words} ({v['year']})")
        else:
            parts.append(f"{words.removeprefix('of ')}: no published figure (DfE code {v.get('flag') or 'c'})")
    net = last["net_gain"]
    if net["year"] is not None:
        parts.append(f"a net gain of {net['value']:+,.0f} ({net['year']})")
    years = {last[k]["year"] for k in ("placed_outside", "placed_in", "net_gain") if last[k]["year"] is not None}
    if not years:
        return f"No year has a published figure for {name}: DfE suppressed them (code {last['net_gain'].get('flag') or 'c'})."
    tail = (f" The FOI ends in {max(years)}: {year} has no published figure, so the latest is shown."
            if year > max(years) else "")
    return f"Latest published, {CH_OBSERVED}: " + "; ".join(parts) + "." + tail


def modelled_line(data, code: str, year: int, sectors, codes=None) -> str:
    """The modelled figures of the year with their ranges, in one line."""
    f = dfg.figures_for(data, year, code, tuple(sectors), codes)
    if f.empty:
        return "Modelled figures are not available for these filters (no provider sector, or no places)."
    words = "; ".join(f"{r['figure'][0].lower()}{r['figure'][1:].removesuffix(' (miles)')}: {r['text']}"
                      for r in f.to_dict("records"))
    return f"Modelled, 31 March {year}, {CH_MODELLED}: {words}. Plausible ranges in brackets."


TOP_SOURCES = 10


def sources_frame(data, codes, year: int, sectors) -> pd.DataFrame:
    """The home LAs of the children modelled to live in the homes of ``codes`` (largest first)."""
    columns = ["LA code", "Home LA", "Children (modelled)", "% of children in the area's homes (modelled)",
               "Home LA inside the area"]
    if not sectors:
        return pd.DataFrame(columns=columns)
    try:
        src = flows.modelled_sources(flows.run_year(data, int(year), sectors=tuple(sectors)), list(codes))
    except (KeyError, ValueError):
        return pd.DataFrame(columns=columns)
    src = src.head(TOP_SOURCES)
    names = data.la_names
    return pd.DataFrame({
        columns[0]: src["origin"], columns[1]: [names.get(c, c) for c in src["origin"]],
        columns[2]: src["children"].round(1), columns[3]: (src["share"] * 100).round(1),
        columns[4]: np.where(src["in_area"], "yes", "no"),
    }, columns=columns)


def block(state, data, key: str, year: int, name: str, members=None) -> list:
    """The section's parts for the profile of ``key`` (an LA code, or a footprint's key with ``members``)."""
    codes = codes_of(key, year, data, members)
    series = series_of(data, codes)
    footprint = members is not None
    return [
        html.H3("Children in children's homes placed across the boundary", className="govuk-heading-m",
                id="profile-flows-heading"),
        html.P(latest_sentence(series, name, year), className="govuk-body", id="profile-flows-latest"),
        html.P(("For a footprint, 'placed outside' counts each LA's children placed outside their own LA (some "
                "of them in another LA of the footprint) and is the sum of its LAs only where every LA is "
                "published. " if footprint else "") + SERIES_LABELS["net_gain"] + ".", className="govuk-body-s"),
        observed_chart(data, tuple(codes), name),
        html.P(modelled_line(data, key, year, state.sectors, codes if footprint else None), className="govuk-body",
               id="profile-flows-modelled"),
        table_block("profile-flow-sources", sources_frame(data, codes, year, state.sectors),
                    f"Table: home LAs of the children living in {name}'s children's homes, 31 March {year} "
                    f"({CH_MODELLED}, the {TOP_SOURCES} largest)", heading="h4"),
        html.P(dfg.populations_note(), className="govuk-body-s", id="profile-populations-note"),
    ]


@lru_cache(maxsize=1024)  # one for each LA (or footprint) and name: it reads nothing else of the view
def observed_chart(data, codes: tuple, name: str):
    """The chart of the observed series, with its table."""
    from .profile import chart_block

    series = series_of(data, codes)
    return chart_block("Placed outside and placed in, 2014 to 2024 (observed)", observed_flows_figure(series, name),
                       "profile-flows", "profile-flows", flows_frame(series))


@table("profile-flows")
def flows_table(state, data) -> tuple[pd.DataFrame, str]:
    from .profile import FOOTPRINT, _tables_of

    t, key, year = _tables_of(state, data)
    members = t["members"] if key.startswith(FOOTPRINT) else None
    slug = key.replace(FOOTPRINT, "footprint-").replace(",", "-")[:60]
    return flows_frame(series_of(data, codes_of(key, year, data, members))), f"observed_flows_{slug}.csv"



@table("profile-flow-sources")
def sources_table(state, data) -> tuple[pd.DataFrame, str]:
    from .profile import FOOTPRINT, _tables_of

    t, key, year = _tables_of(state, data)
    members = t["members"] if key.startswith(FOOTPRINT) else None
    slug = key.replace(FOOTPRINT, "footprint-").replace(",", "-")[:60]
    return sources_frame(data, codes_of(key, year, data, members), year, state.sectors), \
        f"modelled_sources_{slug}_{year}.csv"
