"""Joining organisations: asking, proposing a new organisation, deciding, and an organisation's people.

Each decision is told to the person (a notice, then e-mail or SMS by the job worker), and each request to the
people who decide it. Nothing is approved by itself: an address on the organisation's domain is only shown."""

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from madang.core import roles
from madang.core.models import Membership, Network, Organisation, Place
from madang.notifications.recipients import admins_of, editors_of
from madang.notifications.services import notify

from .models import JoinRequest, OrganisationRole, User
from .policies import JoinRequestPolicy, OrganisationPeoplePolicy

RANK = {OrganisationRole.Role.MEMBER: 0, OrganisationRole.Role.EDITOR: 1, OrganisationRole.Role.ADMIN: 2}


def _require(
    policy: type[JoinRequestPolicy] | type[OrganisationPeoplePolicy], by: User, action: str, obj: object
) -> None:
    if not policy.allows(by, action, obj):
        raise PermissionDenied


def organisation_domains(org: Organisation) -> set[str]:
    """The e-mail domains an organisation is known by: its website's, and the one given when it was proposed."""
    domains = {d.lower() for d in org.join_requests.filter(proposed=True, status="approved").values_list(
        "email_domain", flat=True) if d}  # fmt: skip
    host = (urlsplit(org.website).hostname or "").lower() if org.website else ""
    if host:
        domains.add(host.removeprefix("www."))
    return domains


def domain_evidence(req: JoinRequest) -> str:
    """What the person's e-mail address says to those who decide: "confirmed" (on the organisation's domain and
    confirmed by its link), "unconfirmed" (on the domain, link not opened) or "" (not on it). A hint that puts a
    request first in the list, never a reason to approve by itself."""
    if not email_on_domain(req):
        return ""
    return "confirmed" if req.user.email_verified_at is not None else "unconfirmed"


def email_on_domain(req: JoinRequest) -> bool:
    """Whether the person's e-mail address is on the organisation's domain (or a sub-domain of it)."""
    address = (req.user.email or "").lower()
    if "@" not in address:
        return False
    host = address.rsplit("@", 1)[1]
    if req.proposed and req.organisation_id is None:
        domains = {req.email_domain.lower()} if req.email_domain else set()
    else:
        domains = organisation_domains(req.organisation) if req.organisation else set()
    return any(host == d or host.endswith("." + d) for d in domains)


def deciders_of(req: JoinRequest) -> QuerySet[User]:
    """Who is told of a new request: the organisation's editors and admins and its networks' admins; for a proposed
    organisation the chosen network's admins, else site staff."""
    if req.proposed:
        if req.network is not None:
            return admins_of(req.network)
        return User.objects.filter(is_staff=True, is_active=True)
    people = editors_of(req.organisation)
    for network in Network.objects.filter(memberships__organisation=req.organisation):
        people = people | admins_of(network)
    return people.distinct()


def _pending_for(user: User, org: Organisation) -> bool:
    return JoinRequest.objects.filter(user=user, organisation=org, status=JoinRequest.Status.PENDING).exists()


@transaction.atomic
def join_request_create(*, by: User, organisation: Organisation, role: str, message: str) -> JoinRequest:
    _require(JoinRequestPolicy, by, "ask_to_join", None)
    current = OrganisationRole.objects.filter(user=by, organisation=organisation).first()
    if current is not None and RANK[OrganisationRole.Role(current.role)] >= RANK[OrganisationRole.Role(role)]:
        raise ValidationError(
            _("You already have this role in %(organisation)s.") % {"organisation": organisation.display_name()}
        )
    if _pending_for(by, organisation):
        raise ValidationError(_("You already asked to join %(organisation)s: wait for the answer.")
                              % {"organisation": organisation.display_name()})  # fmt: skip
    req = JoinRequest.objects.create(user=by, organisation=organisation, role=role, message=message)
    notify(recipients=deciders_of(req), verb="membership_requested", target=req, actor=by, note=message)
    return req


