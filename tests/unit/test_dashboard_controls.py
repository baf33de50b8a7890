"""The filter panel, navigation and state changes, as pure functions."""

from __future__ import annotations

from dash import dcc, html

from sufficiency.app import controls
from sufficiency.app.callbacks import apply_change, change_from_event
from sufficiency.app.sections import being_built, module
from sufficiency.state import ViewState, from_query

NAMES = {"E06000001": "Hartlepool", "E08000025": "Birmingham"}


def walk(component):
    yield component
    if isinstance(component, dict):  # a component sent as its JSON (options of long lists)
        children = component.get("props", {}).get("children")
    else:
        children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json") or (isinstance(child, dict) and "namespace" in child):
            yield from walk(child)


def choices(panel, group):
    return {
        c.id["value"]: c
        for c in walk(panel)
        if isinstance(c, html.Button) and isinstance(c.id, dict) and c.id.get("group") == group
    }


def selected(panel, select_id):
    select = next(c for c in walk(panel) if getattr(c, "id", None) == select_id)
    out = []
    for o in walk(select):
        if isinstance(o, html.Option) and o.selected:
            out.append(o.value)
        elif isinstance(o, dict) and o.get("type") == "Option" and o["props"].get("selected"):
            out.append(o["props"]["value"])
    return out


def test_panel_follows_the_state():
    state = ViewState(year=2019, sectors=("Private",), provision_types=("childrens_home", "secure_childrens_home"),
                      area="E08000025", measure="gap", style="geo")
    panel = controls.filter_panel(state, NAMES)
    sectors = choices(panel, "sector")
    assert {k: getattr(v, "aria-checked") for k, v in sectors.items()} == {
        "Local authority": "false", "Private": "true", "Voluntary": "false", "Health authority": "false"}
    assert all(b.role == "checkbox" for b in sectors.values())
    types = choices(panel, "type")
    assert [k for k, v in types.items() if getattr(v, "aria-checked") == "true"] == [
        "childrens_home", "secure_childrens_home"]
    assert selected(panel, "filter-year") == ["2019"]
    assert selected(panel, "filter-area") == ["E08000025"]
    assert selected(panel, "filter-measure") == ["gap"]
    style = choices(panel, "style")
    assert getattr(style["geo"], "aria-checked") == "true" and not style["geo"].disabled
    assert not any(getattr(c, "id", None) == "filter-baseline" for c in walk(panel))


def test_every_select_has_a_label_and_every_group_a_legend():
    panel = controls.filter_panel(ViewState(measure="homes_change"), NAMES)
    labels = {c.htmlFor for c in walk(panel) if isinstance(c, html.Label)}
    selects = {c.id for c in walk(panel) if isinstance(c, html.Select)}
    assert selects == labels == {"filter-year", "filter-area", "filter-footprint", "filter-footprint_add",
                                 "filter-measure", "filter-baseline"}
    legends = [c.children for c in walk(panel) if isinstance(c, html.Legend)]
    assert legends == ["Provider sector", "Provision type", "When you select a local authority on the map",
                       "Map extent", "Map style"]


def test_geographic_style_is_disabled_with_a_reason_without_boundaries():
    panel = controls.filter_panel(ViewState(style="geo"), NAMES, geo_available=False)
    style = choices(panel, "style")
    assert style["geo"].disabled and getattr(style["hex"], "aria-checked") == "true"
    hint = next(c for c in walk(panel) if getattr(c, "id", None) == "style-hint")
    assert "boundary files" in hint.children


def test_navigation_links_keep_the_filters_and_mark_the_current_view():
    nav = controls.navigation(ViewState(view="region", year=2020))
    links = [c for c in walk(nav) if isinstance(c, dcc.Link)]
    assert [l.href for l in links] == [
        "/?year=2020", "/?view=region&year=2020", "/?view=profile&year=2020", "/?view=quality&year=2020",
        "/?view=distance&year=2020", "/?view=market&year=2020", "/?view=about&year=2020"]
    active = [c for c in walk(nav) if isinstance(c, html.Li) and "--active" in c.className]
    assert len(active) == 1 and "Regions" in str(active[0].to_plotly_json())


