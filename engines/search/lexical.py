"""Okapi BM25 over an inverted index that supports adding and removing documents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from .text import tokenize


class BM25:
    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b

    def fit(self, docs: Iterable[tuple[str, str]]) -> BM25:
        self.postings_: dict[str, dict[str, int]] = {}
        self.lengths_: dict[str, int] = {}
        self.doc_terms_: dict[str, list[str]] = {}
        self.total_length_ = 0
        for doc_id, text in docs:
            self.add(doc_id, text)
        return self

    def add(self, doc_id: str, text: str) -> None:
        if doc_id in self.lengths_:
            self.remove(doc_id)
        terms = tokenize(text)
        counts = Counter(terms)
        for term, tf in counts.items():
            self.postings_.setdefault(term, {})[doc_id] = tf
        self.doc_terms_[doc_id] = list(counts)
        self.lengths_[doc_id] = len(terms)
        self.total_length_ += len(terms)

    def remove(self, doc_id: str) -> None:
        length = self.lengths_.pop(doc_id, None)
        if length is None:
            return
        self.total_length_ -= length
        for term in self.doc_terms_.pop(doc_id):
            posting = self.postings_[term]
            posting.pop(doc_id, None)
            if not posting:
                del self.postings_[term]

    def idf(self, term: str) -> float:
        n = len(self.lengths_)
        df = len(self.postings_.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query: str, ids: list[str], position: dict[str, int]) -> npt.NDArray[np.float32]:
        """Scores aligned with `ids` (documents without a matching term score 0)."""
        out = np.zeros(len(ids), dtype=np.float32)
        if not self.lengths_:
            return out
        avg = self.total_length_ / len(self.lengths_) or 1.0
        for term in set(tokenize(query)):
            posting = self.postings_.get(term)
            if not posting:
                continue
            idf = self.idf(term)
            for doc_id, tf in posting.items():
                norm = self.k1 * (1 - self.b + self.b * self.lengths_[doc_id] / avg)
                out[position[doc_id]] += idf * tf * (self.k1 + 1) / (tf + norm)
        return out

    def matched_terms(self, query: str, doc_id: str) -> list[tuple[str, float]]:
        """Query terms present in the document, most informative first."""
        found = [(t, self.idf(t)) for t in set(tokenize(query)) if doc_id in self.postings_.get(t, {})]
        return sorted(found, key=lambda item: (-item[1], item[0]))
