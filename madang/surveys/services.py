"""Writes for questionnaires: build (create, copy, questions), and record answers."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.core import roles
from madang.core.models import Organisation

from .models import Answer, Choice, Question, Response, Survey
from .policies import SurveyPolicy


def locked_message() -> str:
    return _("This is a standard instrument: nobody changes it. Make a copy to change the copy.")


def _may_change(survey: Survey, by: User) -> None:
    if not SurveyPolicy.allows(by, "change_survey", survey):
        raise PermissionDenied
    if survey.locked:  # whoever asks, superusers too
        raise ValidationError(locked_message())


def owners_for(by: User) -> QuerySet[Organisation]:
    """The organisations a new questionnaire may belong to: those the person edits for."""
    return Organisation.objects.filter(pk__in=roles.editor_org_ids(by)).order_by("name")


def owner_for(by: User) -> Organisation | None:
    """Whose a copied questionnaire is: the editor's organisation (the first by name, for an editor of several);
    a superuser's belong to none (Madang's own)."""
    return owners_for(by).first()


def survey_create(*, by: User, owner: Organisation | None, title: dict[str, str]) -> Survey:
    mine = owner is not None and owner.pk in roles.editor_org_ids(by)
    if not SurveyPolicy.allows(by, "add_survey") or not (mine or roles.is_superuser(by)):
        raise PermissionDenied
    return Survey.objects.create(owner=owner, title=title, created_by=by)


@transaction.atomic
def survey_copy(*, survey: Survey, by: User, owner: Organisation | None = None) -> Survey:
    """An editable copy for the user's organisation (`owner`, one they edit for), e.g. SUS plus the city's own
    questions."""
    if not SurveyPolicy.allows(by, "copy_survey", survey):
        raise PermissionDenied
    copy = survey_create(by=by, owner=owner or owner_for(by), title=dict(survey.title))
    for question in survey.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        question.pk = None
        question.survey = copy
        question.save()
        Choice.objects.bulk_create(Choice(question=question, order=c.order, label=c.label) for c in choices)
    return copy


@transaction.atomic
def question_save(
    *,
    survey: Survey,
    by: User,
    question: Question | None = None,
    choices: list[dict[str, str]] | None = None,
    **fields: Any,
) -> Question:
    _may_change(survey, by)
    if question is None:
        top = survey.questions.aggregate(top=Max("order"))["top"]
        question = Question(survey=survey, order=0 if top is None else top + 1)
    for name, value in fields.items():
        setattr(question, name, value)
    choices = choices or []
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise ValidationError(_("A choice question needs at least two choices."))
    question.full_clean(exclude=["survey"])
    question.save()
    question.choices.all().delete()
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        Choice.objects.bulk_create(Choice(question=question, order=n, label=label) for n, label in enumerate(choices))
    return question


def question_delete(*, question: Question, by: User) -> None:
    _may_change(question.survey, by)
    if question.answers.exists():
        raise ValidationError(_("This question already has answers; it cannot be deleted."))
    question.delete()


@transaction.atomic
def question_move(*, question: Question, by: User, up: bool) -> None:
    _may_change(question.survey, by)
    ordered = list(question.survey.questions.all())
    i = ordered.index(question)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    for n, q in enumerate(ordered):
        if q.order != n:
            q.order = n
            q.save(update_fields=["order"])


@transaction.atomic
def response_submit(*, survey: Survey, language: str, answers: dict[int, Any]) -> Response:
    """Answers keyed by question id, already cleaned by the response form; blank answers are not stored."""
    response = Response.objects.create(survey=survey, language=language)
    valid = set(survey.questions.values_list("pk", flat=True))
    Answer.objects.bulk_create(
        Answer(response=response, question_id=pk, value=value)
        for pk, value in answers.items()
        if pk in valid and value not in (None, "", [])
    )
    return response