def test_change_from_event():
    assert change_from_event({"type": controls.TOGGLE, "group": "sector", "value": "Private"}, 1) == (
        "toggle", "sector", "Private")
    assert change_from_event({"type": controls.TOGGLE, "group": "sector", "value": "Private"}, None) is None
    assert change_from_event({"type": controls.RADIO, "group": "style", "value": "geo"}, 2) == ("radio", "style", "geo")
    assert change_from_event(controls.EVENT_ID, {"name": "year", "value": "2018", "at": 1}) == ("select", "year", "2018")
    click = {"points": [{"customdata": "E08000025"}]}
    assert change_from_event({"type": "la-map", "name": "la"}, click) == ("map", "E08000025")
    assert change_from_event({"type": "la-map", "name": "la"}, None) is None


def test_apply_change():
    s = ViewState()
    assert apply_change(s, ("toggle", "sector", "Private")).sectors == ("Local authority", "Voluntary", "Health authority")
    assert apply_change(s.with_(sectors=()), ("toggle", "sector", "Voluntary")).sectors == ("Voluntary",)
    both = apply_change(s, ("toggle", "type", "rss_childrens_home"))
    assert both.provision_types == ("childrens_home", "rss_childrens_home")
    assert apply_change(s, ("toggle", "type", "childrens_home")) == s  # the last type stays ticked
    assert apply_change(s, ("radio", "style", "geo")).style == "geo"
    assert apply_change(s, ("radio", "style", "nonsense")) == s
    assert apply_change(s, ("select", "year", "2016")).year == 2016
    assert apply_change(s, ("select", "year", "1999")).year == 2025
    assert apply_change(s, ("select", "measure", "pct_ri_or_inadequate")).measure == "pct_ri_or_inadequate"
    assert apply_change(s, ("select", "area", "E12000002")).area == "E12000002"
    assert apply_change(s, ("select", "baseline", "2019")).baseline == 2019
    opened = apply_change(s, ("map", "E08000025"))
    assert (opened.view, opened.la) == ("profile", "E08000025")
    assert "view=profile" in opened.to_query() and "la=E08000025" in opened.to_query()


def test_year_change_drops_an_la_area_that_did_not_exist_then():
    s = ViewState(area="E06000063")  # Cumberland, from 2023
    codes = lambda year: {"E06000063"} if year >= 2023 else {"E10000006"}
    assert apply_change(s, ("select", "year", "2020"), codes).area == "E92000001"
    assert apply_change(s, ("select", "year", "2024"), codes).area == "E06000063"


def test_state_round_trips_through_the_url():
    s = ViewState(view="region", year=2019, sectors=("Private", "Voluntary"), area="E12000002",
                  measure="homes_change", style="geo", baseline=2015)
    assert from_query(s.to_query()) == s


def test_missing_sections_show_an_honest_placeholder():
    assert module("nonexistent") is None
    text = str(being_built("quality").to_plotly_json())
    assert "This section is being built." in text


def test_quality_grade_choice_goes_to_the_url():
    state = ViewState(view="quality")
    new = apply_change(state, ("radio", "share", "pct_ri_or_inadequate"))
    assert new.ratings == "pct_ri_or_inadequate" and new.measure == state.measure  # the map measure stays
    assert "ratings=pct_ri_or_inadequate" in new.to_query() and "measure=" not in new.to_query()
    assert from_query(new.to_query()) == new
    assert from_query("?ratings=places_per_10k").ratings is None
    assert apply_change(state, ("radio", "share", "places_per_10k")) == state  # only the two grade pairs
    trigger = {"type": controls.RADIO, "group": "share", "value": "pct_good_or_better"}
    assert change_from_event(trigger, 1) == ("radio", "share", "pct_good_or_better")
