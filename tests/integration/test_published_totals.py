"""Rebuilt and published years against the national totals Ofsted printed in its releases.

Figures quoted from Ofsted's "Children's social care data in England" main findings
(2015, 2017 to 2018, 2019 and 2020 editions). "All types" = children's homes, secure
children's homes and residential special schools registered as children's homes.
The rebuilt years must be within 1% of them; published years match exactly.
"""

from __future__ import annotations

import pytest

OFSTED_PUBLISHED = [
    # (31 March of, what, provision types, sector, value, source)
    (2015, "homes", ("childrens_home",), "Local authority", 459, "2015 release: 23% or 459 run by LAs"),
    (2017, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), None, 2145, "2017-18 release"),
    (2017, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), "Local authority", 434, "2017-18 release"),
    (2018, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), None, 2209, "2017-18 release"),
    (2018, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), "Local authority", 423, "2019 release"),
    (2019, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), None, 2304, "2019 release"),
    (2019, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), "Local authority", 418, "2019 release"),
    (2019, "places", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), None, 12035, "2020 release"),
    (2020, "homes", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), None, 2460, "2020 release"),
    (2020, "places", ("childrens_home", "secure_childrens_home", "rss_childrens_home"), None, 12175, "2020 release"),
]


@pytest.mark.parametrize("year,what,types,sector,published,source", OFSTED_PUBLISHED)
def test_national_totals_meet_ofsted_published_figures(build_result, year, what, types, sector, published, source):
    homes = build_result.tables["homes"]
    sel = homes[(homes["year"] == year) & homes["provision_type"].isin(types)]
    if sector:
        sel = sel[sel["sector"] == sector]
    ours = len(sel) if what == "homes" else int(sel["places"].sum())
    status = build_result.tables["years"].set_index("year").loc[year, "list_status"]
    tolerance = 0 if status == "published" else 0.01 * published
    assert abs(ours - published) <= tolerance, f"{year} {what}: ours {ours}, Ofsted {published} ({source}; list {status})"
