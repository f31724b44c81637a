"""MaximalCovering: choose p sites that cover the most demand, exactly or heuristically, with a proven bound."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from . import bounds
from .exact import solve_exact
from .heuristic import fill, greedy, local_search, perturbation_search
from .problem import BoolArray, CoverageProblem, FloatArray, IntArray
from .reduction import Reduced, reduce_problem

METHODS = ("auto", "exact", "heuristic")
# Above this many coverage pairs HiGHS's LP relaxation takes longer than the smoothed Lagrangian for the same bound.
LP_MAX_NONZEROS = 200_000
# Share of the time limit the exact method gives the heuristic that warm-starts it.
EXACT_SEARCH_SHARE = 0.2


class MaximalCovering:
    """Maximal covering location: `fit(problem)` chooses `p` candidate sites.

    method: "exact" (the heuristic as a warm start, then HiGHS branch and cut unless the heuristic's bound
    already proves optimality), "heuristic" (greedy + local search + perturbation, with a Lagrangian upper bound)
    or "auto" (exact when the reduced model has at most `exact_max_nonzeros` coverage pairs). `time_limit`
    (seconds) bounds the whole fit.
    """

    def __init__(self, p: int, method: str = "auto", time_limit: float = 60.0, random_state: int = 0,
                 exact_max_nonzeros: int = 400_000, search_share: float = 0.5) -> None:  # fmt: skip
        self.p = p
        self.method = method
        self.time_limit = time_limit
        self.random_state = random_state
        self.exact_max_nonzeros = exact_max_nonzeros
        self.search_share = search_share

    def _check(self) -> None:
        if isinstance(self.p, bool) or not isinstance(self.p, int | np.integer) or self.p < 0:
            raise ValueError("p (the number of sites) must be a whole number >= 0")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if not (np.isfinite(self.time_limit) and self.time_limit > 0):
            raise ValueError("time_limit must be a positive number of seconds")
        if not 0 < self.search_share <= 1:
            raise ValueError("search_share must be in (0, 1]")

    def fit(self, problem: CoverageProblem) -> MaximalCovering:
        self._check()
        start = time.perf_counter()
        deadline = start + float(self.time_limit)
        p = int(self.p)
        red = reduce_problem(problem)
        exact = self.method == "exact" or (self.method == "auto" and red.cover.nnz <= self.exact_max_nonzeros)
        coords = problem.candidate_xy[red.candidates]
        rng = np.random.default_rng(self.random_state)
        if exact:
            # The heuristic's solution warm-starts branch and bound and its bound may already prove optimality.
            search_end = start + EXACT_SEARCH_SHARE * float(self.time_limit)
            columns, bound = solve_heuristic(red, p, coords, start, search_end, rng)
            optimal = red.value(columns) >= bound
            proof: str | None = "bound" if optimal else None
            if not optimal:
                result = solve_exact(red, p, columns, deadline - time.perf_counter(), self.random_state)
                if result.value >= red.value(columns):
                    columns = result.columns
                bound, optimal = min(bound, result.bound), result.optimal
                proof = result.proof if optimal else None
        else:
            columns, bound = solve_heuristic(red, p, coords, start, deadline, rng, self.search_share)
            optimal = red.value(columns) >= bound - 1e-9 * max(1.0, bound)
            proof = "bound" if optimal else None
        self.proof_: str | None = proof
        self._learn(problem, red, columns, p, bound, optimal, "exact" if exact else "heuristic")
        self.seconds_ = time.perf_counter() - start
        return self

    def _learn(self, problem: CoverageProblem, red: Reduced, columns: IntArray, p: int, bound: float,
               optimal: bool, method: str) -> None:  # fmt: skip
        sites = red.candidates[np.asarray(columns, dtype=np.int64)]
        sites = _pad(problem, sites, min(p, problem.n_candidates))
        self.sites_: IntArray = np.sort(sites).astype(np.int64)
        self.covered_mask_: BoolArray = problem.covered_mask(self.sites_)
        self.covered_ = float(problem.demand_weight[self.covered_mask_].sum())
        self.total_ = problem.total_demand
        self.coverage_share_ = self.covered_ / self.total_ if self.total_ > 0 else 0.0
        self.bound_ = max(float(bound), self.covered_)
        self.optimal_ = bool(optimal)
        self.gap_ = (self.bound_ - self.covered_) / self.bound_ if self.bound_ > 0 else 0.0
        self.method_ = method
        self.assignment_: IntArray = _nearest(problem, self.sites_)
        position = np.searchsorted(self.sites_, self.assignment_[self.assignment_ >= 0])
        self.site_demand_: FloatArray = np.bincount(position, weights=problem.demand_weight[self.assignment_ >= 0],
                                                    minlength=self.sites_.size).astype(np.float64)  # fmt: skip

    def summary(self) -> dict[str, Any]:
        return {
            "covered": _number(self.covered_), "total": _number(self.total_),
            "coverage_share": round(self.coverage_share_, 6), "facilities": [int(j) for j in self.sites_],
            "optimal": self.optimal_, "bound": _number(self.bound_), "gap": round(self.gap_, 6),
            "seconds": round(self.seconds_, 3), "method": self.method_,
        }  # fmt: skip


def solve_heuristic(red: Reduced, p: int, coords: FloatArray, start: float, deadline: float,
                    rng: np.random.Generator, search_share: float = 0.5,
                    lp_max_nonzeros: int = LP_MAX_NONZEROS) -> tuple[IntArray, float]:  # fmt: skip
    """Greedy, local search, a Lagrangian bound (LP duals when the LP is small, else smoothed minimisation) whose
    primal side suggests a second start, then perturbation search; returns the columns and the bound."""
    span = deadline - start
    columns, _ = local_search(red, fill(red, greedy(red, p), p), deadline)
    value = red.value(columns)
    bound, multipliers = bounds.online_bound(red, p, columns)
    bound = _whole(red, bound)
    if value >= bound:
        return columns, bound
    bound_deadline = min(deadline, time.perf_counter() + (1 - search_share) * span)
    hint: FloatArray | None = None
    if red.cover.nnz <= lp_max_nonzeros:
        relaxed = bounds.lp_relaxation(red, p, bound_deadline - time.perf_counter())
        if relaxed is not None:
            multipliers, hint = relaxed
            bound = min(bound, _whole(red, bounds.lagrangian(red, p, multipliers)[0]))
    if hint is None:
        smooth, multipliers, hint = bounds.smoothed(red, p, multipliers, bound_deadline)
        bound = min(bound, _whole(red, smooth))
    if value < bound and hint is not None and hint.size:
        second = np.argsort(-hint, kind="stable")[: min(p, red.n_columns)].astype(np.int64)
        second, _ = local_search(red, fill(red, second, p), deadline)
        if red.value(second) > value:
            columns, value = second, red.value(second)
    if value < bound:
        columns, _ = perturbation_search(red, columns, p, coords, deadline, rng, stop_at=bound)
    bound = min(bound, _whole(red, bounds.online_bound(red, p, columns)[0]))
    return columns, max(bound, red.value(columns))


def _whole(red: Reduced, bound: float) -> float:
    """With whole-number weights no plan covers a fraction, so the bound's integer part is a bound too (the 1e-6
    absorbs rounding in the float sums); otherwise a hair of slack for the same rounding."""
    if red.integral:
        return float(np.floor(bound + 1e-6))
    return bound + 1e-9 * max(1.0, abs(bound))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 6)


def _pad(problem: CoverageProblem, sites: IntArray, wanted: int) -> IntArray:
    """Sites that add nothing (everything coverable is already covered) still make up the p asked for: the ones
    reaching the most demand, so the map shows sensible places."""
    if sites.size >= wanted:
        return sites
    reach = np.asarray(problem.coverage.T.astype(np.float64) @ problem.demand_weight, dtype=np.float64)
    reach[sites] = -1.0
    extra = np.argsort(-reach, kind="stable")[: wanted - sites.size]
    return np.concatenate([sites, extra.astype(np.int64)])


def _nearest(problem: CoverageProblem, sites: IntArray) -> IntArray:
    """Per demand point, the nearest chosen site that covers it (-1 when none does)."""
    assignment = np.full(problem.n_demand, -1, dtype=np.int64)
    if sites.size == 0:
        return assignment
    chosen = problem.coverage[:, sites].tocoo()
    rows, cols = chosen.row.astype(np.int64), sites[chosen.col]
    gaps = problem.demand_xy[rows] - problem.candidate_xy[cols]
    dist = np.hypot(gaps[:, 0], gaps[:, 1])
    order = np.lexsort((cols, dist, rows))  # per row: nearest first, ties to the lower site index
    first = np.ones(order.size, dtype=np.bool_)
    first[1:] = rows[order][1:] != rows[order][:-1]
    assignment[rows[order][first]] = cols[order][first]
    return assignment


def area_coverage(covered_mask: object, weights: object, area_index: object,
                  n_areas: int) -> tuple[FloatArray, FloatArray]:  # fmt: skip
    """Covered and total demand per area, for demand points that split areas (see geo.area_points)."""
    mask = np.asarray(covered_mask, dtype=np.bool_)
    w = np.asarray(weights, dtype=np.float64)
    index = np.asarray(area_index, dtype=np.int64)
    if not (mask.shape == w.shape == index.shape):
        raise ValueError("covered_mask, weights and area_index must have one entry per demand point")
    covered = np.bincount(index, weights=w * mask, minlength=n_areas).astype(np.float64)
    total = np.bincount(index, weights=w, minlength=n_areas).astype(np.float64)
    return covered, total
