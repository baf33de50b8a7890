"""A service everyone can use, checked in a real browser on the embedded data: changing view
moves focus to the new heading and announces it; Tab runs from the top of every view to the
footer with visible focus at each stop; axe finds nothing, and the contrast axe cannot decide
is measured here; on a phone the navigation and filters fold away and the map is on the first
screen. Screenshots of each view at 1366 and 390 px are saved in test-artifacts/."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SLOW = 60_000  # ms: a view never drawn before (a profile) can take a while on a busy machine

#: One address per view, and what shows it is drawn.
VIEWS = {
    "map": ("/", "#section-map .js-plotly-plot"),
    "region": ("/?view=region", "#region-bar .main-svg"),
    "profile": ("/?view=profile&la=E08000025", "#profile-places .main-svg"),
    "quality": ("/?view=quality", "#quality-heading"),
    "distance": ("/?view=distance&area=E08000025", "#section-distance h1"),
    "about": ("/?view=about", "#about-heading"),
}

#: The focused element as the Tab walk sees it: where it is, and whether its focus shows.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                  && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(s.outlineColor);
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const before = getComputedStyle(el, '::before').boxShadow;
  const marked = (shadow || (before && before !== 'none')) && s.backgroundColor === 'rgb(255, 221, 0)';
  const r = el.getBoundingClientRect();
  return {
    key: el.dataset.tabStop || (el.dataset.tabStop = String((window.tabStops = (window.tabStops || 0) + 1))),
    text: el.textContent.trim().slice(0, 60), tag: el.tagName,
    visible: outline || shadow || marked, outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
    shadow: s.boxShadow, inFooter: !!el.closest('footer'), size: [r.width, r.height],
  };
}"""


def _ready(page, open_app, path: str, selector: str):
    open_app(path)
    page.wait_for_selector(selector, timeout=SLOW)
    page.wait_for_load_state("networkidle")


def _focused(page) -> dict | None:
    return page.evaluate(FOCUS_JS)


def _heading_state(page) -> dict:
    return page.evaluate("""() => {
      const h = document.querySelector('#content h1');
      const r = h.getBoundingClientRect();
      return {text: h.textContent.trim(), focused: document.activeElement === h, top: r.top,
              tabindex: h.getAttribute('tabindex'),
              live: (document.getElementById('view-announcer') || {}).textContent || ''};
    }""")


def _wait_heading_focused(page, text: str):
    page.wait_for_function(
        "(t) => { const h = document.querySelector('#content h1');"
        " return h && h.textContent.includes(t) && document.activeElement === h; }", arg=text, timeout=SLOW)


# --- changing view ---------------------------------------------------------------------


def test_a_map_click_leaves_the_profile_heading_focused_at_the_top(page, open_app, requests_log, console_errors):
    page.set_viewport_size(DESKTOP)
    _ready(page, open_app, "/", "#section-map .js-plotly-plot")
    plot = page.locator("#section-map .js-plotly-plot .nsewdrag").first
    plot.scroll_into_view_if_needed()
    assert page.evaluate("() => window.scrollY") > 0  # the map is below the top: the click is mid-page
    box = plot.bounding_box()
    x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext", state="attached")
    name = page.locator(".hoverlayer .hovertext").first.text_content().split("Rank")[0]
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"view=profile"))
    page.wait_for_selector("#profile-heading", timeout=SLOW)
    _wait_heading_focused(page, page.locator("#profile-heading").inner_text())
    head = _heading_state(page)
    assert head["focused"] and head["tabindex"] == "-1"
    assert 0 <= head["top"] < 300  # at the top of the window
    assert head["text"] in name  # the LA clicked
    page.wait_for_function("(t) => document.getElementById('view-announcer').textContent === t", arg=head["text"])
    assert page.get_attribute("#view-announcer", "aria-live") == "polite"
    assert requests_log.off_host() == [] and console_errors == []


def test_links_and_back_and_forward_move_focus_to_the_new_heading(page, open_app, console_errors):
    page.set_viewport_size(DESKTOP)
    _ready(page, open_app, "/?year=2024", "#section-map .js-plotly-plot")
    first = _focused(page)
    assert first is None  # the first view drawn takes no focus: the skip link stays the first Tab stop
    page.click("#nav-region")
    _wait_heading_focused(page, "Children's homes by region")
    page.go_back()
    _wait_heading_focused(page, "31 March 2024")
    table_link = page.locator("#section-map .app-table a", has_text="Leeds").first
    table_link.scroll_into_view_if_needed()
    table_link.focus()
    page.keyboard.press("Enter")
    _wait_heading_focused(page, "Leeds")
    assert _heading_state(page)["top"] < 300
    page.go_back()
    _wait_heading_focused(page, "31 March 2024")
    page.go_forward()
    _wait_heading_focused(page, "Leeds")
    assert page.evaluate("() => document.getElementById('view-announcer').textContent") == "Leeds"
    assert console_errors == []


def test_a_filter_change_keeps_focus_on_the_filter(page, open_app):
    _ready(page, open_app, "/", "#section-map .js-plotly-plot")
    page.focus("#filter-year")
    page.select_option("#filter-year", "2021")
    page.wait_for_url(re.compile(r"year=2021"))
    page.wait_for_function("() => document.querySelector('#view-heading').textContent.includes('2021')")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.activeElement.id") == "filter-year"


