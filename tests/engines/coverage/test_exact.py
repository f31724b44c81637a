"""The exact model on instances small enough to check by hand."""

import numpy as np
import pytest

from engines.coverage import CoverageProblem, MaximalCovering


def line_problem():
    # Demand on a line at x = 0, 2, 4, 6 with weights 3, 4, 4, 3 (total 14); candidates at x = 1, 3, 5, radius 1.
    # Site 1 covers {0, 2} = 7, site 3 covers {2, 4} = 8, site 5 covers {4, 6} = 7.
    return CoverageProblem.from_points([[0, 0], [2, 0], [4, 0], [6, 0]], [3, 4, 4, 3], [[1, 0], [3, 0], [5, 0]], 1.0)


def test_exact_opens_the_two_flanking_sites_that_greedy_misses():
    # With p = 2 the sites at x = 1 and x = 5 cover all 14, so no pair does better; greedy would open x = 3 (8)
    # first and then reach only 11. The pairs: {1, 3} = 3 + 4 + 4 = 11, {3, 5} = 11, {1, 5} = 14.
    plan = MaximalCovering(p=2, method="exact").fit(line_problem())
    assert plan.sites_.tolist() == [0, 2]
    assert plan.covered_ == 14 and plan.total_ == 14 and plan.coverage_share_ == 1.0
    assert plan.optimal_ and plan.bound_ == 14 and plan.gap_ == 0.0
    assert plan.method_ == "exact"
    assert plan.covered_mask_.tolist() == [True, True, True, True]


def test_exact_with_one_site_takes_the_heaviest_pair():
    # p = 1: the single sets weigh 7, 8, 7, so the middle site (8) is optimal and 6 stays uncovered.
    plan = MaximalCovering(p=1, method="exact").fit(line_problem())
    assert plan.sites_.tolist() == [1]
    assert plan.covered_ == 8 and plan.bound_ == 8 and plan.optimal_
    assert plan.covered_mask_.tolist() == [False, True, True, False]


def test_exact_two_dimensional_instance_checked_by_enumeration():
    # Five demand points, four candidates, radius 1.5:
    #   A (0, 0) covers d0 (0, 0) w=5, d1 (1, 0) w=2, d2 (0, 1) w=2       -> 9
    #   B (3, 0) covers d1? no: |(3,0)-(1,0)| = 2 > 1.5; covers d3 (3, 1) w=4 -> 4
    #   C (2, 1) covers d1 (|(1,-1)| = 1.41), d3 (1), d4 (2, 2) w=3 (1)    -> 9
    #   D (1, 2) covers d2 (|(-1,-1)| = 1.41), d4 (1)                      -> 5
    # Pairs (p = 2): AB 13, AC 5+2+2+4+3 = 16, AD 5+2+2+3 = 12, BC 2+4+3 = 9, BD 4+2+3 = 9, CD 2+4+3+2 = 11.
    # So {A, C} with 16 of 16 is optimal.
    demand = [[0, 0], [1, 0], [0, 1], [3, 1], [2, 2]]
    candidates = [[0, 0], [3, 0], [2, 1], [1, 2]]
    problem = CoverageProblem.from_points(demand, [5, 2, 2, 4, 3], candidates, 1.5)
    assert problem.coverage.toarray().astype(int).tolist() == [
        [1, 0, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1], [0, 1, 1, 0], [0, 0, 1, 1],
    ]  # fmt: skip
    plan = MaximalCovering(p=2, method="exact").fit(problem)
    assert plan.sites_.tolist() == [0, 2] and plan.covered_ == 16 and plan.optimal_
    # p = 1: singles 9, 4, 9, 5; the tie between A and C is worth 9 either way.
    single = MaximalCovering(p=1, method="exact").fit(problem)
    assert single.covered_ == 9 and single.bound_ == 9 and single.sites_.tolist() in ([0], [2])


