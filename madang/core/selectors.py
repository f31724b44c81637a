from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from . import roles
from .models import Network, Organisation, Place


def city_list() -> QuerySet[Place]:
    return (
        Place.objects.filter(kind=Place.Kind.CITY)
        .select_related("parent")
        .annotate(initiative_count=Count("initiatives", filter=Q(initiatives__is_published=True)))
        .order_by("name")
    )


def city_get(*, slug: str) -> Place:
    try:
        return Place.objects.select_related("parent").get(kind=Place.Kind.CITY, slug=slug)
    except Place.DoesNotExist as exc:
        raise Http404 from exc


def organisations_editable_by(*, user: Any) -> QuerySet[Organisation]:
    """Organisations whose content the user may create: all for superusers, a network's members for its admins,
    else the user's own organisation."""
    if roles.is_superuser(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=roles.acting_org_ids(user)).order_by("name")


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("city__parent").order_by("name")


def organisation_get(*, slug: str) -> Organisation:
    try:
        return Organisation.objects.select_related("city__parent").prefetch_related("networks").get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def network_list() -> QuerySet[Network]:
    return Network.objects.annotate(member_count=Count("memberships")).order_by("name")


def network_get(*, slug: str) -> Network:
    try:
        return Network.objects.get(slug=slug)
    except Network.DoesNotExist as exc:
        raise Http404 from exc


def network_members(*, network: Network) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__network=network).select_related("city__parent").order_by("name")
