"""Distances between local authorities, in miles, computed in British National Grid."""

from .matrix import (
    METRES_PER_MILE,
    disc_distance_cdf,
    distance_matrix,
    within_la_miles,
    within_la_radius_miles,
)
from .within import DISC, POLYGON, WithinLA, disc_within, polygon_within

__all__ = [
    "DISC",
    "METRES_PER_MILE",
    "POLYGON",
    "WithinLA",
    "disc_within",
    "polygon_within",
    "disc_distance_cdf",
    "distance_matrix",
    "within_la_miles",
    "within_la_radius_miles",
]
