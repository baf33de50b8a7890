"""The LA profile view: headline figures against region, England and statistical
neighbours, trend charts 2014-2025 and the rating mix by sector.

``render(state, data)`` is pure. Every chart's table is a sortable ``tables.table_block``
with a CSV download of exactly what is shown; :func:`chart_block` (a chart with its table
in a details block) is shared with the quality view.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
from dash import dcc, html

from ...config import FIRST_YEAR, LAST_YEAR
from ...engine import profile as pm
from ...engine import quality as qm
from ...engine.registry import MEASURES, definition
from ...figures import profile as pfig
from ...figures.quality import rating_distribution_figure
from ...flags import missing_text
from ...formats import display
from ...geography import lineage as gl
from ...geography.reorganisations import REGION_NAMES
from ..controls import option
from ...present.areas import chosen as area_chosen, footprint_of, members_in_year
from . import profile_flows
from ...state import ViewState
from ...texts import FOOTPRINT_RULE
from ..chart_images import image_buttons
from ..plotting import figure_dict, graph_config
from ..tables import table, table_block
from . import gap_explained
from .forecast_panel import forecast_part

# --- building blocks ------------------------------------------------------------------


def graph(fig, graph_id: str, label: str) -> html.Div:
    return html.Div(
        [dcc.Graph(id=graph_id, figure=figure_dict(fig), config=graph_config(displayModeBar=False)),
         image_buttons(graph_id, label)],
        className="app-chart", title=label,
    )


def chart_block(heading: str, fig, graph_id: str, name: str, frame: pd.DataFrame, *, note=None) -> html.Section:
    """A chart under its heading, then its figures in a details block: the sortable table
    ``name`` (``frame``, registered with ``tables.table``) with its CSV download."""
    parts = [html.H3(heading, className="govuk-heading-m"), graph(fig, graph_id, heading)]
    if note:
        parts.append(html.P(note, className="govuk-body-s"))
    parts.append(
        html.Details(
            [
                html.Summary(html.Span(f"Table: {heading.lower()}", className="govuk-details__summary-text"),
                             className="govuk-details__summary"),
                html.Div(table_block(name, frame, heading, heading="h4"), className="govuk-details__text"),
            ],
            className="govuk-details",
        )
    )
    return html.Section(parts, className="app-chart-block")


def la_chooser(state, data, *, chosen: str | None = None, label: str = "Choose a local authority") -> html.Form:
    """A plain GET form: the select sets ``la`` and keeps the rest of the view in the URL."""
    keep = [(k, v) for k, v in parse_qsl(state.with_(view="profile", la=None).to_query().lstrip("?")) if k != "la"]
    if not any(k == "view" for k, _ in keep):
        keep.append(("view", "profile"))
    las = data.las_in_year(LAST_YEAR).sort_values("name")
    options = [option(code, name, chosen) for code, name in zip(las["code"], las["name"])]
    return html.Form(
        [
            *[dcc.Input(type="hidden", name=k, value=v, id=f"profile-keep-{k}") for k, v in keep],
            html.Div(
                [
                    html.Label(label, htmlFor="profile-la", className="govuk-label govuk-label--s"),
                    html.Select(options, id="profile-la", name="la", className="govuk-select"),
                ],
                className="govuk-form-group",
            ),
            html.Button("Show profile", type="submit", className="govuk-button", **{"data-module": "govuk-button"}),
        ],
        method="get", action="/", className="app-la-chooser",
    )


# --- the view -------------------------------------------------------------------------


def _prompt(state, data) -> html.Div:
    return html.Div(
        [
            html.H1("Local authority profile", className="govuk-heading-l"),
            html.P(
                "Choose a local authority to see its children's homes, registered places and children "
                "looked after, compared with its region, England and its statistical neighbours.",
                className="govuk-body",
            ),
            la_chooser(state, data),
        ],
        id="profile-section",
    )


def _year_for(code: str, year: int, data) -> int:
    covered = gl.years_covered(code, data.gazetteer)
    return year if year in covered else min(covered, key=lambda y: abs(y - year))


SUMMARY_KEYS = ("places", "places_per_10k", "cla_per_10k", "ch_children", "gap", "pct_over_20_miles")


def cell(row, prefix: str) -> str:
    """One area's figure in a headline row, as read (value or reason; estimate; coverage)."""
    return display(row[prefix], row["kind"], row[f"{prefix}_flag"], row[f"{prefix}_n"], row[f"{prefix}_las"])


