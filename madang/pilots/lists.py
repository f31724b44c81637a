"""The pilots list: search (the pilot's own words, and the cross-lingual engine through its need and solution),
filters, pages and a CSV download of what is listed."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from madang.core.listing import Filters, csv_stream
from madang.matching import search

from .models import Pilot
from .selectors import pilot_list_for


@dataclass(frozen=True)
class PilotFilters(Filters):
    q: str = ""
    domain: str = ""
    country: str = ""
    city: str = ""
    phase: str = ""
    decision: str = ""
    report: str = ""  # "published": only pilots whose report is public


def pilot_search(*, user: Any, filters: PilotFilters | None = None) -> QuerySet[Pilot]:
    f = filters or PilotFilters()
    qs = pilot_list_for(user=user)
    if f.q:
        # A pilot has no vector of its own: it is found through the need it answers and the solution it tests.
        needs = search.list_search(f.q, kind="need")
        solutions = search.list_search(f.q, kind="solution")
        qs = qs.filter(Q(title__icontains=f.q) | Q(summary__icontains=f.q) | Q(need_id__in=needs)
                       | Q(solution_id__in=solutions))  # fmt: skip
    if f.domain:
        qs = qs.filter(solution__domain=f.domain)
    if f.country:
        qs = qs.filter(city__parent__code__iexact=f.country)
    if f.city:
        qs = qs.filter(city__slug=f.city)
    if f.phase:
        qs = qs.filter(phase=f.phase)
    if f.decision:
        qs = qs.filter(decision=f.decision)
    if f.report == "published":
        qs = qs.filter(report_published_at__isnull=False)
    return qs


COLUMNS = ["id", "title", "language", "city", "country", "solution", "provider", "manager", "phase", "decision",
           "report_published", "url"]  # fmt: skip


def pilots_csv(pilots: Iterable[Pilot], *, site: str) -> Iterator[str]:
    return csv_stream(COLUMNS, ({
        "id": p.pk, "title": p.title, "language": p.language, "city": p.city.slug,
        "country": p.city.parent.code if p.city.parent else "", "solution": p.solution.title,
        "provider": p.solution.organisation.slug, "manager": p.manager.slug, "phase": p.phase,
        "decision": p.decision, "report_published": p.report_published_at.date() if p.report_published_at else "",
        "url": f"{site}/pilots/{p.pk}/",
    } for p in pilots))  # fmt: skip
