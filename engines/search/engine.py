"""Cross-lingual matchmaking: dense multilingual similarity, BM25 where it helps, and a structured fit.

score = cos(query, doc) + title_weight * cos(query title, doc title)          (one 1024-d inner product)
      + lexical weight * BM25 / max BM25                                      (long or short query weight)
      + domain, groups, budget, language and similar-city bonuses             (structured fit)

Weights were tuned on the dev split of shared/eval/matching only (bench/matching.py prints the ablation).
"""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .encoders import Encoder, UniversalSentenceEncoder
from .lexical import BM25
from .text import detect_language, sentences, surface_terms, tokenize
from .vectors import ExactIndex

BANDS = {"low": 0, "mid": 1, "high": 2}


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str = ""
    lang: str = ""
    domain: str = ""
    kind: str = ""
    groups: tuple[str, ...] = ()
    price_band: str = ""
    deployed_in: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}".strip()


@dataclass(frozen=True)
class Query:
    text: str
    title: str = ""
    lang: str = ""
    domain: str = ""
    groups: tuple[str, ...] = ()
    budget_band: str = ""
    languages: tuple[str, ...] = ()
    city: str = ""

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}".strip() if self.title and self.title not in self.text else self.text


@dataclass(frozen=True)
class Passage:
    query: str
    query_lang: str
    document: str
    document_lang: str
    similarity: float


@dataclass
class Explanation:
    terms: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    fit: dict[str, bool] = field(default_factory=dict)
    deployed_in: tuple[str, ...] = ()


@dataclass
class Result:
    id: str
    score: float
    dense: float
    lexical: float
    fit: dict[str, bool]
    lang: str
    explanation: Explanation | None = None


@dataclass(frozen=True)
class CityProfile:
    population: int | None = None
    region: str = ""


