"""Valid upper bounds on the best covered demand: Lagrangian relaxation, evaluated exactly for any multipliers.

Relaxing y_i <= sum_{j in N_i} x_j with multipliers 0 <= lam_i <= w_i leaves
    L(lam) = sum_i (w_i - lam_i) + (sum of the p largest column sums sum_{i in N_j} lam_i),
an upper bound for every such lam. The "online" submodular bound of a solution S (its value plus the p largest
marginal gains) is L at lam = w on the groups S leaves uncovered; minimising smoothed versions of L from there,
or the LP relaxation's duals when the LP is small enough to solve, give far tighter ones. Each bound is
recomputed here from its multipliers, so solver tolerances cannot make it invalid.
"""

from __future__ import annotations

import time
from typing import Any

import highspy
import numpy as np
from highspy import _Highs as PlainHighs  # type: ignore[attr-defined]
from scipy.optimize import Bounds, minimize
from scipy.special import expit

from .problem import FloatArray, IntArray
from .reduction import Reduced


def lagrangian(red: Reduced, p: int, lam: FloatArray) -> tuple[float, IntArray]:
    """L(lam) and the columns that attain it."""
    lam = np.clip(lam, 0.0, red.weight)
    column_sum = np.asarray(red.cover_t @ lam, dtype=np.float64)
    k = min(p, red.n_columns)
    if k == 0:
        return float((red.weight - lam).sum()), np.empty(0, dtype=np.int64)
    top = np.argpartition(-column_sum, k - 1)[:k] if k < red.n_columns else np.arange(red.n_columns)
    return float((red.weight - lam).sum() + column_sum[top].sum()), top.astype(np.int64)


def online_bound(red: Reduced, p: int, sites: IntArray) -> tuple[float, FloatArray]:
    lam = red.weight * (red.counts(sites) == 0)
    return lagrangian(red, p, lam)[0], lam


def soft_top(column_sum: FloatArray, p: int, tau: float) -> tuple[float, FloatArray]:
    """Entropy-smoothed sum of the p largest entries: max over 0 <= x <= 1, sum x = p of c.x + tau * H(x),
    computed through its one-dimensional dual (threshold theta found by bisection); returns it and its gradient x."""
    lo, hi = float(column_sum.min()) - 40 * tau, float(column_sum.max()) + 40 * tau
    for _ in range(64):
        theta = (lo + hi) / 2
        if expit((column_sum - theta) / tau).sum() > p:
            lo = theta
        else:
            hi = theta
    theta = (lo + hi) / 2
    z = (column_sum - theta) / tau
    return float(p * theta + tau * np.logaddexp(0.0, z).sum()), np.asarray(expit(z), dtype=np.float64)


def smoothed(red: Reduced, p: int, start: FloatArray, deadline: float,
             max_iterations: int = 300) -> tuple[float, FloatArray, FloatArray]:  # fmt: skip
    """Minimise smoothed versions of L (L-BFGS-B, box 0 <= lam <= w) with a shrinking smoothing parameter, and
    keep the multipliers whose exact L is smallest. The smoothed gradient in x also converges to an LP
    solution; its largest entries are returned as a hint for the primal search."""
    weight = red.weight
    lam = np.clip(start, 0.0, weight).astype(np.float64)
    best, _ = lagrangian(red, p, lam)
    best_lam = lam.copy()
    hint = np.zeros(red.n_columns)
    k = min(p, red.n_columns)
    if k == 0 or k >= red.n_columns:
        return best, best_lam, hint
    column_sum = np.asarray(red.cover_t @ lam, dtype=np.float64)
    scale = max(float(np.sort(column_sum)[-k:].mean()), 1e-9)
    box = Bounds(np.zeros_like(weight), weight)
    tracker = _Best(best, best_lam, hint)

    def objective(values: FloatArray, tau: float) -> tuple[float, FloatArray]:
        sums = np.asarray(red.cover_t @ values, dtype=np.float64)
        smooth, x = soft_top(sums, p, tau)
        base = float((weight - values).sum())
        tracker.offer(base + float(np.partition(sums, red.n_columns - k)[red.n_columns - k :].sum()), values, x)
        return base + smooth, np.asarray(red.cover @ x, dtype=np.float64) - 1.0

    def stop(intermediate_result: object) -> None:
        if time.perf_counter() >= deadline:
            raise StopIteration

    for relative in (1e-2, 1e-3, 1e-4):
        if time.perf_counter() >= deadline:
            break
        result = minimize(objective, lam, args=(relative * scale,), jac=True, method="L-BFGS-B", bounds=box,
                          callback=stop, options={"maxiter": max_iterations})  # fmt: skip
        lam = np.asarray(result.x, dtype=np.float64)
    return tracker.value, tracker.lam, tracker.x


class _Best:
    def __init__(self, value: float, lam: FloatArray, x: FloatArray) -> None:
        self.value, self.lam, self.x = value, lam, x

    def offer(self, value: float, lam: FloatArray, x: FloatArray) -> None:
        if value < self.value:
            self.value, self.lam, self.x = value, lam.copy(), x


def lp_relaxation(red: Reduced, p: int, time_limit: float) -> tuple[FloatArray, FloatArray] | None:
    """Row duals (as multipliers) and the x part of the LP relaxation's solution, or None when HiGHS does not
    finish within `time_limit`."""
    if time_limit <= 0:
        return None
    h = build_model(red, p, integer=False)
    h.setOptionValue("time_limit", float(time_limit))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = h.getSolution()
    duals = np.abs(np.asarray(solution.row_dual, dtype=np.float64)[: red.n_groups])
    return duals, np.asarray(solution.col_value, dtype=np.float64)[: red.n_columns]


def build_model(red: Reduced, p: int, integer: bool) -> Any:
    """The plain binding `_Highs` because highspy.Highs, its subclass, prints a banner to stdout when created.

    max sum w_i y_i  s.t.  y_i - sum_{j in N_i} x_j <= 0,  sum_j x_j <= p,  x in {0,1} (or [0,1]), y in [0,1].

    The plain binding `_Highs` is used because the wrapper class prints a banner to stdout when created."""
    n, m = red.n_groups, red.n_columns
    lengths = np.diff(red.cover.indptr)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)])
    index = np.empty(int(starts[-1]), dtype=np.int32)
    value = np.empty(int(starts[-1]), dtype=np.float64)
    row_of = np.repeat(np.arange(n), lengths)
    slot = np.arange(red.cover.indices.size) + row_of + 1
    index[starts[:-1]] = m + np.arange(n)
    value[starts[:-1]] = 1.0
    index[slot] = red.cover.indices
    value[slot] = -1.0
    lp = highspy.HighsLp()
    lp.num_col_ = m + n
    lp.num_row_ = n + 1
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([np.zeros(m), red.weight])
    lp.col_lower_ = np.zeros(m + n)
    lp.col_upper_ = np.ones(m + n)
    lp.row_lower_ = np.full(n + 1, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([np.zeros(n), [float(p)]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.concatenate([starts, [starts[-1] + m]]).astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate([index, np.arange(m, dtype=np.int32)])
    lp.a_matrix_.value_ = np.concatenate([value, np.ones(m)])
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * m + [highspy.HighsVarType.kContinuous] * n
    h = PlainHighs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    return h
