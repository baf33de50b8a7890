"""Which children a figure covers, said once: the labels to put in the same line as a figure.

Three populations appear side by side on the dashboard and must never be mixed up:

* all children looked after: DfE's published LA and national tables (observed);
* children in children's homes: DfE FOI 2024-0040813 per LA, 2014-2024 (observed);
* children in children's homes as the flow model places them (modelled).
"""

from __future__ import annotations

ALL_CLA_OBSERVED = "all children looked after (DfE, observed)"
CH_OBSERVED = "children in children's homes (DfE FOI, observed)"
CH_MODELLED = "children in children's homes (modelled)"
POPULATIONS = {"cla_observed": ALL_CLA_OBSERVED, "ch_observed": CH_OBSERVED, "ch_modelled": CH_MODELLED}

#: Modelled figures (``sufficiency.flows.summaries.area_figures`` and ``ranges.figure_ranges``).
FIGURES = {
    "children": "Children from the area in children's homes",
    "placed_outside_la": "Children placed outside their own LA",
    "share_outside_la": "Placed outside their own LA",
    "mean_miles": "Mean distance from home (miles)",
    "share_over_20": "Placed more than 20 miles from home",
    "share_over_50": "Placed more than 50 miles from home",
}
RANGE = "plausible range"
RANGE_NOTE = ("Plausible range: the lowest and highest value of the model run with each distance-decay form "
              "(power, exponential) and, for an LA, with every LA's share placed in its own LA at either end of its "
              "80% range from the held-out fit.")


def labelled(text: str, population: str = CH_MODELLED) -> str:
    """``text`` followed by the population it covers, e.g. 'Placed more than 20 miles from home:
    children in children's homes (modelled)'."""
    return f"{text}: {population}"


def figure_label(figure: str, population: str = CH_MODELLED) -> str:
    return labelled(FIGURES[figure], population)
