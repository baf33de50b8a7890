"""The "About" part of a snapshot: title, when it was made, the filters and the permalink
that reopens the view, sources with vintages and licence, definitions and caveats.

The definitions, code meanings, licence text and source table are the ones the app's
"About the data" page shows (both read :mod:`sufficiency.texts`), so both say the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from ..engine import quality as qm
from ..engine.registry import MEASURES
from ..flags import CODE_MEANINGS, DFE_CODES
from ..geography.lineage import lineage_note
from ..texts import (
    AGGREGATION, ATTRIBUTION, DEFINITIONS, FOOTPRINT_RULE, OGL_NAME, OGL_URL, SERVICE_NAME, research_fields, sources_frame,
)
from ..vocab import PROVISION_TYPES
from . import modelled
from .safety import SUPPRESSED
from .tables import Area

DEFAULT_BASE_URL = "http://127.0.0.1:8050/"
TITLE = "Sufficiency snapshot"


@dataclass(frozen=True)
class About:
    title: str
    generated: str
    filters: list[tuple[str, str]]
    permalink: str
    attribution: str
    licence_url: str
    sources: pd.DataFrame
    definitions: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        """Everything as (label, text) rows, headings with an empty text, for sheets and CSV."""
        out = [(self.title, ""), ("Generated", self.generated), ("Service", SERVICE_NAME), ("", ""), ("Filters", "")]
        out += self.filters
        out += [("Permalink (reopens this view)", self.permalink), ("", ""), ("Licence and attribution", ""),
                ("Attribution", self.attribution), ("Licence", f"{OGL_NAME}: {self.licence_url}"), ("", ""),
                ("Definitions", "")]
        out += [(f"{i}.", text) for i, text in enumerate(self.definitions, 1)]
        out += [("", ""), ("Caveats", "")]
        out += [(f"{i}.", text) for i, text in enumerate(self.caveats, 1)]
        out += [("", ""), ("Data sources", f"{len(self.sources)} files read by the build; see the table below "
                           "(vintage: the years in each file's name).")]
        return out

    def text(self) -> str:
        """Plain text, for the CSV bundle's README."""
        lines = []
        for label, value in self.rows():
            lines.append(f"{label}: {value}" if label and value else (label or value))
        lines.append("")
        for _, src in self.sources.iterrows():
            lines.append(f"- {src['File']} ({src['Publisher']}, {src['Vintage']}), sha256 {src['sha256 (first 12)']}")
        return "\n".join(lines) + "\n"


