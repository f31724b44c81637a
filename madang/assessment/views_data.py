"""Assessment pages that change data: values (a form, an upload, a self-assessment), validation, frameworks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core import roles
from madang.core.imports import ImportFailed
from madang.core.jobs import enqueue_on_commit
from madang.core.models import Network
from madang.core.services import import_run_start

from . import services, tasks
from .forms import FrameworkForm, NodeForm, ReviewForm, SelfAssessmentForm, ValueForm, ValuesUploadForm
from .models import Framework, Node, Value
from .policies import AssessedPlacePolicy, FrameworkPolicy
from .quality import outliers
from .selectors import (
    framework_get_for,
    indicators,
    places_submittable_by,
    tree_order,
    values_pending_for,
    values_to_review_for,
)
from .uploads import VALUE_COLUMNS


def _form_errors(form: Any, exc: ValidationError) -> None:
    """A problem with one field (a value outside the indicator's range, a future date) is shown at it."""
    fields = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, problems in fields.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug, action="submit_to_framework")
    if framework.kind == Framework.Kind.SELF_ASSESSMENT or framework.based_on is not None:
        # A copy shares its original's values, so they are entered there.
        target = framework.data
        view = "assessment:self-assess" if target.kind == Framework.Kind.SELF_ASSESSMENT else "assessment:submit"
        return redirect(view, slug=target.slug)
    places = places_submittable_by(user=request.user, framework=framework)
    nodes = indicators(framework)
    action = request.POST.get("action")
    form = ValueForm(request.POST if action == "one" else None, places=places, nodes=nodes,
                     initial={"place": places.first()} if places.count() == 1 else None)  # fmt: skip
    uploading = action == "upload"
    upload = ValuesUploadForm(request.POST if uploading else None, request.FILES if uploading else None)
    errors: list[Any] = []
    status = 200
    if action == "one" and form.is_valid():
        data = form.cleaned_data
        try:
            services.value_submit(node=data["node"], place=data["place"], year=data["year"], value=data["value"],
                                  source=data["source"], source_date=data["source_date"],
                                  by=request.user)  # type: ignore[arg-type]  # fmt: skip
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The value is saved and waits for validation by a network admin."))
            return redirect("assessment:submit", slug=slug)
    if action == "upload" and upload.is_valid():
        f = upload.cleaned_data["file"]
        if f.size > settings.MADANG_IMPORT_INLINE_BYTES:  # checked and written by the job worker
            page = reverse("assessment:submit", args=[framework.slug])
            run = import_run_start(kind=tasks.VALUES_KIND, upload=f, by=request.user, done_url=f"{page}#pending-h",
                                   again_url=f"{page}#upload-h")  # fmt: skip
            enqueue_on_commit(tasks.run_values_import, str(run.pk), framework.pk)
            return redirect("core:import-run", pk=run.pk)
        try:
            report = services.values_import(framework=framework, data=f.read(), filename=f.name,
                                            by=request.user)  # type: ignore[arg-type]  # fmt: skip
        except ImportFailed as failed:
            errors = failed.errors
        else:
            messages.success(request, report.summary())
            return redirect("assessment:submit", slug=slug)
    if action and (errors or form.errors or upload.errors):
        status = 400
    pending = values_pending_for(user=request.user, framework=framework)
    return render(request, "assessment/submit.html", {
        "framework": framework, "form": form, "upload": upload, "errors": errors, "columns": VALUE_COLUMNS,
        "indicators": nodes, "places": places, "pending": pending[:200],
        "returned": Value.objects.filter(node__framework=framework, place__in=places,
                                         status=Value.Status.REJECTED)
        .select_related("node", "place")[:200],
    }, status=status)  # fmt: skip


