# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Who may do what with catalogue entries (django-rules predicates, checked with user.has_perm)."""

import rules

from madang.core.models import Membership


@rules.predicate
def is_editor(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user.is_authenticated and user.is_editor)


@rules.predicate
def is_network_admin(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user.is_authenticated and user.role == "network_admin" and user.network_id)


@rules.predicate
def is_published(user, initiative) -> bool:  # type: ignore[no-untyped-def]
    return initiative is not None and initiative.is_published


@rules.predicate
def is_owner_editor(user, initiative) -> bool:  # type: ignore[no-untyped-def]
    return initiative is not None and is_editor(user) and initiative.owner_id == user.organisation_id


@rules.predicate
def is_network_admin_of_owner(user, initiative) -> bool:  # type: ignore[no-untyped-def]
    if initiative is None or not is_network_admin(user):
        return False
    return Membership.objects.filter(network_id=user.network_id, organisation_id=initiative.owner_id).exists()


rules.add_perm("catalogue.view_initiative", is_published | is_owner_editor | is_network_admin_of_owner)
rules.add_perm("catalogue.add_initiative", is_editor | is_network_admin)
rules.add_perm("catalogue.change_initiative", is_owner_editor | is_network_admin_of_owner)
rules.add_perm("catalogue.publish_initiative", is_network_admin_of_owner)
rules.add_perm("catalogue.import_initiatives", is_editor | is_network_admin)
