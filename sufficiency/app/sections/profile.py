"""The LA profile view: headline figures against region, England and statistical
neighbours, trend charts 2014-2025 and the rating mix by sector.

``render(state, data)`` is pure. Every chart's table is a sortable ``tables.table_block``
with a CSV download of exactly what is shown; :func:`chart_block` (a chart with its table
in a details block) is shared with the quality view.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl

import pandas as pd
from dash import dcc, html

from ...config import FIRST_YEAR, LAST_YEAR
from ...figures import profile as pfig
from ...figures.quality import rating_distribution_figure
from ...geography.reorganisations import REGION_NAMES
from ...metrics import profile as pm
from ...metrics import quality as qm
from ...vocab import SECTOR_SLUGS, SECTORS
from ...store import load
from ..plotting import figure_dict, graph_config
from ..tables import table, table_block

# --- building blocks ------------------------------------------------------------------


def graph(fig, graph_id: str, label: str) -> html.Div:
    return html.Div(
        dcc.Graph(id=graph_id, figure=figure_dict(fig), config=graph_config(displayModeBar=False)),
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
    options = [html.Option(name, value=code, selected=(code == chosen)) for code, name in zip(las["code"], las["name"])]
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
    covered = pm.years_covered(code, data.gazetteer)
    return year if year in covered else min(covered, key=lambda y: abs(y - year))


def _summary(head: pd.DataFrame, names: dict) -> html.Dl:
    keys = ("places", "places_per_10k", "cla_per_10k", "ch_children", "gap", "pct_over_20_miles")
    rows = []
    for _, r in head.set_index("key").loc[list(keys)].reset_index().iterrows():
        compare = (
            f"{names['region']}: {pm.fmt(r['region'], r['unit'])}. England: {pm.fmt(r['england'], r['unit'])}. "
            f"Statistical neighbours' median: {pm.fmt(r['neighbours_median'], r['unit'])}."
        )
        rows.append(
            html.Div(
                [
                    html.Dt(r["measure"], className="govuk-summary-list__key"),
                    html.Dd(
                        [html.Strong(pm.fmt(r["la"], r["unit"], r["la_flag"]), className="app-headline"), html.Br(),
                         html.Span(compare, className="govuk-body-s")],
                        className="govuk-summary-list__value",
                    ),
                ],
                className="govuk-summary-list__row",
            )
        )
    return html.Dl(rows, className="govuk-summary-list", id="profile-headlines")


def comparison_frame(head: pd.DataFrame, names: dict, *, display: bool) -> pd.DataFrame:
    """The comparison table, as display strings or (``display=False``) raw values for CSV."""
    out = pd.DataFrame({"Measure": head["measure"]})
    for col, title in (("la", names["la"]), ("region", names["region"]), ("england", "England"),
                       ("neighbours_median", "Statistical neighbours (median)")):
        if display:
            flag_col = "la_flag" if col == "la" else col.replace("_median", "") + "_flag"
            flags = head[flag_col] if flag_col in head else [None] * len(head)
            out[title] = [pm.fmt(v, u, f) for v, u, f in zip(head[col], head["unit"], flags)]
        else:
            out[title] = head[col].round(2)
            if col == "la":
                out[f"{title} (note)"] = [pm.missing_text(f) if pd.isna(v) or f == pm.ESTIMATE else "" for v, f in zip(head["la"], head["la_flag"])]
    out["Neighbours with a figure"] = [f"{n} of {t}" for n, t in zip(head["neighbours_with_value"], head["neighbours"])]
    return out


def _trend_frames(trend: pd.DataFrame, names: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trend as one wide table: display strings, and raw values (with reasons) for CSV."""
    la = trend[trend["area"] == "la"].set_index("year")
    other = {a: trend[trend["area"] == a].set_index("year").reindex(la.index) for a in ("region", "england")}
    cols = [("la", k, t, u) for k, t, u in (
        *[(f"homes_{SECTOR_SLUGS[s]}", f"Homes: {s.lower()}", "count") for s in SECTORS],
        ("homes", "Children's homes (chosen sectors)", "count"),
        *[(f"places_{SECTOR_SLUGS[s]}", f"Places: {s.lower()}", "count") for s in SECTORS],
        ("places", "Registered places (chosen sectors)", "count"),
        ("cla", "Children looked after", "count"), ("cla_per_10k", "Children looked after per 10,000", "per10k"),
        ("ch_children", "Children in children's homes", "count"), ("gap", "Gap (children minus places)", "count"),
        ("gap_per_10k", "Gap per 10,000 children", "per10k"),
        ("pct_over_20_miles", "% placed more than 20 miles from home", "pct"),
    )] + [(a, k, f"{names[a]}: {t}", u) for a in ("region", "england") for k, t, u in (
        ("cla_per_10k", "children looked after per 10,000", "per10k"),
        ("pct_over_20_miles", "% more than 20 miles", "pct"),
    )]
    disp = pd.DataFrame({"Year": la.index.astype(str), "LA codes": la["codes"].to_numpy()})
    raw = disp.copy()
    for area, key, title, unit in cols:
        src = la if area == "la" else other[area]
        flags = src[f"{key}_flag"].to_numpy() if f"{key}_flag" in src else [None] * len(src)
        disp[title] = [pm.fmt(v, unit, f) for v, f in zip(src[key], flags)]
        raw[title] = src[key].round(2).to_numpy()
        if area == "la" and f"{key}_flag" in src:
            raw[f"{title}: note"] = [pm.missing_text(f) if pd.isna(v) or f == pm.ESTIMATE else "" for v, f in zip(src[key], flags)]
    raw["Children in children's homes: source"] = la["ch_source"].fillna("").to_numpy()
    return disp, raw


