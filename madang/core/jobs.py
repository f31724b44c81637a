"""Background jobs: Django's Tasks API (django-tasks, with its database backend) plus a schedule.

Everything slow or fallible that a request causes (messages, the search index, reports) is enqueued after the
request's transaction commits and run by `manage.py run_worker`, which also enqueues the scheduled jobs when they
are due (docs/decisions/0008). A job that fails is recorded with its traceback and shown to staff at /jobs/,
where it can be run again; jobs are written to be idempotent, so running one twice does no harm.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any, run_after: dt.datetime | None = None, **kwargs: Any) -> None:
    """Enqueue after the current transaction commits (at once outside one), so a job never sees data that a
    rolled-back request wrote, and a queue that is down never undoes the request (robust=True)."""

    def _enqueue() -> None:
        runnable = task.using(run_after=run_after) if run_after is not None else task
        runnable.enqueue(*args, **kwargs)

    transaction.on_commit(_enqueue, robust=True)


def backoff(attempt: int, *, base_seconds: int = 60, cap_seconds: int = 6 * 3600) -> dt.timedelta:
    """Exponential backoff for retries: 1, 2, 4 ... minutes, at most six hours."""
    return dt.timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempt - 1)))


@dataclass(frozen=True)
class Scheduled:
    name: str
    every: dt.timedelta
    task_path: str  # a django-tasks Task, enqueued without arguments when due


SCHEDULE: tuple[Scheduled, ...] = (
    Scheduled("training-messages", dt.timedelta(hours=1), "madang.training.tasks.send_training_messages"),
    Scheduled("training-erasure", dt.timedelta(days=1), "madang.training.tasks.erase_training_contacts"),
    Scheduled("pilot-erasure", dt.timedelta(days=1), "madang.pilots.tasks.erase_pilot_contacts"),
    Scheduled("match-digests", dt.timedelta(days=1), "madang.matching.tasks.send_match_digests"),
    Scheduled("search-index", dt.timedelta(hours=6), "madang.matching.tasks.refresh_search_index"),
    Scheduled("sign-in-records", dt.timedelta(days=1), "madang.accounts.tasks.forget_old_attempts"),
    Scheduled("prepared-results", dt.timedelta(days=1), "madang.core.tasks.prune_computations"),
    Scheduled("notice-retries", dt.timedelta(hours=1), "madang.notifications.tasks.retry_notices"),
    Scheduled("notice-digests-daily", dt.timedelta(days=1), "madang.notifications.tasks.send_daily_digests"),
    Scheduled("notice-digests-weekly", dt.timedelta(days=7), "madang.notifications.tasks.send_weekly_digests"),
)


def slot_start(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return epoch + ((now - epoch) // every) * every


def schedule_due(*, now: dt.datetime | None = None, schedule: tuple[Scheduled, ...] = SCHEDULE) -> list[str]:
    """Enqueue every scheduled job whose current slot has not been claimed yet; returns the names enqueued.

    A slot is claimed by inserting (name, slot) under a unique constraint, so however many workers run, each slot
    is enqueued once: the others' inserts fail and they move on."""
    from .models import ScheduledRun

    now = now or timezone.now()
    enqueued = []
    for job in schedule:
        slot = slot_start(now, job.every)
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, slot=slot)
        except IntegrityError:
            continue
        task: Callable[..., Any] = import_string(job.task_path)
        task.enqueue()  # type: ignore[attr-defined]
        enqueued.append(job.name)
    return enqueued
