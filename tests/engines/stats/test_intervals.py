import math

import pytest

from engines.stats import adjusted_wald, difference_of_proportions, log_mean_ci, mean_ci


def test_adjusted_wald_matches_the_published_worked_example():
    # Tullis & Albert, Measuring the User Experience (p. 69; measuringux.com/adjustedwald.htm):
    # 4 of 5 users complete the task -> 95% interval 0.3596 to 0.9796.
    interval = adjusted_wald(4, 5)
    assert interval.estimate == 0.8
    assert interval.low == pytest.approx(0.3596, abs=5e-4)
    assert interval.high == pytest.approx(0.9796, abs=5e-4)


def test_adjusted_wald_adjusted_proportion_for_9_of_10_is_about_11_of_14():
    # Sauro's completion-rate calculator page: (9 + 1.96^2/2) / (10 + 1.96^2) = approx. 11/14.
    interval = adjusted_wald(9, 10)
    midpoint = (interval.low + min(1.0, interval.high)) / 2
    assert pytest.approx(11 / 14, abs=0.01) == (9 + 1.96**2 / 2) / (10 + 1.96**2)
    assert interval.high == 1.0 and midpoint < 0.9  # clipped at 1, centred below the raw 0.9


def test_mean_ci_is_a_t_interval():
    # mean 70, sd 10, n 4: t(0.975, 3) = 3.1824, half-width 3.1824 * 10 / 2 = 15.912
    interval = mean_ci([60.0, 70.0, 80.0, 70.0 + 0.0])
    sd = math.sqrt(((60 - 70) ** 2 + (80 - 70) ** 2) / 3)
    assert interval.estimate == 70
    assert interval.high - 70 == pytest.approx(3.182446 * sd / 2, rel=1e-5)


def test_log_mean_ci_is_the_geometric_mean():
    interval = log_mean_ci([10.0, 40.0])
    assert interval.estimate == pytest.approx(20.0)
    assert interval.low < 20 < interval.high


def test_difference_of_proportions_contains_zero_for_equal_groups_and_not_for_far_apart_ones():
    same = difference_of_proportions(5, 10, 5, 10)
    assert same.low < 0 < same.high
    apart = difference_of_proportions(2, 20, 19, 20)
    assert apart.high < 0


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        adjusted_wald(6, 5)
    with pytest.raises(ValueError):
        log_mean_ci([0.0, 3.0])
