"""Reads from the catalogue. Every list has a fixed number of queries, whatever its length."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils.module_loading import import_string

from madang.accounts.models import User
from madang.core.listing import Filters, search_text
from madang.core.models import Organisation, Place
from madang.core.policy import PUBLIC

from .models import Initiative, InitiativeTranslation, Partnership, Tag
from .policies import InitiativePolicy


@dataclass(frozen=True)
class CatalogueFilters(Filters):
    q: str = ""
    domain: str = ""
    country: str = ""
    city: str = ""
    stage: str = ""
    group: str = ""
    language: str = ""
    tag: str = ""
    organisation: str = ""


def _with_related(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return qs.select_related("city__parent", "owner").prefetch_related("translations", "groups_served", "tags")


def initiative_list(*, filters: CatalogueFilters | None = None, user: User | None = None) -> QuerySet[Initiative]:
    """Published initiatives matching the filters (an editor also sees their own drafts when asked by org)."""
    f = filters or CatalogueFilters()
    qs = InitiativePolicy.queryset(PUBLIC, "view_initiative")
    ranked: list[int] = []
    if f.q:
        # Exact substrings (names, acronyms) in any language, plus the cross-lingual engine's ranking
        # (settings.MADANG_CATALOGUE_SEARCH), so a Korean query also finds English and Japanese initiatives.
        q = search_text(f.q)  # the API passes its q straight through
        matching = InitiativeTranslation.objects.filter(
            Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q)
        ).values("initiative_id")
        tagged = Tag.objects.filter(name__icontains=q).values("initiatives")
        ranked = _semantic(q)
        qs = qs.filter(Q(id__in=matching) | Q(id__in=tagged) | Q(id__in=ranked))
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.country:
        qs = qs.filter(city__parent__code__iexact=f.country)
    if f.city:
        qs = qs.filter(city__slug=f.city)
    if f.group:
        qs = qs.filter(groups_served__code=f.group)
    if f.language:
        qs = qs.filter(id__in=InitiativeTranslation.objects.filter(language=f.language).values("initiative_id"))
    if f.tag:
        qs = qs.filter(tags__name=f.tag)
    if f.organisation:
        qs = qs.filter(Q(owner__slug=f.organisation) | Q(partnerships__organisation__slug=f.organisation)).distinct()
    if ranked:
        position = Case(*[When(id=pk, then=Value(n)) for n, pk in enumerate(ranked)], default=Value(len(ranked)))
        return _with_related(qs).order_by(position, "-updated_at", "id")
    return _with_related(qs).order_by("-updated_at", "id")


def _semantic(q: str) -> list[int]:
    path = getattr(settings, "MADANG_CATALOGUE_SEARCH", "")
    return list(import_string(path)(q)) if path else []


def initiative_detail_queryset() -> QuerySet[Initiative]:
    return (
        _with_related(Initiative.objects.all())
        .prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")),
            "outcomes",
            "sources",
        )
        .select_related("district", "created_by")
    )


def initiative_get_for(*, user: User, slug: str, action: str = "view") -> Initiative:
    """Fetch through the policy: 404 when it must not be seen, 403 when seen but not allowed."""
    return InitiativePolicy.get(user, f"{action}_initiative", base=initiative_detail_queryset(), slug=slug)


def initiative_drafts_for(*, user: User) -> QuerySet[Initiative]:
    """Entries the user may edit that are not yet published."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    qs = InitiativePolicy.queryset(user, "change_initiative", Initiative.objects.filter(is_published=False))
    return _with_related(qs).order_by("-updated_at", "id")


def facet_options() -> dict[str, list[Place]]:
    """Countries and cities that have published initiatives, for the filter menus."""
    cities: list[Place] = list(
        Place.objects.filter(kind=Place.Kind.CITY, initiatives__is_published=True)
        .select_related("parent")
        .annotate(n=Count("initiatives"))
        .order_by("name")
    )
    countries = sorted({c.parent for c in cities if c.parent is not None}, key=lambda p: p.name)
    return {"countries": countries, "cities": cities}


def headline_numbers() -> dict[str, int]:
    published = InitiativePolicy.queryset(PUBLIC, "view_initiative")
    return {
        "initiatives": published.count(),
        "cities": published.values("city").distinct().count(),
        "countries": published.values("city__parent").distinct().count(),
        "organisations": Organisation.objects.count(),
    }


def featured_initiatives(*, limit: int = 6) -> list[Initiative]:
    qs = InitiativePolicy.queryset(PUBLIC, "view_initiative")
    return list(_with_related(qs).order_by("-featured", "-last_verified", "id")[:limit])
