"""Messages: the private link on registration, reminders once (e-mail and the SMS backend), retries, the console."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from madang.training import notifications, sms
from madang.training.models import Notification, Session
from madang.training.services import registration_cancel, registration_create

from .factories import SessionFactory, person


class RefusingSmsBackend(sms.SmsBackend):
    """A gateway that is down."""

    def send(self, message):
        raise sms.SmsError("gateway unreachable")


def _register(session, n, **extra):
    return registration_create(session=session, by=None, language="en", **person(n, **extra))


def _run():
    out = io.StringIO()
    call_command("send_training_reminders", stdout=out)
    return out.getvalue()


def test_registration_sends_the_private_link_by_every_channel_given(t, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        both = _register(t["session"], 1)
        mail_only = _register(t["session"], 2, phone="")
        waiting = _register(t["session"], 3, email="")
    assert [m.to for m in mail.outbox] == [[both.email], [mail_only.email]]
    assert f"https://madang.example/training/me/{both.token}/" in mail.outbox[0].body
    assert "Ordering at a kiosk" in mail.outbox[0].subject
    assert [m.to for m in sms.outbox] == [both.phone, waiting.phone]
    assert "number 1 on the waitlist" in sms.outbox[1].text and waiting.token in sms.outbox[1].text


def test_reminders_go_once_to_confirmed_people_whose_class_is_tomorrow(t):
    tomorrow = t["session"]
    Session.objects.filter(pk=tomorrow.pk).update(starts_at=timezone.now() + dt.timedelta(hours=20),
                                                  ends_at=timezone.now() + dt.timedelta(hours=22))  # fmt: skip
    tomorrow.refresh_from_db()
    later = SessionFactory(course=t["course"], starts_at=timezone.now() + dt.timedelta(days=3))
    by_mail = _register(tomorrow, 1, phone="")
    by_phone = _register(tomorrow, 2, email="")
    _register(tomorrow, 3)  # waitlisted: no reminder
    _register(later, 4)  # the day after tomorrow: not yet
    cancelled = _register(later, 5)
    registration_cancel(registration=cancelled)
    mail.outbox.clear()
    sms.outbox.clear()
    # Registration messages were queued too (on_commit does not run in these tests): the command sends them now.
    Notification.objects.filter(kind="registered").update(dropped_at=timezone.now())

    assert "2 reminders" in _run()
    assert [m.to for m in mail.outbox] == [[by_mail.email]] and "Reminder" in mail.outbox[0].subject
    assert [m.to for m in sms.outbox] == [by_phone.phone] and by_phone.token in sms.outbox[0].text
    assert "0 reminders" in _run() and "0 messages sent" in _run()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    assert Notification.objects.filter(kind="reminder", sent_at__isnull=False).count() == 2


def test_a_message_that_cannot_be_sent_is_tried_again_by_the_next_run(t, settings):
    settings.MADANG_SMS_BACKEND = "tests.madang.training.test_notifications.RefusingSmsBackend"
    r = _register(t["session"], 1, email="")
    assert "0 messages sent" in _run()
    n = Notification.objects.get(registration=r)
    assert n.sent_at is None and n.attempts == 1 and "unreachable" in n.error
    settings.MADANG_SMS_BACKEND = "madang.training.sms.LocmemSmsBackend"
    assert "1 messages sent" in _run()
    assert [m.to for m in sms.outbox] == [r.phone]
    assert "0 messages sent" in _run()


def test_a_message_queued_before_a_cancellation_is_dropped(t):
    r = _register(t["session"], 1)
    registration_cancel(registration=r)
    assert notifications.deliver() == 0
    assert mail.outbox == [] and sms.outbox == []
    assert not Notification.objects.filter(registration=r, dropped_at__isnull=True).exists()


def test_the_console_backend_prints_the_message_without_the_number_and_is_the_default(settings):
    del settings.MADANG_SMS_BACKEND
    assert isinstance(sms.get_backend(), sms.ConsoleSmsBackend)
    out = io.StringIO()
    sms.ConsoleSmsBackend(stream=out).send(sms.SmsMessage(to="010-1234-5678", text="See you tomorrow"))
    assert "SMS to [phone removed]" in out.getvalue() and "See you tomorrow" in out.getvalue()
    assert "1234" not in out.getvalue()  # a log keeps what erasure must remove


def test_the_sms_backend_is_an_interface_to_subclass():
    with pytest.raises(NotImplementedError):
        sms.SmsBackend().send(sms.SmsMessage(to="1", text="x"))
