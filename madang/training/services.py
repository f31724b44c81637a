"""Writes for training: courses and sessions (the organiser's editors), registration with a waitlist,
cancellation that promotes the next person, attendance, the questionnaire after the class, and erasure.

Seats: every change to a session's seats runs in one transaction that first takes the session's lock
(`_lock_session`), so two registrations for the last seat are served one after the other; the database's check
constraint (seats_taken <= capacity) refuses an overbooking even if a code path forgot the lock.
"""

import datetime as dt
import random
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.core import roles
from madang.core.models import Organisation
from madang.core.policy import Policy
from madang.notifications import events as notices
from madang.surveys.models import Response, Survey
from madang.surveys.selectors import survey_template
from madang.surveys.services import response_submit, survey_copy

from . import notifications
from .models import Course, Notification, Registration, Session
from .policies import CoursePolicy, RegistrationPolicy, SessionPolicy

RETENTION_DAYS = 90
PRIVACY_VERSION = "2026-12"
LOCK_ATTEMPTS = 40
T = TypeVar("T")


def _require(policy: type[Policy[Any]], user: User | None, action: str, obj: Any = None) -> None:
    # The policy itself, not user.has_perm: Django's model permissions share these names ("training.add_course")
    # and would let a user granted them in the admin through.
    if user is None or not policy.allows(user, action, obj):
        raise PermissionDenied


def _serialised(work: Callable[[], T]) -> T:
    """Run `work` in a transaction, again if SQLite says another writer holds the database.

    SQLite has one writer at a time. A file database waits for it (the busy timeout); the shared in-memory database
    of the test suite answers "database table is locked" at once. Either way the transaction rolled back whole, so
    trying again is safe. PostgreSQL waits on the row lock instead and never gets here."""
    outer = connection.in_atomic_block
    for attempt in range(LOCK_ATTEMPTS):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or outer or attempt == LOCK_ATTEMPTS - 1:
                raise
        time.sleep(random.uniform(0.005, 0.02) * min(attempt + 1, 10))  # noqa: S311 (jitter, not security)
    raise AssertionError("unreachable")


def _lock_session(pk: int) -> Session:
    """The session row, locked until the transaction ends: PostgreSQL locks the row (SELECT ... FOR UPDATE).
    SQLite has no row locks; a write as the transaction's first statement takes its single write lock before
    anything is read (reading first would let two transactions see the same free seat)."""
    if connection.vendor == "sqlite":
        Session.objects.filter(pk=pk).update(seats_taken=F("seats_taken"))
    return Session.objects.select_related("course").select_for_update(of=("self",)).get(pk=pk)


def retention_date(session: Session) -> dt.date:
    return timezone.localdate(session.starts_at) + dt.timedelta(days=RETENTION_DAYS)


# ------------------------------------------------------------------ courses and sessions
def _check_survey(survey: Survey | None, organiser_id: int) -> None:
    if survey is not None and survey.owner_id != organiser_id and not (survey.is_template and not survey.locked):
        raise ValidationError(_("Choose one of your organisation's questionnaires."))


@transaction.atomic
def course_organisers_for(*, by: User) -> QuerySet[Organisation]:
    """The local governments a person organises new courses for (a superuser edits for none of their own)."""
    return Organisation.objects.filter(pk__in=roles.city_editor_org_ids(by)).order_by("name")


class CourseFields(TypedDict, total=False):
    """What the course form sets besides its questionnaire (CourseForm.Meta.fields)."""

    title: str
    description: str
    level: str
    language: str
    accessibility_notes: str
    helpline_phone: str
    helpline_hours: str
    is_published: bool


class CourseChanges(CourseFields, total=False):
    survey: Survey | None


def course_create(
    *, by: User, organiser: Organisation | None = None, survey: Survey | None = None, **fields: Unpack[CourseFields]
) -> Course:
    """A course of one of the organisations the editor organises for (`organiser`, needed when there are several),
    in its city. Without a questionnaire of its own it gets a copy of the standard satisfaction questionnaire (0-10
    and comments), which the organiser can then change in the builder."""
    _require(CoursePolicy, by, "add_course")
    own = roles.city_editor_org_ids(by)
    if organiser is not None and organiser.pk not in own and not roles.is_superuser(by):
        raise PermissionDenied
    if organiser is None and len(own) > 1:
        raise ValidationError(_("Choose the organisation that runs this course."))
    if organiser is None and own:
        organiser = Organisation.objects.get(pk=next(iter(own)))
    if organiser is None:
        # A superuser without an organisation: a course must belong to one.
        raise ValidationError(_("A course belongs to an organisation: sign in as one of its editors."))
    if organiser.city is None:
        raise ValidationError(_("Your organisation has no city yet; ask an administrator to set it."))
    _check_survey(survey, organiser.pk)
    if survey is None:
        survey = survey_copy(survey=survey_template("satisfaction"), by=by, owner=organiser)
    course = Course(organiser=organiser, city=organiser.city, survey=survey, created_by=by, **fields)
    course.full_clean()
    course.save()
    return course