def vintage(file_name: str) -> str:
    """The years a file covers, from its name: ``..._2021_2025.csv`` -> ``2021-2025``."""
    years = re.findall(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", file_name)
    if not years:
        return "not stated in the file name"
    return years[0] if len(set(years)) == 1 else f"{min(years)}-{max(years)}"


def sources(data) -> pd.DataFrame:
    frame = sources_frame(data.provenance)
    frame.insert(2, "Vintage", [vintage(f) for f in frame["File"]])
    frame.insert(3, "Licence", OGL_NAME)
    frame.attrs = {"title": "Data sources read by the build", "formats": {
        "Rows read": "count", "Rows kept": "count", "Fixes": "count", "Kinds of fix": "count"}}
    return frame


def permalink(state, base_url: str = DEFAULT_BASE_URL) -> str:
    return base_url.rstrip("/") + "/" + state.to_query()


def filters(state, data, area: Area) -> list[tuple[str, str]]:
    names = data.area_names
    m = MEASURES.get(state.measure)
    rows = [
        ("Area", f"{area.name} ({area.code})"),
        ("Year (at 31 March)", str(area.year)),
        ("Provider sectors", ", ".join(state.sectors) or "none"),
        ("Provision types", ", ".join(PROVISION_TYPES.get(t, t) for t in state.provision_types)),
        ("Baseline year (for change)", str(state.baseline)),
        ("Map measure", m.label if m else state.measure),
        ("Map style", state.style),
        ("View", state.view),
        ("Area in the filter panel", f"{names.get(state.area, state.area)} ({state.area})"),
    ]
    if state.la:
        rows.append(("Local authority profile open", f"{names.get(state.la, state.la)} ({state.la})"))
    if area.level == "footprint":
        from ..engine.areas import members
        from ..geography.footprints import BY_ID

        codes = sorted(set(members(data, area.areas, area.year)["la_code"]))
        rows.append(("Footprint", f"{area.name}: {len(codes)} local authorities in {area.year}: "
                     + ", ".join(f"{names.get(c, c)} ({c})" for c in codes)))
        preset = BY_ID.get(state.footprint or "")
        if preset is not None:
            rows.append(("Footprint source", f"{preset.source} (as of {preset.as_of})"))
    if area.year != state.year:
        rows.append(("Note", f"{area.name} did not exist as a council in {state.year}: the snapshot shows {area.year}."))
    return rows


def definitions() -> list[str]:
    out = list(DEFINITIONS)
    for m in MEASURES.values():
        out.append(f"{m.label} ({m.unit}): {m.basis}; covers {m.covers_text}." + (f" {m.note}" if m.note else ""))
    out.append("Headline comparisons: the region is the selected local authority's region; statistical neighbours "
               "are DfE's (2025 model from 2023, 2021 model before) and the median of their values is shown.")
    out.append("Rating mix: the share of inspected homes in each sector whose latest rating is in the pair of grades "
               "named; homes not yet inspected are left out, and no share is shown from fewer than 5 inspected homes.")
    out += [f"How figures are aggregated: {text}" for text in AGGREGATION]
    return out


def caveats(data, area: Area, modelled_available: bool) -> list[str]:
    rebuilt = data.rebuilt_years()
    out = [
        f"Rebuilt years: Ofsted's lists of children's homes for {', '.join(map(str, rebuilt)) or 'no year'} are rebuilt "
        "from the lists of homes that joined and left the register, not published as they stand.",
        "Modelled figures: anything marked \"modelled\" is an estimate from the placement-flow model, not a published "
        "figure. " + ("The modelled share placed more than 50 miles from home is included." if modelled_available
                      else modelled.NOT_AVAILABLE),
        "Projected figures: anything marked \"projected\" (the Forecast sheet, the projected gap in 2030) is a "
        "forecast from the published figures to 31 March 2025 with 80% and 95% prediction intervals calibrated on "
        "backtests from earlier years, not a published figure.",
        "Suppression: a missing DfE figure keeps its code in its cell, never a zero: "
        + "; ".join(f"{code}: {meaning}" for code, meaning in CODE_MEANINGS.items() if code in DFE_CODES)
        + f". Counts below 5 in uploaded data read \"{SUPPRESSED}\".",
        "Rounding: DfE rounds national and regional figures to the nearest 10; regional and England figures here are "
        "DfE's published figures where DfE publishes one, otherwise sums over the local authorities that have a figure, "
        "with how many have none.",
        "Definition break: the gap counts children in children's homes from DfE's FOI to 2024 and children in secure "
        "homes and children's homes (DfE) from 2025; both are given for 2021 to 2024.",
        "Estimates: figures of councils created by reorganisation that DfE still reported under the former council "
        "are apportioned and marked as estimates.",
        qm.LIKE_FOR_LIKE,
        qm.NO_2014_RATINGS,
        "Places are registered capacity, not occupancy. Sector is who owns the home (Ofsted), not who provides a "
        "child's placement (DfE).",
        "Homes are shown only in aggregate: Ofsted redacts every home's name, address and postcode, and this file "
        "holds no per-home identifier.",
    ]
    fields = research_fields(data, area.year)
    if fields:
        out.append(f"Research-derived figures: in {area.year} the figures for {' and '.join(fields)} come from research "
                   "built on DfE data (Goodair and others), not from a DfE publication.")
    if area.level == "footprint":
        out.append("Footprint: " + FOOTPRINT_RULE)
    if area.level == "la":
        note = lineage_note(area.code, data.gazetteer)
        if note:
            out.append(note)
    return out


def about(data, state, area: Area, *, base_url: str = DEFAULT_BASE_URL, generated: datetime | None = None,
          modelled_available: bool = False) -> About:
    when = (generated or datetime.now().astimezone()).replace(microsecond=0)
    return About(
        title=f"{TITLE}: {area.name} ({area.code}), 31 March {area.year}",
        generated=when.isoformat(sep=" "),
        filters=filters(state, data, area),
        permalink=permalink(state, base_url),
        attribution=ATTRIBUTION,
        licence_url=OGL_URL,
        sources=sources(data),
        definitions=definitions(),
        caveats=caveats(data, area, modelled_available),
    )
