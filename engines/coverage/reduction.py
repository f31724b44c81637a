"""The reduced covering model both solvers work on: merged demand groups and undominated candidates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .problem import CoverageProblem, FloatArray, IntArray

# Dominance needs candidate x candidate overlaps; beyond this many pairs the check costs more than it saves.
DOMINANCE_MAX_PAIRS = 20_000_000


@dataclass(frozen=True, eq=False)
class Reduced:
    cover: sparse.csr_array  # groups x kept candidates, float 0/1
    cover_t: sparse.csr_array  # kept candidates x groups
    weight: FloatArray  # demand of each group (> 0)
    candidates: IntArray  # original candidate index of each kept column
    integral: bool  # every weight is a whole number, so any covered demand is one too

    @property
    def n_groups(self) -> int:
        return int(self.cover.shape[0])

    @property
    def n_columns(self) -> int:
        return int(self.cover.shape[1])

    def counts(self, columns: IntArray) -> FloatArray:
        """How many of `columns` cover each group."""
        x = np.zeros(self.n_columns)
        np.add.at(x, np.asarray(columns, dtype=np.int64), 1.0)
        return np.asarray(self.cover @ x, dtype=np.float64)

    def value(self, columns: IntArray) -> float:
        return float(self.weight[self.counts(columns) > 0].sum())


def reduce_problem(problem: CoverageProblem, drop_dominated: bool = True) -> Reduced:
    cover = problem.coverage
    weight = problem.demand_weight
    lengths = np.diff(cover.indptr)
    keep = np.flatnonzero((weight > 0) & (lengths > 0))
    groups: dict[bytes, int] = {}
    group_of = np.empty(keep.shape[0], dtype=np.int64)
    rows: list[int] = []
    for k, i in enumerate(keep):
        key = cover.indices[cover.indptr[i] : cover.indptr[i + 1]].tobytes()
        g = groups.setdefault(key, len(groups))
        if g == len(rows):
            rows.append(int(i))
        group_of[k] = g
    merged_weight = np.bincount(group_of, weights=weight[keep], minlength=len(rows)).astype(np.float64)
    merged = sparse.csr_array(cover[np.asarray(rows, dtype=np.int64)], dtype=np.float64)
    used = np.flatnonzero(np.asarray(merged.sum(axis=0)).ravel() > 0)
    if drop_dominated and used.size > 1:
        used = used[~_dominated(sparse.csr_array(merged[:, used]))]
    merged = sparse.csr_array(merged[:, used])
    merged.sort_indices()
    cover_t = sparse.csr_array(merged.T)
    cover_t.sort_indices()
    integral = bool(np.all(merged_weight == np.round(merged_weight)))
    return Reduced(merged, cover_t, merged_weight, used.astype(np.int64), integral)


def _dominated(cover: sparse.csr_array) -> np.ndarray:
    """Columns whose coverage set lies inside another column's (ties: the lower index stays)."""
    m = cover.shape[1]
    dominated = np.zeros(m, dtype=np.bool_)
    lengths = np.diff(cover.indptr).astype(np.int64)
    if int((lengths * lengths).sum()) > DOMINANCE_MAX_PAIRS:
        return dominated
    size = np.asarray(cover.sum(axis=0)).ravel()
    overlap = sparse.coo_array(cover.T @ cover)
    j, k, shared = overlap.row, overlap.col, overlap.data
    inside = (j != k) & (shared >= size[j] - 0.5) & ((size[k] > size[j]) | ((size[k] == size[j]) & (k < j)))
    dominated[j[inside]] = True
    return dominated
