"""Who may do what in training: the editors of the organising local government run its courses and sessions; a
session's trainer runs that session. Names and contacts of registrants: only those two, and the registrant.

Organising is a fact about the course (`organiser`), not about where an organisation is: the editor of a district
office located in a city organises the office's own courses, never the city hall's. Network admins and operators
(is_staff) have no rights here: attendee lists hold personal data, and nobody but the organiser and the trainer
needs them.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, among, equal, register

from .models import Course, Registration, Session


def _organiser_ids(user: Any) -> frozenset[int]:
    """The local-government organisations whose courses the user organises."""
    return roles.city_editor_org_ids(user)


def _trainer_id(user: Any) -> int | None:
    return user.pk if roles.signed_in(user) else None


def _may_add_course(user: Any, obj: Any = None) -> bool:
    return roles.is_city_editor(user)


# ------------------------------------------------------------------ courses
def _organises_course(user: Any, course: Any) -> bool:
    return course is not None and course.organiser_id in _organiser_ids(user)


def _organises_course_q(user: Any, prefix: str = "") -> Q:
    return among(f"{prefix}organiser_id", _organiser_ids(user))


def _trains_in_course(user: Any, course: Any) -> bool:
    trainer = _trainer_id(user)
    return course is not None and trainer is not None and course.sessions.filter(trainer_id=trainer).exists()


def _trains_in_course_q(user: Any) -> Q:
    trainer = _trainer_id(user)
    if trainer is None:
        return NOTHING
    return Q(pk__in=Session.objects.filter(trainer_id=trainer).values("course_id"))


def _may_view_course(user: Any, course: Any) -> bool:
    return course is not None and (
        course.is_published or _organises_course(user, course) or _trains_in_course(user, course)
    )


def _may_view_course_q(user: Any) -> Q:
    return Q(is_published=True) | _organises_course_q(user) | _trains_in_course_q(user)


@register
class CoursePolicy(Policy[Course]):
    model = Course
    actions = {
        "view_course": Action(rule=_may_view_course, where=_may_view_course_q, shown_by="view_course"),
        # The course belongs to the editor's organisation (services set the organiser, whatever the form says).
        "add_course": Action(rule=_may_add_course),
        "change_course": Action(rule=_organises_course, where=_organises_course_q, shown_by="view_course"),
        "add_session": Action(rule=_organises_course, where=_organises_course_q, shown_by="view_course"),
    }
    routes = [
        Route("training:course-new", "add_course", methods=("GET", "POST")),
        Route("training:course", "view_course", lambda c: {"pk": c.pk}),
        Route("training:course-edit", "change_course", lambda c: {"pk": c.pk}, methods=("GET", "POST")),
        Route("training:session-new", "add_session", lambda c: {"pk": c.pk}, methods=("GET", "POST")),
    ]


# ------------------------------------------------------------------ sessions
def _organises_session(user: Any, session: Any) -> bool:
    return session is not None and _organises_course(user, session.course)


def _organises_session_q(user: Any) -> Q:
    return _organises_course_q(user, prefix="course__")


def _runs_session(user: Any, session: Any) -> bool:
    """The organiser's editors and the session's own trainer: they see who comes, with contacts."""
    trainer = _trainer_id(user)
    return session is not None and (
        _organises_session(user, session) or (trainer is not None and session.trainer_id == trainer)
    )


def _runs_session_q(user: Any) -> Q:
    trainer = _trainer_id(user)
    return _organises_session_q(user) | (equal("trainer_id", trainer))


def _may_view_session(user: Any, session: Any) -> bool:
    return session is not None and (session.course.is_published or _runs_session(user, session))


def _may_view_session_q(user: Any) -> Q:
    return Q(course__is_published=True) | _runs_session_q(user)


def _runs(shown_by: str = "view_session") -> Action:
    return Action(rule=_runs_session, where=_runs_session_q, shown_by=shown_by)


@register
class SessionPolicy(Policy[Session]):
    model = Session
    actions = {
        # Registering is open to whoever sees the session (services also require the course to be published).
        "view_session": Action(rule=_may_view_session, where=_may_view_session_q, shown_by="view_session"),
        "change_session": Action(rule=_organises_session, where=_organises_session_q, shown_by="view_session"),
        "view_attendees": _runs(),
        "register_others": _runs(),
        "mark_attendance": _runs(),
        # The mean satisfaction is for everyone who sees the session; free-text comments only for who runs it.
        "view_results": Action(rule=_may_view_session, where=_may_view_session_q, shown_by="view_session"),
        "view_comments": _runs(),
    }
    routes = [
        Route("training:session-edit", "change_session", lambda s: {"pk": s.pk}, methods=("GET", "POST")),
        Route("training:register", "view_session", lambda s: {"pk": s.pk}, methods=("GET", "POST")),
        Route("training:register-caller", "register_others", lambda s: {"pk": s.pk}, methods=("GET", "POST")),
        Route("training:attendees", "view_attendees", lambda s: {"pk": s.pk}),
        Route("training:attendance", "mark_attendance", lambda s: {"pk": s.pk}, methods=("GET", "POST")),
        Route("training:results", "view_results", lambda s: {"pk": s.pk}),
    ]


# ------------------------------------------------------------------ registrations
def _own_registration(user: Any, registration: Any) -> bool:
    me = _trainer_id(user)
    return registration is not None and me is not None and registration.user_id == me


def _own_registration_q(user: Any) -> Q:
    me = _trainer_id(user)
    return equal("user_id", me)


def _session_run_by(user: Any, registration: Any) -> bool:
    return registration is not None and SessionPolicy.allows(user, "register_others", registration.session)


def _session_run_by_q(user: Any) -> Q:
    return Q(session__in=SessionPolicy.queryset(user, "register_others").values("pk"))


def _own_or_runs(user: Any, registration: Any) -> bool:
    return _own_registration(user, registration) or _session_run_by(user, registration)


def _own_or_runs_q(user: Any) -> Q:
    return _own_registration_q(user) | _session_run_by_q(user)


@register
class RegistrationPolicy(Policy[Registration]):
    """A registration's name and contacts are the registrant's, and shown to whoever runs the session."""

    model = Registration
    actions = {
        "view_registration": Action(rule=_own_or_runs, where=_own_or_runs_q),
        # Staff cancel at the caller's request; a signed-in registrant may also give up their own place.
        "cancel_registration": Action(rule=_own_or_runs, where=_own_or_runs_q),
    }
    routes = [
        Route(
            "training:attendee-cancel",
            "cancel_registration",
            lambda r: {"pk": r.session_id, "registration_pk": r.pk},
            methods=("POST",),
        ),
    ]


PUBLIC_ROUTES = ["training:courses"]
# The courses the signed-in person organises and the sessions they train (empty for everyone else).
SIGNED_IN_ROUTES = ["training:manage"]
# The registrant's private link is the permission: no account is needed to see, cancel or answer.
TOKEN_ROUTES = ["training:mine", "training:cancel", "training:questionnaire"]
