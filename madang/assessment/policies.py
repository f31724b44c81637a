"""Who may do what in assessment: frameworks, the values of a place, action plans and the network overview.

A place's values are submitted by the editors of the organisation that governs the place (never by another
organisation merely located in it, such as a district office in the city) and by the admins of a network with a
member governing the place (or, for a country, one of its cities). Those admins also validate them. Once a value is
validated only a validator changes it: a resubmission by the city would otherwise put it back to "waiting" without
the validator's say. Frameworks belong to a network (its admins edit them) or ship with Madang; action plans belong
to the city government that made them.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.models import Network, Place
from madang.core.policy import NOTHING, Action, Policy, Route, among, register

from .models import ActionPlan, Framework, Value


# ---------------------------------------------------------------- places and their values
def submit_place_ids(user: Any) -> frozenset[int]:
    """Places whose values the user submits: those their organisations govern, and their networks' places."""
    return roles.network_place_ids(user) | roles.governed_place_ids(user)


def validate_place_ids(user: Any) -> frozenset[int]:
    return roles.network_place_ids(user)


def governed_city_ids(user: Any) -> frozenset[int]:
    """The cities (not districts) whose government the user edits for: what an action plan is made for."""
    places = roles.governed_place_ids(user)
    if not places:
        return frozenset()
    return roles.remember(  # type: ignore[no-any-return]
        user,
        "governed_cities",
        lambda: frozenset(Place.objects.filter(pk__in=places, kind=Place.Kind.CITY).values_list("pk", flat=True)),
    )


def _submits(user: Any, place: Any) -> bool:
    return place is not None and place.pk in submit_place_ids(user)


def _validates(user: Any, place: Any) -> bool:
    return place is not None and place.pk in validate_place_ids(user)


def _governs(user: Any, place: Any) -> bool:
    return place is not None and place.pk in roles.governed_place_ids(user)


def _governs_q(user: Any) -> Q:
    return among("pk", roles.governed_place_ids(user))


def _may_review(user: Any, obj: Any = None) -> bool:
    return roles.is_network_admin(user)


@register
class AssessedPlacePolicy(Policy[Place]):
    """What a user may do with a place's assessment values (a city, or a country for country frameworks)."""

    model = Place
    app_label = "assessment"
    actions = {
        "submit_values": Action(rule=_submits, where=lambda user: among("pk", submit_place_ids(user))),
        "view_pending_values": Action(rule=_submits, where=lambda user: among("pk", submit_place_ids(user))),
        "validate_values": Action(rule=_validates, where=lambda user: among("pk", validate_place_ids(user))),
        # The need a gap turns into belongs to the place's government, so only its editors draft it.
        "draft_need_from_gap": Action(rule=_governs, where=_governs_q),
        "review_values": Action(rule=_may_review),
    }
    routes = [
        Route("assessment:review", "review_values", methods=("GET", "POST")),
        Route(
            "assessment:gap-need",
            "draft_need_from_gap",
            lambda place: {"slug": _a_framework_for(place), "place": place.slug},
            methods=("POST",),
            objects=lambda places: places.filter(kind=Place.Kind.CITY),
        ),
    ]


def _a_framework_for(place: Place) -> str | None:
    """A published framework assessing places of this kind (the shipped ones are there from the migrations)."""
    frameworks = Framework.objects.filter(is_published=True, unit_kind=place.kind).order_by("pk")
    return frameworks.values_list("slug", flat=True).first()


def _value_visible(user: Any, value: Any) -> bool:
    return value is not None and (value.status == Value.Status.VALIDATED or value.place_id in submit_place_ids(user))


def _value_visible_q(user: Any) -> Q:
    return Q(status=Value.Status.VALIDATED) | among("place_id", submit_place_ids(user))


def _may_change_value(user: Any, value: Any) -> bool:
    if value is None:
        return False
    if value.place_id in validate_place_ids(user):
        return True
    return value.status != Value.Status.VALIDATED and value.place_id in submit_place_ids(user)


def _may_change_value_q(user: Any) -> Q:
    validators = among("place_id", validate_place_ids(user))
    return validators | (~Q(status=Value.Status.VALIDATED) & among("place_id", submit_place_ids(user)))


@register
class ValuePolicy(Policy[Value]):
    model = Value
    actions = {
        # Validated values count and are public; the rest is seen by those who submit or validate for the place.
        "view_value": Action(rule=_value_visible, where=_value_visible_q, shown_by="view_value"),
        # Writing a value again (a form, an upload row, a self-assessment answer) where one exists already.
        "change_value": Action(rule=_may_change_value, where=_may_change_value_q, shown_by="view_value"),
        "review_value": Action(
            rule=lambda user, value: value is not None and value.place_id in validate_place_ids(user),
            where=lambda user: among("place_id", validate_place_ids(user)),
            shown_by="view_value",
        ),
    }


# ---------------------------------------------------------------- frameworks
def _admin_of_framework(user: Any, framework: Any) -> bool:
    return framework is not None and framework.network_id in roles.admin_network_ids(user)


def _admin_of_framework_q(user: Any) -> Q:
    return among("network_id", roles.admin_network_ids(user))


def _framework_visible(user: Any, framework: Any) -> bool:
    return framework is not None and (framework.is_published or _admin_of_framework(user, framework))


