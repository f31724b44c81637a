"""Slow results a page asks for, prepared by the job worker instead of inside the request: a large planner solve, a
PDF report.

A view calls `computation_request(kind=..., params=..., version=...)`. The same kind, parameters and data version
give the same row, so asking again while it runs starts nothing new, and a finished result is served from it. Until
it is ready the page says so and links to itself with `?prepared=<id>`; that link serves the row it names once it
is done, even if the data changed in between (it is what the person asked for), and a link for one object never
serves another's (`computation_get` checks the parameters).
"""

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .jobs import enqueue_on_commit
from .models import Computation

log = logging.getLogger(__name__)
MAX_CONTENT_BYTES = 20 * 1024 * 1024
# A row left running this long lost its worker (a restart, a kill): asking again, or a retry from /jobs/, restarts it.
STALE_RUNNING = dt.timedelta(minutes=15)
KEEP_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class Output:
    result: Any = None  # JSON, shown by the page
    content: bytes | None = None  # a file, downloaded by the page


KINDS: dict[str, Callable[[dict[str, Any]], Output]] = {}


def computation(kind: str) -> Callable[[Callable[[dict[str, Any]], Output]], Callable[[dict[str, Any]], Output]]:
    """Register the function that prepares `kind` from its parameters (JSON values only, so the worker can call
    it from the row)."""

    def register(fn: Callable[[dict[str, Any]], Output]) -> Callable[[dict[str, Any]], Output]:
        KINDS[kind] = fn
        return fn

    return register


def _key(kind: str, params: dict[str, Any], version: str) -> str:
    raw = json.dumps({"kind": kind, "params": params, "version": version}, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def computation_request(*, kind: str, params: dict[str, Any], version: str) -> Computation:
    """The row for this request, created and enqueued the first time it is asked for."""
    if kind not in KINDS:
        raise KeyError(kind)
    key = _key(kind, params, version)
    row = Computation.objects.filter(kind=kind, key=key).first()
    if row is None:
        try:
            with transaction.atomic():
                row = Computation.objects.create(kind=kind, key=key, params=params)
        except IntegrityError:  # asked at the same moment by another request
            return Computation.objects.get(kind=kind, key=key)
        _enqueue(row)
    elif row.status == Computation.Status.FAILED or _stale(row):
        Computation.objects.filter(pk=row.pk).update(status=Computation.Status.QUEUED, error="")
        row.refresh_from_db()
        _enqueue(row)
    return row


def _enqueue(row: Computation) -> None:
    from .tasks import run_computation

    enqueue_on_commit(run_computation, computation_id=str(row.pk))


def _stale(row: Computation) -> bool:
    return row.status == Computation.Status.RUNNING and row.created_at < timezone.now() - STALE_RUNNING


def computation_get(*, kind: str, pk: str, params: dict[str, Any]) -> Computation | None:
    """The row a `?prepared=` link names, if it was asked for with these parameters (else None)."""
    try:
        row = Computation.objects.filter(kind=kind, pk=uuid.UUID(str(pk))).first()
    except ValueError:  # not a UUID: a link typed or cut short
        return None
    if row is None or row.params != json.loads(json.dumps(params, default=str)):
        return None
    return row


def computation_for(*, kind: str, params: dict[str, Any], prepared: str, version: str) -> Computation:
    """What a page shows: the row its `?prepared=` link names, else the one for the current data, read again after
    asking (a worker that runs jobs at once, as in tests or a one-process setup, has finished it already)."""
    row = computation_get(kind=kind, pk=prepared, params=params) if prepared else None
    if row is None:
        row = computation_request(kind=kind, params=params, version=version)
    row.refresh_from_db()
    return row


def computation_run(*, computation_id: str) -> str:
    """Prepare the row (the worker's job). Idempotent: a row already done, or being prepared by another worker, is
    left alone. A failure is kept on the row (the page says so) and raised, so staff see it at /jobs/ and can retry."""
    claimed = Computation.objects.filter(pk=computation_id, status__in=[Computation.Status.QUEUED,
                                                                         Computation.Status.FAILED])  # fmt: skip
    if not claimed.update(status=Computation.Status.RUNNING):
        row = Computation.objects.filter(pk=computation_id).first()
        if row is None or not _stale(row):
            return "missing" if row is None else row.status
    row = Computation.objects.get(pk=computation_id)
    try:
        out = KINDS[row.kind](row.params)
        if out.content is not None and len(out.content) > MAX_CONTENT_BYTES:
            raise ValueError(f"{row.kind} produced {len(out.content)} bytes, more than {MAX_CONTENT_BYTES}")
    except Exception as exc:
        Computation.objects.filter(pk=row.pk).update(
            status=Computation.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:300], finished_at=timezone.now()
        )
        raise
    Computation.objects.filter(pk=row.pk).update(
        status=Computation.Status.DONE, result=out.result, content=out.content, finished_at=timezone.now()
    )
    return Computation.Status.DONE


def computations_prune(*, now: dt.datetime | None = None) -> int:
    """Delete what finished more than a day ago (a PDF may hold a pilot's figures; nothing is kept for long)."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _ = Computation.objects.filter(created_at__lt=cutoff).exclude(status=Computation.Status.RUNNING).delete()
    return deleted
