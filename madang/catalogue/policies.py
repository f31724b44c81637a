"""Who may do what with catalogue entries: the owner's editors and the admins of a network the owner belongs to."""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import Action, Policy, Route, among, register

from .models import Initiative


def _owned(user: Any, initiative: Any) -> bool:
    return initiative is not None and initiative.owner_id in roles.acting_org_ids(user)


def _owned_q(user: Any) -> Q:
    return among("owner_id", roles.acting_org_ids(user))


def _admin_of_owner(user: Any, initiative: Any) -> bool:
    return initiative is not None and initiative.owner_id in roles.network_org_ids(user)


def _admin_of_owner_q(user: Any) -> Q:
    return among("owner_id", roles.network_org_ids(user))


def _may_create(user: Any, obj: Any = None) -> bool:
    return roles.is_editor(user) or roles.is_network_admin(user)


@register
class InitiativePolicy(Policy[Initiative]):
    model = Initiative
    actions = {
        "view_initiative": Action(
            rule=lambda user, i: i is not None and (i.is_published or _owned(user, i)),
            where=lambda user: Q(is_published=True) | _owned_q(user),
            shown_by="view_initiative",
        ),
        "add_initiative": Action(rule=_may_create),
        "import_initiatives": Action(rule=_may_create),
        # Editing covers the owner's editors and the admins of the owner's networks; moving an entry to another
        # owner is refused by the services whoever asks.
        "change_initiative": Action(rule=_owned, where=_owned_q, shown_by="view_initiative"),
        "publish_initiative": Action(rule=_admin_of_owner, where=_admin_of_owner_q, shown_by="view_initiative"),
    }
    routes = [
        Route("catalogue:new", "add_initiative", methods=("GET", "POST")),
        Route("catalogue:import", "import_initiatives", methods=("GET", "POST")),
        Route("catalogue:detail", "view_initiative", lambda i: {"slug": i.slug}),
        Route("catalogue:edit", "change_initiative", lambda i: {"slug": i.slug}, methods=("GET", "POST")),
        Route("catalogue:publish", "publish_initiative", lambda i: {"slug": i.slug}, methods=("POST",)),
    ]


PUBLIC_ROUTES = ["catalogue:list", "catalogue:export-csv", "catalogue:export-json"]
