"""Placement-flow model: where children living in children's homes are placed (modelled).

See docs/flows.md for the method and its assumptions.
"""

from .gravity import FORMS, calibrate, ipf
from .inputs import SECTORS
from .model import ALL_SECTORS, DEFAULT_FORM, FlowResult, calibrated_decay, calibration_targets, run_year
from .observed import observed_figures
from .report import fit_table, form_comparison
from .scenario import ScenarioResult, allocate_places, run_scenario
from .summaries import (
    REFERENCE_MILES,
    distribution,
    fit_report,
    modelled_la_figures,
    share_over,
    top_destinations,
    top_sources,
)

__all__ = [
    "ALL_SECTORS", "DEFAULT_FORM", "FORMS", "REFERENCE_MILES", "SECTORS", "FlowResult", "ScenarioResult",
    "allocate_places", "calibrate", "calibrated_decay", "calibration_targets", "distribution", "fit_report", "fit_table", "form_comparison", "ipf",
    "modelled_la_figures", "observed_figures", "run_scenario", "run_year", "share_over", "top_destinations",
    "top_sources",
]
