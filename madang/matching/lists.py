"""The needs and solutions lists: the catalogue's search (exact words in any language plus the cross-lingual
engine) and filters, for the list pages and their CSV downloads."""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from madang.core.listing import Filters, csv_stream

from . import search
from .models import Need, Solution
from .policies import NeedPolicy, SolutionPolicy

CLOSING_SOON = dt.timedelta(days=30)


@dataclass(frozen=True)
class ListFilters(Filters):
    q: str = ""
    domain: str = ""
    country: str = ""
    city: str = ""
    status: str = ""  # needs
    group: str = ""  # needs
    language: str = ""  # needs: required language; solutions: a language the solution supports
    deadline: str = ""  # needs: "open" (the call is open now) or "soon" (closes within 30 days)
    price: str = ""  # solutions: price band


def _ranked(qs: QuerySet[Any], ids: list[int]) -> QuerySet[Any]:
    position = Case(*[When(id=pk, then=Value(n)) for n, pk in enumerate(ids)], default=Value(len(ids)))
    return qs.order_by(position, "-updated_at", "id")


def need_search(*, user: Any = None, filters: ListFilters | None = None) -> QuerySet[Need]:
    """The needs the user may see that match the filters, the best matches first when there is a query."""
    f = filters or ListFilters()
    base = Need.objects.select_related("city__parent", "organisation")
    qs = NeedPolicy.queryset(user if user is not None else AnonymousUser(), "view_need", base=base)
    ranked: list[int] = []
    if f.q:
        ranked = search.list_search(f.q, kind="need")
        words = Q(title__icontains=f.q) | Q(description__icontains=f.q) | Q(people_affected__icontains=f.q)
        qs = qs.filter(words | Q(id__in=ranked))
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.country:
        qs = qs.filter(city__parent__code__iexact=f.country)
    if f.city:
        qs = qs.filter(city__slug=f.city)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.group:
        qs = qs.filter(groups_served__code=f.group)
    if f.language:
        # Written in it, or asking for it; the quotes match a whole code in the stored JSON list.
        qs = qs.filter(Q(language=f.language) | Q(languages__icontains=f'"{f.language}"'))
    if f.deadline in ("open", "soon"):
        today = timezone.localdate()
        qs = qs.filter(status=Need.Status.OPEN_CALL, call_opens__lte=today, call_closes__gte=today)
        if f.deadline == "soon":
            qs = qs.filter(call_closes__lte=today + CLOSING_SOON)
    qs = qs.distinct()
    return _ranked(qs, ranked) if ranked else qs.order_by("-updated_at", "id")


def solution_search(*, filters: ListFilters | None = None) -> QuerySet[Solution]:
    """Published solutions that match the filters (the same for everyone), best matches first with a query."""
    f = filters or ListFilters()
    qs = SolutionPolicy.queryset(AnonymousUser(), "view_solution", base=Solution.objects.select_related("organisation"))
    ranked: list[int] = []
    if f.q:
        ranked = search.list_search(f.q, kind="solution")
        qs = qs.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q) | Q(id__in=ranked))
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.country:
        qs = qs.filter(Q(organisation__city__parent__code__iexact=f.country) |
                       Q(deployments__parent__code__iexact=f.country))  # fmt: skip
    if f.city:
        qs = qs.filter(Q(organisation__city__slug=f.city) | Q(deployments__slug=f.city))
    if f.language:
        qs = qs.filter(Q(language=f.language) | Q(languages_supported__icontains=f'"{f.language}"'))
    if f.price:
        qs = qs.filter(price_band=f.price)
    qs = qs.distinct()
    return _ranked(qs, ranked) if ranked else qs.order_by("-updated_at", "id")


NEED_COLUMNS = ["id", "title", "language", "city", "country", "organisation", "domain", "status", "budget_band",
                "call_opens", "call_closes", "url"]  # fmt: skip
SOLUTION_COLUMNS = ["id", "title", "language", "provider", "domain", "price_band", "maturity", "languages_supported",
                    "url"]  # fmt: skip


def needs_csv(needs: Iterable[Need], *, site: str) -> Iterator[str]:
    return csv_stream(NEED_COLUMNS, ({
        "id": n.pk, "title": n.title, "language": n.language, "city": n.city.slug,
        "country": n.city.parent.code if n.city.parent else "", "organisation": n.organisation.slug,
        "domain": n.domain, "status": n.status, "budget_band": n.budget_band, "call_opens": n.call_opens,
        "call_closes": n.call_closes, "url": f"{site}/needs/{n.pk}/",
    } for n in needs))  # fmt: skip


def solutions_csv(solutions: Iterable[Solution], *, site: str) -> Iterator[str]:
    return csv_stream(SOLUTION_COLUMNS, ({
        "id": s.pk, "title": s.title, "language": s.language, "provider": s.organisation.slug, "domain": s.domain,
        "price_band": s.price_band, "maturity": s.maturity, "languages_supported": " ".join(s.languages_supported),
        "url": f"{site}/solutions/{s.pk}/",
    } for s in solutions))  # fmt: skip
