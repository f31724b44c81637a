"""The questionnaire builder: list, create, copy a template, add/edit/move/delete questions, preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core.i18n import CONTENT_LANGUAGES

from . import services
from .forms import QuestionForm, ResponseForm, SurveyForm
from .models import Question, Survey
from .selectors import surveys_for


def _get(request: HttpRequest, pk: int, change: bool = False) -> Survey:
    survey = Survey.objects.filter(pk=pk).prefetch_related("questions__choices").first()
    if survey is None or not request.user.has_perm("surveys.view_survey", survey):
        raise Http404
    if change and not request.user.has_perm("surveys.change_survey", survey):
        raise PermissionDenied
    return survey


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/survey_list.html", {
        "surveys": surveys_for(user=request.user),  # type: ignore[arg-type]
        "can_add": request.user.has_perm("surveys.add_survey") and request.user.organisation_id,  # type: ignore[union-attr]
    })  # fmt: skip


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("surveys.add_survey") or request.user.organisation is None:  # type: ignore[union-attr]
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(by=request.user, owner=request.user.organisation, title=form.title())  # type: ignore[arg-type, union-attr]
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
        "can_change": request.user.has_perm("surveys.change_survey", survey),
        "can_copy": request.user.has_perm("surveys.add_survey") and request.user.organisation_id,  # type: ignore[union-attr]
    })  # fmt: skip


@login_required
@require_POST
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    copy = services.survey_copy(survey=_get(request, pk), by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("This is your own copy: add or change questions."))
    return redirect("surveys:detail", pk=copy.pk)


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    survey = _get(request, pk, change=True)
    question = get_object_or_404(Question, pk=question_pk, survey=survey) if question_pk else None
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
    survey = _get(request, pk, change=True)
    try:
        services.question_delete(question=get_object_or_404(Question, pk=question_pk, survey=survey), by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _get(request, pk, change=True)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    services.question_move(question=question, by=request.user, up=request.POST.get("direction") == "up")  # type: ignore[arg-type]
    return redirect("surveys:detail", pk=pk)
