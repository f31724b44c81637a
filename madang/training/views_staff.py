"""Staff pages: the organiser's editors plan courses and sessions; they and the session's trainer register callers,
see the attendee list with contacts and mark attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core.i18n import current_language
from madang.core.models import Organisation
from madang.pilots.forms import ACCESSIBILITY_NEEDS

from . import services
from .forms import AssistedRegistrationForm, AttendanceForm, CourseForm, SessionForm
from .models import Course, Registration, Session
from .policies import CoursePolicy, RegistrationPolicy, SessionPolicy
from .selectors import course_get_for, courses_run_by, registrations_for, session_get_for


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The courses this user organises (as a city editor) and the sessions they train."""
    user = request.user
    courses = courses_run_by(user=user).order_by("title")  # type: ignore[arg-type]
    sessions = Session.objects.filter(course__in=courses).select_related("course", "trainer").order_by("-starts_at")
    rows = [(c, [s for s in sessions if s.course_id == c.pk]) for c in courses]
    return render(request, "training/manage.html", {"rows": rows, "can_add": CoursePolicy.allows(user, "add_course")})


def _course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    organisers = (
        Organisation.objects.filter(pk=course.organiser_id)
        if course
        else services.course_organisers_for(by=request.user)  # type: ignore[arg-type]
    )
    form = CourseForm(request.POST or None, instance=course, organisations=organisers)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if course is None:
                organiser = form.cleaned_data.get("organiser")
                saved = services.course_create(by=request.user, organiser=organiser, **fields)  # type: ignore[arg-type]
            else:
                saved = services.course_update(course=course, by=request.user, **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("training:course", pk=saved.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    CoursePolicy.require(request.user, "add_course")
    return _course_form(request, None)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_form(request, course_get_for(user=request.user, pk=pk, action="change_course"))  # type: ignore[arg-type]


def _session_form(request: HttpRequest, course: Course, session: Session | None) -> HttpResponse:
    form = SessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                saved = services.session_create(course=course, by=request.user, **form.service_kwargs())  # type: ignore[arg-type]
            else:
                saved = services.session_update(session=session, by=request.user, **form.service_kwargs())  # type: ignore[arg-type]
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("training:course", pk=saved.course_id)
    return render(request, "training/session_form.html", {"form": form, "course": course, "session": session},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_get_for(user=request.user, pk=pk, action="add_session")  # type: ignore[arg-type]
    return _session_form(request, course, None)


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for(user=request.user, pk=pk, action="change_session")  # type: ignore[arg-type]
    return _session_form(request, session.course, session)


@login_required
def attendees(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for(user=request.user, pk=pk, action="view_attendees")  # type: ignore[arg-type]
    rows = list(registrations_for(user=request.user, session=session))  # type: ignore[arg-type]
    labels = dict(ACCESSIBILITY_NEEDS)
    for r in rows:
        r.need_labels = [str(labels.get(code, code)) for code in r.accessibility_needs]  # type: ignore[attr-defined]
    return render(request, "training/attendees.html", {
        "session": session, "course": session.course,
        "confirmed": [r for r in rows if r.status == Registration.Status.CONFIRMED],
        "waiting": sorted((r for r in rows if r.status == Registration.Status.WAITLISTED), key=lambda r: r.pk),
        "n_cancelled": sum(1 for r in rows if r.status == Registration.Status.CANCELLED),
        "can_change": SessionPolicy.allows(request.user, "change_session", session),
    })  # fmt: skip


@login_required
def register_caller(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff register someone who phoned; the staff member is recorded, the caller gets their link by message."""
    session = session_get_for(user=request.user, pk=pk, action="register_others")  # type: ignore[arg-type]
    form = AssistedRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                session=session, by=request.user, assisted=True, language=current_language(),  # type: ignore[arg-type]
                **form.service_kwargs(),
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("%(name)s has a place.") % {"name": registration.name})
            else:
                messages.success(request, _("The class is full: %(name)s is number %(n)d on the waitlist.")
                                 % {"name": registration.name, "n": registration.waitlist_position})  # fmt: skip
            return redirect("training:attendees", pk=session.pk)
    return render(request, "training/register_caller.html", {
        "form": form, "session": session, "course": session.course, "retention_days": services.RETENTION_DAYS,
        "retain_until": services.retention_date(session), "privacy_version": services.PRIVACY_VERSION,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def attendee_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Staff cancel at the caller's request (a signed-in registrant may give up their own place here too)."""
    user = request.user
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    registration = session.registrations.filter(pk=registration_pk).first()
    if registration is None or not RegistrationPolicy.allows(user, "cancel_registration", registration):
        # Who may not cancel learns nothing of which registrations exist: 404 for a hidden session, else 403.
        SessionPolicy.require(user, "register_others", session)
        raise Http404
    try:
        services.registration_cancel(registration=registration, by=user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The place is cancelled; the first person on the waitlist, if any, has it now."))
    if SessionPolicy.allows(user, "view_attendees", session):
        return redirect("training:attendees", pk=pk)
    return redirect("training:mine", token=registration.token)


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for(user=request.user, pk=pk, action="mark_attendance")  # type: ignore[arg-type]
    confirmed = list(session.registrations.filter(status=Registration.Status.CONFIRMED).order_by("pk"))
    form = AttendanceForm(request.POST or None, registrations=confirmed)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_mark(session=session, by=request.user, marks=form.marks())  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("training:attendance", pk=pk)
    return render(request, "training/attendance.html", {"form": form, "session": session, "course": session.course},
                  status=400 if request.method == "POST" else 200)  # fmt: skip
