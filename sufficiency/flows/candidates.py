"""The flow-model candidates compared in docs/flows.md, each adding one thing to the one before.

A candidate says which places children can live in, how far a child placed in their own LA
lives from home, and how the share placed in their own LA is set:

* ``own='none'``: by the distance decay alone (one parameter, calibrated to the share over 20 miles);
* ``own='national'``: plus one own-LA factor, calibrated to DfE's national split inside / outside;
* ``own='propensity'``: each LA's share inside predicted from its characteristics
  (``sufficiency.flows.propensity``), fitted to the FOI figures of other LAs and shifted to the
  national split.

``own_kernel``: the decay of an own-LA placement at the mean within-LA distance (``mean``),
or averaged over the within-LA distribution (``expected``: larger for large LAs, where many
children live close to a home in their own LA). ``within_scaled``: the polygons give each
LA's within-LA distances for homes and children spread evenly over its area; children and
homes sit closer together (in towns), so all within-LA distances are multiplied by one
factor calibrated to DfE's national share placed inside their LA more than 20 miles away.

Every candidate keeps the doubly-constrained structure (each LA's children, each LA's places).
"""

from __future__ import annotations

from dataclasses import dataclass

DISC, POLYGON = "disc", "polygon"
OWN_NONE, OWN_NATIONAL, OWN_PROPENSITY = "none", "national", "propensity"


@dataclass(frozen=True)
class Candidate:
    name: str
    label: str
    within: str  # DISC or POLYGON: distance for a child placed in their own LA
    short_breaks_excluded: bool  # leave out places in short-break-only homes
    own: str  # OWN_NONE, OWN_NATIONAL or OWN_PROPENSITY
    features: tuple[str, ...] = ()  # LA characteristics of the propensity (sufficiency.flows.characteristics)
    own_kernel: str = "mean"  # decay of own-LA placements: at the mean distance, or 'expected' over the distribution
    within_scaled: bool = False  # within-LA distances scaled to DfE's share placed inside the LA over 20 miles


GRAVITY_FEATURES = ("gravity_logit", "la_places_per_child", "log_area")
ALL_FEATURES = (
    "gravity_logit", "la_places_per_child", "log_area", "log_places_per_child", "log_density",
    "log_nearby_places_per_child",
)

CANDIDATES = {
    c.name: c
    for c in (
        Candidate("gravity_v1", "Gravity, one parameter, disc within LAs (version 1)", DISC, False, OWN_NONE),
        Candidate("gravity_polygon", "+ within-LA distances from the LA polygons", POLYGON, False, OWN_NONE),
        Candidate("gravity_no_short_breaks", "+ short-break-only homes left out", POLYGON, True, OWN_NONE),
        Candidate("gravity_own_la", "+ own-LA parameter calibrated to the national inside/outside split",
                  POLYGON, True, OWN_NATIONAL),
        Candidate("gravity_own_la_expected", "+ own-LA decay averaged over the within-LA distances, not at their mean",
                  POLYGON, True, OWN_NATIONAL, own_kernel="expected"),
        Candidate("gravity_propensity", "+ LA propensities (gravity share, LA-run places per child, area); "
                  "within-LA distances scaled to the national share placed inside the LA over 20 miles",
                  POLYGON, True, OWN_PROPENSITY, GRAVITY_FEATURES, within_scaled=True),
        Candidate("gravity_propensity_all", "+ LA propensities from all six characteristics",
                  POLYGON, True, OWN_PROPENSITY, ALL_FEATURES, within_scaled=True),
    )
}
BASELINE_MODEL = "gravity_v1"
#: The decay form the app, the snapshot and the command line use (chosen in docs/flows.md).
DEFAULT_FORM = "power"
#: The candidate the app, the snapshot and the command line use (chosen in docs/flows.md).
DEFAULT_MODEL = "gravity_propensity"


def candidate(name: str) -> Candidate:
    try:
        return CANDIDATES[name]
    except KeyError:
        raise ValueError(f"unknown flow model '{name}' (expected one of {', '.join(CANDIDATES)})") from None
