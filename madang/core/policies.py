"""Who may see and re-run background jobs: Django staff (the operators); who invites organisations into a network
and decides their requests (its admins, and the organisation's admins for an invitation); which pages are public."""

from typing import Any

from django.db.models import Q
from django_tasks_db.models import DBTaskResult

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, among, register

from .models import ImportRun, MembershipRequest, Network


def _staff(user: Any, obj: Any = None) -> bool:
    return roles.is_staff(user)


@register
class JobPolicy(Policy[DBTaskResult]):
    model = DBTaskResult
    app_label = "core"
    actions = {"manage_jobs": Action(rule=_staff)}
    routes = [Route("core:jobs", "manage_jobs", methods=("GET", "POST"))]


@register
class ImportRunPolicy(Policy[ImportRun]):
    """A long import's progress and report: the person who uploaded it (the rows may name their contacts)."""

    model = ImportRun
    actions = {
        "view_import_run": Action(
            rule=lambda user, run: run is not None and roles.signed_in(user) and run.created_by_id == user.pk,
            where=lambda user: Q(created_by_id=user.pk) if roles.signed_in(user) else NOTHING,
            shown_by="view_import_run",
        )
    }
    routes = [Route("core:import-run", "view_import_run", lambda run: {"pk": run.pk})]


def _slug(network: Network) -> dict[str, Any]:
    return {"slug": network.slug}


@register
class NetworkMembersPolicy(Policy[Network]):
    """A network's membership: its admins invite organisations and see the requests; an organisation's admins ask
    for their organisation to join."""

    model = Network
    app_label = "core"
    actions = {
        "manage_network_members": Action(
            rule=lambda user, n: n is not None and n.pk in roles.admin_network_ids(user),
            where=lambda user: among("pk", roles.admin_network_ids(user)),
            shown_by="manage_network_members",
        ),
        "ask_network_membership": Action(
            rule=lambda user, n: n is not None and bool(roles.org_admin_ids(user)),
            where=lambda user: Q() if roles.org_admin_ids(user) else NOTHING,
        ),
    }
    routes = [
        Route("core:network-members", "manage_network_members", _slug, methods=("GET", "POST")),
        Route("core:network-join", "ask_network_membership", _slug, methods=("GET", "POST")),
    ]


def _sees_request(user: Any, req: Any) -> bool:
    return req is not None and (
        req.network_id in roles.admin_network_ids(user) or req.organisation_id in roles.editor_org_ids(user)
    )


def _sees_request_q(user: Any) -> Q:
    return among("network_id", roles.admin_network_ids(user)) | among("organisation_id", roles.editor_org_ids(user))


def _decides_request(user: Any, req: Any) -> bool:
    """The other side decides: the network's admins what an organisation asked, its admins an invitation."""
    if req is None:
        return False
    if req.direction == MembershipRequest.Direction.ASKED:
        return req.network_id in roles.admin_network_ids(user)
    return req.organisation_id in roles.org_admin_ids(user)


def _decides_request_q(user: Any) -> Q:
    asked = Q(direction=MembershipRequest.Direction.ASKED) & among("network_id", roles.admin_network_ids(user))
    invited = Q(direction=MembershipRequest.Direction.INVITED) & among("organisation_id", roles.org_admin_ids(user))
    return asked | invited


@register
class MembershipRequestPolicy(Policy[MembershipRequest]):
    model = MembershipRequest
    actions = {
        "view_membership_request": Action(
            rule=_sees_request, where=_sees_request_q, shown_by="view_membership_request"
        ),
        "decide_membership_request": Action(
            rule=_decides_request, where=_decides_request_q, shown_by="view_membership_request"
        ),
    }
    routes = [
        Route(
            "core:membership-request",
            "view_membership_request",
            lambda r: {"pk": r.pk},
            methods=("GET", "POST"),
            post_action="decide_membership_request",
        )
    ]


# Reference pages anyone may read (places, organisations, networks are public facts), display settings (a cookie),
# and the health check the load balancer asks.
PUBLIC_ROUTES = [
    "core:home",
    "core:display",
    "core:health",
    "core:cities",
    "core:city",
    "core:organisations",
    "core:organisations-export",
    "core:organisation",
    "core:networks",
    "core:network",
]

# A person's own workspace: what it shows is filtered by each app's policies (madang/core/workspace.py).
SIGNED_IN_ROUTES = ["core:workspace"]
