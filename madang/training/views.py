"""Public training pages: courses, a session's registration form, the person's private page, the questionnaire."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madang.accounts.limits import RateLimited, rate_limit_use, request_keys
from madang.accounts.views_limits import limited_message
from madang.core.i18n import current_language
from madang.surveys.forms import ResponseForm

from . import services
from .forms import CourseFilterForm, RegistrationForm
from .models import Session
from .policies import CoursePolicy, SessionPolicy
from .selectors import (
    course_get_for,
    course_list,
    months_with_sessions,
    registration_by_token,
    session_get_for,
    session_results,
    sessions_past,
    sessions_upcoming,
)


def _privacy(session: Session) -> dict[str, Any]:
    return {"retention_days": services.RETENTION_DAYS, "privacy_version": services.PRIVACY_VERSION,
            "retain_until": services.retention_date(session)}  # fmt: skip


def courses(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CourseFilterForm(request.GET or None, months=months_with_sessions(user=user))  # type: ignore[arg-type]
    filters = form.filters() if request.GET else {}
    found = course_list(user=user, **{k: v for k, v in filters.items() if v})  # type: ignore[arg-type]
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    return render(request, "training/course_list.html", {
        "form": form, "page": page, "can_add": CoursePolicy.allows(user, "add_course"),
    })  # fmt: skip


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_get_for(user=request.user, pk=pk)  # type: ignore[arg-type]
    user = request.user
    upcoming = [(s, SessionPolicy.allows(user, "view_attendees", s)) for s in sessions_upcoming(course=course)]
    past = [(s, SessionPolicy.allows(user, "view_attendees", s)) for s in sessions_past(course=course)[:10]]
    return render(request, "training/course_detail.html", {
        "course": course, "upcoming": upcoming, "past": past,
        "can_change": CoursePolicy.allows(user, "change_course", course),
    })  # fmt: skip


def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone may register, without an account, a time limit or a puzzle; the form keeps what was typed."""
    session = session_get_for(user=request.user, pk=pk)  # type: ignore[arg-type]
    open_now = services.registration_open(session)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name() or request.user.get_username(), "email": request.user.email}
    form = RegistrationForm(request.POST or None, initial=initial)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and open_now and form.is_valid():
        data = form.cleaned_data
        try:
            # Counted before anything is saved or sent: a bot must not fill a class or text numbers it chose.
            rate_limit_use(scope="registration", keys=request_keys(request, email=data["email"], phone=data["phone"]))
            registration = services.registration_create(
                session=session,
                by=request.user,  # type: ignore[arg-type]
                language=current_language(),
                **form.service_kwargs(),
            )
        except RateLimited as exc:
            form.add_error(None, limited_message(exc))
            status = 429
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("training:mine", token=registration.token)
    return render(request, "training/register.html", {
        "form": form, "session": session, "course": session.course, "open_now": open_now, **_privacy(session),
    }, status=status)  # fmt: skip


def mine(request: HttpRequest, token: str) -> HttpResponse:
    """The person's own page; the link is their key (no account needed)."""
    registration = registration_by_token(token=token)
    session = registration.session
    return render(request, "training/mine.html", {
        "registration": registration, "session": session, "course": session.course,
        "questionnaire_open": services.questionnaire_open(registration), **_privacy(session),
    })  # fmt: skip


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_by_token(token=token)
    if request.method == "POST" and registration.is_active:
        try:
            services.registration_cancel(registration=registration)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your place is cancelled and your contact details are deleted. Thank you "
                                        "for telling us: someone on the waitlist gets the seat."))  # fmt: skip
        return redirect("training:mine", token=token)
    return render(request, "training/cancel.html", {"registration": registration, "session": registration.session,
                                                    "course": registration.session.course})  # fmt: skip


def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_by_token(token=token)
    course = registration.session.course
    if not services.questionnaire_open(registration):
        done = registration.response_id is not None
        return render(request, "training/questionnaire.html", {
            "registration": registration, "course": course, "closed": True, "done": done,
        })  # fmt: skip
    assert course.survey is not None  # questionnaire_open checked it
    form = ResponseForm(request.POST or None, survey=course.survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_submit(registration=registration, language=current_language(),
                                          answers=form.answers())  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("training:mine", token=token)
    return render(request, "training/questionnaire.html", {
        "registration": registration, "course": course, "form": form, "closed": False,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


def results(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for(user=request.user, pk=pk, action="view_results")  # type: ignore[arg-type]
    with_comments = SessionPolicy.allows(request.user, "view_comments", session)
    return render(request, "training/results.html", {
        "session": session, "course": session.course, "with_comments": with_comments,
        "results": session_results(session=session, with_comments=with_comments),
    })  # fmt: skip
