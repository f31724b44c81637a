"""The exact covering model solved by HiGHS's branch and cut."""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from .bounds import build_model
from .problem import IntArray
from .reduction import Reduced

ENUMERATE_PAIRS_UP_TO = 3000


@dataclass(frozen=True)
class ExactResult:
    columns: IntArray
    value: float
    bound: float
    optimal: bool
    proof: str  # how optimality was settled: "trivial", "enumeration" or "branch and bound"


def solve_exact(red: Reduced, p: int, warm_start: IntArray | None, time_limit: float, random_state: int = 0,
                enumerate_small: bool = True) -> ExactResult:  # fmt: skip
    m = red.n_columns
    if m == 0 or p <= 0:
        return ExactResult(np.empty(0, dtype=np.int64), 0.0, 0.0, True, "trivial")
    if p >= m:
        every = np.arange(m, dtype=np.int64)
        value = red.value(every)
        return ExactResult(every, value, value, True, "trivial")
    if enumerate_small and p <= 2 and m <= ENUMERATE_PAIRS_UP_TO:
        # One or two sites: enumerating every choice is exact and far faster than branch and bound, whose LP
        # relaxation is weakest for tiny p (HiGHS needs 5-20 s on the 818-node SJC instance with p = 1).
        return _enumerate(red, p)
    h = build_model(red, p, integer=True)
    h.setOptionValue("time_limit", max(float(time_limit), 0.01))
    h.setOptionValue("mip_rel_gap", 0.0)
    # With whole-number weights every solution's value is whole, so a gap below 1 already proves optimality.
    h.setOptionValue("mip_abs_gap", 0.999 if red.integral else 1e-9 * max(1.0, float(red.weight.sum())))
    h.setOptionValue("random_seed", int(random_state) % 2_147_483_647)
    if warm_start is not None and warm_start.size:
        x = np.zeros(m)
        x[warm_start] = 1.0
        y = np.minimum(red.counts(warm_start), 1.0)
        solution = highspy.HighsSolution()
        solution.col_value = np.concatenate([x, y]).tolist()
        h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    col_value = np.asarray(h.getSolution().col_value, dtype=np.float64)
    columns = np.flatnonzero(col_value[:m] > 0.5).astype(np.int64) if col_value.size >= m else np.empty(0, np.int64)
    value = red.value(columns)
    if warm_start is not None and red.value(warm_start) > value:
        columns, value = np.asarray(warm_start, dtype=np.int64), red.value(warm_start)
    optimal = status == highspy.HighsModelStatus.kOptimal
    bound = float(info.mip_dual_bound)
    if not np.isfinite(bound):
        bound = float(red.weight.sum())
    if red.integral:
        # Whole-number weights: no solution can beat the bound's integer part (HiGHS proved a gap below 1).
        bound = float(np.floor(bound + 1e-6))
    return ExactResult(columns, value, max(bound, value), bool(optimal), "branch and bound")


def _enumerate(red: Reduced, p: int) -> ExactResult:
    single = np.asarray(red.cover_t @ red.weight, dtype=np.float64)
    if p == 1:
        j = int(np.argmax(single))
        columns = np.array([j], dtype=np.int64)
    else:
        # value(a, b) = w(N_a) + w(N_b) - w(N_a and N_b)
        shared = np.asarray((red.cover_t @ (red.cover * red.weight[:, None])).toarray(), dtype=np.float64)
        pair = single[:, None] + single[None, :] - shared
        np.fill_diagonal(pair, -np.inf)
        a, b = np.unravel_index(int(np.argmax(pair)), pair.shape)
        columns = np.array(sorted((int(a), int(b))), dtype=np.int64)
    value = red.value(columns)
    return ExactResult(columns, value, value, True, "enumeration")