def _summary(head: pd.DataFrame, names: dict, year: int) -> html.Dl:
    rows = []
    # One dict per measure (the headline frame's columns are many blocks: re-indexing it would
    # cost more than the whole summary).
    by_key = dict(zip(head["key"], head.to_dict("records")))
    for r in (by_key[k] for k in SUMMARY_KEYS):
        compare = (
            f"{names['region']}: {cell(r, 'region')}. England: {cell(r, 'england')}. "
            f"Statistical neighbours' median: {display(r['neighbours_median'], r['kind'], r['neighbours_flag'])}."
        )
        covers = definition(r["key"], year) or r["covers"]
        explained = []
        if r["key"] == gap_explained.GAP:
            net = by_key[gap_explained.NET_GAIN]
            reason = missing_text(net["la_flag"]) if pd.isna(net["la"]) else None
            explained = [html.Br(), html.Span(gap_explained.gap_explanation(), className="govuk-body-s",
                                              id="profile-gap-meaning"),
                         html.Br(), html.Span(gap_explained.net_gain_sentence(net["la"], year, reason=reason),
                                              className="govuk-body-s", id="profile-net-gain")]
        rows.append(
            html.Div(
                [
                    html.Dt(r["measure"], className="govuk-summary-list__key"),
                    html.Dd(
                        [html.Strong(cell(r, "la"), className="app-headline"), html.Br(),
                         html.Span(f"{r['la_basis']}: {covers}", className="govuk-body-s app-basis"), html.Br(),
                         html.Span(compare, className="govuk-body-s"), *explained],
                        className="govuk-summary-list__value",
                    ),
                ],
                className="govuk-summary-list__row",
            )
        )
    return html.Dl(rows, className="govuk-summary-list", id="profile-headlines")


def comparison_frame(head: pd.DataFrame, names: dict, *, display: bool) -> pd.DataFrame:
    """The comparison table, as display strings or (``display=False``) raw values for CSV."""
    out = pd.DataFrame({"Measure": head["measure"], "Basis": head["la_basis"]})
    for col, title in (("la", names["la"]), ("region", names["region"]), ("england", "England")):
        if display:
            out[title] = [cell(r, col) for _, r in head.iterrows()]
        else:
            out[title] = head[col].round(2)
            out[f"{title} (note)"] = [missing_text(f) if pd.isna(v) else ("estimate" if f == "estimate" else "")
                                      for v, f in zip(head[col], head[f"{col}_flag"])]
    neighbours = "Statistical neighbours (median)"
    if display:
        out[neighbours] = [_display_value(v, k, f) for v, k, f in
                           zip(head["neighbours_median"], head["kind"], head["neighbours_flag"])]
    else:
        out[neighbours] = head["neighbours_median"].round(2)
    out["Neighbours with a figure"] = [f"{n} of {t}" for n, t in zip(head["neighbours_with_value"], head["neighbours"])]
    return out


def _display_value(value, kind, flag) -> str:
    return display(value, kind, flag)


#: Trend tables: chart id -> (measure key, title, area) columns.
TREND_COLUMNS = {
    "profile-places": [(f"places_{s}", None, "la") for s in ("local_authority", "private", "voluntary", "health_authority")]
    + [("places", "Registered places (chosen sectors)", "la")],
    "profile-homes": [(f"homes_{s}", None, "la") for s in ("local_authority", "private", "voluntary", "health_authority")]
    + [("homes", "Children's homes (chosen sectors)", "la")],
    "profile-cla": [("cla", None, "la"), ("cla_per_10k", None, "la"), ("cla_per_10k", None, "region"),
                    ("cla_per_10k", None, "england")],
    "profile-gap": [("ch_children", None, "la"), ("cla_ch", None, "la"), ("places", "Registered places (chosen sectors)", "la"),
                    ("gap", None, "la"), ("gap_dfe", None, "la"), ("gap_per_10k", None, "la")],
    "profile-distance": [("pct_over_20_miles", None, "la"), ("pct_over_20_miles", None, "region"),
                         ("pct_over_20_miles", None, "england")],
}


