"""Placement-flow model: where children living in children's homes are placed (modelled).

See docs/flows.md for the method, the candidates compared and their fit on held-out LAs.
"""

from .candidates import BASELINE_MODEL, CANDIDATES, DEFAULT_MODEL, Candidate
from .children import MODELLED_COUNTS, counts, footprint, sufficiency_test
from .crossval import BASELINES, compare_models, held_out, held_out_fit
from .gravity import FORMS, calibrate, ipf
from .inputs import SECTORS
from .labels import ALL_CLA_OBSERVED, CH_MODELLED, CH_OBSERVED, figure_label, labelled
from .model import (
    ALL_SECTORS, DEFAULT_FORM, FlowResult, Params, calibrated_decay, calibrated_params, calibration_targets,
    locality_targets, run_year,
)
from .observed import latest_observed, observed_figures, observed_series
from .ranges import figure_ranges
from .report import candidate_distributions, candidate_table, fit_table, form_comparison, national_split, observed_split
from .scenario import CHILDREN_FIGURES, ScenarioResult, allocate_places, run_scenario
from .summaries import (
    RANGED_FIGURES,
    REFERENCE_MILES,
    area_figures,
    children_within,
    distribution,
    fit_report,
    mean_miles,
    modelled_la_figures,
    modelled_sources,
    share_outside_la,
    share_over,
    top_destinations,
    top_sources,
)

__all__ = [
    "ALL_CLA_OBSERVED", "ALL_SECTORS", "BASELINES", "BASELINE_MODEL", "CANDIDATES", "CHILDREN_FIGURES", "CH_MODELLED",
    "CH_OBSERVED", "Candidate", "DEFAULT_FORM", "DEFAULT_MODEL", "FORMS", "FlowResult", "MODELLED_COUNTS", "Params",
    "RANGED_FIGURES", "REFERENCE_MILES", "SECTORS", "ScenarioResult", "allocate_places", "area_figures", "calibrate",
    "calibrated_decay", "calibrated_params", "calibration_targets", "candidate_distributions", "candidate_table",
    "children_within", "compare_models", "counts", "distribution", "figure_label", "figure_ranges", "fit_report",
    "fit_table", "footprint", "form_comparison", "held_out", "held_out_fit", "ipf", "labelled", "latest_observed",
    "locality_targets", "mean_miles", "modelled_la_figures", "modelled_sources", "national_split", "observed_figures",
    "observed_series", "observed_split", "run_scenario", "run_year", "share_outside_la", "share_over",
    "sufficiency_test", "top_destinations", "top_sources",
]
