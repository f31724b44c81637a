"""The questionnaire builder: list, create, copy a template, add/edit/move/delete questions, preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core.i18n import CONTENT_LANGUAGES
from madang.core.models import Organisation

from . import services
from .forms import QuestionForm, ResponseForm, SurveyForm
from .models import Question, Survey
from .policies import QuestionPolicy, SurveyPolicy
from .selectors import surveys_for


def _get(request: HttpRequest, pk: int, action: str = "view_survey") -> Survey:
    return SurveyPolicy.get(request.user, action, base=Survey.objects.prefetch_related("questions__choices"), pk=pk)


def _question(request: HttpRequest, pk: int, question_pk: int) -> Question:
    questions = Question.objects.select_related("survey").filter(survey_id=pk)
    return QuestionPolicy.get(request.user, "change_question", base=questions, pk=question_pk)


def _locked(request: HttpRequest, survey: Survey) -> HttpResponse:
    messages.error(request, services.locked_message())
    return redirect("surveys:detail", pk=survey.pk)


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/survey_list.html", {
        "surveys": surveys_for(user=request.user),
        "can_add": SurveyPolicy.allows(request.user, "add_survey"),
    })  # fmt: skip


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    SurveyPolicy.require(request.user, "add_survey")
    owners = list(services.owners_for(request.user))  # type: ignore[arg-type]
    form = SurveyForm(request.POST or None, owners=services.owners_for(request.user) if len(owners) > 1 else None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data.get("owner") or (owners[0] if owners else None)
        survey = services.survey_create(by=request.user, owner=owner, title=form.title())  # type: ignore[arg-type]
        messages.success(request, _("The questionnaire is created. Add its questions."))
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    questions = list(survey.questions.all())
    missing = {q.pk: [lang for lang in CONTENT_LANGUAGES if not q.text.get(lang)] for q in questions}
    return render(request, "surveys/survey_detail.html", {
        "survey": survey, "questions": [(q, missing[q.pk]) for q in questions],
        "preview": ResponseForm(survey=survey, auto_id="preview_%s"),
        "can_change": SurveyPolicy.allows(request.user, "change_survey", survey) and not survey.locked,
        "can_copy": SurveyPolicy.allows(request.user, "copy_survey", survey),
        "copy_owners": owners if len(owners := list(services.owners_for(request.user))) > 1 else [],  # type: ignore[arg-type]
    })  # fmt: skip


@login_required
@require_POST
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    # An editor of several organisations says whose copy it is; one not theirs is refused by the service.
    chosen = request.POST.get("owner", "")
    owner = Organisation.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    copy = services.survey_copy(survey=_get(request, pk, "copy_survey"), by=request.user, owner=owner)  # type: ignore[arg-type]
    messages.success(request, _("This is your own copy: add or change questions."))
    return redirect("surveys:detail", pk=copy.pk)


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    if question_pk is None:
        survey, question = _get(request, pk, "change_survey"), None
    else:
        question = _question(request, pk, question_pk)
        survey = question.survey
    if survey.locked:
        return _locked(request, survey)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(survey=survey, by=request.user, question=question, **form.service_kwargs())  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": question},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(request, pk, question_pk)
    try:
        services.question_delete(question=question, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(request, pk, question_pk)
    try:
        services.question_move(question=question, by=request.user, up=request.POST.get("direction") == "up")  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:detail", pk=pk)