@transaction.atomic
def organisation_propose(
    *,
    by: User,
    name: str,
    kind: str,
    country: Place | None,
    city: Place | None,
    website: str,
    email_domain: str,
    network: Network | None,
    message: str,
) -> JoinRequest:
    """A new organisation, made when it is approved, with the person who proposed it as its first admin."""
    _require(JoinRequestPolicy, by, "ask_to_join", None)
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError(_("An organisation with this name is on Madang already: ask to join it instead."))
    req = JoinRequest.objects.create(
        user=by, proposed=True, role=JoinRequest.Asked.EDITOR, name=name.strip(), kind=kind, country=country,
        city=city, website=website, email_domain=email_domain.strip().lower().lstrip("@"), network=network,
        message=message,
    )  # fmt: skip
    notify(recipients=deciders_of(req), verb="membership_requested", target=req, actor=by, note=message)
    return req


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _decided(req: JoinRequest, by: User, status: str, reason: str) -> None:
    req.status, req.reason, req.decided_by, req.decided_at = status, reason, by, timezone.now()
    req.save(update_fields=["status", "reason", "decided_by", "decided_at", "organisation"])


def _account_kind_follows(user: User, org: Organisation, role: str) -> None:
    """Keep the kind of account (what the menus offer; it decides no permission) in step with a new editor role."""
    if role == OrganisationRole.Role.MEMBER or user.role != User.Role.CITIZEN:
        return
    user.role = User.Role.CITY_EDITOR if org.kind == Organisation.Kind.CITY else User.Role.PROVIDER_EDITOR
    user.organisation = user.organisation or org
    user.save(update_fields=["role", "organisation"])


@transaction.atomic
def join_request_approve(*, request: JoinRequest, by: User) -> JoinRequest:
    _require(JoinRequestPolicy, by, "decide_join_request", request)
    if not request.pending:
        raise ValidationError(_("This request has been decided already."))
    role = request.role
    if request.proposed:
        org = Organisation.objects.create(
            slug=_unique_slug(request.name), name=request.name, kind=request.kind,
            city=request.city or None, website=request.website,
        )  # fmt: skip
        if request.network is not None:
            Membership.objects.get_or_create(organisation=org, network=request.network)
        request.organisation, role = org, OrganisationRole.Role.ADMIN
    assert request.organisation is not None
    row, created = OrganisationRole.objects.get_or_create(
        user=request.user, organisation=request.organisation, defaults={"role": role, "approved_by": by}
    )
    if not created and RANK[OrganisationRole.Role(row.role)] < RANK[OrganisationRole.Role(role)]:
        row.role, row.approved_by = role, by
        row.save(update_fields=["role", "approved_by"])
    _account_kind_follows(request.user, request.organisation, role)
    _decided(request, by, JoinRequest.Status.APPROVED, "")
    roles.forget(request.user)
    notify(recipients=[request.user], verb="membership_approved", target=request, actor=by)
    return request


@transaction.atomic
def join_request_refuse(*, request: JoinRequest, by: User, reason: str) -> JoinRequest:
    _require(JoinRequestPolicy, by, "decide_join_request", request)
    if not request.pending:
        raise ValidationError(_("This request has been decided already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so that the person knows what to do next.")})
    _decided(request, by, JoinRequest.Status.REFUSED, reason.strip())
    notify(recipients=[request.user], verb="membership_refused", target=request, actor=by, note=reason.strip())
    return request


def _keeps_an_admin(row: OrganisationRole, new_role: str | None) -> None:
    if row.role != OrganisationRole.Role.ADMIN or new_role == OrganisationRole.Role.ADMIN:
        return
    others = OrganisationRole.objects.filter(organisation_id=row.organisation_id, role=OrganisationRole.Role.ADMIN)
    if not others.exclude(pk=row.pk).exists():
        raise ValidationError(_("An organisation keeps at least one admin: make someone else admin first."))


@transaction.atomic
def member_set_role(*, member: OrganisationRole, role: str, by: User) -> OrganisationRole:
    _require(OrganisationPeoplePolicy, by, "manage_members", member.organisation)
    if role not in OrganisationRole.Role.values:
        raise ValidationError(_("Choose a role from the list."))
    _keeps_an_admin(member, role)
    member.role, member.approved_by = role, by
    member.save(update_fields=["role", "approved_by"])
    return member


@transaction.atomic
def member_remove(*, member: OrganisationRole, by: User) -> None:
    _require(OrganisationPeoplePolicy, by, "manage_members", member.organisation)
    _keeps_an_admin(member, None)
    member.delete()
