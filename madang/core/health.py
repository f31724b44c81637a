"""/health/: what a load balancer or a city's monitoring asks. 200 while the site can serve (database and cache
answer); 503 when it cannot. The queue is reported too: waiting jobs and whether a worker was seen lately."""

import datetime as dt
import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

WORKER_SEEN_WITHIN = dt.timedelta(minutes=2)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means the same to a load balancer: not ready
        return "unavailable"
    return "ok"


def _cache() -> str:
    try:
        probe = str(time.monotonic_ns())
        cache.set("madang:health", probe, 30)
        return "ok" if cache.get("madang:health") == probe else "unavailable"
    except Exception:
        return "unavailable"


def _queue() -> dict[str, object]:
    from django_tasks_db.models import DBTaskResult

    from .models import WorkerHeartbeat

    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        workers = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - WORKER_SEEN_WITHIN).count()
    except Exception:
        return {"status": "unavailable"}
    age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    stalled = workers == 0 and age > WORKER_SEEN_WITHIN.total_seconds()
    return {"status": "stalled" if stalled else "ok", "waiting": waiting.count(), "oldest_waiting_seconds": age,
            "workers": workers}  # fmt: skip


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, object] = {"database": _database(), "cache": _cache()}
    checks["queue"] = _queue() if checks["database"] == "ok" else {"status": "unavailable"}
    serving = checks["database"] == "ok" and checks["cache"] == "ok"
    queue_ok = checks["queue"]["status"] == "ok"  # type: ignore[index]
    checks["status"] = "ok" if serving and queue_ok else "degraded" if serving else "unavailable"
    return JsonResponse(checks, status=200 if serving else 503)