def _pick(frame: pd.DataFrame, words: tuple[str, ...]) -> pd.DataFrame:
    keep = [c for c in frame.columns if c in ("Year", "LA codes") or any(w in c for w in words)]
    return frame[keep]


TREND_COLUMNS = {
    "profile-places": ("Places", "Registered places"),
    "profile-homes": ("Homes", "Children's homes"),
    "profile-cla": ("looked after",),
    "profile-gap": ("Gap", "children's homes", "Registered places (chosen"),
    "profile-distance": ("20 miles",),
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


TREND_CHARTS = {
    "profile-places": "Registered places by sector",
    "profile-homes": "Children's homes by sector",
    "profile-cla": "Children looked after per 10,000 children",
    "profile-gap": "Gap: children in children's homes minus registered places",
    "profile-distance": "Children looked after placed more than 20 miles from home",
}


def chosen(state, data) -> tuple[str, int] | None:
    """(LA code, year shown) of the profile ``state`` asks for, or None."""
    code = pm.resolve_la(state.la, state.area, data.gazetteer)
    return None if code is None else (code, _year_for(code, state.year, data))


@lru_cache(maxsize=32)
def profile_tables(folder: str, code: str, year: int, sectors: tuple, types: tuple) -> dict:
    """Everything the profile of ``code`` shows, computed once per LA, year and filters."""
    data = load(folder)
    gaz = data.gazetteer
    row = gaz[gaz["code"] == code].iloc[0]
    region = row["region_code"]
    names = {"la": row["name"], "region": REGION_NAMES.get(region, region), "england": "England"}
    head = pm.headline_table(code, year, data, sectors, types)
    trend = pm.trend_table(code, data, sectors, types)
    _, raw = _trend_frames(trend, names)
    out = {"names": names, "head": head, "trend": trend, "neighbours": pm.neighbours(code, year, data.neighbours, gaz),
           "profile-comparison": comparison_frame(head, names, display=False),
           **{gid: _pick(raw, TREND_COLUMNS[gid]) for gid in TREND_CHARTS}, "profile-ratings": None}
    if year >= qm.FIRST_RATED_YEAR:
        dist = qm.distribution(data.supply, year, sectors, types, area=code,
                               codes_in_year=lambda y: pm.codes_in_year(code, y, gaz))
        out["dist"] = dist
        out["profile-ratings"] = pd.DataFrame({
            "Sector": dist["sector"], "Rating": dist["rating"], "Homes": dist["homes"], "Places": dist["places"],
            "% of sector's homes": dist["share"].round(1),
        })
    return out


def _file_names(code: str, year: int) -> dict:
    return {"profile-comparison": f"profile_{code}_{year}.csv", "profile-ratings": f"ratings_{code}_{year}.csv",
            **{gid: f"profile_{code}_{gid.split('-')[1]}.csv" for gid in TREND_CHARTS}}


def _builder(name: str):
    def build(state, folder: str) -> tuple[pd.DataFrame, str]:
        code, year = chosen(state, load(folder))
        frame = profile_tables(folder, code, year, tuple(state.sectors), tuple(state.provision_types))[name]
        return frame, _file_names(code, year)[name]

    build.__name__ = f"{name.replace('-', '_')}_table"
    return build


for _name in ("profile-comparison", "profile-ratings", *TREND_CHARTS):
    table(_name)(_builder(_name))


def render(state, data):
    """The profile of ``state.la`` (or ``state.area`` when it is an LA) for ``state.year``."""
    pick = chosen(state, data)
    if pick is None:
        return _prompt(state, data)
    code, year = pick
    gaz = data.gazetteer
    t = profile_tables(str(data.folder), code, year, tuple(state.sectors), tuple(state.provision_types))
    names, head, trend = t["names"], t["head"], t["trend"]
    parts = [
        html.Span(f"Local authority profile, {names['region']}", className="govuk-caption-l"),
        html.H1(names["la"], className="govuk-heading-l", id="profile-heading"),
    ]
    if year != state.year:
        parts.append(html.Div(f"{names['la']} did not exist as a council in {state.year}: showing {year}.", className="govuk-inset-text"))
    note = pm.lineage_note(code, gaz)
    if note:
        parts.append(html.Div(note, className="govuk-inset-text", id="profile-lineage"))
    parts += [
        html.H2(f"Headline figures at 31 March {year}", className="govuk-heading-m"),
        _summary(head, names),
        _neighbour_list(t["neighbours"], year),
        html.P(
            "Children's homes and registered places follow the sectors and provision types chosen in the filters; "
            "places are registered capacity, not occupancy. Sector is who owns the home (Ofsted), not who provides a "
            f"child's placement (DfE). Children in children's homes: {head.attrs.get('ch_source') or 'no figure this year'}. "
            "The gap is this area's children in children's homes minus the children's-home places in the area.",
            className="govuk-body-s",
        ),
        html.H2("Compared with the region, England and statistical neighbours", className="govuk-heading-m"),
        html.P(
            "Rows marked observed are DfE's published figures (FOI 2024-0040813) on children living in children's "
            "homes: this area's children placed outside the local authority, and the net gain, other areas' children "
            "placed in children's homes here minus this area's children placed in homes elsewhere. "
            + (f"They are not published for {year}: the FOI ends in {pm.FOI_LAST_YEAR}."
               if year > pm.FOI_LAST_YEAR else "They are observed, not modelled."),
            className="govuk-body-s", id="profile-observed-note",
        ),
        table_block("profile-comparison", t["profile-comparison"], f"{names['la']} compared, 31 March {year}",
                    block_id="profile-comparison"),
        html.H2(f"Trends {FIRST_YEAR} to {LAST_YEAR}", className="govuk-heading-m"),
    ]
    figures = {
        "profile-places": pfig.supply_trend_figure(trend, names["la"], "places"),
        "profile-homes": pfig.supply_trend_figure(trend, names["la"], "homes"),
        "profile-cla": pfig.cla_trend_figure(trend, names),
        "profile-gap": pfig.gap_trend_figure(trend, names["la"]),
        "profile-distance": pfig.distance_trend_figure(trend, names),
    }
    for gid, heading in TREND_CHARTS.items():
        parts.append(chart_block(heading, figures[gid], gid, gid, t[gid]))
    parts.append(_ratings(t, year, names["la"], data))
    return html.Div(parts, id="profile-section")


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
