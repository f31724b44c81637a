"""Who may do what with questionnaires: an organisation's editors build their own; templates are seen by everyone
signed in and copied by editors; the standard instruments (locked) are changed by nobody, which the services hold
even for superusers, as their wording is what makes their scores comparable."""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, among, register

from .models import Question, Survey


def _own(user: Any, survey: Any) -> bool:
    return survey is not None and survey.owner_id in roles.editor_org_ids(user)


def _own_q(user: Any, prefix: str = "") -> Q:
    return among(f"{prefix}owner_id", roles.editor_org_ids(user))


def _visible(user: Any, survey: Any) -> bool:
    return survey is not None and roles.signed_in(user) and (survey.is_template or _own(user, survey))


def _visible_q(user: Any, prefix: str = "") -> Q:
    if not roles.signed_in(user):
        return NOTHING
    return Q(**{f"{prefix}is_template": True}) | _own_q(user, prefix)


def _changeable(user: Any, survey: Any) -> bool:
    return _own(user, survey) and not survey.locked


def _changeable_q(user: Any, prefix: str = "") -> Q:
    return _own_q(user, prefix) & Q(**{f"{prefix}locked": False})


def _may_add(user: Any, obj: Any = None) -> bool:
    return roles.is_editor(user)


@register
class SurveyPolicy(Policy[Survey]):
    model = Survey
    actions = {
        "view_survey": Action(rule=_visible, where=_visible_q, shown_by="view_survey"),
        # A questionnaire belongs to an organisation, so its editors make them (admins act on no organisation's).
        "add_survey": Action(rule=_may_add),
        "copy_survey": Action(
            rule=lambda user, s: _may_add(user) and _visible(user, s),
            where=lambda user: _visible_q(user) if _may_add(user) else NOTHING,
            shown_by="view_survey",
        ),
        "change_survey": Action(rule=_changeable, where=_changeable_q, shown_by="view_survey"),
    }
    routes = [
        Route("surveys:new", "add_survey", methods=("GET", "POST")),
        Route("surveys:detail", "view_survey", lambda s: {"pk": s.pk}),
        Route("surveys:copy", "copy_survey", lambda s: {"pk": s.pk}, methods=("POST",)),
        Route("surveys:question-new", "change_survey", lambda s: {"pk": s.pk}, methods=("GET", "POST")),
    ]


def _question_url(question: Question) -> dict[str, Any]:
    return {"pk": question.survey_id, "question_pk": question.pk}


@register
class QuestionPolicy(Policy[Question]):
    """A question is seen and changed as its questionnaire is."""

    model = Question
    actions = {
        "view_question": Action(
            rule=lambda user, q: q is not None and _visible(user, q.survey),
            where=lambda user: _visible_q(user, "survey__"),
            shown_by="view_question",
        ),
        "change_question": Action(
            rule=lambda user, q: q is not None and _changeable(user, q.survey),
            where=lambda user: _changeable_q(user, "survey__"),
            shown_by="view_question",
        ),
    }
    routes = [
        Route("surveys:question-edit", "change_question", _question_url, methods=("GET", "POST")),
        Route("surveys:question-delete", "change_question", _question_url, methods=("POST",)),
        Route("surveys:question-move", "change_question", _question_url, methods=("POST",)),
    ]


SIGNED_IN_ROUTES = ["surveys:list"]
