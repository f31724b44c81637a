"""Registration and waitlist rules: seats first, then the waitlist in order; cancelling promotes the first person."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from madang.training import sms
from madang.training.models import Notification, Registration, Session
from madang.training.services import registration_cancel, registration_create, session_update

from .factories import person


def _register(session, n, **extra):
    return registration_create(session=session, by=None, language="en", **person(n, **extra))


def test_registrations_fill_the_seats_then_the_waitlist_in_order(t):
    session = t["session"]
    regs = [_register(session, n) for n in range(4)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlist_position for r in regs] == [None, None, 1, 2]
    session.refresh_from_db()
    assert (session.seats_taken, session.seats_left) == (2, 0)
    assert all(len(r.token) >= 40 for r in regs) and len({r.token for r in regs}) == 4


def test_cancelling_a_place_promotes_the_first_waitlisted_person_and_tells_them(t, django_capture_on_commit_callbacks):
    session = t["session"]
    with django_capture_on_commit_callbacks(execute=True):
        first, _second, waiting_1, waiting_2 = [_register(session, n) for n in range(4)]
    mail.outbox.clear()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    first.refresh_from_db()
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    session.refresh_from_db()
    assert first.status == "cancelled" and (first.name, first.email, first.phone) == ("", "", "")
    assert waiting_1.status == "confirmed" and waiting_1.promoted_at is not None
    assert waiting_2.status == "waitlisted" and waiting_2.waitlist_position == 1
    assert session.seats_taken == 2
    # The promoted person hears it by e-mail and by text message, with their private link.
    assert [m.to for m in mail.outbox] == [[waiting_1.email]]
    assert "seat" in mail.outbox[0].subject and waiting_1.token in mail.outbox[0].body
    assert [m.to for m in sms.outbox] == [waiting_1.phone] and waiting_1.token in sms.outbox[0].text
    assert Notification.objects.get(registration=waiting_1, kind="promoted", channel="email").sent_at is not None


def test_cancelling_a_waitlisted_place_frees_no_seat_and_moves_the_others_up(t):
    session = t["session"]
    regs = [_register(session, n) for n in range(4)]
    registration_cancel(registration=regs[2])
    session.refresh_from_db()
    regs[3].refresh_from_db()
    assert session.seats_taken == 2 and regs[3].waitlist_position == 1
    assert Registration.objects.filter(session=session, status="confirmed").count() == 2


def test_cancelling_twice_changes_nothing(t):
    session = t["session"]
    regs = [_register(session, n) for n in range(3)]
    registration_cancel(registration=regs[0])
    registration_cancel(registration=regs[0])
    session.refresh_from_db()
    assert session.seats_taken == 2
    assert list(session.registrations.values_list("status", flat=True)) == ["cancelled", "confirmed", "confirmed"]


def test_a_cancelled_seat_with_nobody_waiting_is_free_again(t):
    session = t["session"]
    regs = [_register(session, n) for n in range(2)]
    registration_cancel(registration=regs[1])
    session.refresh_from_db()
    assert session.seats_taken == 1 and _register(session, 9).status == "confirmed"


def test_the_database_itself_refuses_more_confirmed_seats_than_capacity(t):
    session = t["session"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_taken=session.capacity + 1)


def test_assisted_registration_records_the_staff_member(t):
    session = t["session"]
    for n, who in enumerate((t["users"]["editor_a"], t["trainer"])):
        r = registration_create(session=session, by=who, assisted=True, name=f"Caller {n}", phone=f"010-9{n}")
        assert r.registered_by == who and r.user is None
    for who in ("citizen", "provider", "editor_b", "admin"):
        with pytest.raises(PermissionDenied):
            registration_create(session=session, by=t["users"][who], assisted=True, name="X", phone="010-1")


def test_a_signed_in_person_registering_themselves_is_not_recorded_as_staff(t):
    citizen = t["users"]["citizen"]
    r = registration_create(session=t["session"], by=citizen, name="Citizen", email="c@example.org")
    assert r.user == citizen and r.registered_by is None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "", "phone": "010-1"}, "name"),
        ({"name": "Kim", "phone": "", "email": ""}, "phone number or an e-mail"),
    ],
)
def test_registration_needs_a_name_and_one_way_to_reach_the_person(t, fields, error):
    with pytest.raises(ValidationError, match=error):
        registration_create(session=t["session"], by=None, **fields)


def test_one_phone_number_holds_one_place_per_session(t):
    _register(t["session"], 1, phone="010-1234-5678")
    with pytest.raises(ValidationError, match="already registered"):
        registration_create(session=t["session"], by=None, name="Again", phone="01012345678")


def test_registration_closes_when_the_class_starts_and_for_unpublished_courses(t):
    session = t["session"]
    session.starts_at = timezone.now() - dt.timedelta(minutes=5)
    session.save()
    with pytest.raises(ValidationError, match="closed"):
        _register(session, 1)
    with pytest.raises(ValidationError, match="already started"):
        registration_create(session=session, by=t["trainer"], assisted=True, name="Late", phone="010-5")
    session.starts_at = timezone.now() + dt.timedelta(days=1)
    session.save()
    t["course"].is_published = False
    t["course"].save()
    with pytest.raises(ValidationError, match="closed"):
        _register(session, 2)


def test_more_seats_move_people_up_and_fewer_than_taken_are_refused(t):
    session, editor = t["session"], t["users"]["editor_a"]
    regs = [_register(session, n) for n in range(5)]
    session_update(session=session, by=editor, capacity=4)
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == ["confirmed"] * 4 + ["waitlisted"]
    with pytest.raises(ValidationError, match="already have a seat"):
        session_update(session=session, by=editor, capacity=3)
    with pytest.raises(PermissionDenied):
        session_update(session=session, by=t["users"]["editor_b"], capacity=10)
    with pytest.raises(PermissionDenied):
        session_update(session=session, by=t["trainer"], capacity=10)


def test_a_place_cannot_be_cancelled_once_the_class_has_started(t):
    session = t["session"]
    r = _register(session, 1)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    r.refresh_from_db()
    with pytest.raises(ValidationError, match="already started"):
        registration_cancel(registration=r)


def test_only_staff_or_the_person_cancel_someone_elses_place(t):
    r = _register(t["session"], 1)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=r, by=t["users"]["editor_b"])
    registration_cancel(registration=r, by=t["trainer"])
    r.refresh_from_db()
    assert r.status == "cancelled"
