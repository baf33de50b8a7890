"""The dashboard's views on the embedded data: the pure render functions, and the central
callbacks called over HTTP with Flask's test client (no browser)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from sufficiency.app import create_app
from sufficiency.engine import queries
from sufficiency.app.callbacks import render_page
from sufficiency.store import load
from sufficiency.app.sections import map_view, region_view
from sufficiency.state import ViewState, from_query
from sufficiency.config import EMBEDDED_DATA

FOLDER = str(EMBEDDED_DATA)


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


@pytest.fixture(scope="module")
def client():
    return create_app(EMBEDDED_DATA).server.test_client()


def text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o))


def test_map_view_has_heading_headline_map_and_table(data):
    nav, panel, content = render_page("", data)
    body = text(content)
    assert "Registered places per 10,000 children aged 0-17, 31 March 2025" in body
    assert "headline-figures" in body and "Download CSV" in body
    assert '"type": "la-map"' in body
    frame, name = map_view.map_table(ViewState(), data)
    assert name == "registered-places-per-10000-children-aged-0-17-2025.csv"
    assert len(frame) == 153
    assert list(frame.columns[:4]) == ["LA code", "Local authority", "Region",
                                       "Registered places per 10,000 children aged 0-17 (places per 10,000 children)"]
    assert frame["Registered places"].sum() == 14275


def test_headline_figures_for_england_add_up(data):
    h = queries.area_row(data, "E92000001", 2025, ("Local authority", "Private", "Voluntary", "Health authority"),
                         ("childrens_home",))
    assert (h["homes"], h["places"]) == (3946, 14275)
    assert h["cla"] == 81770 and h["cla__basis"] == "observed"  # DfE's published national figure


def test_rebuilt_and_research_derived_years_are_labelled(data):
    rebuilt = text(render_page("?year=2016", data)[2])
    assert "31 March 2016 list rebuilt from joiners and leavers" in rebuilt
    research = text(render_page("?year=2019", data)[2])
    assert "Research-derived DfE figures" in research and "placed more than 20 miles from home" in research
    published = text(render_page("?year=2022", data)[2])
    assert "rebuilt" not in published and "Research-derived" not in published


def test_friendly_messages_when_the_filters_give_nothing(data):
    none = text(render_page("?sector=none", data)[2])
    assert "No provider sector is ticked" in none
    early = text(render_page("?measure=pct_over_20_miles&year=2015", data)[2])
    assert "has no figures for 2015" in early and "2017 to 2025" in early
    same = text(render_page("?measure=homes_change&baseline=2025", data)[2])
    assert "Choose a baseline year before 2025" in same


def test_change_measure_table_and_file_name(data):
    state = from_query("?measure=places_change&baseline=2018&year=2024")
    frame, name = map_view.map_table(state, data)
    assert name == "change-in-registered-places-2018-to-2024.csv"
    assert "Registered places at 31 March 2018" in frame.columns
    col = frame.columns[3]
    known = frame.dropna(subset=["Registered places at 31 March 2018"])
    assert len(known) > 140
    assert (known[col] == known["Registered places"] - known["Registered places at 31 March 2018"]).all()
    assert frame.loc[frame["Registered places at 31 March 2018"].isna(), col].isna().all()


def test_region_view_has_every_chart_with_a_table(data):
    body = text(render_page("?view=region", data)[2])
    for graph in ("region-bar", "region-map", "region-homes-lines", "region-places-lines", "region-change", "region-share"):
        assert f'"id": "{graph}"' in body
    for table in ("region-measure", "region-series", "region-change"):
        assert f'"name": "{table}"' in body
    assert "North West" in body and "gained the most children's homes" in body


def test_region_tables_add_up_to_england(data):
    state = ViewState(view="region")
    frame, _ = region_view.measure_table(state, data)
    regions = frame[frame["Region code"] != "E92000001"]
    assert regions["Children's homes"].sum() == frame.loc[frame["Region code"] == "E92000001", "Children's homes"].iloc[0]
    change, name = region_view.change_table(state, data)
    assert name == "change-in-childrens-homes-by-region-2014-to-2025.csv"
    nw = change[change["Region"] == "North West"].iloc[0]
    assert nw["Change in homes"] == change[change["Region code"].str.startswith("E12")]["Change in homes"].max()
    series, _ = region_view.series_table(state, data)
    shares = series.groupby("Year")["Share of England's homes (%)"].sum()
    assert ((shares - 100).abs() < 0.1).all()


def test_every_view_renders(data):
    for view in ("map", "region", "profile", "quality", "about", "market"):
        nav, panel, content = render_page(f"?view={view}", data)
        assert content is not None


def _post(client, output, outputs, inputs, changed):
    body = {"output": output, "outputs": outputs, "inputs": inputs, "state": [], "changedPropIds": changed}
    return client.post("/_dash-update-component", json=body)


def test_url_callback_over_http(client):
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert '"id":"filters"' in layout and '"id":"content"' in layout
    deps = client.get("/_dash-dependencies").get_json()
    url_cb = next(d for d in deps if d["inputs"] == [{"id": "url", "property": "search"}])
    outputs = [{"id": i, "property": "children"} for i in ("service-nav", "filters", "content")]
    response = _post(client, url_cb["output"], outputs,
                     [{"id": "url", "property": "search", "value": "?view=region&year=2020"}], ["url.search"])
    assert response.status_code == 200
    out = response.get_json()["response"]
    assert "Children's homes by region, 31 March 2020" in json.dumps(out["content"])


def test_download_callback_over_http(client, data):
    deps = client.get("/_dash-dependencies").get_json()
    dl = next(d for d in deps if d["output"] == "download.data")
    button = {"type": "download", "name": "la-map"}
    inputs = [[{"id": button, "property": "n_clicks", "value": 1}]]
    state = [
        [{"id": {"type": "table-sort", "name": "la-map"}, "property": "data",
          "value": {"column": 7, "column_id": "Registered places", "direction": "desc"}}],
        {"id": "url", "property": "search", "value": "?year=2023&sector=private"},
    ]
    body = {"output": dl["output"], "outputs": {"id": "download", "property": "data"}, "inputs": inputs,
            "state": state, "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    sent = response.get_json()["response"]["download"]["data"]
    assert sent["filename"] == "registered-places-per-10000-children-aged-0-17-2023.csv"
    frame = pd.read_csv(io.StringIO(sent["content"]))
    assert frame["Registered places"].is_monotonic_decreasing
    expected, _ = map_view.map_table(from_query("?year=2023&sector=private"), data)
    assert list(frame.columns) == list(expected.columns) and len(frame) == len(expected)


def test_a_page_is_built_once_per_state(data):
    first = render_page("?year=2020&sector=private", data)
    again = render_page("?sector=private&year=2020", data)  # the same state, written differently
    assert again is first
    assert render_page("?year=2021&sector=private", data) is not first


def test_region_map_caption_names_the_style(data):
    from sufficiency.app.sections.common import geo_available

    hexes = text(render_page("?view=region", data)[2])
    assert "by region on the hex map layout" in hexes
    geo = text(render_page("?view=region&style=geo", data, geo=geo_available())[2])
    assert ("on the regions' boundaries" in geo) == geo_available()


def test_map_table_names_link_to_profiles_keeping_the_filters(data):
    body = text(render_page("?year=2024&sector=private", data)[2])
    assert "/?view=profile&year=2024&sector=private&la=E08000025" in body
    store = json.loads(body)
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == {"type": "table-data", "name": "la-map"}:
                found.append(props["data"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(store)
    table = found[0]
    names = table["cells"][[c["name"] for c in table["columns"]].index("Local authority")]
    assert table["links"][names.index("Birmingham")] == "/?view=profile&year=2024&sector=private&la=E08000025"
    assert [c["link"] for c in table["columns"]].count(True) == 1


@pytest.mark.parametrize(
    "search, name, file_name",
    [
        ("?view=profile&la=E08000025", "profile-comparison", "profile_E08000025_2025.csv"),
        ("?view=profile&la=E08000025", "profile-places", "profile_E08000025_places.csv"),
        ("?view=profile&la=E08000025", "profile-ratings", "ratings_E08000025_2025.csv"),
        ("?view=quality", "quality-distribution", "ratings_E92000001_2025.csv"),
        ("?view=quality&measure=pct_ri_or_inadequate", "quality-trend", "ratings_trend_pct_ri_or_inadequate_E92000001.csv"),
        ("?view=quality", "quality-places", "places_by_rating_E92000001.csv"),
        ("?view=quality", "quality-frameworks", "ratings_frameworks.csv"),
        ("?view=about", "about-sources", "sources.csv"),
        ("?view=market&area=E10000016", "market-owners-area", "largest-owners-kent-2025.csv"),
        ("?view=market&area=E10000016", "market-openings", "openings-and-closures-kent-2025.csv"),
    ],
)
def test_every_section_table_downloads_exactly_what_is_shown(data, search, name, file_name):
    from sufficiency.app import tables

    body = json.loads(text(render_page(search, data)[2]))

    def stores(node):
        if isinstance(node, dict):
            if node.get("type") == "Store" and isinstance(node.get("props", {}).get("id"), dict) \
                    and node["props"]["id"].get("type") == "table-data":
                yield node["props"]
            for value in node.values():
                yield from stores(value)
        elif isinstance(node, list):
            for value in node:
                yield from stores(value)

    shown = next(g["data"] for g in stores(body) if g["id"] == {"type": "table-data", "name": name})
    first = shown["columns"][0]["name"]
    sent = tables.download(name, from_query(search), data, {"column": 0, "column_id": first, "direction": "desc"})
    assert sent["filename"] == file_name
    frame = pd.read_csv(io.StringIO(sent["content"]), dtype=str, keep_default_na=False)
    assert list(frame.columns) == [c["name"] for c in shown["columns"]]
    assert len(frame) == shown["rows"]
    # the rows in the order the table shows after the same sort (as assets/tables.js sorts)
    values = shown["values"][0] if shown["columns"][0]["numeric"] else [c.lower() or None for c in shown["cells"][0]]
    present = [r for r in range(shown["rows"]) if values[r] is not None]
    order = sorted(present, key=lambda r: values[r], reverse=True) + [r for r in range(shown["rows"]) if values[r] is None]
    wanted = [shown["cells"][0][r] for r in order]
    if shown["columns"][0]["numeric"]:  # shown with thousands separators, written plain
        wanted = [w.replace(",", "") for w in wanted]
    assert list(frame.iloc[:, 0]) == wanted


def test_old_bookmarks_open_a_working_view_with_a_message(data):
    """A council code valid in some year, in any year, maps to that year's council (recode or
    merger) or to England with a message; no view fails (issue: Sheffield's and North
    Yorkshire's earlier codes crashed the distance view)."""
    gaz = data.gazetteer
    changed = sorted(set(gaz.loc[(gaz["start"] > 2014) | (gaz["end"] < 2025), "code"]))
    assert "E08000019" in changed and "E10000023" in changed
    for code in changed:
        for year in (2014, 2020, 2025):
            for view in ("distance",):
                query = f"?view={view}&area={code}&year={year}&scenario_places=5"
                _, filters, content = render_page(query, data)
                body = text(content)
                assert "section-" in body, query
                live = (gaz.set_index("code").loc[code, ["start", "end"]] <= [year, 2100]).all() and \
                    gaz.set_index("code").at[code, "end"] >= year
                assert live or "page-notice" in body, query
    sheffield = text(render_page("?view=distance&area=E08000019", data)[2])
    assert "in 2025 its code is E08000039, so Sheffield is shown" in sheffield and "Sheffield" in sheffield
