"""Reads for training: the public course list, fetching through permission checks, attendee lists, results."""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from engines.stats import Interval, mean_ci
from madang.accounts.models import User
from madang.surveys.models import Answer, Question, localised

from .models import Course, Registration, Session
from .policies import CoursePolicy, RegistrationPolicy, SessionPolicy


def course_list(
    *,
    user: User,
    city: Any = None,
    level: str | None = None,
    language: str | None = None,
    month: str | None = None,
) -> QuerySet[Course]:
    """Courses the user may see with an upcoming session (in `month`, "YYYY-MM", when given), soonest first."""
    now = timezone.now()
    upcoming = Q(sessions__starts_at__gt=now)
    if month:
        year, number = (int(part) for part in month.split("-"))
        tz = timezone.get_current_timezone()
        start = dt.datetime(year, number, 1, tzinfo=tz)
        end = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=tz)
        upcoming &= Q(sessions__starts_at__gte=start, sessions__starts_at__lt=end)
    ids = CoursePolicy.queryset(user, "view_course").values("pk")
    courses = Course.objects.filter(pk__in=ids).annotate(next_start=Min("sessions__starts_at", filter=upcoming))
    courses = courses.filter(next_start__isnull=False)
    if city:
        courses = courses.filter(city=city)
    if level:
        courses = courses.filter(level=level)
    if language:
        courses = courses.filter(language=language)
    return courses.select_related("city__parent", "organiser").order_by("next_start", "title", "pk")


def months_with_sessions(*, user: User) -> list[dt.date]:
    """The months (first days) in which visible courses have upcoming sessions: the month filter's choices."""
    visible = CoursePolicy.queryset(user, "view_course").values("pk")
    months = (
        Session.objects.filter(course__in=visible, starts_at__gt=timezone.now())
        .annotate(month=TruncMonth("starts_at")).values_list("month", flat=True).distinct().order_by("month")
    )  # fmt: skip
    return sorted({(m.date() if isinstance(m, dt.datetime) else m) for m in months})


def course_get_for(*, user: User, pk: int, action: str = "view_course") -> Course:
    """The course, if the user may do `action` to it: 404 when they may not even see it, else 403."""
    base = Course.objects.select_related("city__parent", "organiser", "survey")
    return CoursePolicy.get(user, action, base=base, pk=pk)


def session_get_for(*, user: User, pk: int, action: str = "view_session") -> Session:
    base = Session.objects.select_related("course__city__parent", "course__organiser", "trainer")
    return SessionPolicy.get(user, action, base=base, pk=pk)


def courses_run_by(*, user: User) -> QuerySet[Course]:
    """The courses the user organises, and those with a session the user runs (as its trainer)."""
    runs = SessionPolicy.queryset(user, "view_attendees").values("course_id")
    return Course.objects.filter(CoursePolicy.where(user, "change_course") | Q(pk__in=runs))


def sessions_upcoming(*, course: Course) -> QuerySet[Session]:
    waiting = Count("registrations", filter=Q(registrations__status="waitlisted"))
    return course.sessions.filter(starts_at__gt=timezone.now()).annotate(n_waiting=waiting).order_by("starts_at")


def sessions_past(*, course: Course) -> QuerySet[Session]:
    return course.sessions.filter(starts_at__lte=timezone.now()).order_by("-starts_at")


def registrations_for(*, user: User, session: Session) -> QuerySet[Registration]:
    """The attendee list with contacts: only for the organiser's editors and the session's trainer."""
    SessionPolicy.require(user, "view_attendees", session)
    rows = RegistrationPolicy.queryset(user, "view_registration", base=session.registrations.all())
    return rows.select_related("registered_by").order_by("status", "pk")


def registration_by_token(*, token: str) -> Registration:
    found = None
    if token:
        found = (
            Registration.objects.select_related(
                "session__course__city__parent", "session__course__organiser", "session__course__survey"
            )
            .filter(token=token)
            .first()
        )
    if found is None:
        raise Http404
    return found


@dataclass
class ScaleResult:
    question: str
    language: str
    low: int
    high: int
    interval: Interval | None
    counts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def has_interval(self) -> bool:
        return self.interval is not None and not math.isnan(self.interval.low)


@dataclass
class SessionResults:
    attended: int
    answered: int
    scales: list[ScaleResult]
    comments: list[str]


def session_results(*, session: Session, with_comments: bool) -> SessionResults:
    """Per scale question: mean with its 95% t interval (cut at the ends of the scale, which no answer passes)
    and how many chose each point; free-text answers only for staff."""
    registrations = session.registrations.filter(status="confirmed")
    response_ids = list(registrations.filter(response__isnull=False).values_list("response_id", flat=True))
    answers = (
        Answer.objects.filter(response_id__in=response_ids)
        .select_related("question")
        .order_by("question__order", "question_id", "response_id")
    )
    by_question: dict[int, tuple[Question, list[Any]]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, (a.question, []))[1].append(a.value)
    scales: list[ScaleResult] = []
    comments: list[str] = []
    for question, values in by_question.values():
        if question.kind == Question.Kind.SCALE:
            numbers = [float(v) for v in values]
            interval = mean_ci(numbers) if numbers else None
            if interval is not None and not math.isnan(interval.low):
                interval = Interval(interval.estimate, max(interval.low, question.scale_min),
                                    min(interval.high, question.scale_max), interval.n)  # fmt: skip
            label = localised(question.text)
            counts = [(p, sum(1 for v in values if v == p)) for p in range(question.scale_min, question.scale_max + 1)]
            scales.append(ScaleResult(label.text, label.language, question.scale_min, question.scale_max, interval,
                                      counts))  # fmt: skip
        elif question.kind == Question.Kind.TEXT and with_comments:
            comments.extend(str(v) for v in values if str(v).strip())
    return SessionResults(
        attended=registrations.filter(attendance="attended").count(),
        answered=len(response_ids),
        scales=scales,
        comments=comments,
    )
