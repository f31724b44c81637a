"""Messages to registrants: queued as Notification rows in the transaction that causes them, sent by a job.

E-mail goes through Django's mail backend, text messages through `madang.training.sms`. A row is claimed (sent_at
set) before it is sent, so two senders never send it twice; a failed send clears the claim and the command tries
again later (at most MAX_ATTEMPTS times).
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madang.accounts.limits import RateLimited, key_of, rate_limit_use
from madang.core.formatting import absolute_url
from madang.core.jobs import enqueue_on_commit

from .models import Notification, Registration
from .sms import SmsError, send_sms

REMINDER_AHEAD = dt.timedelta(days=1)
QUESTIONNAIRE_WITHIN = dt.timedelta(days=14)
MAX_ATTEMPTS = 5
SUBJECTS = {
    Notification.Kind.REGISTERED: lambda r: (
        _("Your place: %(title)s") if r.status == "confirmed" else _("You are on the waitlist: %(title)s")
    ),
    Notification.Kind.PROMOTED: lambda r: _("A seat is free for you: %(title)s"),
    Notification.Kind.REMINDER: lambda r: _("Reminder: %(title)s tomorrow"),
    Notification.Kind.QUESTIONNAIRE: lambda r: _("How was the class? %(title)s"),
}


def channels(registration: Registration) -> list[str]:
    found: list[str] = []
    if registration.email:
        found.append(Notification.Channel.EMAIL)
    if registration.phone:
        found.append(Notification.Channel.SMS)
    return found


def queue(*, registration: Registration, kind: str) -> list[Notification]:
    """Queue `kind` on every channel the person gave; send after the transaction commits."""
    rows = [Notification(registration=registration, kind=kind, channel=c) for c in channels(registration)]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # Sent by the worker after commit: a mail server that is down must not fail or slow the registration.
    from .tasks import deliver_messages

    enqueue_on_commit(deliver_messages, registration_ids=[registration.pk])
    return rows


def _queue_many(registrations: QuerySet[Registration], kind: str) -> int:
    registrations = registrations.exclude(notifications__kind=kind).distinct()
    rows = [Notification(registration=r, kind=kind, channel=c) for r in registrations for c in channels(r)]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def reminders_queue(*, now: dt.datetime | None = None) -> int:
    """A reminder for every confirmed person whose class starts within the next day, once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, session__starts_at__gt=now, session__starts_at__lte=now + REMINDER_AHEAD
    )
    return _queue_many(due, Notification.Kind.REMINDER)


def questionnaire_invitations_queue(*, now: dt.datetime | None = None) -> int:
    """The questionnaire link for everyone who came, once the class is over (for two weeks after it)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        attendance=Registration.Attendance.ATTENDED, response__isnull=True, session__course__survey__isnull=False,
        session__ends_at__lte=now, session__ends_at__gt=now - QUESTIONNAIRE_WITHIN,
    )  # fmt: skip
    return _queue_many(due, Notification.Kind.QUESTIONNAIRE)


def _still_wanted(n: Notification) -> bool:
    r = n.registration
    if not (r.email if n.channel == Notification.Channel.EMAIL else r.phone):
        return False  # erased or cancelled since
    if n.kind == Notification.Kind.REGISTERED:
        return r.is_active
    if n.kind == Notification.Kind.PROMOTED:
        return r.status == Registration.Status.CONFIRMED
    if n.kind == Notification.Kind.REMINDER:
        return r.status == Registration.Status.CONFIRMED and not r.session.has_started
    return r.attendance == Registration.Attendance.ATTENDED and r.response_id is None


def render(n: Notification) -> tuple[str, str]:
    """Subject and text in the person's language."""
    r = n.registration
    path = reverse("training:questionnaire" if n.kind == Notification.Kind.QUESTIONNAIRE else "training:mine",
                   args=[r.token])  # fmt: skip
    with translation.override(r.language):
        subject = SUBJECTS[Notification.Kind(n.kind)](r) % {"title": r.session.course.title}
        text = render_to_string(f"training/messages/{n.kind}.txt", {
            "registration": r, "session": r.session, "course": r.session.course, "link": absolute_url(path),
            "position": r.waitlist_position, "sms": n.channel == Notification.Channel.SMS,
        }).strip()  # fmt: skip
    return subject, text


def _recipient_may_receive(n: Notification) -> bool:
    """However the registrations were made, one phone or address gets at most `message_to` messages a day: a
    number an attacker typed into forty forms is not sent forty texts (staff lift it at /accounts/limits/)."""
    r = n.registration
    kind, value = ("email", r.email) if n.channel == Notification.Channel.EMAIL else ("phone", r.phone)
    try:
        rate_limit_use(scope="message_to", keys=[key_of(kind, value)])
    except RateLimited:
        return False
    return True


def deliver(*, registration_ids: Iterable[int] | None = None) -> int:
    """Send what is queued (for these registrations, or all); returns how many were sent."""
    pending = Notification.objects.filter(sent_at__isnull=True, dropped_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if registration_ids is not None:
        pending = pending.filter(registration_id__in=list(registration_ids))
    sent = 0
    for n in pending.select_related("registration__session__course"):
        if not _still_wanted(n):
            Notification.objects.filter(pk=n.pk).update(dropped_at=timezone.now())
            continue
        if not Notification.objects.filter(pk=n.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue  # another sender claimed it
        if not _recipient_may_receive(n):
            Notification.objects.filter(pk=n.pk).update(
                sent_at=None, dropped_at=timezone.now(), error="too many messages to this recipient today"
            )
            continue
        subject, text = render(n)
        try:
            if n.channel == Notification.Channel.EMAIL:
                send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [n.registration.email])
            else:
                send_sms(to=n.registration.phone, text=text)
        except (OSError, SmsError) as exc:  # smtplib's errors are OSErrors
            Notification.objects.filter(pk=n.pk).update(sent_at=None, attempts=F("attempts") + 1, error=str(exc)[:500])
        else:
            Notification.objects.filter(pk=n.pk).update(attempts=F("attempts") + 1, error="")
            sent += 1
    return sent
