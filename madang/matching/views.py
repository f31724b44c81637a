from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.catalogue.selectors import initiative_detail_queryset
from madang.core.selectors import organisations_editable_by

from . import search
from .forms import FIND_INITIATIVES, FollowForm, MatchActionForm, NeedForm, SolutionForm
from .models import Match, Need, Solution
from .policies import DomainFollowPolicy, MatchPolicy, NeedPolicy, SolutionPolicy
from .selectors import matches_for, need_get_for, solution_get_for
from .services import follows_set, match_transition, need_save, solution_save


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = need_get_for(user=request.user, pk=pk)
    ranked = search.matches_for_need(need) if need.is_public else {"solution": [], "initiative": []}
    solutions = Solution.objects.filter(pk__in=[pk for pk, _ in ranked["solution"]]).select_related("organisation")
    by_pk = {s.pk: s for s in SolutionPolicy.queryset(request.user, "view_solution", base=solutions)}
    initiatives = initiative_detail_queryset().filter(pk__in=[pk for pk, _ in ranked["initiative"]], is_published=True)
    by_init = {i.pk: i for i in initiatives}
    states = {m.solution_id: m for m in matches_for(user=request.user, need=need)}
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "solutions": [(by_pk[pk], r, states.get(pk)) for pk, r in ranked["solution"] if pk in by_pk],
            "initiatives": [(by_init[pk], r) for pk, r in ranked["initiative"] if pk in by_init],
            "matches": list(states.values()),
            "can_edit": request.user.has_perm("matching.change_need", need),
            "can_shortlist": request.user.has_perm("matching.shortlist", Match(need=need)),
        },
    )


def _edit_need(request: HttpRequest, need: Need | None) -> HttpResponse:
    kwargs = {"instance": need, "organisations": organisations_editable_by(user=request.user)}
    if FIND_INITIATIVES in request.POST:  # the search step: back with the list narrowed, nothing saved
        form = NeedForm.retyped(request.POST, **kwargs)
        return render(request, "matching/need_form.html", {"form": form, "need": need})
    form = NeedForm(request.POST or None, **kwargs)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            saved = need_save(by=request.user, need=need, **form.service_kwargs())  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The need is saved. Matching solutions appear within a few seconds."))
            return redirect("matching:need", pk=saved.pk)
    return render(
        request,
        "matching/need_form.html",
        {"form": form, "need": need},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def need_new(request: HttpRequest) -> HttpResponse:
    NeedPolicy.require(request.user, "add_need")
    return _edit_need(request, None)


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_need(request, need_get_for(user=request.user, pk=pk, action="change_need"))


def solution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    solution = solution_get_for(user=request.user, pk=pk)
    ranked = search.needs_for_solution(solution) if solution.is_published else []
    open_needs = Need.objects.filter(pk__in=[pk for pk, _ in ranked], status=Need.Status.OPEN_CALL)
    by_pk = {n.pk: n for n in open_needs.select_related("city", "organisation")}
    return render(
        request,
        "matching/solution_detail.html",
        {
            "solution": solution,
            "needs": [(by_pk[pk], r) for pk, r in ranked if pk in by_pk],
            "matches": matches_for(user=request.user, solution=solution),
            "evidence": solution.pilots.filter(report_published_at__isnull=False).select_related("city"),
            "can_edit": request.user.has_perm("matching.change_solution", solution),
            "can_respond": request.user.has_perm("matching.respond", Match(solution=solution)),
        },
    )


def _edit_solution(request: HttpRequest, solution: Solution | None) -> HttpResponse:
    kwargs = {"instance": solution, "organisations": organisations_editable_by(user=request.user)}
    if FIND_INITIATIVES in request.POST:  # the search step: back with the list narrowed, nothing saved
        form = SolutionForm.retyped(request.POST, **kwargs)
        return render(request, "matching/solution_form.html", {"form": form, "solution": solution})
    form = SolutionForm(request.POST or None, **kwargs)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        saved = solution_save(by=request.user, solution=solution, **form.service_kwargs())  # type: ignore[arg-type]
        messages.success(request, _("The solution is saved."))
        return redirect("matching:solution", pk=saved.pk)
    return render(
        request,
        "matching/solution_form.html",
        {"form": form, "solution": solution},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def solution_new(request: HttpRequest) -> HttpResponse:
    SolutionPolicy.require(request.user, "add_solution")
    return _edit_solution(request, None)


@login_required
def solution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_solution(request, solution_get_for(user=request.user, pk=pk, action="change_solution"))


@login_required
@require_POST
def follows_update(request: HttpRequest) -> HttpResponse:
    DomainFollowPolicy.require(request.user, "follow_domains")
    form = FollowForm(request.POST)
    if form.is_valid():
        follows_set(user=request.user, domains=form.cleaned_data["domains"])  # type: ignore[arg-type]
        messages.success(request, _("Your followed domains are saved."))
    return redirect("accounts:profile")


def _take_step(request: HttpRequest, *, need: Need, solution: Solution, form: MatchActionForm) -> None:
    try:
        match_transition(need=need, solution=solution, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Recorded: %(step)s.") % {"step": Match.State(form.cleaned_data["action"]).label})


@login_required
@require_POST
def match_action(request: HttpRequest, need_pk: int, solution_pk: int) -> HttpResponse:
    need = need_get_for(user=request.user, pk=need_pk)
    solution = solution_get_for(user=request.user, pk=solution_pk)
    MatchPolicy.require(request.user, "take_step", Match(need=need, solution=solution))
    form = MatchActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This step is not possible now."))
    else:
        _take_step(request, need=need, solution=solution, form=form)
    back = request.POST.get("back")
    return (
        redirect("matching:solution", pk=solution.pk) if back == "solution" else redirect("matching:need", pk=need.pk)
    )
