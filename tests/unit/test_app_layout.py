"""The page shell and the offline plotly settings, as pure functions."""

from __future__ import annotations

from dash import dcc, html

from sufficiency.app import layout
from sufficiency.app.plotting import GRAPH_CONFIG, graph_config


def walk(component):
    """Every component in a tree, depth first."""
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    if not isinstance(children, (list, tuple)):
        children = [children]
    for child in children:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def text_of(component) -> str:
    parts = []
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if not isinstance(children, (list, tuple)):
        children = [children]
    for child in children:
        parts.append(child if isinstance(child, str) else text_of(child))
    return "".join(parts)


def test_page_has_url_state_skip_link_header_main_and_footer_in_order():
    page = layout.page(layout.in_development_body())
    kinds = [type(c) for c in page.children]
    assert kinds[:3] == [dcc.Location, html.A, html.Header]
    assert kinds[-1] is html.Footer
    mains = [c for c in walk(page) if isinstance(c, html.Main)]
    assert len(mains) == 1 and mains[0].id == "main-content"


def test_skip_link_targets_main_content():
    link = layout.skip_link()
    assert link.href == "#main-content"
    assert "govuk-skip-link" in link.className
    assert text_of(link) == "Skip to main content"


def test_header_names_the_service_and_carries_no_crown():
    header = layout.header()
    assert "Children's homes placement sufficiency" in text_of(header)
    classes = " ".join(getattr(c, "className", "") or "" for c in walk(header))
    assert "govuk-header__logo" not in classes and "crown" not in classes


def test_footer_carries_the_ogl_attribution_word_for_word():
    expected = (
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        "Source: Ofsted; Department for Education; Office for National Statistics. "
        "Contains OS data © Crown copyright and database right."
    )
    assert layout.ATTRIBUTION == expected
    assert text_of(layout.footer()) == expected
    links = [c for c in walk(layout.footer()) if isinstance(c, html.A)]
    assert [a.href for a in links] == [layout.OGL_URL]


def test_body_says_the_dashboard_is_being_built_and_covers_the_configured_years():
    text = " ".join(text_of(c) for c in layout.in_development_body(2014, 2025))
    assert "being built" in text
    assert "2014 to 2025" in text


def test_layout_functions_are_pure():
    first = layout.page(layout.in_development_body()).to_plotly_json()
    second = layout.page(layout.in_development_body()).to_plotly_json()
    assert repr(first) == repr(second)


def test_index_template_loads_nothing_from_other_hosts():
    assert "http://" not in layout.INDEX_STRING and "https://" not in layout.INDEX_STRING
    for slot in ("{%app_entry%}", "{%config%}", "{%scripts%}", "{%renderer%}"):
        assert slot in layout.INDEX_STRING
    assert 'lang="en-GB"' in layout.INDEX_STRING


def test_graph_config_never_points_plotly_at_a_cdn():
    assert GRAPH_CONFIG["topojsonURL"].startswith("/assets/")
    assert GRAPH_CONFIG["plotlyServerURL"] == ""
    assert not any(isinstance(v, str) and "://" in v for v in GRAPH_CONFIG.values())
    assert graph_config(responsive=False)["responsive"] is False
    assert GRAPH_CONFIG["responsive"] is True
