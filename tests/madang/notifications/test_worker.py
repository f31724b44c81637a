"""With the real database queue and worker: a notice's e-mail leaves the request, and a failure comes back later."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from madang.matching.services import match_transition
from madang.notifications.models import Notice
from tests.madang.notifications.data import market


@pytest.fixture
def queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker() -> None:
    call_command("run_worker", "--once", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_notice_and_retries_a_failure_after_a_backoff(world, queue, settings):
    w = market(world)
    settings.EMAIL_BACKEND = "tests.madang.notifications.failing_mail.DownEmailBackend"
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=w["users"]["editor_a"])
    assert mail.outbox == []
    jobs = DBTaskResult.objects.filter(task_path__endswith="deliver_notices")
    assert jobs.count() == 1
    _worker()
    notice = Notice.objects.get()
    # The job tried once; the hourly retry job, due when a worker first starts, may have tried once more.
    assert notice.attempts >= 1 and notice.emailed_at is None
    retry = jobs.filter(run_after__isnull=False).order_by("-enqueued_at").first()
    assert retry is not None and retry.run_after > timezone.now()  # deferred by the backoff
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs.filter(pk=retry.pk).update(run_after=timezone.now())
    _worker()
    notice.refresh_from_db()
    assert notice.emailed_at is not None and len(mail.outbox) == 1
