"""A network's membership: invitations from its admins, requests from organisations, and the decisions on them.

The side that did not start a request decides it, and the side that started it hears of the decision."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.notifications.recipients import admins_of, editors_of
from madang.notifications.services import notify

from . import roles
from .models import Membership, MembershipRequest, Network, Organisation
from .policies import MembershipRequestPolicy, NetworkMembersPolicy


def _check_open(network: Network, organisation: Organisation) -> None:
    if Membership.objects.filter(network=network, organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s is a member of this network already.") % {"organisation": organisation}
        )
    if MembershipRequest.objects.filter(network=network, organisation=organisation, status="pending").exists():
        raise ValidationError(_("A request for %(organisation)s to join this network is waiting already.")
                              % {"organisation": organisation})  # fmt: skip


@transaction.atomic
def network_invite(*, network: Network, organisation: Organisation, message: str, by: User) -> MembershipRequest:
    if not NetworkMembersPolicy.allows(by, "manage_network_members", network):
        raise PermissionDenied
    _check_open(network, organisation)
    req = MembershipRequest.objects.create(
        network=network, organisation=organisation, direction=MembershipRequest.Direction.INVITED, message=message,
        created_by=by,
    )  # fmt: skip
    admins = User.objects.filter(
        organisation_roles__organisation=organisation, organisation_roles__role="admin", is_active=True
    )
    notify(recipients=admins, verb="network_invited", target=req, actor=by, note=message)
    return req


@transaction.atomic
def network_membership_ask(
    *, network: Network, organisation: Organisation, message: str, by: User
) -> MembershipRequest:
    if not NetworkMembersPolicy.allows(by, "ask_network_membership", network):
        raise PermissionDenied
    if organisation.pk not in roles.org_admin_ids(by) and not roles.is_superuser(by):
        raise PermissionDenied
    _check_open(network, organisation)
    req = MembershipRequest.objects.create(
        network=network, organisation=organisation, direction=MembershipRequest.Direction.ASKED, message=message,
        created_by=by,
    )  # fmt: skip
    notify(recipients=admins_of(network), verb="membership_requested", target=req, actor=by, note=message)
    return req


def _other_side(req: MembershipRequest) -> list[User]:
    if req.direction == MembershipRequest.Direction.ASKED:
        people = list(editors_of(req.organisation))
    else:
        people = list(admins_of(req.network))
    if req.created_by is not None:
        people.append(req.created_by)
    return people


def _decide(req: MembershipRequest, by: User, status: str, reason: str) -> None:
    if not MembershipRequestPolicy.allows(by, "decide_membership_request", req):
        raise PermissionDenied
    if req.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("This request has been decided already."))
    req.status, req.reason, req.decided_by, req.decided_at = status, reason, by, timezone.now()
    req.save(update_fields=["status", "reason", "decided_by", "decided_at"])


@transaction.atomic
def membership_request_approve(*, request: MembershipRequest, by: User) -> Membership:
    _decide(request, by, MembershipRequest.Status.APPROVED, "")
    membership, _created = Membership.objects.get_or_create(
        organisation=request.organisation, network=request.network, defaults={"since": timezone.now().year}
    )
    notify(recipients=_other_side(request), verb="membership_approved", target=request, actor=by)
    return membership


@transaction.atomic
def membership_request_refuse(*, request: MembershipRequest, by: User, reason: str) -> MembershipRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so that the person knows what to do next.")})
    _decide(request, by, MembershipRequest.Status.REFUSED, reason.strip())
    notify(recipients=_other_side(request), verb="membership_refused", target=request, actor=by, note=reason)
    return request
