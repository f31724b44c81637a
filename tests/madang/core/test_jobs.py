"""The real database queue and worker: messages leave the request, jobs run once, failures are retried with backoff
and shown to staff, scheduled jobs are enqueued once per slot however many workers run."""

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from madang.core.jobs import SCHEDULE, backoff, schedule_due
from madang.core.models import ScheduledRun, WorkerHeartbeat
from madang.matching.search import schedule_refresh
from madang.training import sms
from madang.training.models import Notification
from madang.training.services import registration_create
from tests.factories import UserFactory
from tests.madang.training.factories import person, training_world

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def queue(settings):
    from madang.surveys.models import Question, Survey
    from madang.surveys.standard import templates_ensure

    templates_ensure(Survey, Question)  # a transactional test starts from an empty database, without migrations' data
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MADANG_SMS_BACKEND = "madang.training.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _worker() -> str:
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out)
    return out.getvalue()


class RefusingSmsBackend(sms.SmsBackend):
    def send(self, message):
        raise sms.SmsError("gateway unreachable")


@pytest.mark.django_db(transaction=True)  # the worker closes connections between rounds, as it does in production
def test_a_registration_sends_nothing_in_the_request_and_the_worker_sends_it_once(
    world, queue, django_capture_on_commit_callbacks
):
    t = training_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(session=t["session"], by=None, language="en", **person(1))
    assert mail.outbox == [] and sms.outbox == []  # queued, not sent by the request
    assert DBTaskResult.objects.ready().filter(task_path__endswith="deliver_messages").count() == 1
    _worker()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    _worker()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1  # idempotent: nothing is sent twice
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).exists()


@pytest.mark.django_db(transaction=True)  # the worker closes connections between rounds, as it does in production
def test_a_failed_send_is_retried_later_with_backoff(world, queue, settings, django_capture_on_commit_callbacks):
    settings.MADANG_SMS_BACKEND = "tests.madang.core.test_jobs.RefusingSmsBackend"
    t = training_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(session=t["session"], by=None, language="en", **person(1, email=""))
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction stands in for autocommit
        _worker()
    notification = Notification.objects.get()
    # The message's own job tried once; the hourly job the worker also ran may have tried again.
    assert notification.sent_at is None and notification.attempts >= 1 and "unreachable" in notification.error
    retry = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__endswith="deliver_messages").get()
    assert retry.run_after > retry.enqueued_at + dt.timedelta(seconds=50)  # not before the backoff
    assert backoff(1) == dt.timedelta(minutes=1) and backoff(3) == dt.timedelta(minutes=4)
    assert backoff(30) == dt.timedelta(hours=6)


def test_each_schedule_slot_is_enqueued_once_however_many_workers_ask(db, queue):
    now = dt.datetime(2026, 12, 3, 10, 15, tzinfo=dt.UTC)
    first = schedule_due(now=now)
    assert set(first) == {job.name for job in SCHEDULE}
    assert schedule_due(now=now) == [] and schedule_due(now=now + dt.timedelta(minutes=30)) == []
    assert "training-messages" in schedule_due(now=now + dt.timedelta(hours=1))
    assert ScheduledRun.objects.filter(name="training-messages").count() == 2
    assert DBTaskResult.objects.ready().filter(task_path__endswith="send_training_messages").count() == 2


@pytest.mark.django_db(transaction=True)  # the worker closes connections between rounds, as it does in production
def test_the_worker_runs_scheduled_jobs_and_says_it_is_alive(db, queue):
    output = _worker()
    assert "stopped" in output
    names = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert {"madang.training.tasks.send_training_messages", "madang.pilots.tasks.erase_pilot_contacts"} <= names
    assert not DBTaskResult.objects.ready().exists()  # all ran
    assert not WorkerHeartbeat.objects.exists()  # a worker that stopped is not counted as alive


def test_a_burst_of_saves_enqueues_one_search_refresh(db, queue, settings):
    settings.MADANG_SEARCH_INLINE = False
    for _ in range(5):
        schedule_refresh()
    assert DBTaskResult.objects.ready().filter(task_path__endswith="refresh_search_index").count() == 1


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("citizen", 403), ("staff", 200)])
def test_only_staff_see_and_rerun_jobs(client, db, queue, who, status):
    if who != "anonymous":
        client.force_login(UserFactory(username=who, is_staff=who == "staff"))
    assert client.get("/jobs/").status_code == status
    assert client.post("/jobs/", {"retry": "0"}).status_code == (
        302 if who == "staff" else status
    )  # back, with a message


def test_staff_see_a_failed_job_and_run_it_again(client, world, queue, settings, django_capture_on_commit_callbacks):
    from madang.training.tasks import erase_training_contacts

    result = erase_training_contacts.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.FAILED, traceback="SmsError: 010-1234-5678"
    )
    client.force_login(UserFactory(username="operator", is_staff=True))
    page = client.get("/jobs/").content.decode()
    assert "erase_training_contacts" in page and "1234-5678" not in page  # the error, without the contact
    assert client.post("/jobs/", {"retry": str(result.id)}).status_code == 302
    assert DBTaskResult.objects.ready().filter(task_path__endswith="erase_training_contacts").count() == 1


def test_no_thread_is_started_in_the_web_app():
    found = subprocess.run(  # noqa: S603
        ["git", "grep", "-n", "threading.Thread(", "--", "madang/"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,  # noqa: S607
    )
    assert found.stdout == ""


def test_health_reports_database_cache_and_queue(client, db, queue, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "madang_cache"}
    }
    body = client.get("/health/").json()
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert body["queue"] == {"status": "ok", "waiting": 0, "oldest_waiting_seconds": 0, "workers": 0}
    assert body["status"] == "ok"


def test_health_says_degraded_when_jobs_wait_with_no_worker(client, db, queue):
    from madang.training.tasks import erase_training_contacts

    result = erase_training_contacts.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    response = client.get("/health/")
    assert response.status_code == 200  # the site still serves
    assert response.json()["queue"]["status"] == "stalled" and response.json()["status"] == "degraded"


def test_health_is_503_when_the_database_is_down(client, db, monkeypatch):
    from madang.core import health

    monkeypatch.setattr(health, "_database", lambda: "unavailable")
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"
