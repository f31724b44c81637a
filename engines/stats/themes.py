"""Group free comments by theme: spherical k-means over sentence embeddings, named by distinctive keywords.

The embeddings come from the caller (Madang passes the matching engine's multilingual encoder), so comments in
Korean and English about the same problem land in the same theme.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from engines.search.text import surface_terms


@dataclass(frozen=True)
class Theme:
    keywords: tuple[str, ...]
    members: tuple[int, ...]  # indices into the fitted comments, closest to the theme's centre first


@dataclass
class CommentThemes:
    """`fit(texts, embeddings)` sets `themes_`, largest first. `n_themes=None` picks about sqrt(n / 2)."""

    n_themes: int | None = None
    max_themes: int = 8
    n_keywords: int = 3
    max_iter: int = 50
    random_state: int = 0
    themes_: list[Theme] = field(default_factory=list)
    labels_: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def fit(self, texts: Sequence[str], embeddings: npt.NDArray[np.floating]) -> CommentThemes:
        n = len(texts)
        if n != len(embeddings):
            raise ValueError("one embedding per text")
        if n == 0:
            self.themes_, self.labels_ = [], np.zeros(0, dtype=np.int64)
            return self
        x = np.asarray(embeddings, dtype=np.float64)
        x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
        k = self.n_themes or max(1, min(self.max_themes, round(math.sqrt(n / 2))))
        k = min(k, n)
        labels, centres = self._kmeans(x, k)
        self.labels_ = labels
        terms = [set(surface_terms(t)) for t in texts]
        surfaces: dict[str, str] = {}
        for t in texts:
            for term, surface in surface_terms(t).items():
                surfaces.setdefault(term, surface)
        df = Counter(term for s in terms for term in s)
        themes = []
        for c in range(k):
            idx = np.flatnonzero(labels == c)
            if idx.size == 0:
                continue
            order = idx[np.argsort(-(x[idx] @ centres[c]), kind="stable")]
            local = Counter(term for i in idx for term in terms[i])
            # Distinctive: frequent in this theme, rarer elsewhere (a tf-idf over the theme as one document).
            scored = sorted(
                ((cnt / idx.size) * math.log(1 + n / df[term]), term) for term, cnt in local.items() if cnt >= 1
            )
            keywords = tuple(surfaces[term] for _, term in reversed(scored[-self.n_keywords :]))
            themes.append(Theme(keywords=keywords, members=tuple(int(i) for i in order)))
        self.themes_ = sorted(themes, key=lambda t: (-len(t.members), t.members[0]))
        return self

    def _kmeans(self, x: npt.NDArray[np.float64], k: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        rng = np.random.default_rng(self.random_state)
        # k-means++ seeding on cosine distance.
        centres = [x[rng.integers(len(x))]]
        for _ in range(1, k):
            dist = np.clip(1 - np.max(x @ np.array(centres).T, axis=1), 0, None)
            total = dist.sum()
            if total <= 0:
                break
            centres.append(x[rng.choice(len(x), p=dist / total)])
        c = np.array(centres)
        labels = np.zeros(len(x), dtype=np.int64)
        for it in range(self.max_iter):
            new = np.argmax(x @ c.T, axis=1).astype(np.int64)
            if it > 0 and np.array_equal(new, labels):
                break
            labels = new
            for j in range(len(c)):
                members = x[labels == j]
                if len(members):
                    mean = members.sum(axis=0)
                    c[j] = mean / max(np.linalg.norm(mean), 1e-12)
        return labels, c
