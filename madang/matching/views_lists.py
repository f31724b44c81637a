"""The needs and solutions lists: search, filters, pages and CSV downloads of exactly what is listed."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from madang.core.models import Place

from .forms_lists import NeedFilterForm, SolutionFilterForm
from .lists import need_search, needs_csv, solution_search, solutions_csv
from .models import Need, Solution


def _cities(kind: str) -> list[Place]:
    base = Place.objects.filter(kind=Place.Kind.CITY).select_related("parent").order_by("name")
    if kind == "need":
        return list(base.filter(pk__in=Need.objects.exclude(status=Need.Status.DRAFT).values("city")))
    provider_cities = Solution.objects.filter(is_published=True).values("organisation__city")
    deployed = Solution.objects.filter(is_published=True).values("deployments")
    return list(base.filter(pk__in=provider_cities) | base.filter(pk__in=deployed))


def needs(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET or None, cities=_cities("need"))
    filters = form.filters()
    found = need_search(user=request.user, filters=filters)
    page = Paginator(found, settings.MADANG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/need_list.html", {"form": form, "filters": filters, "page": page})


def needs_export(request: HttpRequest) -> StreamingHttpResponse:
    filters = NeedFilterForm(request.GET or None, cities=_cities("need")).filters()
    rows = need_search(user=request.user, filters=filters).iterator(chunk_size=500)
    response = StreamingHttpResponse(needs_csv(rows, site=settings.MADANG_SITE_URL), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="madang-needs.csv"'
    return response


def solutions(request: HttpRequest) -> HttpResponse:
    form = SolutionFilterForm(request.GET or None, cities=_cities("solution"))
    filters = form.filters()
    page = Paginator(solution_search(filters=filters), settings.MADANG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/solution_list.html", {"form": form, "filters": filters, "page": page})


def solutions_export(request: HttpRequest) -> StreamingHttpResponse:
    filters = SolutionFilterForm(request.GET or None, cities=_cities("solution")).filters()
    rows = solution_search(filters=filters).iterator(chunk_size=500)
    response = StreamingHttpResponse(solutions_csv(rows, site=settings.MADANG_SITE_URL), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="madang-solutions.csv"'
    return response
