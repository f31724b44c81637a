# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Who may do what with a city's inclusion data. The map is public; the field log is not.

- city staff: city editors whose organisation is the city's (organisation.city == city)
- guides: users registered as active guides of one of the city's organisations; they see only their own entries
- network admins: the aggregated dashboards and saved plans of cities whose city organisation is in their network
"""

import rules

from madang.core.models import Membership, Organisation

from .models import Guide


@rules.predicate
def is_city_staff(user, city) -> bool:  # type: ignore[no-untyped-def]
    if city is None or not user.is_authenticated or user.role != "city_editor" or not user.organisation_id:
        return False
    return bool(user.organisation.city_id == city.pk and user.organisation.kind == Organisation.Kind.CITY)


@rules.predicate
def is_network_admin_of_city(user, city) -> bool:  # type: ignore[no-untyped-def]
    if city is None or not user.is_authenticated or user.role != "network_admin" or not user.network_id:
        return False
    return Membership.objects.filter(
        network_id=user.network_id, organisation__city=city, organisation__kind=Organisation.Kind.CITY
    ).exists()


@rules.predicate
def is_guide_of_city(user, city) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        city is not None and user.is_authenticated
        and Guide.objects.filter(user=user, organisation__city=city, is_active=True).exists()
    )  # fmt: skip


@rules.predicate
def is_own_assist(user, log) -> bool:  # type: ignore[no-untyped-def]
    return log is not None and user.is_authenticated and log.guide.user_id == user.pk


@rules.predicate
def is_staff_of_assist_city(user, log) -> bool:  # type: ignore[no-untyped-def]
    return log is not None and is_city_staff(user, log.city)


@rules.predicate
def is_staff_of_plan_city(user, plan) -> bool:  # type: ignore[no-untyped-def]
    return plan is not None and is_city_staff(user, plan.city)


@rules.predicate
def is_network_admin_of_plan_city(user, plan) -> bool:  # type: ignore[no-untyped-def]
    return plan is not None and is_network_admin_of_city(user, plan.city)


rules.add_perm("inclusion.view_map", rules.always_allow)
rules.add_perm("inclusion.import_data", is_city_staff)
rules.add_perm("inclusion.manage_guides", is_city_staff)
rules.add_perm("inclusion.view_assists", is_city_staff)  # every entry of the city, row by row
rules.add_perm("inclusion.view_dashboard", is_city_staff | is_network_admin_of_city)  # aggregates only
rules.add_perm("inclusion.record_assist", is_guide_of_city)
rules.add_perm("inclusion.view_assist", is_own_assist | is_staff_of_assist_city)
rules.add_perm("inclusion.plan", is_city_staff)
rules.add_perm("inclusion.view_plans", is_city_staff | is_network_admin_of_city)
rules.add_perm("inclusion.view_plan", is_staff_of_plan_city | is_network_admin_of_plan_city)
