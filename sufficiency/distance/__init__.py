"""Distances between local authorities, in miles, computed in British National Grid."""

from .matrix import (
    METRES_PER_MILE,
    disc_distance_cdf,
    distance_matrix,
    within_la_miles,
    within_la_radius_miles,
)

__all__ = [
    "METRES_PER_MILE",
    "disc_distance_cdf",
    "distance_matrix",
    "within_la_miles",
    "within_la_radius_miles",
]
