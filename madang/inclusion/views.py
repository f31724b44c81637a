"""Public map pages (choropleth, table, summary, area pages) and the city editors' import page."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from madang.core.imports import ImportFailed
from madang.core.jobs import enqueue_on_commit
from madang.core.services import import_run_start

from . import services
from .forms import AreasImportForm, FacilitiesImportForm, IndicatorForm, StatisticsImportForm
from .indicators import BUILTIN, importable_codes
from .models import Facility, Indicator, MapFrame
from .policies import InclusionCityPolicy
from .selectors import SORTS, area_get, area_view, cities_with_maps, city_get, map_view, place_name
from .tasks import KINDS, run_map_data_import


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "inclusion/index.html", {"cities": cities_with_maps()})


def _city_links(request: HttpRequest, city: Any) -> dict[str, bool]:
    user = request.user
    return {
        "can_import": user.has_perm("inclusion.import_data", city),
        "can_plan": user.has_perm("inclusion.view_plans", city),
        "can_dashboard": user.has_perm("inclusion.view_dashboard", city),
        "can_manage_guides": user.has_perm("inclusion.manage_guides", city),
        "can_record": user.has_perm("inclusion.record_assist", city),
    }


def sort_links(params: dict[str, str], sort: str, descending: bool) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (toggling the direction when it is the current one) and
    its aria-sort value."""
    links = {}
    for column in SORTS:
        current = column == sort
        next_desc = not descending if current else column not in ("name", "group")
        query = urlencode({**params, "sort": column, "order": "desc" if next_desc else "asc"})
        links[column] = {
            "url": f"?{query}#areas-h",
            "aria": ("descending" if descending else "ascending") if current else "none",
            "arrow": ("▼" if descending else "▲") if current else "",
        }
    return links


def city_map(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    params = {k: request.GET.get(k, "") for k in ("indicator", "facilities") if request.GET.get(k)}
    sort = request.GET.get("sort", "value")
    descending = request.GET.get("order", "desc") != "asc"
    view = map_view(city=city, indicator=params.get("indicator", ""), facility_kind=params.get("facilities", ""),
                    sort=sort, descending=descending)  # fmt: skip
    name = place_name(city).text
    if view.indicator is not None:
        label = str(view.indicator.label)
        title = _("%(indicator)s by area, %(city)s") % {"indicator": label, "city": name}
        desc = _("A map of %(n)d areas in %(k)d classes: darker colours and denser patterns mean higher values. "
                 "Each area links to its page. The table after the map gives every value.") % {
            "n": len(view.rows), "k": view.n_classes}  # fmt: skip
    else:
        title = _("Areas of %(city)s") % {"city": name}
        desc = _("A map of %(n)d areas without statistics yet. Each area links to its page.") % {"n": len(view.rows)}
    if view.facility_kind:
        desc += " " + _("Black dots: %(n)d facilities.") % {"n": view.n_facilities}
    svg = view.svg(title=title, desc=desc)
    context = {
        "city": city, "city_name": place_name(city), "view": view, "svg": svg, "params": params,
        "sort_links": sort_links(params, view.sort, view.descending), **_city_links(request, city),
    }  # fmt: skip
    return render(request, "inclusion/map.html", context)


def area_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    city = city_get(slug=slug)
    area = area_get(city=city, code=code)
    view = area_view(city=city, area=area)
    return render(request, "inclusion/area.html", {"city": city, "city_name": place_name(city), "view": view})


# ---------------------------------------------------------------------- imports
IMPORTS: dict[str, tuple[type[Form], Callable[..., services.ImportResult]]] = {
    "areas": (AreasImportForm, services.areas_import),
    "statistics": (StatisticsImportForm, services.statistics_import),
    "facilities": (FacilitiesImportForm, services.facilities_import),
}
# Where a job's page sends the person: the map that shows what was imported, and the form's section of this page.
DONE_QUERY = {"areas": "", "statistics": "", "facilities": "?facilities=all"}
AGAIN_ANCHOR = {"areas": "#areas-h", "statistics": "#stats-h", "facilities": "#fac-h"}


def _import_job(request: HttpRequest, city: Any, kind: str, upload: Any, options: dict[str, Any]) -> HttpResponse:
    """Keep a large upload for the job worker, which checks and writes it (all or nothing) while its page shows
    how far it has got."""
    run = import_run_start(
        kind=KINDS[kind], upload=upload, by=request.user,
        done_url=reverse("inclusion:map", args=[city.slug]) + DONE_QUERY[kind],
        again_url=reverse("inclusion:import", args=[city.slug]) + AGAIN_ANCHOR[kind],
    )  # fmt: skip
    enqueue_on_commit(run_map_data_import, str(run.pk), city.pk, options)
    return redirect("core:import-run", pk=run.pk)


@login_required
def data_import(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    InclusionCityPolicy.require(request.user, "import_data", city)
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    forms: dict[str, Any] = {k: form(request.POST or None, request.FILES or None) if k == kind else form()
                             for k, (form, _service) in IMPORTS.items()}  # fmt: skip
    indicator_form = IndicatorForm(request.POST if kind == "indicator" else None)
    errors: list[Any] = []
    status = 200
    if kind in IMPORTS:
        form = forms[kind]
        if form.is_valid():
            options = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            upload = form.cleaned_data["file"]
            if upload.size > settings.MADANG_IMPORT_INLINE_BYTES:
                return _import_job(request, city, kind, upload, options)
            try:
                result = IMPORTS[kind][1](city=city, data=upload.read(), by=request.user, **options)
            except ImportFailed as failed:
                errors, status = failed.errors, 400
            else:
                messages.success(request, _("Imported: %(created)d new, %(updated)d updated.")
                                 % {"created": result.created, "updated": result.updated})  # fmt: skip
                return redirect("inclusion:import", slug=slug)
        else:
            status = 400
    elif kind == "indicator":
        if indicator_form.is_valid():
            try:
                services.indicator_create(city=city, by=request.user, **indicator_form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                indicator_form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, _("The indicator is added: statistics files may now use its column."))
                return redirect(reverse("inclusion:import", args=[slug]) + "#indicators-h")
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "inclusion/import.html", {
        "city": city, "city_name": place_name(city), "forms": forms, "indicator_form": indicator_form,
        "kind": kind, "errors": errors, "builtin": [d for d in BUILTIN.values() if d.stored],
        "custom": Indicator.objects.filter(city=city), "codes": sorted(importable_codes(city)),
        "frame": MapFrame.objects.filter(city=city).first(),
        "n_facilities": Facility.objects.filter(city=city).count(), "facility_kinds": Facility.Kind.choices,
    }, status=status)  # fmt: skip