def by_area(trend: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The trend's rows of each area ('la', 'region', 'england'), indexed by year."""
    return {area: part.set_index("year") for area, part in trend.groupby("area", sort=False)}


def trend_frame(trend: pd.DataFrame, names: dict, gid: str, parts: dict | None = None) -> pd.DataFrame:
    """A trend chart's table for CSV and screen: year, the LA's codes that year, each column
    (raw value) with its note (reason it is missing, estimate, coverage). ``parts``: the
    trend's :func:`by_area`, when already split."""
    areas = parts if parts is not None else by_area(trend)
    la = areas["la"]
    out = {"Year": la.index.astype(int), "LA codes": la["codes"].to_numpy()}
    for key, title, area in TREND_COLUMNS[gid]:
        if area not in areas:  # a footprint whose LAs are in several regions has no region line
            continue
        src = la if area == "la" else areas[area].reindex(la.index)
        label = title or MEASURES[key].label
        if area != "la":
            label = f"{names[area]}: {label}"
        out[label] = src[key].round(2).to_numpy()
        if area == "la":
            notes = []
            for v, f, n, t in zip(src[key], src[f"{key}__flag"], src[f"{key}__n"], src["las"]):
                text = display(v, MEASURES[key].kind, f, n, t)
                notes.append(text if pd.isna(v) else (text.split(" (", 1)[1].rstrip(")") if " (" in text else ""))
            if any(notes):
                out[f"{label}: note"] = notes
    return pd.DataFrame(out)


def _trend_frames(trend: pd.DataFrame, names: dict) -> dict:
    parts = by_area(trend)
    return {gid: trend_frame(trend, names, gid, parts) for gid in TREND_CHARTS}


TREND_CHARTS = {
    "profile-places": "Registered places by sector",
    "profile-homes": "Children's homes by sector",
    "profile-cla": "Children looked after per 10,000 children",
    "profile-gap": "Gap: children in children's homes minus registered places",
    "profile-distance": "Children looked after placed more than 20 miles from home",
}


def _neighbour_list(nb: pd.DataFrame, year: int) -> html.Div:
    model = pm.neighbour_model(year)
    text = ", ".join(nb["name"]) if len(nb) else "none listed"
    return html.Div(
        [
            html.P([html.Strong(f"Statistical neighbours (DfE {model} model): "), text], className="govuk-body", id="profile-neighbours"),
            html.P(f"DfE's {model} model is used for {'2023 onwards' if model == '2025' else 'years before 2023'}.",
                   className="govuk-body-s"),
        ]
    )


def chosen(state, data) -> tuple[str, int] | None:
    """(LA code, year shown) of the LA profile ``state`` asks for, or None."""
    code = gl.resolve_la(state.la, state.area, data.gazetteer)
    return None if code is None else (code, _year_for(code, state.year, data))


def subject(state, data) -> tuple[str, int] | None:
    """(profile key, year) of the profile ``state`` asks for: a footprint's key (the
    footprint comes first when the state has one) or an LA code; None: nothing chosen."""
    fp = footprint_of(state, data)
    if fp is not None:
        return FOOTPRINT + fp.key, state.year
    return chosen(state, data)


FOOTPRINT = "footprint:"


def _slug(key: str) -> str:
    if not key.startswith(FOOTPRINT):
        return key
    fp = key.removeprefix(FOOTPRINT)
    if "," not in fp and not fp.startswith("E"):
        return f"footprint-{fp}"
    import hashlib

    return f"footprint-{fp.count(',') + 1}-las-{hashlib.sha256(fp.encode()).hexdigest()[:8]}"


@lru_cache(maxsize=32)
def profile_tables(data, key: str, year: int, sectors: tuple, types: tuple, footprint_name: str | None = None) -> dict:
    """Everything the profile of ``key`` (an LA code, or a footprint's key) shows, computed
    once per profile, year and filters."""
    gaz = data.gazetteer
    if key.startswith(FOOTPRINT):
        state = ViewState(year=year, sectors=sectors, provision_types=types, footprint=key.removeprefix(FOOTPRINT),
                          footprint_name=footprint_name)
        area = area_chosen(state, data)
        head = pm.footprint_headline_table(area, year, data, sectors, types)
        region = head.attrs.get("region")
        names = {"la": area.name, "region": REGION_NAMES.get(region, "Region") if region else "Region",
                 "england": "England"}
        trend = pm.footprint_trend_table(area, data, sectors, types)
        members = pm.members_table(area, year, data, sectors, types)
        out = {"names": names, "head": head, "trend": trend, "neighbours": pd.DataFrame(), "area": area,
               "members": members, "profile-members": members_frame(members),
               "profile-comparison": comparison_frame(head, names, display=False),
               **_trend_frames(trend, names), "profile-ratings": None,
               "profile-benchmarks": None, "profile-neighbour-values": None}
        codes_in_year = (lambda y: members_in_year(area, y, data))
    else:
        row = gaz[gaz["code"] == key].iloc[0]
        region = row["region_code"]
        names = {"la": row["name"], "region": REGION_NAMES.get(region, region), "england": "England"}
        head = pm.headline_table(key, year, data, sectors, types)
        trend = pm.trend_table(key, data, sectors, types)
        bench = pm.benchmark_table(key, year, data, sectors, types)
        nbv = pm.neighbour_table(key, year, data, sectors, types)
        out = {"names": names, "head": head, "trend": trend, "neighbours": pm.neighbours_of(data, key, year),
               "profile-comparison": comparison_frame(head, names, display=False),
               **_trend_frames(trend, names), "profile-ratings": None,
               "bench": bench, "neighbour_values": nbv,
               "profile-benchmarks": benchmark_frame(bench, names), "profile-neighbour-values": neighbour_frame(nbv),
               "profile-members": None}
        codes_in_year = (lambda y: gl.codes_in_year(key, y, gaz))
    if year >= qm.FIRST_RATED_YEAR:
        dist = qm.distribution(data.supply, year, sectors, types, area=key, codes_in_year=codes_in_year)
        out["dist"] = dist
        out["profile-ratings"] = pd.DataFrame({
            "Sector": dist["sector"], "Rating": dist["rating"], "Homes": dist["homes"], "Places": dist["places"],
            "% of sector's homes": dist["share"].round(1),
        })
    return out


def benchmark_frame(bench: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The benchmark table as shown and downloaded: value, rank, quartile, change, neighbours."""
    return pd.DataFrame({
        "Measure": bench["measure"],
        names["la"]: bench["la"].round(2),
        "Rank among LAs (1 = highest)": [f"{int(r)} of {n}" if np.isfinite(r) else "" for r, n in zip(bench["rank"], bench["of"])],
        "Quartile (A = better quarter)": bench["quartile"].fillna(""),
        "Which is better": [{"higher": "higher", "lower": "lower"}.get(b, "neither") for b in bench["better"]],
        "Change since the year before": bench["change"].round(2),
        "Statistical neighbours (mean)": bench["neighbours_mean"].round(2),
        "Statistical neighbours (median)": bench["neighbours_median"].round(2),
        names["region"]: bench["region"].round(2),
        "England": bench["england"].round(2),
    })


def neighbour_frame(nbv: pd.DataFrame) -> pd.DataFrame:
    """Each statistical neighbour named, with each benchmark measure's value, rank and quartile."""
    rows = []
    for _, r in nbv.iterrows():
        for key in pm.BENCHMARKS:
            m = MEASURES[key]
            rows.append({"Measure": m.label, "Local authority": r["name"],
                         "Role": "this LA" if r["role"] == "selected" else f"neighbour {int(r['neighbour_rank'])}",
                         "Closeness": r["closeness"], "Value": round(float(r[key]), 2) if np.isfinite(r[key]) else np.nan,
                         "Note": missing_text(r[f"{key}__flag"]) if not np.isfinite(r[key]) else "",
                         "Rank among LAs (1 = highest)": r[f"{key}__rank"],
                         "Quartile (A = better quarter)": r[f"{key}__quartile"] or ""})
    return pd.DataFrame(rows)


def members_frame(members: pd.DataFrame) -> pd.DataFrame:
    """A footprint's LAs side by side (the headline measures of each)."""
    keys = ("homes", "places", "places_per_10k", "cla", "cla_per_10k", "gap", "pct_over_20_miles", "pct_good_or_better")
    out = pd.DataFrame({"LA code": members.index, "Local authority": members["name"].to_numpy()})
    for key in keys:
        m = MEASURES[key]
        out[f"{m.label} ({m.unit})"] = members[key].round(2).to_numpy()
    return out


def _file_names(key: str, year: int) -> dict:
    slug = _slug(key)
    return {"profile-comparison": f"profile_{slug}_{year}.csv", "profile-ratings": f"ratings_{slug}_{year}.csv",
            "profile-benchmarks": f"benchmarks_{slug}_{year}.csv",
            "profile-neighbour-values": f"neighbours_{slug}_{year}.csv", "profile-members": f"members_{slug}_{year}.csv",
            **{gid: f"profile_{slug}_{gid.split('-')[1]}.csv" for gid in TREND_CHARTS}}


def _tables_of(state, data) -> tuple[dict, str, int]:
    key, year = subject(state, data)
    return profile_tables(data, key, year, tuple(state.sectors), tuple(state.provision_types),
                          state.footprint_name if key.startswith(FOOTPRINT) else None), key, year


def _builder(name: str):
    def build(state, data) -> tuple[pd.DataFrame, str]:
        t, key, year = _tables_of(state, data)
        return t[name], _file_names(key, year)[name]

    build.__name__ = f"{name.replace('-', '_')}_table"
    return build


for _name in ("profile-comparison", "profile-ratings", "profile-benchmarks", "profile-neighbour-values",
              "profile-members", *TREND_CHARTS):
    table(_name)(_builder(_name))


def render(state, data):
    """The profile of the state's footprint, else of ``state.la`` (or ``state.area`` when it
    is an LA), for ``state.year``."""
    pick = subject(state, data)
    if pick is None:
        return _prompt(state, data)
    t, key, year = _tables_of(state, data)
    footprint = key.startswith(FOOTPRINT)
    gaz = data.gazetteer
    names, head, trend = t["names"], t["head"], t["trend"]
    caption = "Footprint profile" if footprint else f"Local authority profile, {names['region']}"
    parts = [
        html.Span(caption, className="govuk-caption-l"),
        html.H1(names["la"], className="govuk-heading-l", id="profile-heading"),
    ]
    if footprint:
        members = t["members"]
        parts.append(html.Div(
            [html.P(f"{len(members)} local authorities in {year}: " + ", ".join(members["name"]) + ".",
                    className="govuk-body"),
             html.P(FOOTPRINT_RULE, className="govuk-body-s")],
            className="govuk-inset-text", id="profile-footprint-members"))
    else:
        if year != state.year:
            parts.append(html.Div(f"{names['la']} did not exist as a council in {state.year}: showing {year}.",
                                  className="govuk-inset-text"))
        note = gl.lineage_note(key, gaz)
        if note:
            parts.append(html.Div(note, className="govuk-inset-text", id="profile-lineage"))
    compared = ("Compared with " + (f"{names['region']} and England" if footprint and head.attrs.get("region")
                                    else "England" if footprint else "the region, England and statistical neighbours"))
    parts += [
        html.H2(f"Headline figures at 31 March {year}", className="govuk-heading-m"),
        _summary(head, names, year),
    ]
    if not footprint:
        parts.append(_neighbour_list(t["neighbours"], year))
    parts += [
        html.P(
            "Children's homes and registered places follow the sectors and provision types chosen in the filters; "
            "places are registered capacity, not occupancy. Sector is who owns the home (Ofsted), not who provides a "
            "child's placement (DfE). The gap is this area's children in children's homes minus the children's-home "
            f"places in the area; in {year} it counts {definition('gap', year)}.",
            className="govuk-body-s",
        ),
        html.H2(compared, className="govuk-heading-m"),
        html.P(
            "Rows from DfE FOI 2024-0040813 are published figures on children living in children's homes: this "
            "area's children placed outside the local authority, and the net gain, other areas' children placed in "
            "children's homes here minus this area's children placed in homes elsewhere. "
            + (f"They are not published for {year}: the FOI ends in {pm.FOI_LAST_YEAR}."
               if year > pm.FOI_LAST_YEAR else "They are observed, not modelled."),
            className="govuk-body-s", id="profile-observed-note",
        ),
        table_block("profile-comparison", t["profile-comparison"],
                    f"{names['la']} compared, 31 March {year}", block_id="profile-comparison"),
    ]
    if footprint:
        parts += [html.H2("The footprint's local authorities side by side", className="govuk-heading-m"),
                  table_block("profile-members", t["profile-members"],
                              f"Local authorities of {names['la']}, 31 March {year}", block_id="profile-members")]
    else:
        parts += _benchmarking(t, year, names, state)
    parts.append(html.H2(f"Trends {FIRST_YEAR} to {LAST_YEAR}", className="govuk-heading-m"))
    figures = {
        "profile-places": pfig.supply_trend_figure(trend, names["la"], "places"),
        "profile-homes": pfig.supply_trend_figure(trend, names["la"], "homes"),
        "profile-cla": pfig.cla_trend_figure(trend, names),
        "profile-gap": pfig.gap_trend_figure(trend, names["la"]),
        "profile-distance": pfig.distance_trend_figure(trend, names),
    }
    for gid, heading in TREND_CHARTS.items():
        parts.append(chart_block(heading, figures[gid], gid, gid, t[gid]))
        if gid == "profile-distance":
            parts += profile_flows.block(state, data, key, year, names["la"], t["members"] if footprint else None)
    parts.append(_ratings(t, year, names["la"], data))
    parts += forecast_part(state, data)
    return html.Div(parts, id="profile-section")


def _benchmarking(t: dict, year: int, names: dict, state) -> list:
    """LAIT-style benchmarking: rank, quartile, change, neighbours named with their values."""
    model = pm.neighbour_model(year)
    key = state.measure if state.measure in pm.BENCHMARKS else "places_per_10k"
    fig = pfig.benchmark_figure(t["neighbour_values"], key, MEASURES[key].label, MEASURES[key].unit,
                                names, float(t["bench"].set_index("key").at[key, "region"]),
                                float(t["bench"].set_index("key").at[key, "england"]))
    return [
        html.H2("Benchmarking: rank, quartile and statistical neighbours", className="govuk-heading-m",
                id="profile-benchmarking"),
        html.P(f"Rank is among all {int(t['bench']['of'].max())} local authorities with a figure (1 = highest). "
               "Quartile A is the better quarter of LAs where a direction is better (stated for each measure); "
               "where neither is better, A is the quarter with the highest values. Statistical neighbours are "
               f"DfE's {model} model, used for {'2023 onwards' if model == '2025' else 'years before 2023'}.",
               className="govuk-body-s"),
        table_block("profile-benchmarks", t["profile-benchmarks"], f"{names['la']} benchmarked, 31 March {year}",
                    block_id="profile-benchmarks"),
        chart_block(f"{MEASURES[key].label}: {names['la']} and its statistical neighbours", fig,
                    "profile-neighbours-chart", "profile-neighbour-values", t["profile-neighbour-values"],
                    note="Each statistical neighbour is named; the lines mark the region and England. The table "
                         "gives every benchmark measure for each neighbour, with its rank and quartile."),
    ]


def _ratings(t: dict, year: int, name: str, data) -> html.Section:
    heading = f"Inspection ratings by sector at 31 March {year}"
    if year < qm.FIRST_RATED_YEAR:
        return html.Section([html.H2(heading, className="govuk-heading-m"), html.P(qm.NO_2014_RATINGS, className="govuk-body")])
    dist = t["dist"]
    framework = qm.framework_label(data.supply, year)
    if dist.empty:
        return html.Section([html.H2(heading, className="govuk-heading-m"), html.P("No children's homes in these sectors.", className="govuk-body")])
    fig = rating_distribution_figure(dist, f"{name}: children's homes by latest rating and sector, {year}", framework)
    block = chart_block("Rating mix by sector", fig, "profile-ratings", "profile-ratings", t["profile-ratings"],
                        note=f"Ratings: {framework}. {qm.LIKE_FOR_LIKE}")
    return html.Section([html.H2(heading, className="govuk-heading-m"), block])
