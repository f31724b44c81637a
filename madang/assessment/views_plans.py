"""Action plans in the ASEAN Smart Cities Network form: vision, focus areas, targets, priority projects."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madang.core import roles

from .forms import ActionPlanForm, FocusAreaForm, ProjectForm, TargetForm
from .models import ActionPlan, Framework
from .policies import ActionPlanPolicy, governed_city_ids
from .reports import plan_progress
from .selectors import plan_get_for, plan_list_for, plan_organisations


def plans(request: HttpRequest) -> HttpResponse:
    return render(request, "assessment/plan_list.html", {
        "plans": plan_list_for(user=request.user),
        "can_add": ActionPlanPolicy.allows(request.user, "add_plan"),
    })  # fmt: skip


def _frameworks() -> Any:
    return Framework.objects.filter(is_published=True, unit_kind=Framework.UnitKind.CITY)


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """A plan of the city the user's organisation governs; a superuser chooses the city government it is for."""
    user = request.user
    ActionPlanPolicy.require(user, "add_plan")
    # A government of one city makes its own plan; one who edits for several cities' governments, or a superuser,
    # chooses which city's plan it is.
    governments = plan_organisations()
    if not roles.is_superuser(user):
        governments = governments.filter(pk__in=roles.editor_org_ids(user), governs__in=governed_city_ids(user))
    own = governments.first() if governments.count() == 1 else None
    form = ActionPlanForm(request.POST or None, frameworks=_frameworks(),
                          organisations=None if own is not None else governments)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        organisation = own or form.cleaned_data["organisation"]
        plan.organisation, plan.city, plan.created_by = organisation, organisation.governs, user
        plan.save()
        return redirect("assessment:plan", pk=plan.pk)
    return render(request, "assessment/plan_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for(user=request.user, pk=pk, action="change_plan")
    form = ActionPlanForm(request.POST or None, instance=plan, frameworks=_frameworks())
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("assessment:plan", pk=plan.pk)
    return render(request, "assessment/plan_form.html", {"form": form, "plan": plan},
                  status=400 if form.errors else 200)  # fmt: skip


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for(user=request.user, pk=pk)
    can_change = ActionPlanPolicy.allows(request.user, "change_plan", plan)
    progress = plan_progress(plan=plan)
    context: dict[str, Any] = {
        "plan": plan, "progress": progress, "can_change": can_change, "example": any(p.example for p in progress),
        "focus_areas": plan.focus_areas.prefetch_related("targets", "projects"),
        "projects": plan.projects.prefetch_related("needs", "pilots", "initiatives__translations"),
    }  # fmt: skip
    if can_change:
        context.update(focus_form=FocusAreaForm(prefix="focus"), target_form=TargetForm(plan=plan, prefix="target"),
                       project_form=ProjectForm(plan=plan, prefix="project"))  # fmt: skip
    return render(request, "assessment/plan_detail.html", context)


@login_required
def plan_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Add a focus area, a target or a priority project; a form with errors is shown again with what was typed."""
    plan = plan_get_for(user=request.user, pk=pk, action="change_plan")
    kinds: dict[str, Any] = {
        "focus": lambda data: FocusAreaForm(data, prefix="focus"),
        "target": lambda data: TargetForm(data, plan=plan, prefix="target"),
        "project": lambda data: ProjectForm(data, plan=plan, prefix="project"),
    }
    if part not in kinds:
        raise Http404
    form = kinds[part](request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            item.plan = plan
            item.save()
            form.save_m2m()
            ActionPlan.objects.filter(pk=plan.pk).update(updated_at=item.plan.updated_at)
        messages.success(request, _("Added to the plan."))
        return redirect("assessment:plan", pk=plan.pk)
    return render(request, "assessment/plan_part.html", {"plan": plan, "form": form, "part": part},
                  status=400 if form.errors else 200)  # fmt: skip
