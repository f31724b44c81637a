"""Exact inner-product vector index with incremental add and remove, saved to disk.

Exact search is a single matrix-vector product: measured in bench/matching.py at 10k-1M vectors.
Removed rows are tombstoned and compacted when they pass a quarter of the matrix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt


class ExactIndex:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.vectors_ = np.zeros((0, dim), dtype=np.float32)
        self.ids_: list[str] = []
        self.alive_ = np.zeros(0, dtype=bool)
        self.row_: dict[str, int] = {}
        self.version_ = 0  # bumped on every change, so callers can cache per-row data

    def __len__(self) -> int:
        return len(self.row_)

    def add(self, ids: list[str], vectors: npt.NDArray[np.float32]) -> None:
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        for doc_id in ids:
            self.remove(doc_id)
        self.version_ += 1
        start = len(self.ids_)
        rows = np.asanyarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        # An empty index adopts the caller's array instead of copying it, so a read-only memory map of a file that
        # several processes open stays one copy in memory (rows are only ever read; a later add or compaction makes
        # a private copy).
        self.vectors_ = rows if start == 0 else np.vstack([self.vectors_, rows])
        self.alive_ = np.concatenate([self.alive_, np.ones(len(ids), dtype=bool)])
        for offset, doc_id in enumerate(ids):
            self.ids_.append(doc_id)
            self.row_[doc_id] = start + offset

    def remove(self, doc_id: str) -> None:
        row = self.row_.pop(doc_id, None)
        if row is not None:
            self.version_ += 1
            self.alive_[row] = False
            if (~self.alive_).sum() * 4 > len(self.alive_):
                self._compact()

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive_)
        self.vectors_ = self.vectors_[keep]
        self.ids_ = [self.ids_[i] for i in keep]
        self.alive_ = np.ones(len(keep), dtype=bool)
        self.row_ = {doc_id: i for i, doc_id in enumerate(self.ids_)}

    def scores(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Inner products for every row (removed rows score -inf)."""
        out: npt.NDArray[np.float32] = self.vectors_ @ np.asarray(query, dtype=np.float32)
        out[~self.alive_] = -np.inf
        return out

    def vector(self, doc_id: str) -> npt.NDArray[np.float32]:
        row: npt.NDArray[np.float32] = self.vectors_[self.row_[doc_id]]
        return row

    def save(self, path: Path) -> None:
        self._compact()
        np.savez(path, vectors=self.vectors_, ids=np.array(self.ids_, dtype=str))

    @classmethod
    def load(cls, path: Path) -> ExactIndex:
        with np.load(path, allow_pickle=False) as data:
            vectors = data["vectors"].astype(np.float32)
            index = cls(vectors.shape[1])
            index.add([str(i) for i in data["ids"]], vectors)
        return index
