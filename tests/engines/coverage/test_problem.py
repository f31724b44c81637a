import numpy as np
import pytest

from engines.coverage import CoverageProblem, InstanceError, read_sjc
from engines.coverage.reduction import reduce_problem


def test_a_point_exactly_on_the_radius_is_covered():
    # (3, 4) is 5 from the origin: covered at radius 5, not at 4.99.
    assert CoverageProblem.from_points([[3, 4]], [1], [[0, 0]], 5.0).coverage.toarray().tolist() == [[True]]
    assert CoverageProblem.from_points([[3, 4]], [1], [[0, 0]], 4.99).coverage.toarray().tolist() == [[False]]


def test_detour_factor_shrinks_the_straight_line_reach():
    # A 5 m walk with detour 1.25 reaches 4 m in a straight line: (3, 4) at 5 m is out, (0, 4) is in.
    problem = CoverageProblem.from_points([[3, 4], [0, 4]], [1, 1], [[0, 0]], 5.0, detour=1.25)
    assert problem.coverage.toarray()[:, 0].tolist() == [False, True]


def test_distance_matrix_keeps_a_point_on_top_of_its_site():
    problem = CoverageProblem.from_points([[0, 0], [3, 4]], [1, 1], [[0, 0]], 5.0)
    assert problem.distance.nnz == 2
    assert problem.distance.toarray()[:, 0].tolist() == [0.0, 5.0]


def test_from_lonlat_projects_around_the_bounding_box_centre():
    # 0.01 degree of latitude at 37.5 N is 1,109.9 m on the WGS84 ellipsoid (110.99 km per degree there).
    problem = CoverageProblem.from_lonlat([[127.0, 37.50]], [10], [[127.0, 37.51]], radius=1_200)
    assert problem.origin == pytest.approx((127.0, 37.505))
    assert np.linalg.norm(problem.demand_xy[0] - problem.candidate_xy[0]) == pytest.approx(1109.9, abs=0.2)
    assert problem.coverage.nnz == 1
    far = CoverageProblem.from_lonlat([[127.0, 37.50]], [10], [[127.0, 37.51]], radius=1_000)
    assert far.coverage.nnz == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"demand_weight": [1, -1]}, "not negative"),
        ({"demand_weight": [1]}, "2 demand points but 1 weights"),
        ({"radius": 0}, "radius"),
        ({"detour": 0.5}, "detour"),
        ({"demand_xy": [[0, 0, 0], [1, 1, 1]]}, "(x, y) pair"),
        ({"candidate_xy": [[np.nan, 0]]}, "missing or infinite"),
    ],
)
def test_bad_problem_input_is_refused_with_a_plain_message(kwargs, message):
    args = {"demand_xy": [[0, 0], [1, 1]], "demand_weight": [1, 2], "candidate_xy": [[0, 0]], "radius": 1.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        CoverageProblem.from_points(**args)


def test_from_lonlat_refuses_metres_passed_as_degrees():
    with pytest.raises(ValueError, match="longitude, latitude"):
        CoverageProblem.from_lonlat([[409154, 435528]], [1], [[127, 37.5]], radius=500)


def test_reduction_merges_identical_coverage_sets_and_drops_dominated_sites():
    # d0 and d1 are both covered by sites 0 and 1 only: one group of weight 5. Site 2 covers d2 alone, site 1
    # covers d0, d1 and d2, so sites 0 and 2 are dominated by site 1. d3 is out of reach; d4 weighs nothing.
    demand = [[0, 0], [0.1, 0], [2, 0], [50, 0], [1, 0]]
    problem = CoverageProblem.from_points(demand, [2, 3, 4, 6, 0], [[0, 0], [1, 0], [2.2, 0]], 1.05)
    red = reduce_problem(problem)
    assert sorted(red.weight.tolist()) == [4, 5]
    assert red.candidates.tolist() == [1]
    assert red.integral


def write(tmp_path, text, name="inst.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_sjc_reads_the_tab_separated_format_with_crlf_lines(tmp_path):
    text = "3\t9999\tp\tS\r\n0\t0\t5\t\r\n300\t400\t7\t\r\n1000\t0\t2\t\r\n"
    problem = read_sjc(write(tmp_path, text), radius=500)
    assert problem.n_demand == problem.n_candidates == 3
    assert problem.demand_weight.tolist() == [5, 7, 2]
    assert problem.coverage.toarray().astype(int).tolist() == [[1, 1, 0], [1, 1, 0], [0, 0, 1]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("3 9999 p S\n0 0 5\n1 1 x\n2 2 -3\n", "line 3: 'x y demand' must be numbers"),
        ("3 9999 p S\n0 0 5\n1 1\n2 2 1\n", "line 3: expected 3 numbers"),
        ("2 9999 p S\n0 0 5\n1 1 1\n2 2 1\n", "announces 2 nodes but the file has 3"),
        ("0 0 5\n1 1 1\n", "line 1: the header"),
        ("n 9999 p S\n0 0 5\n", "line 1: the header"),
        ("2 9999 p S\n0 0 -5\n1 1 1\n", "line 2: coordinates must be finite and demand not negative"),
    ],
)
def test_read_sjc_names_each_bad_line(tmp_path, text, message):
    with pytest.raises(InstanceError) as caught:
        read_sjc(write(tmp_path, text), radius=100)
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_read_sjc_reports_every_bad_line_at_once(tmp_path):
    with pytest.raises(InstanceError) as caught:
        read_sjc(write(tmp_path, "3 9999 p S\n0 0 5\n1 1 x\n2 2 -3\n"), radius=100)
    assert [p.split(":")[0] for p in caught.value.problems] == ["line 3", "line 4"]


def test_read_sjc_refuses_a_missing_or_binary_file(tmp_path):
    with pytest.raises(InstanceError, match="cannot read"):
        read_sjc(tmp_path / "absent.txt", radius=100)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(InstanceError, match="cannot read as UTF-8"):
        read_sjc(binary, radius=100)


def test_no_candidates_gives_an_empty_proven_plan():
    from engines.coverage import MaximalCovering

    problem = CoverageProblem.from_points([[0, 0]], [5], [], 100.0)
    for method in ("exact", "heuristic"):
        plan = MaximalCovering(p=3, method=method).fit(problem)
        assert plan.sites_.size == 0 and plan.covered_ == 0 and plan.total_ == 5 and plan.optimal_
        assert plan.assignment_.tolist() == [-1]
