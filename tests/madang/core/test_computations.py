"""Slow results prepared by the job worker (madang/core/computations.py): asked once, run once, failures kept and
retried, old rows pruned, a link for other parameters never served."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from madang.core import computations
from madang.core.computations import Output, computation_get, computation_request, computation_run
from madang.core.models import Computation

pytestmark = pytest.mark.django_db
CALLS: list[dict] = []


@pytest.fixture(autouse=True)
def _kinds():
    CALLS.clear()

    def square(params):
        CALLS.append(params)
        if params.get("fail") and len(CALLS) == 1:
            raise RuntimeError("solver crashed")
        return Output(result={"square": params["n"] ** 2})

    computations.KINDS["test.square"] = square
    yield
    computations.KINDS.pop("test.square", None)


def test_asking_twice_while_it_waits_makes_one_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as jobs:
        first = computation_request(kind="test.square", params={"n": 3}, version="v1")
        again = computation_request(kind="test.square", params={"n": 3}, version="v1")
    assert first.pk == again.pk and len(jobs) == 1 and first.status == "queued"
    jobs[0]()
    first.refresh_from_db()
    assert first.status == "done" and first.result == {"square": 9} and first.finished
    assert computation_run(computation_id=str(first.pk)) == "done" and len(CALLS) == 1  # a rerun does nothing
    assert computation_request(kind="test.square", params={"n": 3}, version="v2").pk != first.pk  # new data


def test_a_failure_is_kept_raised_for_staff_and_retried_when_asked_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as jobs:
        row = computation_request(kind="test.square", params={"n": 4, "fail": True}, version="v1")
    jobs[0]()  # the job fails (recorded by the queue, shown to staff at /jobs/)
    row.refresh_from_db()
    assert row.status == "failed" and row.error == "RuntimeError: solver crashed"
    with django_capture_on_commit_callbacks(execute=True):
        computation_request(kind="test.square", params={"n": 4, "fail": True}, version="v1")
    row.refresh_from_db()
    assert row.status == "done" and row.result == {"square": 16} and row.error == ""


def test_a_row_left_running_by_a_dead_worker_is_started_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        row = computation_request(kind="test.square", params={"n": 5}, version="v1")
    Computation.objects.filter(pk=row.pk).update(status="running")
    assert computation_run(computation_id=str(row.pk)) == "running" and not CALLS  # another worker has it
    Computation.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        computation_request(kind="test.square", params={"n": 5}, version="v1")
    row.refresh_from_db()
    assert row.status == "done" and len(CALLS) == 1


def test_a_link_serves_only_the_parameters_it_was_made_for(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        row = computation_request(kind="test.square", params={"n": 6}, version="v1")
    assert computation_get(kind="test.square", pk=str(row.pk), params={"n": 6}) == row
    assert computation_get(kind="test.square", pk=str(row.pk), params={"n": 7}) is None
    assert computation_get(kind="other.kind", pk=str(row.pk), params={"n": 6}) is None
    assert computation_get(kind="test.square", pk="not-a-uuid", params={"n": 6}) is None


def test_results_are_deleted_a_day_after_they_were_asked_for(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = computation_request(kind="test.square", params={"n": 1}, version="v1")
        new = computation_request(kind="test.square", params={"n": 2}, version="v1")
    Computation.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert computations.computations_prune() == 1
    assert list(Computation.objects.values_list("pk", flat=True)) == [new.pk]


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_worker_prepare_it_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    row = computation_request(kind="test.square", params={"n": 8}, version="v1")
    computation_request(kind="test.square", params={"n": 8}, version="v1")
    assert DBTaskResult.objects.filter(task_path__endswith="run_computation").count() == 1
    call_command("run_worker", "--once", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.status == "done" and row.result == {"square": 64} and len(CALLS) == 1
