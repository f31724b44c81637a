# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Training roles: the organising city's editors run courses; a session's trainer runs that session.

Names and contacts of registrants: only the organising city's editors and the session's trainer.
"""

import rules

from madang.catalogue.rules import is_editor


@rules.predicate
def is_city_editor(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(is_editor(user) and user.role == "city_editor" and user.organisation.kind == "city")


@rules.predicate
def organises_course(user, course) -> bool:  # type: ignore[no-untyped-def]
    return course is not None and is_city_editor(user) and course.organiser_id == user.organisation_id


@rules.predicate
def trains_in_course(user, course) -> bool:  # type: ignore[no-untyped-def]
    return course is not None and user.is_authenticated and course.sessions.filter(trainer=user).exists()


@rules.predicate
def course_is_published(user, course) -> bool:  # type: ignore[no-untyped-def]
    return course is not None and course.is_published


@rules.predicate
def organises_session(user, session) -> bool:  # type: ignore[no-untyped-def]
    return session is not None and organises_course(user, session.course)


@rules.predicate
def trains_session(user, session) -> bool:  # type: ignore[no-untyped-def]
    return session is not None and user.is_authenticated and session.trainer_id == user.pk


@rules.predicate
def session_is_public(user, session) -> bool:  # type: ignore[no-untyped-def]
    return session is not None and session.course.is_published


rules.add_perm("training.add_course", is_city_editor)
rules.add_perm("training.view_course", course_is_published | organises_course | trains_in_course)
rules.add_perm("training.change_course", organises_course)
rules.add_perm("training.add_session", organises_course)
rules.add_perm("training.view_session", session_is_public | organises_session | trains_session)
rules.add_perm("training.change_session", organises_session)
# The attendee list with names, phone numbers and e-mail addresses.
rules.add_perm("training.view_attendees", organises_session | trains_session)
rules.add_perm("training.register_others", organises_session | trains_session)
rules.add_perm("training.mark_attendance", organises_session | trains_session)
# Anyone who may see the session sees the mean satisfaction; free-text comments only staff.
rules.add_perm("training.view_results", session_is_public | organises_session | trains_session)
rules.add_perm("training.view_comments", organises_session | trains_session)
