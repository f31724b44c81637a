"""The guide deployment planner (the city government's editors), saved plans (those editors and the admins of a
network the government is a member of)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from madang.core.models import Computation, Place

from .forms import PlanAssignForm, PlannerForm, PlanSaveForm
from .indicators import CityData
from .models import DeploymentPlan, Facility, Guide
from .plan_display import plan_display
from .planner import PlanInputs, plan_assign, plan_save, plan_solve
from .policies import DeploymentPlanPolicy, GuidePolicy, InclusionCityPolicy
from .prepared import plan_prepare, solve_inline
from .selectors import city_get, facility_kinds, place_name


def _form(city: Place, data: Any) -> PlannerForm:
    cd = CityData(city)
    kinds = facility_kinds(city=city)
    people = [d for d in cd.available(map_only=False) if d.demand and not d.code.startswith("age_")]
    weights = [d for d in cd.available(map_only=False) if d.weight]
    return PlannerForm(data, kinds=kinds, demand=people, weight=weights)


def _inputs(form: PlannerForm) -> PlanInputs:
    d = form.cleaned_data
    return PlanInputs(candidates=d["candidates"], p=d["p"], radius=float(d["radius"]), detour=float(d["detour"]),
                      demand=d["demand"], weight=d.get("weight") or "", n_guides=d["n_guides"], days=d["days"],
                      shifts_per_day=d["shifts_per_day"], points=d["points"])  # fmt: skip


@login_required
def planner(request: HttpRequest, slug: str) -> HttpResponse:
    """GET with the inputs solves and shows the plan (nothing saved); POST solves and saves it. A large solve goes to
    the job worker: the page says so and links to itself with the solve's id, which shows (or saves) its result."""
    city = city_get(slug=slug)
    InclusionCityPolicy.require(request.user, "plan", city)
    posted = request.method == "POST"
    data = request.POST if posted else (request.GET if "p" in request.GET else None)
    form = _form(city, data)
    save_form = PlanSaveForm(request.POST if posted else None)
    display = pending = None
    prepared_id = ""
    status = 200
    if data is not None:
        if form.is_valid() and (not posted or save_form.is_valid()):
            inputs = _inputs(form)
            result = None
            if solve_inline(city=city, inputs=inputs):
                try:
                    result = plan_solve(city=city, inputs=inputs)
                except ValidationError as exc:
                    form.add_error(None, exc)
                    status = 400
            else:
                prepared = plan_prepare(city=city, inputs=inputs, prepared=data.get("prepared", ""))
                prepared_id = str(prepared.pk)
                outcome: dict[str, Any] = prepared.result or {}
                if prepared.status == Computation.Status.DONE and "errors" in outcome:
                    for message in outcome["errors"]:
                        form.add_error(None, message)
                    status = 400
                elif prepared.status == Computation.Status.DONE:
                    result = outcome["result"]
                elif prepared.status == Computation.Status.FAILED:
                    form.add_error(None, _("The plan could not be solved. Please try again; if it fails again, "
                                           "tell the site's staff."))  # fmt: skip
                    status = 503
                else:
                    pending, status = prepared, 202
            if result is not None:
                if posted:
                    plan = plan_save(city=city, by=request.user, title=save_form.cleaned_data["title"],  # type: ignore[arg-type]
                                     inputs=inputs, result=result)  # fmt: skip
                    messages.success(request, _("The plan is saved."))
                    return redirect("inclusion:plan", slug=slug, pk=plan.pk)
                display = plan_display(city=city, inputs=inputs.as_dict(), result=result)
        else:
            status = 400
    query = request.GET.copy()
    query["prepared"] = prepared_id
    return render(request, "inclusion/planner.html", {
        "city": city, "city_name": place_name(city), "form": form, "save_form": save_form, "display": display,
        "has_candidates": Facility.objects.filter(city=city).exists(),
        "plans_url": reverse("inclusion:plans", args=[slug]), "pending": pending, "posted": posted,
        "prepared_id": prepared_id, "pending_url": f"{request.path}?{query.urlencode()}",
    }, status=status)  # fmt: skip


@login_required
def plans(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    InclusionCityPolicy.require(request.user, "view_plans", city)
    base = DeploymentPlan.objects.filter(city=city).select_related("created_by")
    rows = DeploymentPlanPolicy.queryset(request.user, "view_plan", base=base)
    return render(request, "inclusion/plans.html", {
        "city": city, "city_name": place_name(city), "plans": rows,
        "can_plan": request.user.has_perm("inclusion.plan", city),
    })  # fmt: skip


@login_required
def plan_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The saved plan; the city's editors may also give guides their rota sites (POST)."""
    city = city_get(slug=slug)
    # A plan is private: to anyone who may not read it, no sign that it exists (404).
    plan = DeploymentPlanPolicy.get(request.user, "view_plan", base=DeploymentPlan.objects.filter(city=city), pk=pk)
    if request.method == "POST":
        DeploymentPlanPolicy.require(request.user, "assign_plan", plan)
    can_assign = DeploymentPlanPolicy.allows(request.user, "assign_plan", plan)
    active = Guide.objects.filter(organisation__governs=city, is_active=True).select_related("user", "organisation")
    guides = list(GuidePolicy.queryset(request.user, "change_guide", base=active)) if can_assign else []
    form = PlanAssignForm(request.POST or None, n_guides=len(plan.result["rota"]), guides=guides) if can_assign \
        else None  # fmt: skip
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            n = plan_assign(plan=plan, by=request.user, guides=form.chosen())  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)d guides now see their rota sites first in the field log.") % {"n": n})
            return redirect("inclusion:plan", slug=slug, pk=pk)
    display = plan_display(city=city, inputs=plan.inputs, result=plan.result)
    return render(request, "inclusion/plan.html", {"city": city, "city_name": place_name(city), "plan": plan,
                                                   "display": display, "form": form, "guides": guides},
                  status=400 if request.method == "POST" else 200)  # fmt: skip
