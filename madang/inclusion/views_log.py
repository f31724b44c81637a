"""The guide's field log (three short pages, each saved on the server), the city's guides and dashboards."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from madang.core.models import Organisation

from . import fieldlog
from .forms import GuideAddForm, GuideSitesForm, ResultStepForm, WhatStepForm, WhereStepForm
from .models import AssistDraft, AssistLog, Guide
from .policies import AssistLogPolicy, GuidePolicy, InclusionCityPolicy
from .selectors import city_get, place_name
from .selectors_log import assists_visible_to, draft_get_for, guide_roles_for, recent_sites
from .selectors_log import dashboard as dashboard_build

STEP_TITLES = {"where": gettext_lazy("Where"), "what": gettext_lazy("What"), "result": gettext_lazy("How it went")}


@login_required
def log_home(request: HttpRequest) -> HttpResponse:
    roles = list(guide_roles_for(user=request.user))  # type: ignore[arg-type]
    drafts = AssistDraft.objects.filter(guide__in=roles, submitted_at__isnull=True).select_related("guide")
    own = AssistLog.objects.filter(guide__user=request.user).select_related("facility")  # type: ignore[misc]
    recent = list(AssistLogPolicy.queryset(request.user, "view_assist", base=own)[:10]) if roles else []
    return render(request, "inclusion/log_home.html", {"roles": roles, "drafts": drafts, "recent": recent})


@login_required
@require_POST
def log_start(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("guide", "")
    guide = get_object_or_404(guide_roles_for(user=request.user), pk=int(pk) if pk.isdigit() else 0)  # type: ignore[arg-type]
    draft = fieldlog.assist_start(guide=guide, by=request.user)  # type: ignore[arg-type]
    return redirect("inclusion:log-step", draft_pk=draft.pk, step=draft.step)


def _step_form(draft: AssistDraft, key: str, data: Any = None) -> Any:
    saved = draft.data.get(key)
    if key == "where":
        initial = WhereStepForm.initial_from(saved) if saved else None
        return WhereStepForm(data, initial=initial, guide=draft.guide, recent=recent_sites(guide=draft.guide))
    form_class = WhatStepForm if key == "what" else ResultStepForm
    return form_class(data, initial=saved)


@login_required
def log_step(request: HttpRequest, draft_pk: int, step: int | None = None) -> HttpResponse:
    """One short page per step; each is saved on the server before the next loads, the last one saves the assist."""
    draft = draft_get_for(user=request.user, pk=draft_pk)  # type: ignore[arg-type]
    if draft.submitted_at is not None:
        messages.info(request, _("This assist is already saved."))
        return redirect("inclusion:log")
    steps = fieldlog.STEPS
    if step is None or step > draft.step or step >= len(steps):
        return redirect("inclusion:log-step", draft_pk=draft.pk, step=min(draft.step, len(steps) - 1))
    key = steps[step]
    form = _step_form(draft, key, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fieldlog.assist_save_step(draft=draft, by=request.user, key=key, values=form.values())  # type: ignore[arg-type]
            if step == len(steps) - 1:
                fieldlog.assist_submit(draft=draft, by=request.user)  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            if step == len(steps) - 1:
                messages.success(request, _("Saved. Thank you!"))
                return redirect("inclusion:log")
            return redirect("inclusion:log-step", draft_pk=draft.pk, step=step + 1)
    return render(request, "inclusion/log_step.html", {
        "draft": draft, "form": form, "step": step, "key": key, "n_steps": len(steps), "title": STEP_TITLES[key],
        "last": step == len(steps) - 1,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


# ---------------------------------------------------------------------- the city's guides
def _city_guides(city: Any) -> Any:
    """The guides of the city's government: an organisation merely located in the city has none of the city's."""
    return Guide.objects.filter(organisation__governs=city)


@login_required
def guides(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    InclusionCityPolicy.require(request.user, "manage_guides", city)
    government = Organisation.objects.filter(governs=city).first()
    form = GuideAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if government is None:  # only a superuser reaches a city without a government
                raise ValidationError(_("This city has no government organisation to register guides with."))
            guide = fieldlog.guide_add(organisation=government, username=form.cleaned_data["username"],
                                       by=request.user)  # type: ignore[arg-type]  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is now a digital guide.") % {"name": guide.user.username})
            return redirect("inclusion:guides", slug=slug)
    rows = GuidePolicy.queryset(request.user, "change_guide", base=_city_guides(city))
    rows = rows.select_related("user", "organisation").prefetch_related("sites")
    return render(request, "inclusion/guides.html", {
        "city": city, "city_name": place_name(city), "form": form, "guides": rows,
        "sites_form": GuideSitesForm(city=city),
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def guide_change(request: HttpRequest, slug: str, guide_pk: int) -> HttpResponse:
    city = city_get(slug=slug)
    base = _city_guides(city).select_related("organisation__governs")
    guide = GuidePolicy.get(request.user, "change_guide", base=base, pk=guide_pk)
    if "active" in request.POST:
        fieldlog.guide_set_active(guide=guide, active=request.POST["active"] == "1", by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Saved."))
    else:
        form = GuideSitesForm(request.POST, city=city)
        if form.is_valid():
            fieldlog.guide_set_sites(guide=guide, sites=list(form.cleaned_data["sites"]), by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The guide's usual sites are saved."))
        else:
            messages.error(request, _("Choose sites from the list."))
    return redirect("inclusion:guides", slug=slug)


# ---------------------------------------------------------------------- dashboards and entries
def _month(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    InclusionCityPolicy.require(request.user, "view_dashboard", city)
    board = dashboard_build(city=city, month=_month(request.GET.get("month", "")))
    return render(request, "inclusion/dashboard.html", {
        "city": city, "city_name": place_name(city), "board": board,
        "can_see_entries": request.user.has_perm("inclusion.view_assists", city),
    })  # fmt: skip


@login_required
def entries(request: HttpRequest, slug: str) -> HttpResponse:
    """Row by row: the city's staff see every entry of the city, a guide only their own."""
    city = city_get(slug=slug)
    InclusionCityPolicy.require(request.user, "view_entries", city)
    staff = request.user.has_perm("inclusion.view_assists", city)
    logs = assists_visible_to(user=request.user, city=city)  # type: ignore[arg-type]
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "inclusion/entries.html", {"city": city, "city_name": place_name(city), "page": page,
                                                      "staff": staff})  # fmt: skip
