"""The report on an A4 page in Chromium (print media, the page's printable width): every
table, figure and cell fits, so no text is clipped at the page's edge."""

from __future__ import annotations

import pytest

from sufficiency.config import EMBEDDED_DATA
from sufficiency.snapshot import build_snapshot
from sufficiency.state import ViewState
from sufficiency.store import load

#: A4 (210 mm) less the report's 12 mm side margins, in CSS pixels (96 per inch).
PRINTABLE_PX = round((210 - 2 * 12) / 25.4 * 96)

VIEWS = {
    "kent": ViewState(view="profile", la="E10000016", area="E10000016", year=2025),
    "gm-rcc": ViewState(view="profile", footprint="gm-rcc"),
    "england": ViewState(),
}

MEASURE = """() => {
  const page = document.body.getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('table, figure, img, p, li, dl')) {
    const r = el.getBoundingClientRect();
    out.push({what: el.tagName + (el.id ? '#' + el.id : ''), left: r.left, right: r.right,
              scroll: el.scrollWidth, client: el.clientWidth});
  }
  const cells = [];
  for (const td of document.querySelectorAll('th, td')) {
    if (td.scrollWidth > td.clientWidth + 1) cells.push(td.innerText.slice(0, 60));
  }
  return {left: page.left, right: page.right, items: out, cells: cells,
          tables: document.querySelectorAll('table').length};
}"""


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_DATA)


@pytest.mark.parametrize("view", VIEWS)
def test_every_table_fits_the_printed_page(browser, data, view):
    html = build_snapshot(data, VIEWS[view], "html", charts=False).content.decode("utf-8")
    page = browser.new_page(viewport={"width": PRINTABLE_PX, "height": 1100})
    try:
        page.emulate_media(media="print")
        page.set_content(html, wait_until="load")
        got = page.evaluate(MEASURE)
    finally:
        page.close()
    assert got["tables"] >= 4
    assert got["right"] <= PRINTABLE_PX + 0.5
    wide = [i for i in got["items"] if i["right"] > PRINTABLE_PX + 0.5 or i["left"] < -0.5
            or (i["what"].startswith("TABLE") and i["scroll"] > i["client"] + 1)]
    assert not wide, wide
    assert not got["cells"], got["cells"]
