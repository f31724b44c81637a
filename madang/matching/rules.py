# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Who may do what with needs, solutions and matches."""

import rules

from madang.catalogue.rules import is_editor, is_network_admin
from madang.core.models import Membership, Organisation


@rules.predicate
def is_city_editor(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(is_editor(user) and user.role == "city_editor")


@rules.predicate
def owns(user, obj) -> bool:  # type: ignore[no-untyped-def]
    return obj is not None and is_editor(user) and obj.organisation_id == user.organisation_id


@rules.predicate
def admin_of(user, obj) -> bool:  # type: ignore[no-untyped-def]
    if obj is None or not is_network_admin(user):
        return False
    return Membership.objects.filter(network_id=user.network_id, organisation_id=obj.organisation_id).exists()


@rules.predicate
def need_is_public(user, need) -> bool:  # type: ignore[no-untyped-def]
    return need is not None and need.status != "draft"


@rules.predicate
def solution_is_published(user, solution) -> bool:  # type: ignore[no-untyped-def]
    return solution is not None and solution.is_published


@rules.predicate
def owns_need_of_match(user, match) -> bool:  # type: ignore[no-untyped-def]
    return match is not None and (owns(user, match.need) or admin_of(user, match.need))


@rules.predicate
def owns_solution_of_match(user, match) -> bool:  # type: ignore[no-untyped-def]
    return match is not None and owns(user, match.solution)


def organisation_may_offer_solutions(org: Organisation) -> bool:
    return org.kind != Organisation.Kind.SECRETARIAT


rules.add_perm("matching.view_need", need_is_public | owns | admin_of)
rules.add_perm("matching.add_need", is_city_editor | is_network_admin)
rules.add_perm("matching.change_need", owns | admin_of)
rules.add_perm("matching.view_solution", solution_is_published | owns | admin_of)
rules.add_perm("matching.add_solution", is_editor)
rules.add_perm("matching.change_solution", owns)
rules.add_perm("matching.view_match", owns_need_of_match | owns_solution_of_match)
rules.add_perm("matching.shortlist", owns_need_of_match)  # shortlist, contact, invite: the city's side
rules.add_perm("matching.respond", owns_solution_of_match)  # interested, declined: the provider's side
