"""LA-to-LA distances: symmetry, positivity, known pairs, the within-LA disc."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod, Transformer

from sufficiency.store import load
from sufficiency.config import EMBEDDED_DATA
from sufficiency.distance import (
    METRES_PER_MILE,
    disc_distance_cdf,
    distance_matrix,
    within_la_miles,
    within_la_radius_miles,
)


def _gaz(rows):
    return pd.DataFrame(rows, columns=["code", "region_code", "start", "end", "x", "y", "area_km2"])


def test_synthetic_points_give_exact_distances_and_disc_diagonal():
    mile = METRES_PER_MILE
    g = _gaz([
        ("B", "R1", 2014, 2025, 3 * mile, 4 * mile, 10.0),
        ("A", "R1", 2014, 2025, 0.0, 0.0, 50.0),
        ("C", "R2", 2020, 2025, 0.0, 10 * mile, 2.0),
    ])
    codes, miles = distance_matrix(g, 2019)
    assert codes == ["A", "B"]
    assert miles[0, 1] == pytest.approx(5.0)
    codes, miles = distance_matrix(g, 2024)
    assert codes == ["A", "B", "C"]
    assert miles[1, 2] == pytest.approx(np.hypot(3, 6))
    np.testing.assert_allclose(np.diag(miles), within_la_miles([50.0, 10.0, 2.0]))


def test_real_matrix_is_symmetric_and_zero_free_for_every_year():
    data = load(EMBEDDED_DATA)
    for year, n in ((2014, 152), (2019, 151), (2022, 152), (2025, 153)):
        codes, miles = distance_matrix(data.gazetteer, year)
        assert len(codes) == n and miles.shape == (n, n)
        np.testing.assert_array_equal(miles, miles.T)
        off = miles[~np.eye(n, dtype=bool)]
        assert (off > 0).all()
        assert (np.diag(miles) > 0).all()
        assert miles.max() < 450  # nothing in England is further apart


@pytest.mark.parametrize(
    "a, b",
    [
        ("E08000025", "E08000003"),  # Birmingham - Manchester
        ("E06000052", "E06000057"),  # Cornwall - Northumberland
        ("E09000033", "E10000016"),  # Westminster - Kent
        ("E08000021", "E06000001"),  # Newcastle upon Tyne - Hartlepool
    ],
)
def test_known_pairs_within_2_percent_of_the_geodesic_distance(a, b):
    """The same points, converted to latitude and longitude and measured on the ellipsoid."""
    data = load(EMBEDDED_DATA)
    codes, miles = distance_matrix(data.gazetteer, 2025)
    g = data.gazetteer.set_index("code")
    to_wgs = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    (lon1, lon2), (lat1, lat2) = to_wgs.transform(g.loc[[a, b], "x"].to_numpy(), g.loc[[a, b], "y"].to_numpy())
    _, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    got = miles[codes.index(a), codes.index(b)]
    assert got == pytest.approx(metres / METRES_PER_MILE, rel=0.02)


def test_within_la_mean_is_the_disc_formula_and_matches_random_points():
    area = 1000.0
    r = within_la_radius_miles(area)
    assert np.pi * (r * METRES_PER_MILE) ** 2 / 1e6 == pytest.approx(area)
    assert within_la_miles(area) == pytest.approx(128 / (45 * np.pi) * r)
    rng = np.random.default_rng(1)
    n = 200_000
    rad = r * np.sqrt(rng.random((2, n)))
    ang = 2 * np.pi * rng.random((2, n))
    p = np.stack([rad * np.cos(ang), rad * np.sin(ang)], axis=-1)
    d = np.linalg.norm(p[0] - p[1], axis=-1)
    assert d.mean() == pytest.approx(within_la_miles(area), rel=0.01)
    for t in (0.2 * r, r, 1.5 * r):
        assert disc_distance_cdf(t, r) == pytest.approx((d <= t).mean(), abs=0.005)


def test_disc_cdf_bounds():
    assert disc_distance_cdf(0.0, 3.0) == 0.0
    assert disc_distance_cdf(6.0, 3.0) == pytest.approx(1.0)
    assert disc_distance_cdf(100.0, 3.0) == 1.0
    values = disc_distance_cdf(np.linspace(0, 6, 50), 3.0)
    assert (np.diff(values) >= -1e-12).all()
