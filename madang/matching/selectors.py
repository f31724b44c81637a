from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from madang.accounts.models import User
from madang.catalogue.models import Initiative
from madang.catalogue.selectors import CatalogueFilters, initiative_list
from madang.core.models import Place

from .models import Match, Need, Solution


def need_list(*, user: User | None = None) -> QuerySet[Need]:
    """Public needs, plus the user's own drafts."""
    visible = ~Q(status=Need.Status.DRAFT)
    if user is not None and user.is_authenticated and user.organisation_id:
        visible |= Q(organisation_id=user.organisation_id)
    return Need.objects.filter(visible).select_related("city__parent", "organisation").order_by("-updated_at", "id")


def need_get_for(*, user: User, pk: int, action: str = "view") -> Need:
    need = Need.objects.select_related("city__parent", "organisation").filter(pk=pk).first()
    if need is None or not user.has_perm("matching.view_need", need):
        raise Http404
    if action != "view" and not user.has_perm(f"matching.{action}_need", need):
        raise PermissionDenied
    return need


def solution_list() -> QuerySet[Solution]:
    return Solution.objects.filter(is_published=True).select_related("organisation").order_by("-updated_at", "id")


def solution_get_for(*, user: User, pk: int, action: str = "view") -> Solution:
    solution = Solution.objects.select_related("organisation").prefetch_related("deployments").filter(pk=pk).first()
    if solution is None or not user.has_perm("matching.view_solution", solution):
        raise Http404
    if action != "view" and not user.has_perm(f"matching.{action}_solution", solution):
        raise PermissionDenied
    return solution


def matches_for(*, user: User, need: Need | None = None, solution: Solution | None = None) -> list[Match]:
    qs = Match.objects.select_related("need", "solution").prefetch_related("events__by")
    if need is not None:
        qs = qs.filter(need=need)
    if solution is not None:
        qs = qs.filter(solution=solution)
    return [m for m in qs if user.has_perm("matching.view_match", m)]


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
