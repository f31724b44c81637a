"""Reads for assessment: frameworks, places and values as each user may see them, and action plans."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from madang.accounts.models import User
from madang.core.models import Membership, Place

from .models import ActionPlan, Framework, Node, Value


def framework_list_for(*, user: User) -> QuerySet[Framework]:
    visible = Q(is_published=True)
    if user.is_authenticated and user.is_superuser:
        visible = Q()
    elif user.is_authenticated and user.role == User.Role.NETWORK_ADMIN and user.network_id:
        visible |= Q(network_id=user.network_id)
    return Framework.objects.filter(visible).select_related("network").order_by("id")


def framework_get_for(*, user: User, slug: str, action: str = "view") -> Framework:
    framework = Framework.objects.select_related("network").filter(slug=slug).first()
    if framework is None or not user.has_perm("assessment.view_framework", framework):
        raise Http404
    if action != "view" and not user.has_perm(f"assessment.{action}", framework):
        raise PermissionDenied
    return framework


def place_get(*, framework: Framework, slug: str) -> Place:
    place = Place.objects.select_related("parent").filter(slug=slug, kind=framework.unit_kind).first()
    if place is None:
        raise Http404
    return place


def tree_order(nodes: list[Node]) -> list[tuple[Node, int]]:
    """Aggregates before their children, depth-first from the top of the tree, with each node's depth."""
    children: dict[int | None, list[Node]] = {}
    for n in nodes:
        if n.kind != Node.Kind.DENOMINATOR:
            children.setdefault(n.parent_id, []).append(n)
    for group in children.values():
        group.sort(key=lambda n: (n.order, n.pk))
    out: list[tuple[Node, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for n in children.get(parent, []):
            out.append((n, depth))
            walk(n.pk, depth + 1)

    walk(None, 0)
    return out


def indicators(framework: Framework) -> QuerySet[Node]:
    """What values are entered for: indicators and denominators (aggregates are computed)."""
    return framework.nodes.exclude(kind=Node.Kind.AGGREGATE).order_by("-kind", "order", "id")


def places_submittable_by(*, user: User, framework: Framework) -> QuerySet[Place]:
    """Places the user may submit values for in this framework."""
    places = Place.objects.filter(kind=framework.unit_kind).select_related("parent")
    if not user.is_authenticated:
        return places.none()
    if user.is_superuser:
        return places.order_by("name")
    if user.role == User.Role.NETWORK_ADMIN and user.network_id:
        members = Membership.objects.filter(network_id=user.network_id)
        if framework.unit_kind == Place.Kind.COUNTRY:
            return places.filter(pk__in=members.values("organisation__city__parent_id")).order_by("name")
        return places.filter(pk__in=members.values("organisation__city_id")).order_by("name")
    city_id = user.organisation.city_id if user.organisation is not None else None
    if user.role == User.Role.CITY_EDITOR and city_id and framework.unit_kind == Place.Kind.CITY:
        return places.filter(pk=city_id)
    return places.none()


def values_pending_for(*, user: User, framework: Framework | None = None) -> QuerySet[Value]:
    """Submitted values the user may validate (admins) or is waiting on (the city's editors)."""
    pending = Value.objects.filter(status=Value.Status.SUBMITTED).select_related(
        "node__framework", "place", "submitted_by"
    )
    if framework is not None:
        pending = pending.filter(node__framework=framework.data)
    if not user.is_authenticated:
        return pending.none()
    if user.is_superuser:
        return pending
    if user.role == User.Role.NETWORK_ADMIN and user.network_id:
        members = Membership.objects.filter(network_id=user.network_id)
        return pending.filter(
            Q(place__in=members.values("organisation__city_id"))
            | Q(place__in=members.values("organisation__city__parent_id"))
        )
    if user.role == User.Role.CITY_EDITOR and user.organisation is not None and user.organisation.city_id:
        return pending.filter(place_id=user.organisation.city_id)
    return pending.none()


def values_for(*, framework: Framework, place: Place, user: User) -> QuerySet[Value]:
    """A place's values: validated ones for everybody, all of them for those who submit or validate there."""
    values = Value.objects.filter(node__framework=framework.data, place=place).select_related("node", "reviewed_by")
    if user.has_perm("assessment.view_pending_values", place):
        return values.order_by("node__order", "node_id", "-year")
    return values.filter(status=Value.Status.VALIDATED).order_by("node__order", "node_id", "-year")


def plan_list_for(*, user: User, city: Place | None = None) -> QuerySet[ActionPlan]:
    visible = Q(status=ActionPlan.Status.PUBLISHED)
    if user.is_authenticated and user.organisation_id:
        visible |= Q(organisation_id=user.organisation_id)
    if user.is_authenticated and user.role == User.Role.NETWORK_ADMIN and user.network_id:
        visible |= Q(organisation__memberships__network_id=user.network_id)
    plans = ActionPlan.objects.filter(visible).distinct().select_related("city", "organisation", "framework")
    return plans.filter(city=city) if city is not None else plans


def plan_get_for(*, user: User, pk: int, action: str = "view") -> ActionPlan:
    plan = ActionPlan.objects.select_related("city", "organisation", "framework").filter(pk=pk).first()
    if plan is None or not user.has_perm("assessment.view_plan", plan):
        raise Http404
    if action != "view" and not user.has_perm(f"assessment.{action}", plan):
        raise PermissionDenied
    return plan
