"""Madang's bridge to engines.search: documents from models, vectors kept in the database, shared between processes.

Vectors live in SearchVector rows, so a restart or another server reuses them; each version of those rows is written
once to a file in the data directory that every web process on the machine memory-maps (one copy in memory however
many workers there are). A process's engine is rebuilt when the rows change (a cheap count/max query before each
search).
"""

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
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
    # The other languages' titles and summaries, and the city's names in all four, are part of what is searched:
    # a Japanese query finds a Korean initiative by its Japanese summary, and 서울 finds what Seoul's text says.
    others = [f"{o.title}. {o.summary}" for o in i.translations.all() if o.pk != t.pk]
    places = [i.city.name, *i.city.names.values()] if i.city_id else []
    tags = [tag.name for tag in i.tags.all()]
    extra = "\n".join([*others, " ".join(places), ", ".join(tags)])
    return Document(
        id=f"initiative:{i.pk}", title=" / ".join([t.title, *(o.title for o in i.translations.all() if o.pk != t.pk)]),
        text=f"{t.summary}\n{t.body}\n{extra}", lang=_lang(t.language),
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
        .prefetch_related("translations", "groups_served", "tags")
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
    """The process's engine, rebuilt when the stored vectors changed since it was built. Its vectors are a read-only
    memory map of one file per version in the data directory, shared by every process on the machine."""
    signature = tuple(SearchVector.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())
    with _lock:
        if _state["engine"] is None or _state["signature"] != signature:
            docs = {d.id: d for d in _indexable()}
            ids, vectors = _shared_vectors(signature)
            keep = [i for i, key in enumerate(ids) if key in docs]
            engine = MatchEngine(encoder=_encoder).fit([])
            if keep:
                # A vector whose object left the index since (until the refresh deletes it) costs a private copy.
                rows = vectors if len(keep) == len(ids) else vectors[keep]
                engine.add([docs[ids[i]] for i in keep], vectors=rows)
            _state.update(engine=engine, signature=signature)
        return _state["engine"]  # type: ignore[no-any-return]


def _shared_dir() -> Path:
    return Path(getattr(settings, "MADANG_SEARCH_DIR", "") or Path(settings.VAR_DIR) / "search")


def _shared_vectors(signature: tuple[Any, ...]) -> tuple[list[str], np.ndarray]:
    """The stored vectors as (ids, matrix), the matrix memory-mapped from `vectors-<version>.npy`: the first process
    to need a version writes the file (atomically, so a reader never sees half of it); the others map it."""
    db = connection.settings_dict
    version = hashlib.sha256(repr((db["ENGINE"], db["HOST"], db["PORT"], db["NAME"], signature)).encode()).hexdigest()
    directory = _shared_dir()
    ids_path, vectors_path = directory / f"ids-{version[:24]}.json", directory / f"vectors-{version[:24]}.npy"
    try:
        ids, vectors = json.loads(ids_path.read_text(encoding="utf-8")), np.load(vectors_path, mmap_mode="r")
        if len(ids) == signature[0] == len(vectors):
            return ids, vectors
    except (OSError, ValueError):
        pass  # not written yet on this machine (or cut short): build it from the database
    rows = [(f"{v.kind}:{v.object_id}", bytes(v.vector)) for v in SearchVector.objects.order_by("kind", "object_id")]
    ids = [key for key, _ in rows]
    matrix = np.vstack([np.frombuffer(b, dtype=np.float32) for _, b in rows]) if rows else np.zeros((0, 0), "f4")
    directory.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    tmp_ids, tmp_vectors = directory / f".ids-{token}.tmp", directory / f".vectors-{token}.tmp.npy"
    tmp_ids.write_text(json.dumps(ids), encoding="utf-8")
    np.save(tmp_vectors, matrix)
    # Ids first: a reader that finds the vectors file always finds its ids.
    os.replace(tmp_ids, ids_path)
    os.replace(tmp_vectors, vectors_path)
    _prune(directory, keep={ids_path.name, vectors_path.name})
    return ids, np.load(vectors_path, mmap_mode="r") if rows else matrix


def _prune(directory: Path, *, keep: set[str]) -> None:
    """Drop other versions' files after a grace period (a process mapping one keeps its pages after the unlink)."""
    cutoff = time.time() - 300
    for path in directory.iterdir():
        try:
            if path.name not in keep and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # another process pruned it first


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
# results are kept relative to the best one, above a floor where similarity is noise. Both chosen on the dev split
# of the search evaluation set (bench/search.py, docs/benchmarks.md): a relative cut of 0.4 instead of 0.6 raised
# nDCG@10 from 0.680 to 0.706; a higher floor drops real answers sooner than it silences the no-answer queries.
CATALOGUE_RELATIVE = 0.4
CATALOGUE_FLOOR = 0.12


def catalogue_search(q: str, limit: int = 30) -> list[int]:
    """Published initiative ids for a search-box query in any of the four languages, best first."""
    engine = engine_get()
    results = engine.search(Query(text=q), k=limit, filters={"kind": "initiative"})
    if not results:
        return []
    cutoff = max(CATALOGUE_FLOOR, CATALOGUE_RELATIVE * results[0].score)
    return [int(r.id.split(":")[1]) for r in results if r.score >= cutoff]


def list_search(q: str, *, kind: str, limit: int = 50) -> list[int]:
    """Ids of searchable needs or solutions for a search-box query in any of the four languages, best first (kept
    relative to the best, as in the catalogue)."""
    results = engine_get().search(Query(text=q), k=limit, filters={"kind": kind})
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
