from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from madang.catalogue.selectors import (
    CatalogueFilters,
    featured_initiatives,
    headline_numbers,
    initiative_list,
)

from . import selectors
from .lists import OrganisationFilterForm, organisation_search, organisations_csv
from .middleware import COOKIE_PREFIX, DISPLAY_CHOICES


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"numbers": headline_numbers(), "featured": featured_initiatives()})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


@require_POST
def display_settings(request: HttpRequest) -> HttpResponse:
    """Stores text size, contrast and easy mode in cookies: no account, no JavaScript needed."""
    response = HttpResponseRedirect(_safe_next(request))
    for key, allowed in DISPLAY_CHOICES.items():
        value = request.POST.get(key)
        if key == "mode":
            value = "easy" if request.POST.get("mode") == "easy" else "standard"
        if value in allowed:
            response.set_cookie(COOKIE_PREFIX + key, value, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _paged(request: HttpRequest, qs: object) -> object:
    return Paginator(qs, 50).get_page(request.GET.get("page"))  # type: ignore[arg-type]


def city_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/city_list.html", {"page": _paged(request, selectors.city_list())})


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = selectors.city_get(slug=slug)
    initiatives = initiative_list(filters=CatalogueFilters(city=city.slug))
    page = Paginator(initiatives, settings.MADANG_PAGE_SIZE).get_page(request.GET.get("page"))
    organisations = city.organisations.order_by("name")
    return render(request, "core/city_detail.html", {"city": city, "page": page, "organisations": organisations})


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.filters()
    page = _paged(request, organisation_search(filters=filters))
    return render(request, "core/organisation_list.html", {"page": page, "form": form, "filters": filters})


def organisations_export(request: HttpRequest) -> StreamingHttpResponse:
    filters = OrganisationFilterForm(request.GET or None).filters()
    rows = organisation_search(filters=filters).prefetch_related("memberships__network").iterator(chunk_size=500)
    response = StreamingHttpResponse(organisations_csv(rows, site=settings.MADANG_SITE_URL), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="madang-organisations.csv"'
    return response


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.organisation_get(slug=slug)
    initiatives = initiative_list(filters=CatalogueFilters(organisation=org.slug))
    page = Paginator(initiatives, settings.MADANG_PAGE_SIZE).get_page(request.GET.get("page"))
    from madang.matching.selectors import organisation_offers
    from madang.pilots.selectors import pilots_of_organisation

    return render(request, "core/organisation_detail.html", {
        "organisation": org, "page": page, **organisation_offers(organisation=org, user=request.user),
        "pilots": pilots_of_organisation(organisation=org, user=request.user),  # type: ignore[arg-type]
    })  # fmt: skip


def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/network_list.html", {"networks": selectors.network_list()})


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get(slug=slug)
    return render(
        request,
        "core/network_detail.html",
        {
            "network": network,
            "page": _paged(request, selectors.network_members(network=network)),
        },
    )


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: with hashed static names the address is known only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("madang/favicon.svg"))