def _framework_visible_q(user: Any) -> Q:
    return Q(is_published=True) | _admin_of_framework_q(user)


def _may_add_framework(user: Any, obj: Any = None) -> bool:
    return roles.is_network_admin(user)


def submit_kinds(user: Any) -> set[str]:
    """The kinds of place (city, country ...) the user submits values for."""
    places = Place.objects.filter(among("pk", submit_place_ids(user)))
    return set(places.values_list("kind", flat=True).distinct())


def _may_submit_to(user: Any, framework: Any) -> bool:
    return _framework_visible(user, framework) and framework.unit_kind in submit_kinds(user)


def _may_submit_to_q(user: Any) -> Q:
    kinds = submit_kinds(user)
    return _framework_visible_q(user) & (Q(unit_kind__in=kinds) if kinds else NOTHING)


def _framework_url(framework: Framework) -> dict[str, Any]:
    return {"slug": framework.slug}


def _place_url(framework: Framework) -> dict[str, Any]:
    unit = Place.objects.filter(kind=framework.unit_kind).order_by("pk").values_list("slug", flat=True).first()
    return {"slug": framework.slug, "place": unit}


@register
class FrameworkPolicy(Policy[Framework]):
    model = Framework
    actions = {
        "view_framework": Action(rule=_framework_visible, where=_framework_visible_q, shown_by="view_framework"),
        "add_framework": Action(rule=_may_add_framework),
        # Shipped frameworks (no network) are changed by nobody but superusers: a network changes its own copy.
        "change_framework": Action(rule=_admin_of_framework, where=_admin_of_framework_q, shown_by="view_framework"),
        "copy_framework": Action(
            rule=lambda user, f: _may_add_framework(user) and _framework_visible(user, f),
            where=lambda user: _framework_visible_q(user) if _may_add_framework(user) else NOTHING,
            shown_by="view_framework",
        ),
        # Entering values for the framework's places: someone who submits for at least one place of its kind.
        "submit_to_framework": Action(rule=_may_submit_to, where=_may_submit_to_q, shown_by="view_framework"),
    }
    routes = [
        Route("assessment:framework-new", "add_framework", methods=("GET", "POST")),
        Route("assessment:framework", "view_framework", _framework_url),
        Route("assessment:benchmark", "view_framework", _framework_url),
        Route("assessment:place", "view_framework", _place_url),
        Route("assessment:gaps", "view_framework", _place_url),
        Route("assessment:framework-edit", "change_framework", _framework_url, methods=("GET", "POST")),
        Route("assessment:framework-publish", "change_framework", _framework_url, methods=("POST",)),
        Route("assessment:framework-copy", "copy_framework", _framework_url, methods=("POST",)),
        Route("assessment:submit", "submit_to_framework", _framework_url, methods=("GET", "POST")),
        Route("assessment:self-assess", "submit_to_framework", _framework_url, methods=("GET", "POST")),
    ]


# ---------------------------------------------------------------- the network overview
def _overview(user: Any, network: Any = None) -> bool:
    networks = roles.admin_network_ids(user)
    return bool(networks) and (network is None or network.pk in networks)


@register
class NetworkOverviewPolicy(Policy[Network]):
    """Asked without a network: may the user see an overview at all; with one: that network's (their own)."""

    model = Network
    app_label = "assessment"
    actions = {
        "view_network_overview": Action(
            rule=_overview,
            where=lambda user: among("pk", roles.admin_network_ids(user)),
            shown_by="view_network_overview",
        ),
    }
    routes = [Route("assessment:network", "view_network_overview")]


# ---------------------------------------------------------------- action plans
def _owns_plan(user: Any, plan: Any) -> bool:
    return plan is not None and plan.organisation_id in roles.editor_org_ids(user)


def _owns_plan_q(user: Any) -> Q:
    return among("organisation_id", roles.editor_org_ids(user))


def _plan_visible(user: Any, plan: Any) -> bool:
    return plan is not None and (
        plan.status == ActionPlan.Status.PUBLISHED or plan.organisation_id in roles.acting_org_ids(user)
    )


def _plan_visible_q(user: Any) -> Q:
    return Q(status=ActionPlan.Status.PUBLISHED) | among("organisation_id", roles.acting_org_ids(user))


def _may_add_plan(user: Any, obj: Any = None) -> bool:
    return bool(governed_city_ids(user))


@register
class ActionPlanPolicy(Policy[ActionPlan]):
    model = ActionPlan
    actions = {
        # Drafts are seen by the plan's city and the admins of its networks; only the city changes its plan.
        "view_plan": Action(rule=_plan_visible, where=_plan_visible_q, shown_by="view_plan"),
        "add_plan": Action(rule=_may_add_plan),
        "change_plan": Action(rule=_owns_plan, where=_owns_plan_q, shown_by="view_plan"),
    }
    routes = [
        Route("assessment:plan-new", "add_plan", methods=("GET", "POST")),
        Route("assessment:plan", "view_plan", lambda p: {"pk": p.pk}),
        Route("assessment:plan-edit", "change_plan", lambda p: {"pk": p.pk}, methods=("GET", "POST")),
        Route("assessment:plan-add", "change_plan", lambda p: {"pk": p.pk, "part": "focus"}, methods=("GET", "POST")),
    ]


PUBLIC_ROUTES = ["assessment:home", "assessment:plans"]