def course_update(*, course: Course, by: User, **fields: Unpack[CourseChanges]) -> Course:
    _require(CoursePolicy, by, "change_course", course)
    if "survey" in fields:
        _check_survey(fields["survey"], course.organiser_id)
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    return course


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"end_time": _("The class must end after it starts.")})


def session_create(*, course: Course, by: User, **fields: Any) -> Session:
    _require(CoursePolicy, by, "add_session", course)
    _check_times(fields["starts_at"], fields["ends_at"])
    session = Session(course=course, **fields)
    session.full_clean()
    session.save()
    return session


def session_update(*, session: Session, by: User, **fields: Any) -> Session:
    """Change a session. More seats move people up from the waitlist at once; fewer than are taken is refused."""
    _require(SessionPolicy, by, "change_session", session)

    def work() -> Session:
        locked = _lock_session(session.pk)
        capacity = fields.get("capacity", locked.capacity)
        if capacity < locked.seats_taken:
            raise ValidationError({"capacity": _("%(n)d people already have a seat; cancel some first.")
                                   % {"n": locked.seats_taken}})  # fmt: skip
        _check_times(fields.get("starts_at", locked.starts_at), fields.get("ends_at", locked.ends_at))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        _promote(locked)
        return locked

    return _serialised(work)


# ------------------------------------------------------------------ registration and the waitlist
def _normalise_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + digits) if phone.strip().startswith("+") else digits


def registration_open(session: Session) -> bool:
    return session.course.is_published and not session.has_started


def registration_create(
    *,
    session: Session,
    by: User | None,
    name: str,
    phone: str = "",
    email: str = "",
    accessibility_needs: Iterable[str] = (),
    language: str = "en",
    assisted: bool = False,
) -> Registration:
    """A seat if one is free, else a place on the waitlist. `assisted`: staff take a phone call and are recorded.

    The person gets a private link (their token) to see, cancel and later answer the questionnaire."""
    if assisted:
        _require(SessionPolicy, by, "register_others", session)
        if session.has_started:
            raise ValidationError(_("This class has already started."))
    elif not registration_open(session):
        raise ValidationError(_("Registration for this class is closed."))
    phone, email, name = _normalise_phone(phone), email.strip().lower(), name.strip()
    if not name:
        raise ValidationError({"name": _("Please give a name, so the trainer knows who you are.")})
    if not phone and not email:
        raise ValidationError(_("Give a phone number or an e-mail address, so we can remind you of the class."))
    user = by if (by is not None and by.is_authenticated and not assisted) else None

    def work() -> Registration:
        locked = _lock_session(session.pk)
        active = Registration.objects.filter(session=locked, status__in=["confirmed", "waitlisted"])
        if (phone and active.filter(phone=phone).exists()) or (email and active.filter(email=email).exists()):
            raise ValidationError(_("This phone number or e-mail address is already registered for this class."))
        # Conditional as well as locked: even a caller that skipped the lock could not take a seat that is gone.
        free_seat = Session.objects.filter(pk=locked.pk, seats_taken__lt=F("capacity"))
        confirmed = free_seat.update(seats_taken=F("seats_taken") + 1) == 1
        registration = Registration.objects.create(
            session=locked, status="confirmed" if confirmed else "waitlisted", name=name, phone=phone, email=email,
            accessibility_needs=sorted(set(accessibility_needs)), language=language,
            consent_version=PRIVACY_VERSION, consented_at=timezone.now(), retain_until=retention_date(locked),
            registered_by=by if assisted else None, user=user, token=secrets.token_urlsafe(32),
        )  # fmt: skip
        notifications.queue(registration=registration, kind=Notification.Kind.REGISTERED)
        return registration

    try:
        return _serialised(work)
    except IntegrityError as exc:
        # The unique constraint behind the check above, if two forms with one phone number arrive at once.
        if "training_one_active" not in str(exc) and "UNIQUE constraint failed" not in str(exc):
            raise
        raise ValidationError(_("This phone number or e-mail address is already registered for this class.")) from exc