@login_required
def self_assess(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug, action="submit_to_framework")
    if framework.kind != Framework.Kind.SELF_ASSESSMENT or framework.based_on is not None:
        target = framework.data
        view = "assessment:self-assess" if target.kind == Framework.Kind.SELF_ASSESSMENT else "assessment:submit"
        return redirect(view, slug=target.slug)
    places = places_submittable_by(user=request.user, framework=framework)
    questions = [n for n, _depth in tree_order(list(framework.nodes.all())) if n.kind == Node.Kind.INDICATOR]
    place = places.filter(slug=request.GET.get("place", "")).first() or places.first()
    year = request.GET.get("year", "")
    previous = Value.objects.filter(node__framework=framework, place=place)
    if year.isdigit():
        previous = previous.filter(year=int(year))
    latest: dict[str, Any] = {}
    for v in previous.order_by("year").select_related("node"):
        latest[v.node.code] = (int(v.value), v.source)
    form = SelfAssessmentForm(request.POST or None, places=places, questions=questions, initial_answers=latest,
                              initial={"place": place})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            n = services.self_assessment_submit(framework=framework, place=form.cleaned_data["place"],
                                                year=form.cleaned_data["year"], answers=form.answers(),
                                                by=request.user)  # type: ignore[arg-type]  # fmt: skip
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(n)d answers are saved and wait for validation by a network admin.")
                             % {"n": n})  # fmt: skip
            return redirect("assessment:place", slug=slug, place=form.cleaned_data["place"].slug)
    return render(request, "assessment/self_assess.html", {"framework": framework, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def review(request: HttpRequest) -> HttpResponse:
    AssessedPlacePolicy.require(request.user, "review_values")
    pending = values_to_review_for(user=request.user)
    form = ReviewForm(request.POST or None, values=pending)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "validate"
        n = services.values_review(values=form.cleaned_data["values"], by=request.user,  # type: ignore[arg-type]
                                   accept=accept, note=form.cleaned_data["note"])  # fmt: skip
        messages.success(request, (_("%(n)d values validated.") if accept else _("%(n)d values returned.")) % {"n": n})
        return redirect("assessment:review")
    rows = list(pending.order_by("place__name", "node__framework_id", "node__order", "year")[:500])
    checked = {int(v) for v in request.POST.getlist("values") if v.isdigit()}
    flags = outliers(rows)
    return render(request, "assessment/review.html", {"form": form, "rows": rows, "checked": checked,
                                                      "flags": flags}, status=400 if form.errors else 200)  # fmt: skip


@login_required
def framework_new(request: HttpRequest) -> HttpResponse:
    FrameworkPolicy.require(request.user, "add_framework")
    networks = Network.objects.filter(pk__in=roles.admin_network_ids(request.user)).order_by("name")
    form = FrameworkForm(request.POST or None, request.FILES or None, networks=networks)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        imeta = data["imeta"]
        fields: dict[str, Any] = {
            "slug": data["slug"], "name": form.texts("name"), "description": form.texts("description"),
            "kind": data["kind"], "unit_kind": data["unit_kind"], "spec": data["spec"],
        }  # fmt: skip
        if data.get("network") is not None:
            fields["network_id"] = data["network"].pk
        if imeta and imeta.size > settings.MADANG_IMPORT_INLINE_BYTES:  # checked and written by the job worker
            if _slug_free(form):
                run = import_run_start(kind=tasks.FRAMEWORK_KIND, upload=imeta, by=request.user,
                                       done_url=reverse("assessment:framework-edit", args=[data["slug"]]),
                                       again_url=reverse("assessment:framework-new"))  # fmt: skip
                enqueue_on_commit(tasks.run_framework_import, str(run.pk), fields)
                return redirect("core:import-run", pk=run.pk)
        else:
            try:
                framework = services.framework_create(
                    by=request.user,  # type: ignore[arg-type]
                    imeta=imeta.read() if imeta else None, filename=imeta.name if imeta else "imeta.csv", **fields,
                )  # fmt: skip
            except ImportFailed as failed:
                errors = failed.errors
            except ValidationError as exc:
                for field, messages_ in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(request, _("The framework is created. Add or check its indicators, then publish it."))
                return redirect("assessment:framework-edit", slug=framework.slug)
    return render(request, "assessment/framework_form.html", {"form": form, "errors": errors},
                  status=400 if (form.errors or errors) else 200)  # fmt: skip


def _slug_free(form: FrameworkForm) -> bool:
    """A short name already taken is said on the form at once, not after the table has waited for the worker."""
    if Framework.objects.filter(slug=form.cleaned_data["slug"]).exists():
        form.add_error("slug", _("A framework with this short name exists already."))
        return False
    return True


@login_required
def framework_edit(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug, action="change_framework")
    code = request.GET.get("node") or request.POST.get("node_code")
    node = framework.nodes.filter(code=code).first() if code else None
    form = NodeForm(request.POST or None, instance=node, framework=framework)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if not k.startswith("name_")}
        try:
            services.node_save(framework=framework, by=request.user, node=node,  # type: ignore[arg-type]
                               name=form.names(), **fields)  # fmt: skip
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("assessment:framework-edit", slug=slug)
    return render(request, "assessment/framework_edit.html", {
        "framework": framework, "form": form, "node": node, "tree": tree_order(list(framework.nodes.all())),
        "denominators": framework.nodes.filter(kind=Node.Kind.DENOMINATOR),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def framework_publish(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug, action="change_framework")
    services.framework_publish(framework=framework, by=request.user,  # type: ignore[arg-type]
                               publish=request.POST.get("publish") == "1")  # fmt: skip
    return redirect("assessment:framework-edit", slug=slug)


@login_required
@require_POST
def framework_copy(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug, action="copy_framework")
    copy = services.framework_copy(framework=framework, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("This is your network's own copy: change its weights or indicators, then publish it."))
    return redirect(reverse("assessment:framework-edit", args=[copy.slug]))
