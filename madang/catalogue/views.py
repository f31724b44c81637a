from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core.imports import ImportFailed
from madang.core.jobs import enqueue_on_commit
from madang.core.selectors import organisations_editable_by
from madang.core.services import import_run_start

from . import exporting
from .forms import FilterForm, ImportForm, InitiativeForm, OutcomeFormSet, PartnerFormSet, SourceFormSet
from .importing import CSV_COLUMNS, CSV_REQUIRED, guess_format
from .models import Initiative, Partnership
from .selectors import facet_options, initiative_get_for, initiative_list
from .services import initiative_create, initiative_publish, initiative_update, initiatives_import
from .tasks import KIND, run_initiative_import


def _filter_form(request: HttpRequest) -> FilterForm:
    return FilterForm(request.GET or None, **facet_options())


def catalogue(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    page = Paginator(initiative_list(filters=filters), settings.MADANG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filters": filters, "query_truncated": form.query_truncated()}
    return render(request, "catalogue/list.html", context)


def catalogue_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    filters = _filter_form(request).filters()
    qs = (
        initiative_list(filters=filters)
        .select_related("district")
        .prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")), "outcomes", "sources"
        )
    )
    rows = qs.iterator(chunk_size=500)
    if fmt == "json":
        response = StreamingHttpResponse(exporting.export_json(rows), content_type="application/json; charset=utf-8")
    else:
        response = StreamingHttpResponse(exporting.export_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="madang-initiatives.{fmt}"'
    return response


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The initiative in the reader's language or the next one of their chain; `?text=ja` asks for a stored
    language by name (each one is linked from the page)."""
    initiative = initiative_get_for(user=request.user, slug=slug)  # type: ignore[arg-type]
    stored = list(initiative.translations.all())
    asked = request.GET.get("text", "")
    content = next((t for t in stored if t.language == asked), None) or initiative.translation()
    return render(
        request,
        "catalogue/detail.html",
        {
            "initiative": initiative,
            "content": content,
            "other_texts": [t for t in stored if content is None or t.language != content.language],
            "can_edit": request.user.has_perm("catalogue.change_initiative", initiative),
            "can_publish": request.user.has_perm("catalogue.publish_initiative", initiative),
        },
    )


def _edit(request: HttpRequest, initiative: Initiative | None) -> HttpResponse:
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative, owners=organisations_editable_by(user=user))
    initial_partners = initial_outcomes = initial_sources = None
    if initiative is not None:
        initial_partners = [{"organisation": p.organisation, "role": p.role} for p in initiative.partnerships.all()]
        initial_outcomes = [
            {f: getattr(o, f) for f in ("indicator", "baseline", "result", "unit", "year", "source")}
            for o in initiative.outcomes.all()
        ]
        initial_sources = [{"title": s.title, "url": s.url} for s in initiative.sources.all()]
    partners = PartnerFormSet(data, prefix="partners", initial=initial_partners)
    outcomes = OutcomeFormSet(data, prefix="outcomes", initial=initial_outcomes)
    sources = SourceFormSet(data, prefix="sources", initial=initial_sources)
    if data is not None and all(f.is_valid() for f in (form, partners, outcomes, sources)):
        kwargs = form.service_kwargs()
        kwargs["partners"] = [
            (f.cleaned_data["organisation"], f.cleaned_data["role"])
            for f in partners
            if f.cleaned_data.get("organisation")
        ]
        kwargs["outcomes"] = [f.cleaned_data for f in outcomes if f.cleaned_data.get("indicator")]
        kwargs["sources"] = [
            (f.cleaned_data.get("title", ""), f.cleaned_data["url"]) for f in sources if f.cleaned_data.get("url")
        ]
        if initiative is None:
            initiative = initiative_create(by=user, **kwargs)  # type: ignore[arg-type]
            messages.success(request, _("Saved as a draft. A network admin publishes it."))
        else:
            initiative = initiative_update(initiative=initiative, by=user, **kwargs)  # type: ignore[arg-type]
            messages.success(request, _("Your changes are saved."))
        return redirect("catalogue:detail", slug=initiative.slug)
    return render(
        request,
        "catalogue/edit.html",
        {
            "form": form,
            "partners": partners,
            "outcomes": outcomes,
            "sources": sources,
            "initiative": initiative,
        },
        status=400 if data is not None else 200,
    )


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("catalogue.add_initiative"):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_get_for(user=request.user, slug=slug, action="change")  # type: ignore[arg-type]
    return _edit(request, initiative)


@login_required
@require_POST
def initiative_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_get_for(user=request.user, slug=slug, action="publish")  # type: ignore[arg-type]
    publish = request.POST.get("publish") == "1"
    initiative_publish(initiative=initiative, by=request.user, published=publish)  # type: ignore[arg-type]
    messages.success(request, _("Published.") if publish else _("Unpublished."))
    return redirect("catalogue:detail", slug=initiative.slug)


@login_required
def initiative_import(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("catalogue.import_initiatives"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.MADANG_IMPORT_INLINE_BYTES:
            run = import_run_start(kind=KIND, upload=upload, by=request.user, done_url=reverse("accounts:profile"),
                                   again_url=reverse("catalogue:import"))  # fmt: skip
            enqueue_on_commit(run_initiative_import, str(run.pk))
            return redirect("core:import-run", pk=run.pk)
        try:
            report = initiatives_import(
                data=upload.read(),
                fmt=guess_format(upload.name),
                by=request.user,  # type: ignore[arg-type]
            )
        except ImportFailed as failed:
            errors = failed.errors
            status = 400
        else:
            messages.success(
                request,
                _("Imported %(created)d new and %(updated)d updated initiatives as drafts.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect("accounts:profile")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "catalogue/import.html",
        {
            "form": form,
            "errors": errors,
            "columns": CSV_COLUMNS,
            "required": CSV_REQUIRED,
        },
        status=status,
    )