def _promote(session: Session) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served, inside the caller's locked transaction."""
    promoted: list[Registration] = []
    free = session.capacity - Session.objects.values_list("seats_taken", flat=True).get(pk=session.pk)
    if free <= 0 or session.has_started:
        return promoted
    waiting = Registration.objects.filter(session_id=session.pk, status="waitlisted").order_by("pk")[:free]
    now = timezone.now()
    free_seat = Session.objects.filter(pk=session.pk, seats_taken__lt=F("capacity"))
    for registration in waiting:
        if free_seat.update(seats_taken=F("seats_taken") + 1) != 1:
            break
        registration.status, registration.promoted_at = Registration.Status.CONFIRMED, now
        registration.save(update_fields=["status", "promoted_at"])
        notifications.queue(registration=registration, kind=Notification.Kind.PROMOTED)
        notices.class_place_freed(registration=registration)
        promoted.append(registration)
    return promoted


def _erase(registration: Registration) -> None:
    registration.name, registration.phone, registration.email = "", "", ""
    registration.accessibility_needs, registration.user = [], None
    registration.erased_at = registration.erased_at or timezone.now()


def registration_cancel(*, registration: Registration, by: User | None = None) -> Registration:
    """Give the place up (with the private link, by=None, or by staff). The first person on the waitlist gets the
    seat in the same transaction and is told. The canceller's contact details are erased at once."""
    if by is not None:
        _require(RegistrationPolicy, by, "cancel_registration", registration)

    def work() -> Registration:
        session = _lock_session(registration.session_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if not current.is_active:
            return current
        if session.has_started:
            raise ValidationError(_("The class has already started; it can no longer be cancelled."))
        was_confirmed = current.status == Registration.Status.CONFIRMED
        current.status, current.cancelled_at = Registration.Status.CANCELLED, timezone.now()
        _erase(current)
        current.save()
        Notification.objects.filter(registration=current, sent_at__isnull=True).update(dropped_at=timezone.now())
        if was_confirmed:
            Session.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") - 1)
            _promote(session)
        return current

    return _serialised(work)


# ------------------------------------------------------------------ attendance and the questionnaire
def attendance_mark(*, session: Session, by: User, marks: dict[int, str]) -> int:
    """Marks keyed by registration id ('attended', 'no_show' or '' for not marked); from the day of the class."""
    _require(SessionPolicy, by, "mark_attendance", session)
    if timezone.localdate(session.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance can be marked from the day of the class."))
    allowed = set(Registration.Attendance.values)
    if any(value not in allowed for value in marks.values()):
        raise ValidationError(_("Unknown attendance value."))
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for registration in session.registrations.filter(pk__in=list(marks), status="confirmed"):
            value = marks[registration.pk]
            if registration.attendance != value:
                registration.attendance, registration.attendance_by, registration.attendance_at = value, by, now
                registration.save(update_fields=["attendance", "attendance_by", "attendance_at"])
                changed += 1
    return changed


def questionnaire_open(registration: Registration) -> bool:
    return (
        registration.attendance == Registration.Attendance.ATTENDED
        and registration.session.has_started
        and registration.response_id is None
        and registration.session.course.survey_id is not None
    )


def questionnaire_submit(*, registration: Registration, language: str, answers: dict[int, Any]) -> Response:
    """One set of answers per attendee, through the questionnaire builder's own response writer."""
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update(of=("self",)).select_related("session__course__survey")
            .get(pk=registration.pk)
        )  # fmt: skip
        if not questionnaire_open(current):
            raise ValidationError(_("This questionnaire is not open for you, or you have already answered it."))
        survey = current.session.course.survey
        assert survey is not None  # questionnaire_open checked it
        response = response_submit(survey=survey, language=language, answers=answers)
        current.response = response
        current.save(update_fields=["response"])
    registration.response = response
    return response


def registrations_erase_expired(*, today: dt.date | None = None) -> int:
    """Erase names and contacts whose retention date has passed; attendance and answers stay, anonymously."""
    today = today or timezone.localdate()
    expired = Registration.objects.filter(retain_until__lt=today, erased_at__isnull=True)
    return expired.update(name="", phone="", email="", accessibility_needs=[], user=None, erased_at=timezone.now())
