"""Madang's bridge to engines.search: documents from models, vectors kept in the database, one engine per process.

Vectors live in SearchVector rows, so a restart or another server process reuses them; the in-memory engine is
rebuilt from those rows when they change (checked by a cheap count/max query before each search).
"""

import hashlib
import logging
import threading
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from engines.search import Document, MatchEngine, Query, UniversalSentenceEncoder
from madang.catalogue.models import Initiative

from .models import Need, SearchVector, Solution

log = logging.getLogger(__name__)
ENGINE_LANG = {"zh-hans": "zh"}
_encoder = UniversalSentenceEncoder()
_lock = threading.Lock()
_state: dict[str, Any] = {"engine": None, "signature": None}


def _lang(code: str) -> str:
    return ENGINE_LANG.get(code, code)


def initiative_document(i: Initiative) -> Document | None:
    t = i.translation(i.original_language)
    if t is None:
        return None
    return Document(
        id=f"initiative:{i.pk}", title=t.title, text=f"{t.summary}\n{t.body}", lang=_lang(t.language),
        domain=i.domain, kind="initiative", groups=tuple(sorted(g.code for g in i.groups_served.all())),
        deployed_in=(i.city.slug,),
    )  # fmt: skip


def solution_document(s: Solution) -> Document:
    return Document(
        id=f"solution:{s.pk}", title=s.title, text=s.description, lang=_lang(s.language), domain=s.domain,
        kind="solution", price_band=s.price_band, deployed_in=tuple(sorted(c.slug for c in s.deployments.all())),
        languages=tuple(sorted(_lang(x) for x in s.languages_supported)),
    )  # fmt: skip


def need_text(n: Need) -> str:
    return "\n".join(p for p in (n.description, n.people_affected, n.workaround) if p)


def need_document(n: Need) -> Document:
    return Document(
        id=f"need:{n.pk}", title=n.title, text=need_text(n), lang=_lang(n.language), domain=n.domain, kind="need",
        groups=tuple(sorted(g.code for g in n.groups_served.all())), price_band=n.budget_band,
        deployed_in=(n.city.slug,),
    )  # fmt: skip


def need_query(n: Need) -> Query:
    return Query(
        text=need_text(n), title=n.title, lang=_lang(n.language), domain=n.domain,
        groups=tuple(g.code for g in n.groups_served.all()), budget_band=n.budget_band,
        languages=tuple(_lang(x) for x in n.languages), city=n.city.slug,
    )  # fmt: skip


def _indexable() -> Iterable[Document]:
    initiatives = (
        Initiative.objects.filter(is_published=True)
        .select_related("city")
        .prefetch_related("translations", "groups_served")
    )
    for i in initiatives:
        doc = initiative_document(i)
        if doc is not None:
            yield doc
    for s in Solution.objects.filter(is_published=True).prefetch_related("deployments"):
        yield solution_document(s)
    for n in Need.objects.exclude(status=Need.Status.DRAFT).select_related("city").prefetch_related("groups_served"):
        yield need_document(n)


def _hash(doc: Document) -> str:
    return hashlib.sha256(repr(doc).encode()).hexdigest()


_refresh_lock = threading.Lock()


def vectors_refresh() -> int:
    """Embed what is new or changed, drop what is no longer searchable; returns how many vectors were written.

    Serialised: a save's background refresh and a command's synchronous one (load_demo triggers both) must not
    embed the same objects twice and race on the unique (kind, object_id) row."""
    with _refresh_lock:
        return _vectors_refresh()


def _vectors_refresh() -> int:
    docs = {d.id: d for d in _indexable()}
    existing = {f"{v.kind}:{v.object_id}": v for v in SearchVector.objects.only("kind", "object_id", "text_hash")}
    stale = [d for key, d in docs.items() if key not in existing or existing[key].text_hash != _hash(d)]
    gone = [v.pk for key, v in existing.items() if key not in docs]
    if gone:
        SearchVector.objects.filter(pk__in=gone).delete()
    if stale:
        vectors = MatchEngine(encoder=_encoder).embed_documents(stale)
        for doc, vector in zip(stale, vectors, strict=True):
            kind, object_id = doc.id.split(":")
            SearchVector.objects.update_or_create(
                kind=kind, object_id=int(object_id),
                defaults={"text_hash": _hash(doc), "vector": np.asarray(vector, dtype=np.float32).tobytes()},
            )  # fmt: skip
    return len(stale)