def test_exact_with_fractional_weights_proves_the_optimum():
    # Same line with weights 0.5, 1.25, 1.25, 0.5: singles 1.75, 2.5, 1.75; p = 1 keeps the middle (2.5).
    problem = CoverageProblem.from_points([[0, 0], [2, 0], [4, 0], [6, 0]], [0.5, 1.25, 1.25, 0.5],
                                          [[1, 0], [3, 0], [5, 0]], 1.0)  # fmt: skip
    plan = MaximalCovering(p=1, method="exact").fit(problem)
    assert plan.sites_.tolist() == [1] and plan.covered_ == pytest.approx(2.5) and plan.optimal_
    assert plan.bound_ == pytest.approx(2.5, abs=1e-6)


def test_uncoverable_and_weightless_demand_counts_in_total_only():
    # d1 (10, 0) is out of every site's reach and d2 has no weight: covered is 3 of a total of 3 + 7.
    problem = CoverageProblem.from_points([[0, 0], [10, 0], [0, 0.5]], [3, 7, 0], [[0, 0]], 1.0)
    plan = MaximalCovering(p=1, method="exact").fit(problem)
    assert plan.covered_ == 3 and plan.total_ == 10 and plan.coverage_share_ == pytest.approx(0.3)
    assert plan.covered_mask_.tolist() == [True, False, True]


def test_p_zero_opens_nothing_and_p_above_candidates_opens_all():
    none = MaximalCovering(p=0, method="exact").fit(line_problem())
    assert none.sites_.tolist() == [] and none.covered_ == 0 and none.optimal_ and none.bound_ == 0
    every = MaximalCovering(p=9, method="exact").fit(line_problem())
    assert every.sites_.tolist() == [0, 1, 2] and every.covered_ == 14 and every.optimal_


def test_p_beyond_useful_sites_is_filled_with_sites_that_reach_demand():
    # Site x = 3 is dominated by nothing, but once x = 1 and x = 5 are open it adds nothing; p = 3 opens it anyway
    # so the plan has the p sites asked for. A fourth candidate far away reaches no one and comes last.
    problem = CoverageProblem.from_points([[0, 0], [2, 0], [4, 0], [6, 0]], [3, 4, 4, 3],
                                          [[1, 0], [3, 0], [5, 0], [50, 50]], 1.0)  # fmt: skip
    plan = MaximalCovering(p=3, method="exact").fit(problem)
    assert plan.sites_.tolist() == [0, 1, 2] and plan.covered_ == 14 and plan.optimal_


def test_time_limit_stops_early_with_the_incumbent_and_a_bound():
    from engines.coverage import clustered_city

    problem = clustered_city(4000, 1000, radius=1000, extent=14_000, n_clusters=12, random_state=3)
    plan = MaximalCovering(p=30, method="exact", time_limit=0.3).fit(problem)
    assert plan.sites_.size == 30
    assert plan.covered_ == pytest.approx(problem.covered_demand(plan.sites_))
    assert plan.covered_ <= plan.bound_ <= plan.total_
    assert not plan.optimal_ and plan.gap_ > 0
    assert plan.seconds_ < 10


def test_auto_picks_exact_for_small_and_heuristic_for_large_models():
    small = MaximalCovering(p=2).fit(line_problem())
    assert small.method_ == "exact"
    large = MaximalCovering(p=2, exact_max_nonzeros=3, time_limit=2).fit(line_problem())
    assert large.method_ == "heuristic" and large.covered_ == 14 and large.optimal_  # reaches its bound


def test_nearest_site_assignment_sums_to_covered_demand():
    plan = MaximalCovering(p=2, method="exact").fit(line_problem())
    # x = 0 and 2 are nearest to the site at x = 1 (index 0), x = 4 and 6 to x = 5 (index 2).
    assert plan.assignment_.tolist() == [0, 0, 2, 2]
    assert plan.site_demand_.tolist() == [7, 7]
    assert float(np.sum(plan.site_demand_)) == plan.covered_
