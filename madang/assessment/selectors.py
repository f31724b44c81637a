"""Reads for assessment: frameworks, places and values as each user may see them, and action plans."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from madang.core.models import Organisation, Place

from .models import ActionPlan, Framework, Node, Value
from .policies import ActionPlanPolicy, AssessedPlacePolicy, FrameworkPolicy, ValuePolicy


def framework_list_for(*, user: Any) -> QuerySet[Framework]:
    base = Framework.objects.select_related("network")
    return FrameworkPolicy.queryset(user, "view_framework", base).order_by("id")


def framework_get_for(*, user: Any, slug: str, action: str = "view_framework") -> Framework:
    """The framework, if the user may do `action` to it: 404 when they may not see it, else 403."""
    return FrameworkPolicy.get(user, action, base=Framework.objects.select_related("network", "based_on"), slug=slug)


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


def places_submittable_by(*, user: Any, framework: Framework) -> QuerySet[Place]:
    """Places the user may submit values for in this framework."""
    places = Place.objects.filter(kind=framework.unit_kind).select_related("parent")
    return AssessedPlacePolicy.queryset(user, "submit_values", places).order_by("name")


def _values(framework: Framework | None) -> QuerySet[Value]:
    values = Value.objects.select_related("node__framework", "place", "submitted_by")
    return values.filter(node__framework=framework.data) if framework is not None else values


def values_pending_for(*, user: Any, framework: Framework | None = None) -> QuerySet[Value]:
    """Submitted values the user may validate (admins) or is waiting on (the place's own government)."""
    pending = _values(framework).filter(status=Value.Status.SUBMITTED)
    return ValuePolicy.queryset(user, "view_value", pending)


def values_to_review_for(*, user: Any, framework: Framework | None = None) -> QuerySet[Value]:
    """Submitted values the user may validate or return."""
    pending = _values(framework).filter(status=Value.Status.SUBMITTED)
    return ValuePolicy.queryset(user, "review_value", pending)


def values_for(*, framework: Framework, place: Place, user: Any) -> QuerySet[Value]:
    """A place's values: validated ones for everybody, all of them for those who submit or validate there."""
    values = Value.objects.filter(node__framework=framework.data, place=place).select_related("node", "reviewed_by")
    return ValuePolicy.queryset(user, "view_value", values).order_by("node__order", "node_id", "-year")


def plan_list_for(*, user: Any, city: Place | None = None) -> QuerySet[ActionPlan]:
    plans = ActionPlan.objects.select_related("city", "organisation", "framework")
    plans = ActionPlanPolicy.queryset(user, "view_plan", plans)
    return plans.filter(city=city) if city is not None else plans


def plan_get_for(*, user: Any, pk: int, action: str = "view_plan") -> ActionPlan:
    plans = ActionPlan.objects.select_related("city", "organisation", "framework")
    return ActionPlanPolicy.get(user, action, base=plans, pk=pk)


def plan_organisations() -> QuerySet[Organisation]:
    """What a superuser may make an action plan for: city governments (a plan is always a city's own)."""
    return Organisation.objects.filter(governs__kind=Place.Kind.CITY).select_related("governs").order_by("name")
