import numpy as np
import pytest

from engines.coverage import geo

from .geodesy import vincenty

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]]}
# A 4 x 4 square with a 2 x 2 hole in its lower-left quarter (hole wound the other way, as GeoJSON asks).
HOLED = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
                                            [[0.5, 0.5], [0.5, 2.5], [2.5, 2.5], [2.5, 0.5], [0.5, 0.5]]]}  # fmt: skip


def test_projection_is_within_a_quarter_percent_of_the_ellipsoidal_distance_across_seoul():
    origin = (126.99, 37.55)
    rng = np.random.default_rng(0)
    xy = rng.uniform(-20_000, 20_000, size=(400, 2))
    lonlat = geo.unproject(xy, origin)
    for a, b in zip(range(0, 400, 2), range(1, 400, 2), strict=True):
        planar = float(np.linalg.norm(xy[a] - xy[b]))
        reference = vincenty(*lonlat[a], *lonlat[b])
        assert abs(planar - reference) <= 0.0025 * reference


def test_project_and_unproject_round_trip():
    pts = np.array([[127.1, 37.6], [126.8, 37.4]])
    assert geo.unproject(geo.project(pts, (127.0, 37.5)), (127.0, 37.5)) == pytest.approx(pts, abs=1e-9)


def test_centroid_of_square_triangle_and_holed_square():
    assert geo.polygon_centroid(SQUARE) == pytest.approx((2, 2))
    triangle = {"type": "Polygon", "coordinates": [[[0, 0], [3, 0], [0, 3]]]}  # open ring is fine
    assert geo.polygon_centroid(triangle) == pytest.approx((1, 1))
    # Square (area 16, centre (2, 2)) minus hole (area 4, centre (1.5, 1.5)): (16*2 - 4*1.5) / 12 = 2.1667.
    assert geo.polygon_centroid(HOLED) == pytest.approx((26 / 12, 26 / 12))
    assert geo.polygon_area(HOLED) == pytest.approx(12)


def test_centroid_ignores_ring_orientation_and_weights_multipolygon_parts_by_area():
    clockwise = {"type": "Polygon", "coordinates": [[[0, 0], [0, 4], [4, 4], [4, 0], [0, 0]]]}
    assert geo.polygon_centroid(clockwise) == pytest.approx((2, 2))
    # A 2 x 2 square at the origin (area 4, centre (1, 1)) and a 1 x 1 square at x = 10 (area 1, centre 10.5, 0.5).
    multi = {"type": "MultiPolygon", "coordinates": [[[[0, 0], [2, 0], [2, 2], [0, 2]]],
                                                     [[[10, 0], [11, 0], [11, 1], [10, 1]]]]}  # fmt: skip
    assert geo.polygon_centroid(multi) == pytest.approx(((4 * 1 + 10.5) / 5, (4 * 1 + 0.5) / 5))


def test_degenerate_polygon_falls_back_to_the_vertex_mean():
    line = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [4, 0]]]}
    assert geo.polygon_centroid(line) == pytest.approx((2, 0))


def test_points_in_polygon_respects_holes_and_multipolygon_parts():
    points = [[3, 3], [1.5, 1.5], [0.25, 0.25], [5, 5], [10.5, 0.5]]
    assert geo.points_in_polygon(points, HOLED).tolist() == [True, False, True, False, False]
    multi = {"type": "MultiPolygon", "coordinates": [HOLED["coordinates"], [[[10, 0], [11, 0], [11, 1], [10, 1]]]]}
    assert geo.points_in_polygon(points, multi).tolist() == [True, False, True, False, True]


def test_bad_geometry_is_refused():
    with pytest.raises(ValueError, match="Polygon or MultiPolygon"):
        geo.polygon_centroid({"type": "Point", "coordinates": [0, 0]})
    with pytest.raises(ValueError, match="at least 3 points"):
        geo.points_in_polygon([[0, 0]], {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]})


def test_population_points_split_demand_over_the_grid_inside_the_area():
    # A 4 x 4 m square with a 1 m grid: the 16 cell centres (0.5, 0.5) ... (3.5, 3.5) are all inside.
    points, weights = geo.population_points(SQUARE, 160.0, spacing=1.0)
    assert points.shape == (16, 2) and weights.tolist() == [10.0] * 16
    # The hole removes the 4 centres inside it: 12 points share the demand.
    holed, holed_weights = geo.population_points(HOLED, 120.0, spacing=1.0)
    assert holed.shape[0] == 12 and holed_weights.sum() == pytest.approx(120)
    assert not geo.points_in_polygon([[1.5, 1.5]], HOLED)[0]


def test_population_points_fall_back_to_the_centroid_for_a_tiny_area():
    tiny = {"type": "Polygon", "coordinates": [[[0.1, 0.1], [0.3, 0.1], [0.3, 0.3], [0.1, 0.3]]]}
    points, weights = geo.population_points(tiny, 7.0, spacing=1.0)
    assert points == pytest.approx(np.array([[0.2, 0.2]])) and weights.tolist() == [7.0]


def test_area_points_in_lonlat_with_area_index():
    # Two dong-sized squares near Seoul (about 1.1 x 0.9 km); a 250 m grid splits each into points.
    a = {"type": "Polygon", "coordinates": [[[127.00, 37.50], [127.01, 37.50], [127.01, 37.51], [127.00, 37.51]]]}
    b = {"type": "Polygon", "coordinates": [[[127.02, 37.50], [127.03, 37.50], [127.03, 37.51], [127.02, 37.51]]]}
    points, weights, index = geo.area_points([a, b], [1000, 500], spacing=250)
    assert set(index.tolist()) == {0, 1}
    assert weights[index == 0].sum() == pytest.approx(1000) and weights[index == 1].sum() == pytest.approx(500)
    assert 10 <= (index == 0).sum() <= 20
    assert geo.points_in_polygon(points[index == 0], a).all() and geo.points_in_polygon(points[index == 1], b).all()
    centroids, cw, ci = geo.area_points([a, b], [1000, 500])
    assert centroids == pytest.approx(np.array([[127.005, 37.505], [127.025, 37.505]]))
    assert cw.tolist() == [1000, 500] and ci.tolist() == [0, 1]
