from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from madang.catalogue.models import Initiative
from madang.catalogue.selectors import CatalogueFilters, initiative_list
from madang.core import roles
from madang.core.models import Place

from .models import Match, Need, Solution
from .policies import MatchPolicy, NeedPolicy, SolutionPolicy


def need_list(*, user: Any = None) -> QuerySet[Need]:
    """The needs the user may see: public ones, plus drafts of the organisations they act for."""
    base = Need.objects.select_related("city__parent", "organisation").order_by("-updated_at", "id")
    return NeedPolicy.queryset(user if user is not None else AnonymousUser(), "view_need", base=base)


def need_get_for(*, user: Any, pk: int, action: str = "view_need") -> Need:
    base = Need.objects.select_related("city__parent", "organisation")
    return NeedPolicy.get(user, action, base=base, pk=pk)


def solution_list() -> QuerySet[Solution]:
    """The public list, the same for everyone: published solutions only."""
    return Solution.objects.filter(is_published=True).select_related("organisation").order_by("-updated_at", "id")


def solution_get_for(*, user: Any, pk: int, action: str = "view_solution") -> Solution:
    base = Solution.objects.select_related("organisation").prefetch_related("deployments")
    return SolutionPolicy.get(user, action, base=base, pk=pk)


def matches_for(*, user: Any, need: Need | None = None, solution: Solution | None = None) -> list[Match]:
    qs = Match.objects.select_related("need", "solution").prefetch_related("events__by")
    if need is not None:
        qs = qs.filter(need=need)
    if solution is not None:
        qs = qs.filter(solution=solution)
    return list(MatchPolicy.queryset(user, "view_match", base=qs))


def _names(place: Place | None) -> list[str]:
    return [] if place is None else [place.name, *(place.names or {}).values()]


def initiatives_to_choose(*, query: str = "", keep: Iterable[int] = ()) -> list[Initiative]:
    """Published initiatives for a form's "related initiatives" list, narrowed by `query` when one is given.

    The query runs the catalogue's own search (any language, tags, the cross-lingual engine) and also matches city
    and country names in any language; initiatives already chosen (`keep`) always stay, or the next save would
    drop them."""
    rows = list(
        Initiative.objects.filter(is_published=True)
        .select_related("city__parent")
        .prefetch_related("translations")
        .order_by("id")
    )
    q = query.strip()
    if not q:
        return rows
    found = set(initiative_list(filters=CatalogueFilters.from_mapping({"q": q})).values_list("id", flat=True))
    kept = {int(pk) for pk in keep}
    folded = q.casefold()

    def place_hit(i: Initiative) -> bool:
        return any(folded in n.casefold() for n in _names(i.city) + _names(i.city.parent))

    return [i for i in rows if i.pk in found or i.pk in kept or place_hit(i)]


def organisation_offers(*, organisation: Any, user: Any) -> dict[str, Any]:
    """An organisation's page: its solutions and needs as the user may see them, and, for the people who act for
    it, its matches (invitations, interest) on either side."""
    solutions = SolutionPolicy.queryset(user, "view_solution", base=organisation.solutions.order_by("title"))
    needs = NeedPolicy.queryset(
        user, "view_need", base=organisation.needs.select_related("city").order_by("-updated_at")
    )
    matches: Any = Match.objects.none()
    if organisation.pk in roles.acting_org_ids(user):
        both = Match.objects.filter(Q(need__organisation=organisation) | Q(solution__organisation=organisation))
        matches = MatchPolicy.queryset(user, "view_match", base=both.select_related("need", "solution"))[:50]
    return {"solutions": list(solutions[:50]), "needs": list(needs[:50]), "matches": list(matches)}
