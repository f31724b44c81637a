import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.coverage import PatrolRota, apportion


def test_webster_follows_the_sainte_lague_divisors():
    # Weights 53, 24, 23 and 7 seats: quotients w / 0.5, w / 1.5, ... give seats to 53 (106), 53 (35.3),
    # 24 (48), 23 (46), 53 (21.2), 24 (16), 23 (15.3): 3, 2, 2.
    assert apportion([53, 24, 23], 7).tolist() == [3, 2, 2]


def test_hamilton_uses_largest_remainders():
    # Quotas 3.71, 1.68, 1.61: floors 3, 1, 1 leave 2 seats for the largest remainders (0.71, 0.68): 4, 2, 1.
    assert apportion([53, 24, 23], 7, method="hamilton").tolist() == [4, 2, 1]


def test_minimum_gives_every_site_a_visit():
    assert apportion([100, 1, 0], 5, minimum=1).tolist() == [3, 1, 1]
    assert apportion([100, 1, 0], 5, method="hamilton", minimum=1).tolist() == [3, 1, 1]
    with pytest.raises(ValueError, match="cannot give 3 sites"):
        apportion([1, 1, 1], 2, minimum=1)


def test_all_zero_weights_share_equally():
    assert apportion([0, 0, 0], 6).tolist() == [2, 2, 2]


@settings(max_examples=80, deadline=None, database=None, derandomize=True)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=12), st.integers(0, 60))
def test_apportionment_properties(weights, seats):
    w = np.array(weights, dtype=float)
    for method in ("webster", "hamilton"):
        result = apportion(w, seats, method=method)
        assert result.sum() == seats and (result >= 0).all()
        if w.sum() > 0:
            quota = w * seats / w.sum()
            if method == "hamilton":  # the quota rule
                assert (np.floor(quota) <= result).all() and (result <= np.ceil(quota)).all()
            else:  # a divisor d exists with result = round(w / d): max w/(a+1/2) <= min over a>0 of w/(a-1/2)
                lower = max(w / (result + 0.5))
                upper = min((w / (result - 0.5))[result > 0], default=np.inf)
                assert lower <= upper + 1e-9


def check_rota(rota, n_sites):
    grid = rota.grid_.reshape(rota.grid_.shape[0], -1)
    shifts = grid.shape[1]
    # Each guide is at most at one site per shift by construction of the grid; the schedule repeats the grid.
    assert len(rota.schedule_) == int((grid >= 0).sum()) == int(rota.visits_.sum())
    assert len({(v.guide, v.day, v.shift) for v in rota.schedule_}) == len(rota.schedule_)
    counts = np.bincount(grid[grid >= 0], minlength=n_sites)
    assert counts.tolist() == rota.visits_.tolist()
    assert rota.loads_.max() - rota.loads_.min() <= 1
    for s in range(n_sites):
        per_shift = (grid == s).sum(axis=0)
        assert per_shift.max(initial=0) <= -(-rota.visits_[s] // shifts)  # two guides only when unavoidable


def test_rota_fills_every_guide_shift_in_proportion_to_demand():
    sites = ["school-a", "school-b", "school-c", "school-d"]
    rota = PatrolRota(n_guides=3, days=5, shifts_per_day=2).fit(sites, [500, 300, 150, 50])
    # 30 guide-shifts by Sainte-Laguë: quotas 15, 9, 4.5, 1.5. The last seat is a tie between 150 / (4 + 1/2)
    # and 50 / (1 + 1/2), both 33.3; the earlier site takes it.
    assert rota.visits_.tolist() == [15, 9, 5, 1]
    assert rota.loads_.tolist() == [10, 10, 10]
    check_rota(rota, 4)
    assert rota.schedule_[0].site in sites and rota.schedule_[0].day == 0 and rota.schedule_[0].shift == 0


def test_rota_spreads_a_small_site_over_the_week():
    # One guide, 10 shifts, demands 8 : 2 -> visits 8 and 2; the two visits to the small site are not adjacent.
    rota = PatrolRota(n_guides=1, days=5, shifts_per_day=2).fit([1, 2], [8, 2])
    assert rota.visits_.tolist() == [8, 2]
    small = np.flatnonzero(rota.grid_.reshape(-1) == 1)
    assert small.size == 2 and small[1] - small[0] >= 3


def test_rota_with_more_guides_than_sites_doubles_up_only_as_needed():
    rota = PatrolRota(n_guides=4, days=1, shifts_per_day=2).fit(["a", "b"], [3, 1])
    assert rota.visits_.tolist() == [6, 2]
    check_rota(rota, 2)


def test_rota_with_fewer_visits_than_sites_gives_the_biggest_sites_visits():
    rota = PatrolRota(n_guides=1, days=1, shifts_per_day=2).fit(["a", "b", "c"], [10, 30, 20])
    assert rota.visits_.tolist() == [0, 1, 1]
    check_rota(rota, 3)


def test_rota_total_visits_leaves_guides_off_duty_evenly():
    rota = PatrolRota(n_guides=3, days=2, shifts_per_day=2, total_visits=7).fit(["a", "b", "c"], [1, 1, 1])
    assert rota.visits_.tolist() == [3, 2, 2] and (rota.grid_ < 0).sum() == 5
    check_rota(rota, 3)


def test_rota_keeps_a_guide_at_their_site():
    # Two guides, two equal sites visited every shift: each guide stays at one site all week.
    rota = PatrolRota(n_guides=2, days=5, shifts_per_day=1).fit(["a", "b"], [1, 1])
    for g in range(2):
        assert len(set(rota.grid_[g].reshape(-1).tolist())) == 1


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=15), st.integers(1, 6), st.integers(1, 6),
       st.integers(1, 3), st.sampled_from(["webster", "hamilton"]))  # fmt: skip
def test_rota_invariants(demand, guides, days, shifts, method):
    rota = PatrolRota(n_guides=guides, days=days, shifts_per_day=shifts, method=method).fit(
        list(range(len(demand))), demand
    )
    check_rota(rota, len(demand))
    if guides * days * shifts >= len(demand):
        assert (rota.visits_ >= 1).all()


def test_rota_refuses_bad_input():
    with pytest.raises(ValueError, match="n_guides"):
        PatrolRota(n_guides=0).fit(["a"], [1])
    with pytest.raises(ValueError, match="2 sites but 1 demand"):
        PatrolRota(n_guides=1).fit(["a", "b"], [1])
    with pytest.raises(ValueError, match="distinct"):
        PatrolRota(n_guides=1).fit(["a", "a"], [1, 1])
    with pytest.raises(ValueError, match="total_visits"):
        PatrolRota(n_guides=1, days=1, shifts_per_day=1, total_visits=2).fit(["a"], [1])


def test_rota_with_no_sites_is_empty():
    rota = PatrolRota(n_guides=2).fit([], [])
    assert rota.schedule_ == [] and rota.visits_.tolist() == [] and (rota.grid_ == -1).all()


def test_rota_from_a_plan_has_plain_python_site_ids():
    import json

    rota = PatrolRota(n_guides=1, days=1, shifts_per_day=2).fit(np.array([4, 9]), np.array([3.0, 1.0]))
    assert type(rota.schedule_[0].site) is int
    assert json.dumps([v._asdict() for v in rota.schedule_])
