"""Pages of an open call's proposals: the provider's form, the city's list, evaluators, scoring and comparison."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.limits import RateLimited
from madang.accounts.models import User
from madang.accounts.views_limits import limited_message
from madang.conversations.attachments import ALLOWED_TYPES
from madang.matching.models import Need
from madang.notifications.recipients import editors_of

from . import selectors, services
from .forms import ConflictForm, EvaluatorForm, ProposalForm, ScoreForm, WeightsForm
from .models import Evaluator, Proposal
from .policies import EvaluatorPolicy


def _user(request: HttpRequest) -> User:
    """The signed-in person: every page here is behind login_required."""
    return cast(User, request.user)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_page(
    request: HttpRequest, *, need: Need, form: ProposalForm, proposal: Proposal | None, status: int = 200
) -> HttpResponse:
    context = {
        "need": need,
        "form": form,
        "proposal": proposal,
        "deadline": services.call_deadline(need),
        "is_open": services.call_is_open(need),
        "documents": list(proposal.documents.all()) if proposal else [],
    }
    return render(request, "proposals/proposal_form.html", context, status=status)


def _proposal_form(request: HttpRequest, need: Need, proposal: Proposal | None) -> ProposalForm:
    solutions = selectors.solutions_to_propose(user=request.user)
    if proposal is not None:
        solutions = solutions.model.objects.filter(pk=proposal.solution_id)
    return ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        solutions=solutions,
        references=selectors.reference_choices(solutions=solutions),
    )


def _save(request: HttpRequest, need: Need, proposal: Proposal | None) -> HttpResponse:
    form = _proposal_form(request, need, proposal)
    if request.method != "POST":
        return _form_page(request, need=need, form=form, proposal=proposal)
    if form.is_valid():
        try:
            if proposal is None:
                proposal = services.proposal_create(
                    need=need, solution=form.cleaned_data["solution"], by=_user(request), **form.service_kwargs()
                )
            else:
                services.proposal_update(proposal=proposal, by=_user(request), **form.service_kwargs())
            if "submit" in request.POST:
                services.proposal_submit(proposal=proposal, by=_user(request))
        except RateLimited as exc:
            form.add_error(None, limited_message(exc))
            return _form_page(request, need=need, form=form, proposal=proposal, status=429)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if proposal.status == Proposal.Status.SUBMITTED:
                messages.success(request, _("Your proposal is submitted. The city has been told."))
            else:
                messages.success(request, _("Your draft is saved. Submit it before the deadline."))
            return redirect("proposals:detail", pk=proposal.pk)
    return _form_page(request, need=need, form=form, proposal=proposal, status=400)


def _add_errors(form: ProposalForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.call_get_for(user=request.user, pk=pk, action="propose")
    existing = selectors.own_proposal(user=request.user, need=need)
    # Someone editing for several organisations may still answer for one that has not (one per organisation).
    others = selectors.solutions_to_propose(user=request.user).exclude(organisation__proposals__need=need)
    if existing is not None and request.method != "POST" and not others.exists():
        return redirect("proposals:detail", pk=existing.pk)
    return _save(request, need, None)


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for(user=request.user, pk=pk, action="change_proposal")
    return _save(request, proposal.need, proposal)


def _detail(request: HttpRequest, proposal: Proposal, status: int = 200) -> HttpResponse:
    user = request.user
    evaluation = selectors.evaluation_of(need=proposal.need)
    released = evaluation is not None and evaluation.results_released_at is not None
    context = {
        "proposal": proposal,
        "need": proposal.need,
        "deadline": services.call_deadline(proposal.need),
        "is_open": services.call_is_open(proposal.need),
        "has_closed": services.call_has_closed(proposal.need),
        "can_change": user.has_perm("proposals.change_proposal", proposal),
        "can_score": user.has_perm("proposals.score_proposal", proposal),
        "is_owner": user.has_perm("proposals.shortlist_proposal", proposal),
        "documents": list(proposal.documents.all()),
        "released": released,
        "result": selectors.result_of_proposal(proposal=proposal)
        if released and user.has_perm("proposals.view_results", proposal)
        else None,
    }
    return render(request, "proposals/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.proposal_get_for(user=request.user, pk=pk))


def _act(request: HttpRequest, pk: int, action: str, step: Any, done: str) -> HttpResponse:
    proposal = selectors.proposal_get_for(user=request.user, pk=pk, action=action)
    try:
        step(proposal=proposal, by=_user(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _detail(request, proposal, status=400)
    messages.success(request, done)
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "change_proposal",
        services.proposal_submit,
        _("Your proposal is submitted. The city has been told."),
    )


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "change_proposal", services.proposal_withdraw,
        _("Your proposal is withdrawn. You may change it and submit it again before the deadline."),
    )  # fmt: skip


@login_required
@require_POST
def proposal_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for(user=request.user, pk=pk, action="shortlist_proposal")
    try:
        services.proposal_shortlist(proposal=proposal, by=_user(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _compare(request, proposal.need, status=400)
    messages.success(request, _("The solution is on the need's shortlist; the provider has been told."))
    return redirect("proposals:compare", pk=proposal.need_id)


@login_required
@require_POST
def proposal_start_pilot(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for(user=request.user, pk=pk, action="start_pilot")
    try:
        pilot = services.proposal_start_pilot(proposal=proposal, by=_user(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _compare(request, proposal.need, status=400)
    messages.success(request, _("The pilot is started from this proposal. Plan its sites, tasks and criteria."))
    return redirect("pilots:detail", pk=pilot.pk)


@login_required
def document(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    found = selectors.document_get_for(user=request.user, pk=pk, doc=doc)
    content_type = found.content_type if found.content_type in ALLOWED_TYPES else "application/octet-stream"
    response = HttpResponse(bytes(found.data), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(found.data))
    return response


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    found = selectors.document_get_for(user=request.user, pk=pk, doc=doc, action="change_proposal")
    try:
        services.document_delete(document=found, by=_user(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _detail(request, found.proposal, status=400)
    messages.success(request, _("The document is removed."))
    return redirect("proposals:detail", pk=pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "proposals/mine.html",
        {
            "proposals": selectors.my_proposals(user=request.user),
            "evaluations": selectors.my_evaluations(user=request.user),
        },
    )


# ------------------------------------------------------------------ the city's side
@login_required
def need_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.call_get_for(user=request.user, pk=pk, action="view_proposals")
    return render(
        request,
        "proposals/need_proposals.html",
        {
            "need": need,
            "proposals": selectors.proposals_of_call(user=request.user, need=need),
            "deadline": services.call_deadline(need),
            "has_closed": services.call_has_closed(need),
            "evaluation": selectors.evaluation_of(need=need),
        },
    )


def _compare(request: HttpRequest, need: Need, status: int = 200) -> HttpResponse:
    has_closed = services.call_has_closed(need)
    evaluation = selectors.evaluation_of(need=need)
    return render(
        request,
        "proposals/compare.html",
        {
            "need": need,
            "has_closed": has_closed,
            "deadline": services.call_deadline(need),
            "evaluation": evaluation,
            "criteria": list(evaluation.criteria.all()) if evaluation else [],
            "results": selectors.results_of_call(need=need) if has_closed else [],
            "awaiting": selectors.awaiting_own_scores(user=request.user, need=need),
            "can_start_pilot": request.user.has_perm("pilots.add_pilot"),
        },
        status=status,
    )


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    return _compare(request, selectors.call_get_for(user=request.user, pk=pk, action="view_proposals"))


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.call_get_for(user=request.user, pk=pk, action="manage_evaluation")
    try:
        services.results_release(need=need, by=_user(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _compare(request, need, status=400)
    messages.success(request, _("The results are released: each provider now sees its own scores and comments."))
    return redirect("proposals:compare", pk=need.pk)


def _people(need: Need) -> list[tuple[int, str]]:
    return [(u.pk, u.get_full_name() or u.username) for u in editors_of(need.organisation).order_by("username")]


def _find_person(form: EvaluatorForm) -> Any:
    users = get_user_model()._default_manager.filter(is_active=True)
    if form.cleaned_data.get("person"):
        return users.filter(pk=form.cleaned_data["person"]).first()
    typed = form.cleaned_data["username_or_email"].strip()
    found = list(users.filter(Q(username__iexact=typed) | Q(email__iexact=typed))[:2])
    return found[0] if len(found) == 1 else None


def _evaluators_page(
    request: HttpRequest, need: Need, form: EvaluatorForm, weights: WeightsForm | None = None, status: int = 200
) -> HttpResponse:
    evaluation = selectors.evaluation_of(need=need)
    criteria = list(evaluation.criteria.all()) if evaluation else []
    return render(
        request,
        "proposals/evaluators.html",
        {
            "need": need,
            "form": form,
            "evaluation": evaluation,
            "criteria": criteria,
            "weights": weights or (WeightsForm(criteria=criteria) if criteria else None),
        },
        status=status,
    )


@login_required
def evaluators(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.call_get_for(user=request.user, pk=pk, action="manage_evaluation")
    form = EvaluatorForm(request.POST or None, people=_people(need))
    if request.method != "POST":
        return _evaluators_page(request, need, form)
    if form.is_valid():
        person = _find_person(form)
        if person is None:
            form.add_error("username_or_email", _("No single active account has this username or e-mail address."))
        else:
            try:
                services.evaluator_add(need=need, user=person, by=_user(request))
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The evaluator is named."))
                return redirect("proposals:evaluators", pk=need.pk)
    return _evaluators_page(request, need, form, status=400)


@login_required
@require_POST
def evaluator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    base = Evaluator.objects.select_related("evaluation__need")
    evaluator = EvaluatorPolicy.get(request.user, "remove_evaluator", base=base, pk=pk)
    need = evaluator.evaluation.need
    try:
        services.evaluator_remove(evaluator=evaluator, by=_user(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _evaluators_page(request, need, EvaluatorForm(people=_people(need)), status=400)
    messages.success(request, _("The evaluator is removed."))
    return redirect("proposals:evaluators", pk=need.pk)


@login_required
@require_POST
def weights(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.call_get_for(user=request.user, pk=pk, action="manage_evaluation")
    evaluation = selectors.evaluation_of(need=need)
    form = WeightsForm(request.POST, criteria=list(evaluation.criteria.all()) if evaluation else [])
    if form.is_valid():
        try:
            services.criteria_weigh(need=need, weights=form.weights(), by=_user(request))
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("The weights are saved."))
            return redirect("proposals:evaluators", pk=need.pk)
    return _evaluators_page(request, need, EvaluatorForm(people=_people(need)), weights=form, status=400)


# ------------------------------------------------------------------ an evaluator's side
def _score_page(
    request: HttpRequest, proposal: Proposal, form: ScoreForm | None, conflict: ConflictForm, status: int = 200
) -> HttpResponse:
    evaluator = selectors.evaluator_for(user=request.user, need=proposal.need)
    sheet = selectors.sheet_of(evaluator=evaluator, proposal=proposal)
    declaration = selectors.declaration_of(evaluator=evaluator, proposal=proposal)
    criteria = list(evaluator.evaluation.criteria.all()) if evaluator else []
    return render(
        request,
        "proposals/score.html",
        {
            "proposal": proposal,
            "need": proposal.need,
            "evaluator": evaluator,
            "sheet": sheet,
            "declaration": declaration,
            "form": form or (ScoreForm(criteria=criteria) if evaluator and not sheet else None),
            "conflict_form": conflict,
            "documents": list(proposal.documents.all()),
            # Independence: others' scores only once one's own are in.
            "others": selectors.others_scores(proposal=proposal, evaluator=evaluator) if evaluator and sheet else None,
        },
        status=status,
    )


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for(user=request.user, pk=pk, action="score_proposal")
    if request.method != "POST":
        return _score_page(request, proposal, None, ConflictForm())
    evaluator = selectors.evaluator_for(user=request.user, need=proposal.need)
    criteria = list(evaluator.evaluation.criteria.all()) if evaluator else []
    form = ScoreForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            services.sheet_submit(proposal=proposal, by=_user(request), scores=form.scores())
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Your scores are submitted. You now see the other evaluators' scores."))
            return redirect("proposals:score", pk=proposal.pk)
    return _score_page(request, proposal, form, ConflictForm(), status=400)


@login_required
@require_POST
def conflict(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for(user=request.user, pk=pk, action="score_proposal")
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(proposal=proposal, by=_user(request), note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Your conflict of interest is recorded. You will not score this proposal."))
            return redirect("proposals:score", pk=proposal.pk)
    return _score_page(request, proposal, None, form, status=400)
