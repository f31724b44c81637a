"""Read-only open-data API. Errors are RFC 9457 problem documents, never HTML; a bug is a 500 problem document."""

import logging
from dataclasses import fields
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from pydantic import create_model

from madang.catalogue.exporting import initiative_record
from madang.catalogue.policies import InitiativePolicy
from madang.catalogue.selectors import CatalogueFilters, initiative_detail_queryset, initiative_list
from madang.core import selectors as core
from madang.core.policy import PUBLIC

from .paging import Mapped, Paging

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="Madang open data API",
    version="1",
    description="Read-only access to Madang's catalogue of smart-city initiatives, cities and organisations.",
    openapi_url="/openapi.json",
    docs_url=None,  # the interactive docs page loads scripts from a CDN; Madang serves nothing from outside
    urls_namespace="api",
)


def problem(request: HttpRequest, status: int, title: str, detail: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(ValidationError)
def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(request, 400, "Invalid request", exc.errors)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found", str(exc) or None)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def on_bug(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback (redacted by the log filter) for the operators; the client gets a problem document.
    log.exception("API error on %s", request.path)
    return problem(request, 500, "Internal error", "The error was logged. Please try again later.")


class Name(Schema):
    slug: str
    name: str
    names: dict[str, str]


class CityOut(Name):
    country: str | None
    country_code: str | None
    population: int | None
    population_year: int | None
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_country(obj: Any) -> str | None:
        return obj.parent.name if obj.parent_id else None

    @staticmethod
    def resolve_country_code(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class OrganisationOut(Name):
    kind: str
    city: str | None
    website: str

    @staticmethod
    def resolve_city(obj: Any) -> str | None:
        return obj.city.slug if obj.city_id else None


class TranslationOut(Schema):
    title: str
    summary: str
    body: str
    origin: str


class InitiativeOut(Schema):
    slug: str
    original_language: str
    translations: dict[str, TranslationOut]
    domain: str
    tags: list[str]
    city: str
    district: str | None = None
    owner: str
    partners: list[dict[str, str]]
    stage: str
    start_year: int | None
    end_year: int | None
    budget_amount: str | None
    budget_currency: str
    funding_model: str
    groups_served: list[str]
    outcomes: list[dict[str, Any]]
    sdgs: list[int]
    sources: list[dict[str, str]]
    last_verified: str | None


# The API takes exactly the catalogue page's filters: one definition, so the two never drift apart.
_filter_fields: dict[str, Any] = {f.name: (str, "") for f in fields(CatalogueFilters)}
InitiativeFilters: type[Schema] = create_model("InitiativeFilters", __base__=Schema, **_filter_fields)


@api.get("/initiatives", response=list[InitiativeOut], tags=["initiatives"])
@paginate(Paging)
def list_initiatives(request: HttpRequest, filters: Query[InitiativeFilters]) -> Any:  # type: ignore[valid-type]
    qs = initiative_list(filters=CatalogueFilters(**filters.dict()))  # type: ignore[attr-defined]
    qs = qs.select_related("district").prefetch_related("partnerships__organisation", "outcomes", "sources")
    return Mapped(qs, initiative_record)


@api.get("/initiatives/{slug}", response=InitiativeOut, tags=["initiatives"])
def get_initiative(request: HttpRequest, slug: str) -> Any:
    try:
        public = InitiativePolicy.queryset(PUBLIC, "view_initiative", initiative_detail_queryset())
        return initiative_record(public.get(slug=slug))
    except Exception as exc:
        raise Http404(f"No published initiative “{slug}”.") from exc


@api.get("/cities", response=list[CityOut], tags=["places"])
@paginate(Paging)
def list_cities(request: HttpRequest) -> Any:
    return core.city_list()


@api.get("/cities/{slug}", response=CityOut, tags=["places"])
def get_city(request: HttpRequest, slug: str) -> Any:
    return core.city_get(slug=slug)


@api.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(Paging)
def list_organisations(request: HttpRequest) -> Any:
    return core.organisation_list()


@api.get("/organisations/{slug}", response=OrganisationOut, tags=["organisations"])
def get_organisation(request: HttpRequest, slug: str) -> Any:
    return core.organisation_get(slug=slug)


from madang.api.assessment import router as assessment_router  # noqa: E402 (the router uses this module's api)

api.add_router("", assessment_router)
