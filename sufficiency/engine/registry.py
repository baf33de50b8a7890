"""Every measure the dashboard shows, declared once.

A :class:`Measure` says what a figure is (label, unit, number format), which homes or
children it covers, how it is computed (:attr:`Measure.formula`), whether it follows the
sector filter, which direction is better, and how it is labelled (observed, derived,
estimated, modelled). The map's list of measures, the filter panel, the tables, the
snapshot's columns and the command line are all derived from :data:`MEASURES`; the
computation itself is :func:`sufficiency.engine.compute.measure_table`.

Formulas (see docs/data-lineage.md, "Aggregation rules"):

* ``("count", column)``: a count summed over an area's LAs;
* ``("ratio", numerator, denominator, scale)``: computed from the summed counts of the LAs
  that have both, never averaged;
* ``("gap", children)``: children (a count) minus registered places, over the same LAs;
* ``("graded", grades)``: share of homes with a graded inspection that have those grades;
* ``("change", measure)``: the measure now minus the measure at the baseline year;
* ``("modelled", miles)``: the placement-flow model's share placed beyond ``miles``;
* ``("projected", measure, year)``: the forecast's median of ``measure`` in ``year``, from the
  forecasts precomputed at build time (:mod:`sufficiency.engine.projected`);
* ``("market", what)``: the concentration of ownership (``hhi``, ``top5_share``) from the
  area's owners' places summed over its LAs (:mod:`sufficiency.engine.market`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import SECTOR_SLUGS, SECTORS

OBSERVED, DERIVED, ESTIMATED, MODELLED = "observed", "derived", "estimated", "modelled"
PROJECTED = "projected"
BASES = (OBSERVED, DERIVED, ESTIMATED, MODELLED, PROJECTED)

#: The groups of the map-measure select, in order.
GROUPS = ("Supply", "Demand", "Gap", "Distance", "Quality", "Change", "Modelled", "Projected", "Market")

#: Which homes or children a figure covers, in words used on screen beside it.
COVERS = {
    "homes": "children's homes of the sectors and provision types chosen (Ofsted)",
    "homes_by_sector": "children's homes of the provision types chosen, one sector (Ofsted)",
    "population": "all children aged 0-17 (ONS)",
    "cla": "all children looked after (DfE)",
    "cla_ch": "children looked after in secure homes and children's homes (DfE)",
    "ch": "children looked after living in children's homes (DfE FOI 2024-0040813)",
    "ch_modelled": "children in children's homes (modelled)",
    "gap_projected": "children looked after in secure homes and children's homes (DfE) minus registered places in "
                     "children's homes of every sector (Ofsted), projected from 31 March 2025",
    "owners": "registered places in children's homes of the sectors and provision types chosen, by owning "
              "organisation (Ofsted, from 2018)",
}

#: Years (at 31 March) of the DfE FOI on children living in children's homes.
FOI_YEARS = tuple(range(2014, 2025))


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # the words after a value, e.g. "places per 10,000 children"
    kind: str  # number format: count, rate, pct, change, pct_change (sufficiency.formats)
    group: str
    covers: str  # a key of COVERS
    basis: str  # the basis of an LA's value: observed, derived, estimated or modelled
    formula: tuple
    follows_sectors: bool = True  # False: the sector filter does not change it
    follows_types: bool = True  # False: the provision-type filter does not change it
    better: str | None = None  # "higher", "lower" or None: which direction is better (benchmarking)
    diverging: bool = False  # a colour scale centred on zero
    needs_baseline: bool = False
    on_map: bool = True  # offered as a map measure
    note: str = ""

    @property
    def covers_text(self) -> str:
        return COVERS[self.covers]

    @property
    def demand_only(self) -> bool:
        """A figure of children only: the sector and provision-type filters do not change it."""
        return not self.follows_sectors and not self.follows_types


def _m(*args, **kw) -> Measure:
    return Measure(*args, **kw)


_GAP_NOTE = (
    "Positive: more of the area's children live in children's homes than there are registered places in the area. "
    "A negative gap does not mean the area's children are placed locally: other areas' children use its places "
    "(see the net gain)."
)

_MEASURES = (
    # --- supply -----------------------------------------------------------------------
    _m("homes", "Children's homes", "homes", "count", "Supply", "homes", OBSERVED, ("count", "homes")),
    _m("places", "Registered places", "places", "count", "Supply", "homes", OBSERVED, ("count", "places"),
       better="higher"),
    _m("places_per_10k", "Registered places per 10,000 children aged 0-17", "places per 10,000 children", "rate",
       "Supply", "homes", DERIVED, ("ratio", "places", "population_0_17", 10_000), better="higher"),
    *(
        _m(f"places_{SECTOR_SLUGS[s]}", f"Registered places: {s.lower()} sector", "places", "count", "Supply",
           "homes_by_sector", OBSERVED, ("count", f"places_{SECTOR_SLUGS[s]}"), follows_sectors=False, on_map=False)
        for s in SECTORS
    ),
    *(
        _m(f"homes_{SECTOR_SLUGS[s]}", f"Children's homes: {s.lower()} sector", "homes", "count", "Supply",
           "homes_by_sector", OBSERVED, ("count", f"homes_{SECTOR_SLUGS[s]}"), follows_sectors=False, on_map=False)
        for s in SECTORS
    ),
    # --- demand -----------------------------------------------------------------------
    _m("population_0_17", "Children aged 0-17", "children", "count", "Demand", "population", OBSERVED,
       ("count", "population_0_17"), follows_sectors=False, follows_types=False, on_map=False),
    _m("cla", "Children looked after", "children", "count", "Demand", "cla", OBSERVED, ("count", "cla"),
       follows_sectors=False, follows_types=False),
    _m("cla_per_10k", "Children looked after per 10,000 children aged 0-17", "per 10,000 children", "rate", "Demand",
       "cla", OBSERVED, ("ratio", "cla", "population_0_17", 10_000), follows_sectors=False, follows_types=False,
       note="DfE's published rate where there is one (whole numbers); otherwise children looked after divided by "
            "the ONS population aged 0-17."),
    _m("ch_children", "Children in children's homes (DfE FOI)", "children", "count", "Demand", "ch", ESTIMATED,
       ("count", "ch_children"), follows_sectors=False, follows_types=False,
       note="Estimated from DfE FOI 2024-0040813: the number placed outside the LA divided by the percentage placed "
            "outside (a whole number), rounded; published 2014 to 2024 only."),
    _m("cla_ch", "Children in secure homes and children's homes (DfE)", "children", "count", "Demand", "cla_ch",
       OBSERVED, ("count", "cla_ch"), follows_sectors=False, follows_types=False,
       note="DfE's placement category \"secure homes and children's homes\" (2021 onwards); 2014 to 2017 the "
            "statistical first release's wider \"secure units, children's homes and hostels\"."),
    # --- gap --------------------------------------------------------------------------
    _m("gap", "Gap: children in children's homes minus registered places", "children minus places", "change", "Gap",
       "ch", DERIVED, ("gap", "children"), follows_sectors=True, diverging=True, better="lower", note=_GAP_NOTE),
    _m("gap_per_10k", "Gap per 10,000 children aged 0-17", "per 10,000 children", "rate", "Gap", "ch", DERIVED,
       ("gap_rate", "children", 10_000), diverging=True, better="lower", note=_GAP_NOTE),
    _m("gap_dfe", "Gap: children in secure homes and children's homes (DfE) minus registered places",
       "children minus places", "change", "Gap", "cla_ch", DERIVED, ("gap", "cla_ch"), diverging=True, better="lower",
       note="DfE's count includes children in secure children's homes: tick secure children's homes in the "
            "provision types to compare like with like. " + _GAP_NOTE),
    # --- distance ---------------------------------------------------------------------
    _m("pct_over_20_miles", "Children looked after placed more than 20 miles from home", "% of children looked after",
       "pct", "Distance", "cla", OBSERVED, ("ratio", "cla_over_20_miles", "cla", 100), follows_sectors=False,
       follows_types=False, better="lower"),
    _m("pct_outside_la", "Children looked after placed outside the LA", "% of children looked after", "pct",
       "Distance", "cla", OBSERVED, ("ratio", "cla_outside_la", "cla", 100), follows_sectors=False,
       follows_types=False, better="lower"),
    _m("ch_placed_outside_la", "Children in children's homes placed outside the LA (DfE FOI)", "children", "count",
       "Distance", "ch", OBSERVED, ("count", "ch_placed_outside_la"), follows_sectors=False, follows_types=False,
       on_map=False),
    _m("ch_pct_outside_la", "Children in children's homes placed outside the LA (DfE FOI)",
       "% of children in children's homes", "pct", "Distance", "ch", OBSERVED,
       ("ratio", "ch_placed_outside_la", "ch_children", 100), follows_sectors=False, follows_types=False,
       better="lower", note="DfE FOI 2024-0040813 (children's homes), 2014 to 2024."),
    _m("ch_net_gain", "Net gain of children in children's homes (DfE FOI)", "children", "change", "Distance", "ch",
       OBSERVED, ("count", "ch_net_gain"), follows_sectors=False, follows_types=False, diverging=True,
       note="Other LAs' children placed in the area's children's homes minus the area's children placed in homes "
            "elsewhere (DfE FOI 2024-0040813)."),
    # --- quality ----------------------------------------------------------------------
    _m("pct_good_or_better", "Homes rated good or outstanding", "% of inspected homes", "pct", "Quality", "homes",
       DERIVED, ("graded", ("outstanding", "good")), better="higher"),
    _m("pct_ri_or_inadequate", "Homes rated requires improvement or inadequate", "% of inspected homes", "pct",
       "Quality", "homes", DERIVED, ("graded", ("requires_improvement", "inadequate")), better="lower"),
    _m("homes_inspected", "Children's homes with a graded inspection", "homes", "count", "Quality", "homes", OBSERVED,
       ("count", "homes_inspected"), on_map=False),
    _m("homes_good_or_better", "Children's homes rated good or outstanding", "homes", "count", "Quality", "homes",
       OBSERVED, ("count", "homes_good_or_better"), on_map=False),
    _m("homes_ri_or_inadequate", "Children's homes rated requires improvement or inadequate", "homes", "count",
       "Quality", "homes", OBSERVED, ("count", "homes_ri_or_inadequate"), on_map=False),
    # --- change -----------------------------------------------------------------------
    _m("homes_change", "Change in children's homes", "homes", "change", "Change", "homes", DERIVED,
       ("change", "homes"), diverging=True, needs_baseline=True),
    _m("places_change", "Change in registered places", "places", "change", "Change", "homes", DERIVED,
       ("change", "places"), diverging=True, needs_baseline=True),
    # --- modelled ---------------------------------------------------------------------
    _m("modelled_over_20_miles", "Modelled: placed more than 20 miles from home", "% of children in children's homes",
       "pct", "Modelled", "ch_modelled", MODELLED, ("modelled", 20), follows_types=False, better="lower",
       note="Modelled by the placement-flow model for the sectors chosen, by the child's home LA; not a published "
            "figure."),
    _m("modelled_over_50_miles", "Modelled: placed more than 50 miles from home", "% of children in children's homes",
       "pct", "Modelled", "ch_modelled", MODELLED, ("modelled", 50), follows_types=False, better="lower",
       note="Modelled by the placement-flow model for the sectors chosen, by the child's home LA; no published "
            "table has an over-50-miles band."),
    # --- projected --------------------------------------------------------------------
    _m("projected_gap_2030", "Projected gap, 2030: children in secure homes and children's homes minus registered "
       "places", "children minus places", "change", "Projected", "gap_projected", PROJECTED, ("projected", "gap", 2030),
       follows_sectors=False, follows_types=False, diverging=True, better="lower",
       note="Projected at 31 March 2030 from the figures to 31 March 2025 (median of the forecast; docs/forecasts.md): "
            "every sector's children's-home places, whatever the filters. " + _GAP_NOTE),
    # --- market -----------------------------------------------------------------------
    _m("market_hhi", "Concentration of ownership: Herfindahl-Hirschman index of registered places", "HHI, 0-10,000",
       "count", "Market", "owners", DERIVED, ("market", "hhi"), better="lower",
       note="Sum of the owners' squared shares of the area's places (in per cent), from the owners' places summed "
            "over the area's LAs. Below 1,000 not concentrated, 1,000-2,000 concentrated, above 2,000 highly "
            "concentrated (CMA). Ofsted names owners from 2018."),
    _m("market_top5_share", "Share of registered places held by the 5 largest owners", "% of registered places",
       "pct", "Market", "owners", DERIVED, ("market", "top5_share"), better="lower",
       note="The 5 owners with most places in the area, over all its places (owners not published count in the "
            "total). Ofsted names owners from 2018."),
)

MEASURES: dict[str, Measure] = {m.key: m for m in _MEASURES}
#: Measures offered on the map, in the select's order.
MAP_MEASURES: tuple[str, ...] = tuple(
    k for g in GROUPS for k, m in MEASURES.items() if m.on_map and m.group == g
)
#: Measures the placement-flow model gives.
MODELLED_MEASURES = tuple(k for k, m in MEASURES.items() if m.formula[0] == "modelled")
#: Measures read from the forecasts (projected).
PROJECTED_MEASURES = tuple(k for k, m in MEASURES.items() if m.formula[0] == "projected")
#: Measures the engine computes from the tables (every one but the modelled and projected ones).
TABLE_MEASURES = tuple(k for k in MEASURES if k not in MODELLED_MEASURES and k not in PROJECTED_MEASURES)

#: The grades a graded share counts, by measure (the quality view's choice).
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
#: Fewer inspected homes than this: a rating share is not shown ("too few homes").
MIN_INSPECTED = 5


def measure(key: str) -> Measure:
    try:
        return MEASURES[key]
    except KeyError:
        raise KeyError(f"unknown measure '{key}'") from None


def children_series(year: int) -> str:
    """The count of children the headline gap uses in ``year``: DfE FOI children's homes to
    2024, DfE secure homes and children's homes from 2025 (the FOI ends in 2024)."""
    return "ch_children" if year in FOI_YEARS else "cla_ch"


CHILDREN_DEFINITIONS = {
    "ch_children": "children in children's homes (DfE FOI, estimated from published counts)",
    "cla_ch": "children in secure homes and children's homes (DfE)",
    "cla_ch_sfr": "children in secure units, children's homes and hostels (DfE statistical first release)",
}


def definition(key: str, year: int) -> str | None:
    """Which definition of children ``key`` uses in ``year`` (for measures whose definition
    changes between years), else None."""
    m = measure(key)
    children = None
    if m.formula[0] in ("gap", "gap_rate"):
        children = m.formula[1]
        if children == "children":
            children = children_series(year)
    elif key == "cla_ch":
        children = "cla_ch"
    if children is None:
        return None
    if children == "cla_ch" and year <= 2017:
        children = "cla_ch_sfr"
    return CHILDREN_DEFINITIONS[children]


#: The years in which the headline gap changes definition, with the words shown at the break.
DEFINITION_BREAKS = {2025: "From 2025 the gap uses DfE's secure homes and children's homes: the FOI on children's "
                           "homes ends in 2024. The two are shown side by side for 2021 to 2024."}
