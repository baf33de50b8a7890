"""DfE national table: children looked after by placement type and distance, 2020-2024.

``national_cla_on_31_march_by_placement_distance_and_placement_locality.csv``. For each
year and placement group (``cla_group``, e.g. "Secure homes and children's homes") the
total, the number placed more than 20 miles from home ("2. Over 20 miles") and the number
whose distance is not known, with DfE's published whole-number percentage. National figures are rounded to the nearest 10, so the
shares are computed from rounded counts (DfE's own whole-number percentage is close).

The same table splits each distance band by locality (inside or outside the LA boundary of
the child's responsible LA): ``within_20_inside_la``, ``within_20_outside_la``,
``over_20_inside_la``, ``over_20_outside_la``, their sums ``inside_la`` and ``outside_la`` and
``share_outside_la_of_known`` (outside / inside plus outside; children whose distance is not
known have no locality either). The flow model is calibrated to that split (docs/flows.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UnknownLabel
from ..provenance import Provenance
from .dfe_values import parse_cells, require_columns, years_of
from .tabular import read_table

NATIONAL_DISTANCE = "dfe_cla/dfe_cla_national_placement_distance_locality_2020_2024.csv"
CH_GROUP = "Secure homes and children's homes"
ROWS = {"Total": "children", "2. Over 20 miles": "over_20_miles", "Distance not known or not recorded": "distance_not_known"}
LOCALITY_ROWS = {
    "1.i 20 miles or less inside LA boundary": "within_20_inside_la",
    "1.ii 20 miles or less outside LA boundary": "within_20_outside_la",
    "2.i Over 20 miles inside LA boundary": "over_20_inside_la",
    "2.ii Over 20 miles outside LA boundary": "over_20_outside_la",
}
LOCALITY_COLUMNS = [*LOCALITY_ROWS.values(), "inside_la", "outside_la", "share_outside_la_of_known"]


def national_distance(raw_root: Path, provenance: Provenance) -> pd.DataFrame:
    """``year, placement_group, children, over_20_miles, distance_not_known, share_over_20_miles, ...``."""
    from ..tables.demand_schemas import NATIONAL_DISTANCE_SCHEMA

    path = Path(raw_root) / NATIONAL_DISTANCE
    table = read_table(path, header_contains="time_period")
    require_columns(table, ("time_period", "geographic_level", "cla_group", "characteristic", "number", "percentage"))
    f = table.frame
    if not (f["geographic_level"] == "National").all():
        first = (f["geographic_level"] != "National").idxmax()
        raise UnknownLabel("expected only national rows", file=table.label, row=table.line_of(first),
                           column="geographic_level", value=f.loc[first, "geographic_level"])
    values, flags = parse_cells(table, "number", fixes=provenance.fixes)
    pct, _ = parse_cells(table, "percentage", fixes=provenance.fixes)
    names = {**ROWS, **LOCALITY_ROWS}
    keep = f["characteristic"].isin(names)
    long = pd.DataFrame({
        "year": years_of(f["time_period"], table.label, f["_line"]), "placement_group": f["cla_group"],
        "what": f["characteristic"].map(names), "value": values, "flag": flags,
    })[keep]
    if CH_GROUP not in set(long["placement_group"]):
        raise UnknownLabel(f"no rows for '{CH_GROUP}'", file=table.label, row=table.header_line,
                           hint="DfE may have renamed the placement group")
    wide = long.pivot(index=["year", "placement_group"], columns="what", values="value").reset_index()
    wide = wide.reindex(columns=["year", "placement_group", *ROWS.values(), *LOCALITY_ROWS.values()])
    over = (f["characteristic"] == "2. Over 20 miles")
    published = pd.DataFrame({"year": long["year"], "placement_group": long["placement_group"], "published_pct_over_20_miles": pct})[over[keep.index] & keep]
    wide = wide.merge(published, on=["year", "placement_group"], how="left")
    flag = long[long["what"].isin(list(ROWS.values()))].dropna(subset=["flag"]).groupby(["year", "placement_group"])["flag"].first()
    wide = wide.merge(flag.rename("flag"), on=["year", "placement_group"], how="left")
    wide["share_over_20_miles"] = wide["over_20_miles"] / wide["children"]
    wide["share_over_20_miles_of_known"] = wide["over_20_miles"] / (wide["children"] - wide["distance_not_known"])
    wide["inside_la"] = wide["within_20_inside_la"] + wide["over_20_inside_la"]
    wide["outside_la"] = wide["within_20_outside_la"] + wide["over_20_outside_la"]
    wide["share_outside_la_of_known"] = wide["outside_la"] / (wide["inside_la"] + wide["outside_la"])
    wide.columns.name = None
    out = wide[["year", "placement_group", "children", "over_20_miles", "distance_not_known",
                "share_over_20_miles", "share_over_20_miles_of_known", "published_pct_over_20_miles", "flag",
                *LOCALITY_COLUMNS]]
    out = out.astype({"flag": object})
    provenance.record(path, rows_read=len(f), rows_kept=int(keep.sum()))
    return NATIONAL_DISTANCE_SCHEMA.validate(out.sort_values(["year", "placement_group"]).reset_index(drop=True))
