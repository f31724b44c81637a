# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Who may do what in assessment: cities submit their own values, network admins validate and run frameworks."""

import rules

from madang.catalogue.rules import is_editor, is_network_admin
from madang.core.models import Membership, Place


def _place_of_value(obj):  # type: ignore[no-untyped-def]
    return obj.place if hasattr(obj, "place") else obj


@rules.predicate
def is_city_editor(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(is_editor(user) and user.role == "city_editor" and user.organisation_id)


@rules.predicate
def edits_place(user, obj) -> bool:  # type: ignore[no-untyped-def]
    """The place (of a value) is the city of the user's own organisation."""
    if obj is None or not is_city_editor(user):
        return False
    place = _place_of_value(obj)
    return bool(place.kind == Place.Kind.CITY and user.organisation.city_id == place.pk)


@rules.predicate
def admin_of_place(user, obj) -> bool:  # type: ignore[no-untyped-def]
    """A network admin whose network has a member organisation in the place (a city, or a city of the country)."""
    if obj is None or not is_network_admin(user):
        return False
    place = _place_of_value(obj)
    members = Membership.objects.filter(network_id=user.network_id)
    if place.kind == Place.Kind.COUNTRY:
        return members.filter(organisation__city__parent_id=place.pk).exists()
    return members.filter(organisation__city_id=place.pk).exists()


@rules.predicate
def is_superuser(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user.is_authenticated and user.is_superuser)


@rules.predicate
def framework_is_published(user, framework) -> bool:  # type: ignore[no-untyped-def]
    return framework is not None and framework.is_published


@rules.predicate
def admin_of_framework(user, framework) -> bool:  # type: ignore[no-untyped-def]
    return framework is not None and is_network_admin(user) and framework.network_id == user.network_id


@rules.predicate
def owns_plan(user, plan) -> bool:  # type: ignore[no-untyped-def]
    return plan is not None and is_editor(user) and plan.organisation_id == user.organisation_id


@rules.predicate
def plan_is_published(user, plan) -> bool:  # type: ignore[no-untyped-def]
    return plan is not None and plan.status == "published"


@rules.predicate
def admin_of_plan(user, plan) -> bool:  # type: ignore[no-untyped-def]
    if plan is None or not is_network_admin(user):
        return False
    return Membership.objects.filter(network_id=user.network_id, organisation_id=plan.organisation_id).exists()


rules.add_perm("assessment.view_framework", framework_is_published | admin_of_framework | is_superuser)
rules.add_perm("assessment.add_framework", is_network_admin | is_superuser)
rules.add_perm("assessment.change_framework", admin_of_framework | is_superuser)
# Values: the place's own city editors submit; admins of a network with a member there may too, and validate.
rules.add_perm("assessment.submit_values", edits_place | admin_of_place | is_superuser)
rules.add_perm("assessment.view_pending_values", edits_place | admin_of_place | is_superuser)
rules.add_perm("assessment.validate_values", admin_of_place | is_superuser)
rules.add_perm("assessment.view_network_overview", is_network_admin | is_superuser)
rules.add_perm("assessment.add_plan", is_city_editor)
rules.add_perm("assessment.view_plan", plan_is_published | owns_plan | admin_of_plan)
rules.add_perm("assessment.change_plan", owns_plan)
