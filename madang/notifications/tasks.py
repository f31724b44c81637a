"""Notifications' background jobs (madang/core/jobs.py): e-mails for single notices, retries and digests."""

from django.utils import timezone
from django_tasks import task

from madang.core.jobs import backoff, enqueue_on_commit

from . import delivery


@task()
def deliver_notices(notice_ids: list[int] | None = None) -> int:
    """E-mail these notices (or every pending one) to people who want them at once. A failed send stays pending
    with its attempt counted; the job comes back after a backoff, and the hourly job tries again too."""
    sent = delivery.deliver(notice_ids=notice_ids)
    worst = delivery.worst_pending_attempts(notice_ids=notice_ids)
    # A backend that cannot defer (the immediate one in tests) leaves the retry to the hourly job.
    if worst and deliver_notices.get_backend().supports_defer:
        enqueue_on_commit(deliver_notices, notice_ids=notice_ids, run_after=timezone.now() + backoff(worst))
    return sent


@task()
def retry_notices() -> int:
    """Hourly: try again what failed before."""
    return delivery.deliver()


@task()
def send_daily_digests() -> int:
    return delivery.digests_send(period="daily")


@task()
def send_weekly_digests() -> int:
    return delivery.digests_send(period="weekly")
