from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from madang.catalogue.models import Initiative
from madang.catalogue.selectors import CatalogueFilters, initiative_list
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
