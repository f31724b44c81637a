"""Greedy construction and vertex-substitution local search on a reduced covering model."""

from __future__ import annotations

import time

import numpy as np

from .problem import FloatArray, IntArray
from .reduction import Reduced

# Beyond this many (add, drop) pairs the swap table is kept sparse instead of dense.
DENSE_SWAP_TABLE = 4_000_000


def _rows_weight_by_column(red: Reduced, rows: IntArray, row_weight: FloatArray) -> FloatArray:
    """For every column, the summed `row_weight` of the given rows it covers."""
    if rows.size == 0:
        return np.zeros(red.n_columns)
    starts, ends = red.cover.indptr[rows], red.cover.indptr[rows + 1]
    lengths = ends - starts
    cols = red.cover.indices[_ranges(starts, lengths)]
    return np.bincount(cols, weights=np.repeat(row_weight, lengths), minlength=red.n_columns).astype(np.float64)


def _ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """Concatenated ranges starts[k] .. starts[k] + lengths[k] - 1, without a Python loop."""
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return (np.repeat(starts, lengths) + np.arange(total) - offsets).astype(np.int64)


def greedy(red: Reduced, p: int, start: IntArray | None = None, rng: np.random.Generator | None = None,
           alpha: float = 1.0, tabu: IntArray | None = None) -> IntArray:  # fmt: skip
    """Add the column with the largest marginal gain until there are p; gains are kept exact by subtracting each
    newly covered group from the columns that cover it, O(nonzeros) in all.

    From `start` (columns already open) when given; with `rng` and `alpha` < 1 each step picks at random among
    the columns whose gain is at least alpha times the best (a GRASP candidate list); `tabu` columns are never
    added."""
    chosen: list[int] = [] if start is None else [int(j) for j in start]
    covered = np.zeros(red.n_groups, dtype=np.bool_)
    if chosen:
        covered = red.counts(np.asarray(chosen, dtype=np.int64)) > 0
    gains = np.asarray(red.cover_t @ (red.weight * ~covered), dtype=np.float64)
    gains[chosen] = -np.inf
    if tabu is not None:
        gains[tabu] = -np.inf
    while len(chosen) < min(p, red.n_columns):
        j = int(np.argmax(gains))
        if gains[j] <= 0:
            break
        if rng is not None and alpha < 1.0:
            pool = np.flatnonzero(gains >= alpha * gains[j])
            j = int(pool[rng.integers(pool.size)])
        chosen.append(j)
        rows = red.cover_t.indices[red.cover_t.indptr[j] : red.cover_t.indptr[j + 1]]
        rows = rows[~covered[rows]]
        covered[rows] = True
        gains -= _rows_weight_by_column(red, rows.astype(np.int64), red.weight[rows])
        gains[j] = -np.inf
    return np.asarray(chosen, dtype=np.int64)


def best_swap(red: Reduced, sites: IntArray, counts: FloatArray,
              dense_limit: int = DENSE_SWAP_TABLE) -> tuple[float, int, int]:  # fmt: skip
    """The best single exchange (gain, column to add, position in `sites` to drop), evaluated for all pairs at
    once (fast interchange): gain(a, r) = add(a) - loss(r) + shared(a, r), where add(a) is the uncovered demand a
    covers, loss(r) the demand only r covers, and shared(a, r) the part of that which a covers too."""
    p = sites.shape[0]
    weight = red.weight
    add = np.asarray(red.cover_t @ (weight * (counts == 0)), dtype=np.float64)
    unique_rows = np.flatnonzero(counts == 1).astype(np.int64)
    position = np.full(red.n_columns, -1, dtype=np.int64)
    position[sites] = np.arange(p)
    starts, ends = red.cover.indptr[unique_rows], red.cover.indptr[unique_rows + 1]
    lengths = ends - starts
    cols = red.cover.indices[_ranges(starts, lengths)]
    pos = position[cols]
    owner_at = pos >= 0
    owner = pos[owner_at]  # each unique row has exactly one open column
    loss = np.bincount(owner, weights=weight[unique_rows], minlength=p)
    owner_rep = np.repeat(owner, lengths)
    w_rep = np.repeat(weight[unique_rows], lengths)
    free = position[cols] < 0
    a, r, wv = cols[free], owner_rep[free], w_rep[free]
    drop_cheapest = int(np.argmin(loss))
    best_per_add = np.full(red.n_columns, -loss[drop_cheapest])
    best_drop = np.full(red.n_columns, drop_cheapest, dtype=np.int64)
    if red.n_columns * p <= dense_limit:
        shared = np.bincount(a * p + r, weights=wv, minlength=red.n_columns * p).reshape(red.n_columns, p)
        table = shared - loss[None, :]
        best_drop = np.argmax(table, axis=1)
        best_per_add = table[np.arange(red.n_columns), best_drop]
    elif a.size:
        key, inverse = np.unique(a * p + r, return_inverse=True)
        shared_sum = np.bincount(inverse, weights=wv)
        ka, kr = key // p, key % p
        value = shared_sum - loss[kr]
        order = np.lexsort((-value, ka))  # per add column, its best drop first
        first = np.ones(order.size, dtype=np.bool_)
        first[1:] = ka[order][1:] != ka[order][:-1]
        top = order[first]
        better = value[top] > best_per_add[ka[top]]
        best_per_add[ka[top][better]] = value[top][better]
        best_drop[ka[top][better]] = kr[top][better]
    delta = add + best_per_add
    delta[sites] = -np.inf
    j = int(np.argmax(delta))
    return float(delta[j]), j, int(best_drop[j])


