"""Pilot pages: list, plan (tasks, criteria, sites), phases, decision, report and its downloads."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core.models import Computation, Place

from . import services
from .exports import SUS_ADJECTIVES, report_csv, sessions_csv
from .forms import ChangeForm, CriterionForm, DecisionForm, PilotForm, SiteForm, TaskForm
from .forms_lists import PilotFilterForm
from .lists import pilot_search, pilots_csv
from .models import Pilot, SuccessCriterion, Task
from .policies import PilotPolicy, SuccessCriterionPolicy, TaskPolicy
from .prepared import report_pdf_prepare
from .reports import report_build
from .selectors import drafts_open_for, pilot_get_for, pilot_list_for


def _filter_form(request: HttpRequest) -> PilotFilterForm:
    cities = Place.objects.filter(kind=Place.Kind.CITY, pk__in=pilot_list_for(user=request.user).values("city"))  # type: ignore[arg-type]
    return PilotFilterForm(request.GET or None, cities=list(cities.select_related("parent").order_by("name")))


def pilots(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    found = pilot_search(user=request.user, filters=filters)
    page = Paginator(found, settings.MADANG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pilots/pilot_list.html", {"page": page, "form": form, "filters": filters,
                  "can_add": PilotPolicy.allows(request.user, "add_pilot")})  # fmt: skip


def pilots_export(request: HttpRequest) -> StreamingHttpResponse:
    rows = pilot_search(user=request.user, filters=_filter_form(request).filters()).iterator(chunk_size=500)
    response = StreamingHttpResponse(pilots_csv(rows, site=settings.MADANG_SITE_URL), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="madang-pilots.csv"'
    return response


def _detail_context(request: HttpRequest, pilot: Pilot, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_change = PilotPolicy.allows(user, "change_pilot", pilot)
    can_see_panel = PilotPolicy.allows(user, "view_panel", pilot)
    can_record_change = PilotPolicy.allows(user, "record_change", pilot)
    easy = getattr(request, "display", {}).get("mode") == "easy"
    return {
        "pilot": pilot,
        # A resident in easy mode gets the plain page; anyone with a role in the pilot keeps its working page.
        "plain": easy and not (can_change or can_see_panel or can_record_change),
        "phases": pilot.phase_dates(),
        "sites": pilot.sites.prefetch_related("hosts"),
        "tasks": pilot.tasks.all(),
        "criteria": pilot.criteria.select_related("task"),
        "changes": pilot.changes.all(),
        "can_change": can_change,
        "can_see_panel": can_see_panel,
        "can_record_change": can_record_change,
        "can_see_report": PilotPolicy.allows(user, "view_report", pilot),
        "drafts": drafts_open_for(user=user, pilot=pilot),  # type: ignore[arg-type]
        "n_testers": pilot.testers.count(),
        "task_form": extra.pop("task_form", None) or (TaskForm() if can_change else None),
        "criterion_form": extra.pop("criterion_form", None) or (CriterionForm(pilot=pilot) if can_change else None),
        "change_form": extra.pop("change_form", None) or ChangeForm(),
        "recruiting": pilot.phase in (Pilot.Phase.RECRUIT, Pilot.Phase.TEST),
        **extra,
    }


def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(request, "pilots/pilot_detail.html", _detail_context(request, pilot))


def _form_errors(form: PilotForm, exc: ValidationError) -> None:
    """The model's full_clean names fields the form may not have (manager): those go at the top, not a 500."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _edit(request: HttpRequest, pilot: Pilot | None) -> HttpResponse:
    form = PilotForm(request.POST or None, instance=pilot, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if pilot is None:
                saved = services.pilot_create(by=request.user, **fields)  # type: ignore[arg-type]
            else:
                saved = services.pilot_update(pilot=pilot, by=request.user, **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The pilot is saved."))
            return redirect("pilots:detail", pk=saved.pk)
    return render(request, "pilots/pilot_form.html", {"form": form, "pilot": pilot},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def pilot_new(request: HttpRequest) -> HttpResponse:
    PilotPolicy.require(request.user, "add_pilot")
    return _edit(request, None)


@login_required
def pilot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pilot_get_for(user=request.user, pk=pk, action="change_pilot"))  # type: ignore[arg-type]


def _invalid(request: HttpRequest, pilot: Pilot, **forms: Any) -> HttpResponse:
    return render(request, "pilots/pilot_detail.html", _detail_context(request, pilot, **forms), status=400)


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.task_add(pilot=pilot, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The task is added."))
            return redirect(reverse("pilots:detail", args=[pk]) + "#tasks-h")
    return _invalid(request, pilot, task_form=form)


@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    tasks = Task.objects.filter(pilot_id=pk).select_related("pilot")
    task = TaskPolicy.get(request.user, "delete_task", base=tasks, pk=task_pk)
    try:
        services.task_delete(task=task, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("pilots:detail", args=[pk]) + "#tasks-h")


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    form = CriterionForm(request.POST, pilot=pilot)
    if form.is_valid():
        try:
            services.criterion_add(pilot=pilot, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The success criterion is added."))
            return redirect(reverse("pilots:detail", args=[pk]) + "#criteria-h")
    return _invalid(request, pilot, criterion_form=form)


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criteria = SuccessCriterion.objects.filter(pilot_id=pk).select_related("pilot")
    criterion = SuccessCriterionPolicy.get(request.user, "delete_criterion", base=criteria, pk=criterion_pk)
    try:
        services.criterion_delete(criterion=criterion, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("pilots:detail", args=[pk]) + "#criteria-h")


@login_required
def site_new(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hosts = form.cleaned_data.pop("host_names")
        services.site_add(pilot=pilot, by=request.user, hosts=hosts, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The test site is added."))
        return redirect(reverse("pilots:detail", args=[pk]) + "#sites-h")
    return render(request, "pilots/site_form.html", {"form": form, "pilot": pilot},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    try:
        services.pilot_advance(pilot=pilot, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The pilot is now in the phase: %(phase)s.") % {"phase": pilot.get_phase_display()})
    return redirect("pilots:detail", pk=pk)


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    initial = {"decision": pilot.decision, "reasons": pilot.decision_reasons}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_decide(pilot=pilot, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("pilots:report", pk=pk)
    report = report_build(pilot=pilot, themes=False)
    return render(request, "pilots/decide.html", {"form": form, "pilot": pilot, "report": report},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def change_add(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="record_change")  # type: ignore[arg-type]
    form = ChangeForm(request.POST)
    if form.is_valid():
        try:
            services.change_record(pilot=pilot, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Recorded. New testers now count in iteration %(n)s.") % {"n": pilot.iteration})
            return redirect(reverse("pilots:detail", args=[pk]) + "#changes-h")
    return _invalid(request, pilot, change_form=form)


# ------------------------------------------------------------------ report
def _report(request: HttpRequest, pk: int) -> tuple[Pilot, Any]:
    pilot = pilot_get_for(user=request.user, pk=pk, action="view_report")  # type: ignore[arg-type]
    return pilot, PilotPolicy.allows(request.user, "view_panel", pilot)


def report(request: HttpRequest, pk: int) -> HttpResponse:
    pilot, insider = _report(request, pk)
    built = report_build(pilot=pilot, examples=insider)
    overall = built.overall
    grade = overall.sus_grade if overall and overall.sus_grade else None
    return render(request, "pilots/report.html", {
        "pilot": pilot, "report": built, "insider": insider,
        "sus_adjective": SUS_ADJECTIVES.get(grade[1], grade[1]) if grade else None,
        "can_change": PilotPolicy.allows(request.user, "change_pilot", pilot),
        "report_url": request.build_absolute_uri(reverse("pilots:report", args=[pk])),
    })  # fmt: skip


def _download(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_csv_download(request: HttpRequest, pk: int) -> HttpResponse:
    pilot, _insider = _report(request, pk)
    return _download(report_csv(report_build(pilot=pilot, themes=False)), f"pilot-{pk}-report.csv", "text/csv")


def sessions_csv_download(request: HttpRequest, pk: int) -> HttpResponse:
    pilot, _insider = _report(request, pk)
    return _download(sessions_csv(report_build(pilot=pilot, themes=False)), f"pilot-{pk}-sessions.csv", "text/csv")


def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF once the job worker has made it; until then a page that says so and links to it."""
    pilot, _insider = _report(request, pk)
    prepared = report_pdf_prepare(pilot=pilot, prepared=request.GET.get("prepared", ""))
    if prepared.status == Computation.Status.DONE:
        return _download(bytes(prepared.content or b""), f"pilot-{pk}-report.pdf", "application/pdf")
    failed = prepared.status == Computation.Status.FAILED
    return render(request, "pilots/report_pdf_pending.html", {
        "pilot": pilot, "failed": failed,
        "pdf_url": f"{reverse('pilots:report-pdf', args=[pk])}?prepared={prepared.pk}",
    }, status=503 if failed else 202)  # fmt: skip


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    published = request.POST.get("published") != "0"
    try:
        services.report_publish(pilot=pilot, by=request.user, published=published)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is public.") if published else _("The report is no longer public."))
    return redirect("pilots:report", pk=pk)


@login_required
@require_POST
def to_catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_get_for(user=request.user, pk=pk, action="change_pilot")  # type: ignore[arg-type]
    built = report_build(pilot=pilot, themes=False)
    year = (pilot.decided_at or pilot.updated_at).year
    outcomes = [
        {"indicator": str(c.criterion.get_metric_display())[:200], "result": round(c.value, 4),
         "unit": "%" if c.criterion.metric.endswith(("rate", "share")) else "", "year": year}
        for c in built.criteria if c.value is not None
    ]  # fmt: skip
    try:
        initiative = services.pilot_to_initiative(
            pilot=pilot, by=request.user, outcomes=outcomes,  # type: ignore[arg-type]
            report_url=request.build_absolute_uri(reverse("pilots:report", args=[pk])),
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pilots:report", pk=pk)
    messages.success(request, _("A draft catalogue entry was created from the report. Review it, then publish."))
    return redirect("catalogue:edit", slug=initiative.slug)