def engine_get() -> MatchEngine:
    """The process's engine, rebuilt when the stored vectors changed since it was built."""
    signature = tuple(SearchVector.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())
    with _lock:
        if _state["engine"] is None or _state["signature"] != signature:
            docs = {d.id: d for d in _indexable()}
            rows = [(f"{v.kind}:{v.object_id}", v.vector) for v in SearchVector.objects.all()]
            rows = [(key, blob) for key, blob in rows if key in docs]
            engine = MatchEngine(encoder=_encoder).fit([])
            if rows:
                vectors = np.vstack([np.frombuffer(bytes(blob), dtype=np.float32) for _, blob in rows])
                engine.add([docs[key] for key, _ in rows], vectors=vectors)
            _state.update(engine=engine, signature=signature)
        return _state["engine"]  # type: ignore[no-any-return]


def stored_vector(doc_id: str) -> np.ndarray | None:
    kind, object_id = doc_id.split(":")
    row = SearchVector.objects.filter(kind=kind, object_id=int(object_id)).first()
    return None if row is None else np.frombuffer(bytes(row.vector), dtype=np.float32)


# ---------------------------------------------------------------- freshness
def schedule_refresh() -> None:
    """Called after a save commits: the worker embeds the change (within about a second of its poll). No thread in
    the web process; a refresh already waiting covers this change too, so bursts of saves make one job."""
    if getattr(settings, "MADANG_SEARCH_INLINE", False):
        vectors_refresh()
        return
    from .tasks import refresh_search_index

    if _refresh_waiting(refresh_search_index.get_backend()):
        return
    refresh_search_index.enqueue()


def _refresh_waiting(backend: Any) -> bool:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(task_path__endswith=".refresh_search_index")
    return isinstance(backend, DatabaseBackend) and waiting.exists()


# ---------------------------------------------------------------- product queries
# Short queries score low in absolute terms (a two-word Korean query tops out near 0.3 on the demo catalogue), so
# results are kept relative to the best one, above a floor where similarity is noise. Looked at, not tuned: the
# eval set has no search-box queries.
CATALOGUE_RELATIVE = 0.6
CATALOGUE_FLOOR = 0.12


def catalogue_search(q: str, limit: int = 30) -> list[int]:
    """Published initiative ids for a search-box query in any of the four languages, best first."""
    engine = engine_get()
    results = engine.search(Query(text=q), k=limit, filters={"kind": "initiative"})
    if not results:
        return []
    cutoff = max(CATALOGUE_FLOOR, CATALOGUE_RELATIVE * results[0].score)
    return [int(r.id.split(":")[1]) for r in results if r.score >= cutoff]


def _ids(results: Iterable[Any], kind: str) -> list[tuple[int, Any]]:
    return [(int(r.id.split(":")[1]), r) for r in results if r.id.startswith(kind + ":")]


def matches_for_need(need: Need, *, k: int = 10, explain: int = 5) -> dict[str, list[tuple[int, Any]]]:
    """Ranked solutions and related initiatives for a need, the first `explain` of each with an explanation."""
    engine = engine_get()
    query = need_query(need)
    vector = stored_vector(f"need:{need.pk}")
    out: dict[str, list[tuple[int, Any]]] = {}
    for kind in ("solution", "initiative"):
        results = engine.search(query, k=k, filters={"kind": kind}, query_vector=vector)
        for r in results[:explain]:
            r.explanation = engine.explain(query, r.id, fit=r.fit)
        out[kind] = _ids(results, kind)
    return out


def needs_for_solution(solution: Solution, *, k: int = 10) -> list[tuple[int, Any]]:
    """Open needs that the solution fits, best first."""
    engine = engine_get()
    doc = solution_document(solution)
    query = Query(text=doc.text, title=doc.title, lang=doc.lang, domain=doc.domain)
    vector = stored_vector(doc.id)
    return _ids(engine.search(query, k=k, filters={"kind": "need"}, query_vector=vector), "need")


def embed(texts: list[str]) -> np.ndarray:
    """The matching encoder's multilingual sentence vectors, for other apps (e.g. grouping pilot comments)."""
    return _encoder.encode(texts)