# --- the keyboard --------------------------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
def test_tab_runs_from_the_top_to_the_footer_with_visible_focus(page, open_app, view):
    page.set_viewport_size(DESKTOP)
    path, ready = VIEWS[view]
    _ready(page, open_app, path, ready)
    seen, stops, hidden = set(), [], []
    for _ in range(600):
        page.keyboard.press("Tab")
        now = _focused(page)
        assert now is not None, f"focus left the page after {stops[-3:]}"
        assert now["key"] not in seen or now["inFooter"], f"focus came back to {now['text']!r}: a loop after {stops[-3:]}"
        seen.add(now["key"])
        stops.append(now["text"])
        if not now["visible"]:
            hidden.append(now)
        if now["inFooter"]:
            break
    else:
        pytest.fail(f"the footer was not reached in 600 Tab presses; last stops {stops[-5:]}")
    assert stops[0] == "Skip to main content"
    assert not hidden, f"stops without a visible focus indicator: {hidden[:5]}"
    page.keyboard.press("Shift+Tab")  # and back again: nothing holds focus
    assert _focused(page)["text"] == stops[-2]


# --- axe and contrast -----------------------------------------------------------------

CONTRAST_JS = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
  let layers = [], node = el, image = null;
  while (node && node.nodeType === 1) {
    const s = getComputedStyle(node);
    if (s.backgroundImage && s.backgroundImage !== 'none') image = s.backgroundImage;
    const c = parse(s.backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    node = node.parentElement;
  }
  let bg = [255, 255, 255, 1];
  for (const l of layers.reverse()) bg = over(l, bg);
  const s = getComputedStyle(el);
  let fg = parse(s.color);
  fg = over([fg[0], fg[1], fg[2], fg[3] * parseFloat(s.opacity || 1)], bg);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  return {ratio: (a + 0.05) / (b + 0.05), needed: large ? 3 : 4.5, image, text: el.textContent.trim().slice(0, 60),
          hidden: el.closest('.govuk-visually-hidden') !== null};
}"""


def _contrast_undecided(page, results) -> list[dict]:
    """The colour-contrast items axe left undecided, measured here: text colour over the
    composited background of its ancestors. Returns those below WCAG AA."""
    failing = []
    for item in results.response.get("incomplete", []):
        if item["id"] != "color-contrast":
            continue
        for node in item["nodes"]:
            target = node["target"][0]
            if not isinstance(target, str):
                continue
            got = page.evaluate(CONTRAST_JS, target)
            if got is None or got["hidden"]:
                continue
            assert got["image"] is None or "gradient" not in got["image"], f"text over an image: {target}"
            if got["ratio"] < got["needed"]:
                failing.append({"target": target, **got})
    return failing


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("size", ["1366", "390"])
def test_each_view_has_no_axe_violations_and_readable_contrast(page, open_app, axe, screenshot, view, size):
    page.set_viewport_size(DESKTOP if size == "1366" else PHONE)
    path, ready = VIEWS[view]
    _ready(page, open_app, path, ready)
    page.wait_for_timeout(300)  # the loading overlay has faded
    screenshot(f"view-{view}-{size}")
    results = axe(page, allowed_impacts=frozenset())
    assert _contrast_undecided(page, results) == []


# --- the phone ------------------------------------------------------------------------


def test_on_a_phone_the_menu_and_filters_fold_and_the_map_is_on_the_first_screen(page, open_app, screenshot, axe):
    page.set_viewport_size(PHONE)
    _ready(page, open_app, "/", "#section-map .js-plotly-plot")
    menu, links = page.locator("#navigation-toggle"), page.locator("#navigation")
    assert menu.is_visible() and not links.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    filters, panel = page.locator("#filters-toggle"), page.locator("#filters")
    assert filters.is_visible() and not panel.is_visible()
    top = page.evaluate("() => document.querySelector('#section-map .js-plotly-plot').getBoundingClientRect().top")
    assert 0 < top < PHONE["height"] - 150, top  # the map starts on the first screen, with room to see it

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and links.is_visible()
    screenshot("phone-menu-open", full_page=False)
    page.click("#nav-region")
    _wait_heading_focused(page, "Children's homes by region")
    assert not page.locator("#navigation").is_visible()  # folded again in the new view

    filters.click()
    assert filters.get_attribute("aria-expanded") == "true" and panel.is_visible()
    page.select_option("#filter-year", "2022")
    page.wait_for_url(re.compile(r"year=2022"))
    page.wait_for_function("() => document.querySelector('#content h1').textContent.includes('2022')")
    assert panel.is_visible()  # the panel stays open while filters are changed
    screenshot("phone-filters-open", full_page=False)
    axe(page, allowed_impacts=frozenset())


def test_on_a_phone_each_map_tile_is_a_tap_target_of_24_px_or_listed_below(page, open_app):
    page.set_viewport_size(PHONE)
    _ready(page, open_app, "/", "#section-map .js-plotly-plot")
    size = page.evaluate("""() => {
      const gd = document.querySelector('#section-map .js-plotly-plot');
      const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
      const tile = gd.data[0];
      let end = tile.x.indexOf(null); if (end < 0) end = tile.x.length;
      const xs = tile.x.slice(0, end), ys = tile.y.slice(0, end);
      const w = (Math.max(...xs) - Math.min(...xs)) * xa._length / Math.abs(xa.range[1] - xa.range[0]);
      const h = (Math.max(...ys) - Math.min(...ys)) * ya._length / Math.abs(ya.range[1] - ya.range[0]);
      return Math.min(w, h);
    }""")
    if size >= 24:
        return
    # smaller tiles: every LA is in the table below, a link to its profile at least 24 px high
    hint = page.locator("#map-list-hint")
    assert hint.is_visible() and "table" in hint.inner_text()
    links = page.locator("#section-map .app-table a")
    assert links.count() >= 150
    heights = page.evaluate("() => [...document.querySelectorAll('#section-map .app-table a')].slice(0, 20)"
                            ".map(a => a.closest('tr').getBoundingClientRect().height)")
    assert min(heights) >= 24
