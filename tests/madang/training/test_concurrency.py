"""Real concurrency against the database: threads, each with its own connection, in a transactional test.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with DATABASE_URL)."""

import threading

import pytest
from django.db import connection, connections

from madang.training.models import Registration, Session
from madang.training.services import registration_cancel, registration_create

from .factories import SessionFactory, person

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def _run_at_once(jobs):
    """Start every job at the same moment (a barrier), each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            results[i] = exc
        finally:
            if connection.vendor != "sqlite":  # SQLite's in-memory test database lives in its connections
                connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not any(th.is_alive() for th in threads)
    return results


def _session(world, capacity):
    from madang.training.models import Course

    course = Course.objects.create(organiser=world["city_a"], city=world["seoul"], title="Kiosk", description="x")
    return SessionFactory(course=course, capacity=capacity)


def test_concurrent_registrations_for_the_last_seat_exactly_one_wins(world):
    session = _session(world, capacity=3)
    for n in range(2):
        registration_create(session=session, by=None, **person(100 + n))
    jobs = [lambda n=n: registration_create(session=session, by=None, **person(n)) for n in range(THREADS)]
    results = _run_at_once(jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(r.status for r in results)
    assert statuses == ["confirmed"] + ["waitlisted"] * (THREADS - 1)
    session.refresh_from_db()
    assert session.seats_taken == 3 == Registration.objects.filter(session=session, status="confirmed").count()
    positions = sorted(r.waitlist_position for r in Registration.objects.filter(status="waitlisted"))
    assert positions == list(range(1, THREADS))


def test_concurrent_cancellations_and_registrations_never_leave_a_free_seat_while_someone_waits(world):
    session = _session(world, capacity=4)
    confirmed = [registration_create(session=session, by=None, **person(n)) for n in range(4)]
    waiting = [registration_create(session=session, by=None, **person(10 + n)) for n in range(2)]
    jobs = [lambda r=r: registration_cancel(registration=r) for r in confirmed[:3]]
    jobs += [lambda n=n: registration_create(session=session, by=None, **person(20 + n)) for n in range(3)]
    results = _run_at_once(jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    session = Session.objects.get(pk=session.pk)
    active = Registration.objects.filter(session=session)
    n_confirmed = active.filter(status="confirmed").count()
    assert session.seats_taken == n_confirmed == 4  # 1 kept + 3 freed seats, all refilled
    assert active.filter(status="waitlisted").count() == 2  # 2 + 3 newcomers - 3 promoted or seated
    assert all(Registration.objects.get(pk=r.pk).status == "confirmed" for r in waiting)  # first come, first served