class MatchEngine:
    def __init__(
        self,
        encoder: Encoder | None = None,
        title_weight: float = 0.2,
        lexical_weight: float = 0.0,
        short_query_lexical_weight: float = 0.05,
        short_query_terms: int = 8,
        domain_weight: float = 0.15,
        group_weight: float = 0.05,
        budget_weight: float = 0.05,
        language_weight: float = 0.03,
        similar_city_weight: float = 0.02,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.encoder = encoder
        self.title_weight = title_weight
        self.lexical_weight = lexical_weight
        self.short_query_lexical_weight = short_query_lexical_weight
        self.short_query_terms = short_query_terms
        self.domain_weight = domain_weight
        self.group_weight = group_weight
        self.budget_weight = budget_weight
        self.language_weight = language_weight
        self.similar_city_weight = similar_city_weight
        self.k1 = k1
        self.b = b

    # ------------------------------------------------------------------ building
    def _encoder(self) -> Encoder:
        if self.encoder is None:
            self.encoder = UniversalSentenceEncoder()
        return self.encoder

    def fit(self, corpus: Iterable[Document], cities: dict[str, CityProfile] | None = None) -> MatchEngine:
        enc = self._encoder()
        self.documents_: dict[str, Document] = {}
        self.cities_: dict[str, CityProfile] = dict(cities or {})
        self.lexical_ = BM25(k1=self.k1, b=self.b).fit([])
        self.vectors_ = ExactIndex(2 * enc.dim)
        self.add(list(corpus))
        return self

    def _embed_pairs(self, full: Sequence[str], titles: Sequence[str]) -> npt.NDArray[np.float32]:
        enc = self._encoder()
        both = enc.encode([*full, *titles])
        n = len(full)
        return np.hstack([both[:n], math.sqrt(self.title_weight) * both[n:]]).astype(np.float32)

    def embed_documents(self, documents: Sequence[Document]) -> npt.NDArray[np.float32]:
        """The stored vectors for `documents`: callers may keep them (e.g. in a database) and pass them to add()."""
        return self._embed_pairs([d.full_text for d in documents], [d.title or d.full_text for d in documents])

    def add(self, documents: Sequence[Document], vectors: npt.NDArray[np.float32] | None = None) -> None:
        docs = [d if d.lang else _with_lang(d) for d in documents]
        if not docs:
            return
        if vectors is None:
            vectors = self.embed_documents(docs)
        elif vectors.shape != (len(docs), self.vectors_.dim):
            raise ValueError(f"expected vectors of shape {(len(docs), self.vectors_.dim)}, got {vectors.shape}")
        self.vectors_.add([d.id for d in docs], vectors)
        for d in docs:
            self.documents_[d.id] = d
            self.lexical_.add(d.id, d.full_text)

    def remove(self, doc_id: str) -> None:
        self.documents_.pop(doc_id, None)
        self.vectors_.remove(doc_id)
        self.lexical_.remove(doc_id)

    def __len__(self) -> int:
        return len(self.documents_)

    # ------------------------------------------------------------------ searching
    def embed_query(self, query: Query) -> npt.NDArray[np.float32]:
        if not query.title or query.title == query.full_text:
            # A search-box query has no separate title: embed it once and reuse it for the title part.
            single = self._encoder().encode([query.full_text])[0]
            return np.concatenate([single, math.sqrt(self.title_weight) * single]).astype(np.float32)
        vector: npt.NDArray[np.float32] = self._embed_pairs([query.full_text], [query.title])[0]
        return vector

    def search(
        self,
        query: Query,
        k: int = 10,
        filters: dict[str, object] | None = None,
        explain: bool = False,
        query_vector: npt.NDArray[np.float32] | None = None,
    ) -> list[Result]:
        if not self.documents_:
            return []
        q = self.embed_query(query) if query_vector is None else query_vector
        ids = self.vectors_.ids_
        dense = self.vectors_.scores(q)
        score = dense.copy()
        weight = self._lexical_weight(query)
        lexical = np.zeros_like(dense)
        if weight > 0:
            lexical = self.lexical_.scores(query.full_text, ids, self.vectors_.row_)
            top = float(lexical.max())
            if top > 0:
                score += weight * lexical / top
        score += self._structured(query, ids)
        mask = self._filter_mask(ids, filters or {})
        score[~mask] = -np.inf
        k = min(k, int(np.isfinite(score).sum()))
        if k <= 0:
            return []
        candidates = np.argpartition(-score, k - 1)[:k] if k < len(score) else np.arange(len(score))
        # Ties break by id, so equal scores always come back in the same order.
        order = sorted(candidates.tolist(), key=lambda i: (-float(score[i]), ids[i]))
        results = []
        for i in order:
            doc = self.documents_[ids[i]]
            fit = self.fit_criteria(query, doc)
            result = Result(doc.id, float(score[i]), float(dense[i]), float(lexical[i]), fit, doc.lang)
            if explain:
                result.explanation = self.explain(query, doc.id, fit=fit)
            results.append(result)
        return results

    def _lexical_weight(self, query: Query) -> float:
        short = len(tokenize(query.full_text)) <= self.short_query_terms
        return self.short_query_lexical_weight if short else self.lexical_weight

    def _columns(self) -> dict[str, npt.NDArray[Any]]:
        """Per-row metadata arrays aligned with the vector index, rebuilt only after the corpus changes."""
        key = self.vectors_.version_
        if getattr(self, "_columns_key", None) != key:
            docs = [self.documents_.get(i) for i in self.vectors_.ids_]
            self._columns_cache = {
                "domain": np.array([d.domain if d else "" for d in docs], dtype=object),
                "lang": np.array([d.lang if d else "" for d in docs], dtype=object),
                "kind": np.array([d.kind if d else "" for d in docs], dtype=object),
                "band": np.array([BANDS.get(d.price_band, -1) if d else -1 for d in docs], dtype=np.int8),
                "groups": np.array([frozenset(d.groups) if d else frozenset() for d in docs], dtype=object),
                "languages": np.array([frozenset(d.languages) if d else frozenset() for d in docs], dtype=object),
                "deployed": np.array([tuple(d.deployed_in) if d else () for d in docs], dtype=object),
            }
            self._columns_key = key
        return self._columns_cache

    def _structured(self, query: Query, ids: list[str]) -> npt.NDArray[np.float32]:
        bonus = np.zeros(len(ids), dtype=np.float32)
        if not any((query.domain, query.groups, query.budget_band, query.languages, query.city)):
            return bonus
        col = self._columns()
        if query.domain:
            bonus += self.domain_weight * (col["domain"] == query.domain)
        if query.groups:
            wanted = frozenset(query.groups)
            bonus += self.group_weight * np.fromiter((bool(g & wanted) for g in col["groups"]), bool, len(ids))
        if query.budget_band in BANDS:
            bonus += self.budget_weight * ((col["band"] >= 0) & (col["band"] <= BANDS[query.budget_band]))
        if query.languages:
            need = frozenset(query.languages)
            bonus += self.language_weight * np.fromiter(
                (bool(s) and need <= s for s in col["languages"]), bool, len(ids)
            )
        if query.city in self.cities_:
            similar = {c for c in self.cities_ if self._similar(query.city, c)}
            hits = (any(c in similar for c in cities) for cities in col["deployed"])
            bonus += self.similar_city_weight * np.fromiter(hits, bool, len(ids))
        return bonus

    def fit_criteria(self, query: Query, doc: Document) -> dict[str, bool]:
        """Which structured criteria fit (True) or fail (False); criteria without data are left out."""
        fit: dict[str, bool] = {}
        if query.domain and doc.domain:
            fit["domain"] = query.domain == doc.domain
        if query.groups and doc.groups:
            fit["groups"] = bool(set(query.groups) & set(doc.groups))
        if query.budget_band in BANDS and doc.price_band in BANDS:
            fit["budget"] = BANDS[doc.price_band] <= BANDS[query.budget_band]
        if query.languages and doc.languages:
            fit["languages"] = set(query.languages) <= set(doc.languages)
        if query.city and doc.deployed_in and query.city in self.cities_:
            fit["similar_city"] = any(self._similar(query.city, c) for c in doc.deployed_in)
        return fit

    def _similar(self, a: str, b: str) -> bool:
        pa, pb = self.cities_.get(a), self.cities_.get(b)
        if pa is None or pb is None:
            return False
        if pa.region and pa.region == pb.region:
            return True
        if pa.population and pb.population:
            return max(pa.population, pb.population) <= 3 * min(pa.population, pb.population)
        return False

    def _filter_mask(self, ids: list[str], filters: dict[str, object]) -> npt.NDArray[np.bool_]:
        """Filters: domain, lang, kind (a value or a list of values), max_price_band, exclude (ids)."""
        mask: npt.NDArray[np.bool_] = self.vectors_.alive_.copy()
        if not filters:
            return mask
        col = self._columns()
        for key, wanted in filters.items():
            if key == "exclude":
                excluded = set(wanted)  # type: ignore[call-overload]
                mask &= np.fromiter((i not in excluded for i in ids), bool, len(ids))
            elif key == "max_price_band":
                mask &= col["band"] <= BANDS.get(str(wanted), 2)
            elif key in ("domain", "lang", "kind"):
                values = (
                    [str(v) for v in wanted] if isinstance(wanted, list | tuple | set | frozenset) else [str(wanted)]
                )
                mask &= np.isin(col[key], values)
            else:
                raise ValueError(f"unknown filter {key!r}")
        return mask

    # ------------------------------------------------------------------ explaining
    def explain(self, query: Query, doc_id: str, fit: dict[str, bool] | None = None, passages: int = 2) -> Explanation:
        """Matched terms, the best-aligned passage pairs (each in its own language) and the structured fit."""
        doc = self.documents_[doc_id]
        surface = surface_terms(doc.full_text)
        terms = [surface.get(t, t) for t, _ in self.lexical_.matched_terms(query.full_text, doc_id)[:8]]
        q_sent = sentences(query.full_text)[:6]
        d_sent = sentences(doc.full_text)[:8]
        pairs: list[Passage] = []
        if q_sent and d_sent:
            vectors = self._encoder().encode([*q_sent, *d_sent])
            sim = vectors[: len(q_sent)] @ vectors[len(q_sent) :].T
            q_lang = query.lang or detect_language(query.full_text)
            for qi in np.argsort(-sim.max(axis=1), kind="stable")[:passages]:
                di = int(np.argmax(sim[qi]))
                pairs.append(Passage(q_sent[qi], q_lang, d_sent[di], doc.lang, round(float(sim[qi, di]), 3)))
        return Explanation(
            terms=terms,
            passages=pairs,
            fit=fit if fit is not None else self.fit_criteria(query, doc),
            deployed_in=doc.deployed_in,
        )

    # ------------------------------------------------------------------ persistence
    def get_params(self) -> dict[str, Any]:
        """The constructor's parameters (scikit-learn style), without the encoder object."""
        names = [n for n in inspect.signature(type(self).__init__).parameters if n not in ("self", "encoder")]
        return {n: getattr(self, n) for n in names}

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.vectors_.save(directory / "vectors.npz")
        meta = {
            "encoder": self._encoder().name,
            "params": self.get_params(),
            "documents": [asdict(d) for d in self.documents_.values()],
            "cities": {name: asdict(p) for name, p in self.cities_.items()},
        }
        tmp = directory / "meta.json.tmp"
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        tmp.replace(directory / "meta.json")

    @classmethod
    def load(cls, directory: Path, encoder: Encoder | None = None) -> MatchEngine:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        engine = cls(encoder=encoder, **meta["params"])
        if encoder is not None and encoder.name != meta["encoder"]:
            raise ValueError(f"index was built with {meta['encoder']}, not {encoder.name}")
        engine.vectors_ = ExactIndex.load(directory / "vectors.npz")
        engine.cities_ = {name: CityProfile(**p) for name, p in meta["cities"].items()}
        engine.documents_ = {}
        engine.lexical_ = BM25(k1=engine.k1, b=engine.b).fit([])
        for raw in meta["documents"]:
            values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
            doc = Document(**values)
            engine.documents_[doc.id] = doc
            engine.lexical_.add(doc.id, doc.full_text)
        return engine


def _with_lang(doc: Document) -> Document:
    from dataclasses import replace

    return replace(doc, lang=detect_language(doc.full_text))