def local_search(red: Reduced, sites: IntArray, deadline: float, max_swaps: int = 100_000) -> tuple[IntArray, int]:
    """Apply the best improving exchange until none improves (a swap-local optimum) or time runs out."""
    sites = np.asarray(sites, dtype=np.int64).copy()
    if sites.size == 0 or sites.size >= red.n_columns:
        return sites, 0
    counts = red.counts(sites)
    tolerance = 1e-9 * max(1.0, float(red.weight.sum()))
    swaps = 0
    while swaps < max_swaps and time.perf_counter() < deadline:
        gain, add, drop = best_swap(red, sites, counts)
        if gain <= tolerance:
            break
        old = sites[drop]
        counts -= _column_indicator(red, old)
        counts += _column_indicator(red, add)
        sites[drop] = add
        swaps += 1
    return sites, swaps


def _column_indicator(red: Reduced, column: int) -> FloatArray:
    x = np.zeros(red.n_groups)
    x[red.cover_t.indices[red.cover_t.indptr[column] : red.cover_t.indptr[column + 1]]] = 1.0
    return x


def fill(red: Reduced, sites: IntArray, p: int) -> IntArray:
    """Greedy can stop early when nothing is left to gain; local search wants exactly min(p, columns) sites."""
    if sites.size >= min(p, red.n_columns):
        return sites
    taken = np.zeros(red.n_columns, dtype=np.bool_)
    taken[sites] = True
    sizes = np.diff(red.cover_t.indptr).astype(np.float64)
    sizes[taken] = -1
    extra = np.argsort(-sizes, kind="stable")[: min(p, red.n_columns) - sites.size]
    return np.concatenate([sites, extra.astype(np.int64)])


def perturbation_search(red: Reduced, sites: IntArray, p: int, coords: FloatArray, deadline: float,
                        rng: np.random.Generator, stop_at: float = np.inf, patience: int = 200,
                        max_rounds: int = 1_000_000) -> tuple[IntArray, int]:  # fmt: skip
    """Large-neighbourhood search: close a few neighbouring sites, reopen greedily from a randomised candidate
    list (not the sites just closed), repair with local search; keep the result when it is no worse. Stops at
    the deadline, when the value reaches `stop_at` (a bound), or after `patience` rounds without a new best."""
    current = np.asarray(sites, dtype=np.int64).copy()
    current_value = red.value(current)
    best, best_value = current.copy(), current_value
    k_max = max(2, min(p // 4, 12))
    rounds = since_best = 0
    while (rounds < max_rounds and since_best < patience and best_value < stop_at and current.size >= 2
           and time.perf_counter() < deadline):  # fmt: skip
        rounds += 1
        since_best += 1
        k = int(rng.integers(2, k_max + 1)) if k_max > 2 else 2
        centre = coords[current[rng.integers(current.size)]]
        order = np.argsort(((coords[current] - centre) ** 2).sum(axis=1), kind="stable")
        removed = current[order[:k]]
        kept = current[order[k:]]
        trial = greedy(red, p, start=kept, rng=rng, alpha=0.85, tabu=removed)
        trial = fill(red, trial, p)
        trial, _ = local_search(red, trial, deadline)
        value = red.value(trial)
        if value >= current_value:
            current, current_value = trial, value
            if value > best_value:
                best, best_value, since_best = trial.copy(), value, 0
    return best, rounds
