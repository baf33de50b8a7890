"""Words the dashboard and its exports share: the service's name, the licence and
attribution, definitions, how aggregates are made, and the table of source files.

Declared once here so that the screen and every export say the same thing.
"""

from __future__ import annotations

import pandas as pd

SERVICE_NAME = "Children's homes placement sufficiency"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_NAME = "Open Government Licence v3.0"
ATTRIBUTION = (
    f"Contains public sector information licensed under the {OGL_NAME}. "
    "Source: Ofsted; Department for Education; Office for National Statistics. "
    "Contains OS data © Crown copyright and database right."
)


DEFINITIONS = (
    "Children's homes here are Ofsted's \"children's homes\". Secure children's homes and residential special "
    "schools registered as children's homes are counted separately and are added only when chosen in the filters.",
    "DfE's \"secure homes and children's homes\" placement category includes secure units. From 2013 to 2017 the "
    "DfE statistical first release counted \"secure units, children's homes and hostels\" (CLA_Secure), a wider "
    "definition that is not directly comparable with the category published from 2021.",
    "Registered places are registered capacity, not occupancy: a place may be empty or not in use.",
    "Sector (local authority, private, voluntary, health authority) is who owns the home, as Ofsted records it. It is "
    "not DfE's \"place provider\", which says who provides a child's placement.",
    "Distance from home is published only as placed 20 miles or less, or more than 20 miles, from home (and not "
    "recorded). No published table has a band beyond 20 miles.",
)

#: How regional, England and footprint figures are made (docs/data-lineage.md), in words.
AGGREGATION = (
    "A local authority's figure is the figure DfE or Ofsted publishes for it (DfE's own percentage or rate).",
    "Where DfE publishes a regional or England figure, the region and England show that figure: DfE rounds them to "
    "the nearest 10 and its percentages and rates are whole numbers.",
    "Where only local authority figures exist, a count is the sum over the local authorities that have one and says "
    "how many have no figure (\"104 of 153 LAs\"); it is never shown as a total. A percentage or rate is computed "
    "from the summed counts of the local authorities that have both, never averaged.",
    "The gap (children in children's homes minus registered places) counts children and places over the same local "
    "authorities on both sides.",
    "Children in children's homes from DfE's FOI are estimated from a count and a whole-number percentage, rounded, "
    "and labelled estimated.",
    "Trends and changes follow councils through code changes (same area: one council; merger: the predecessors "
    "summed). A council formed by splitting a former one has no figure before the split.",
)

FOOTPRINT_RULE = ("A footprint's figures follow the same rules as a region's: DfE's published figures where the "
                  "footprint is a region, otherwise sums over its local authorities that have a figure, which say "
                  "how many have none.")

FIELD_WORDS = {
    "cla": "children looked after",
    "cla_over_20_miles": "children placed more than 20 miles from home",
    "cla_pct_over_20_miles": "children placed more than 20 miles from home",
}


PUBLISHERS = {
    "ofsted_providers": "Ofsted",
    "dfe_cla": "Department for Education",
    "benchmarking": "Department for Education",
    "population": "Office for National Statistics",
    "geography": "Office for National Statistics",
    "derived_research": "Goodair et al. (research-derived)",
}


def sources_frame(provenance: dict) -> pd.DataFrame:
    """One row per source file: publisher, file, rows read and kept, sha256 (short), fixes."""
    rows = []
    for src in provenance.get("sources", []):
        path = str(src.get("file", ""))
        folder = path.split("/", 1)[0]
        fixes = src.get("fixes", []) or []
        rows.append({
            "File": path.rsplit("/", 1)[-1],
            "Publisher": PUBLISHERS.get(folder, folder),
            "Rows read": int(src.get("rows_read", 0) or 0),
            "Rows kept": int(src.get("rows_kept", 0) or 0),
            "sha256 (first 12)": str(src.get("sha256", ""))[:12],
            "Fixes": sum(int(f.get("count", 0) or 0) for f in fixes),
            "Kinds of fix": len(fixes),
        })
    return pd.DataFrame(rows, columns=["File", "Publisher", "Rows read", "Rows kept", "sha256 (first 12)", "Fixes", "Kinds of fix"])


def research_fields(data, year: int) -> list[str]:
    """The DfE figures of ``year`` that are research-derived rather than published, in words."""
    sources = data.la_year.loc[data.la_year["year"] == year, "demand_source"].dropna().astype(str)
    words: list[str] = []
    for text in sources.unique():
        if "research-derived" not in text:
            continue
        for field in text.split(":", 1)[-1].split(","):
            word = FIELD_WORDS.get(field.strip(), field.strip())
            if word not in words:
                words.append(word)
    return words


