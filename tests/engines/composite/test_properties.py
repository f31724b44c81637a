"""Properties every normaliser and aggregator promises, on generated data (hypothesis)."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engines.composite.aggregate import aggregate_rows
from engines.composite.normalise import normalise_block

FAST = settings(max_examples=60, deadline=None, database=None)  # no .hypothesis folder in the checkout
values = st.integers(-100_000, 100_000).map(lambda v: v / 100)  # on a grid, transforms cannot round values together
positive = st.floats(0.01, 1e3, allow_nan=False, allow_infinity=False)
vectors = arrays(np.float64, st.integers(3, 30), elements=values).filter(lambda x: np.ptp(x) > 0)
positive_rows = arrays(np.float64, st.integers(1, 12), elements=positive)
MEANS = ["arithmetic", "geometric", "harmonic", "generalised"]
PARAMS = {
    "minmax": {"range": [0.0, 100.0]},
    "zscore": {"mean": 0.0, "sd": 1.0},
    "goalposts": {"lower": -100.0, "upper": 200.0, "scale": 1.0, "truncate": True},
    "distance_to_target": {"target": 2000.0, "cap": False, "scale": 1.0},
    "distance_to_best": {"scale": 1.0},
    "fraction_of_max": {"scale": 1.0},
    "rank": {},
    "percentile_rank": {"scale": 1.0},
    "borda": {},
    "scaled": {"lower": 0.0, "upper": 100.0},
}


def norm(x, method, direction=1, **overrides):
    params = {**PARAMS[method], **overrides}
    return normalise_block((x * direction).reshape(-1, 1), method, [params], np.array([float(direction)]))[:, 0]


def non_decreasing(x, y, tol=1e-9):
    order = np.argsort(x, kind="stable")
    return np.all(np.diff(y[order]) >= -tol * (1 + np.abs(y).max()))


@FAST
@given(vectors, st.sampled_from(sorted(PARAMS)))
def test_every_normaliser_is_monotone_and_flips_with_direction(x, method):
    if method == "fraction_of_max":
        x = np.abs(x) + 1  # a ratio to the maximum assumes positive values
    up = norm(x, method)
    assert non_decreasing(x, up)
    if method == "distance_to_target":
        down = norm(x, method, -1, target=-2000.0)
    elif method == "fraction_of_max":
        return  # -x / max(-x) is not defined for positive x: COINr assumes positive data for this one
    else:
        down = norm(x, method, -1)
    assert non_decreasing(-x, down)


@FAST
@given(vectors, st.floats(0.5, 50), st.floats(-500, 500))
def test_affine_invariant_normalisers(x, a, b):
    for method in ("minmax", "zscore", "distance_to_best", "rank", "percentile_rank", "borda"):
        assert np.allclose(norm(x, method), norm(a * x + b, method), atol=1e-6)


@FAST
@given(vectors)
def test_rank_based_normalisers_are_invariant_to_monotone_transforms(x):
    y = np.sign(x) * np.abs(x) ** 3 + np.arctan(x)  # strictly increasing
    assume(len(np.unique(y)) == len(np.unique(x)))  # no ties created by rounding
    for method in ("rank", "percentile_rank", "borda"):
        assert np.array_equal(norm(x, method), norm(y, method))


@FAST
@given(vectors, st.floats(-50, 50), st.floats(1, 100))
def test_bounds_of_bounded_normalisers(x, lo, width):
    mm = norm(x, "minmax", range=[lo, lo + width])
    assert np.isclose(mm.min(), lo) and np.isclose(mm.max(), lo + width)
    assert np.all(norm(x, "goalposts", scale=10.0) <= 10) and np.all(norm(x, "goalposts", scale=10.0) >= 0)
    best = norm(x, "distance_to_best")
    assert np.isclose(best.min(), 0) and np.isclose(best.max(), 1)
    pr = norm(x, "percentile_rank")  # (rank - 1)/(n - 1) with min ties: 1 only for a unique maximum
    assert pr.min() == 0 and pr.max() <= 1 and (pr.max() == 1) == ((x == x.max()).sum() == 1)
    rk = norm(x, "rank")
    assert rk.min() == 1 and rk.max() <= len(x)
    capped = norm(x, "distance_to_target", target=float(np.median(x)), cap=True)
    assert np.nanmax(capped) <= 1


@FAST
@given(vectors)
def test_minmax_and_goalposts_flip_exactly(x):
    assert np.allclose(norm(x, "minmax", -1), 100 - norm(x, "minmax"))
    assert np.allclose(norm(x, "goalposts", -1), 1 - norm(x, "goalposts"))
    z = norm(x, "zscore")
    assert np.isclose(z.mean(), 0, atol=1e-9) and np.isclose(z.std(ddof=1), 1)
    assert np.allclose(norm(x, "zscore", -1), -z)


@FAST
@given(st.floats(0.01, 1e3), st.integers(1, 10), st.sampled_from(MEANS))
def test_mean_of_equal_values_is_that_value(v, k, method):
    out, problem = aggregate_rows(np.full((1, k), v), np.arange(1.0, k + 1), method, p=3.0)
    assert not problem and np.isclose(out[0], v)


@FAST
@given(positive_rows, st.data())
def test_harmonic_le_geometric_le_arithmetic_and_within_min_max(x, data):
    w = np.array(data.draw(st.lists(st.floats(0.1, 10), min_size=len(x), max_size=len(x))))
    v = x.reshape(1, -1)
    a = aggregate_rows(v, w, "arithmetic")[0][0]
    g = aggregate_rows(v, w, "geometric")[0][0]
    h = aggregate_rows(v, w, "harmonic")[0][0]
    tol = 1e-9 * x.max()
    assert h <= g + tol and g <= a + tol
    assert x.min() - tol <= h and a <= x.max() + tol
    p1, p2 = sorted(data.draw(st.lists(st.floats(-3, 3).filter(lambda p: abs(p) > 0.1), min_size=2, max_size=2)))
    m1 = aggregate_rows(v, w, "generalised", p=p1)[0][0]
    m2 = aggregate_rows(v, w, "generalised", p=p2)[0][0]
    assert m1 <= m2 + tol  # the power mean grows with p
    assert np.isclose(aggregate_rows(v, w, "generalised", p=1.0)[0][0], a)


@FAST
@given(positive_rows, st.floats(0.1, 100), st.sampled_from(MEANS))
def test_aggregators_ignore_the_scale_of_weights_and_grow_with_each_value(x, c, method):
    w = np.linspace(1, 2, len(x))
    base = aggregate_rows(x.reshape(1, -1), w, method)[0][0]
    assert np.isclose(aggregate_rows(x.reshape(1, -1), w * c, method)[0][0], base)
    bigger = x.copy()
    bigger[0] *= 1.5
    assert aggregate_rows(bigger.reshape(1, -1), w, method)[0][0] >= base * (1 - 1e-12)


@FAST
@given(positive_rows, st.sampled_from(MEANS))
def test_missing_values_are_dropped_with_their_weights(x, method):
    assume(len(x) >= 2)
    w = np.linspace(1, 3, len(x))
    holes = x.copy()
    holes[0] = np.nan
    with_gap = aggregate_rows(holes.reshape(1, -1), w, method)[0][0]
    dropped = aggregate_rows(x[1:].reshape(1, -1), w[1:], method)[0][0]
    assert np.isclose(with_gap, dropped)
