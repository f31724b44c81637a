"""Who may lift sign-in lockouts and rate limits (staff, the operators), who decides requests to join an
organisation and manages its people, and which account pages are public."""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.models import Organisation
from madang.core.policy import NOTHING, Action, Policy, Route, among, register

from .models import JoinRequest, RateLimitHit


def _staff(user: Any, obj: Any = None) -> bool:
    return roles.is_staff(user)


@register
class LimitPolicy(Policy[RateLimitHit]):
    model = RateLimitHit
    actions = {"lift_limits": Action(rule=_staff)}
    routes = [Route("accounts:limits", "lift_limits", methods=("GET", "POST"))]


# ---------------------------------------------------------------- joining organisations
def _decides_for_orgs(user: Any) -> frozenset[int]:
    """Organisations whose requests to join the user decides: those they edit for, and their networks' members."""
    return roles.editor_org_ids(user) | roles.network_org_ids(user)


def _decides(user: Any, req: Any) -> bool:
    if req is None:
        return False
    if req.proposed:
        if req.network_id is None:
            return roles.is_staff(user)
        return req.network_id in roles.admin_network_ids(user)
    return req.organisation_id in _decides_for_orgs(user)


def _decides_q(user: Any) -> Q:
    if not roles.signed_in(user):
        return NOTHING
    q = Q(proposed=False) & among("organisation_id", _decides_for_orgs(user))
    q |= Q(proposed=True) & among("network_id", roles.admin_network_ids(user))
    if roles.is_staff(user):
        q |= Q(proposed=True, network__isnull=True)
    return q


def _sees(user: Any, req: Any) -> bool:
    return req is not None and roles.signed_in(user) and (req.user_id == user.pk or _decides(user, req))


def _sees_q(user: Any) -> Q:
    return (Q(user_id=user.pk) | _decides_q(user)) if roles.signed_in(user) else NOTHING


def _signed_in(user: Any, obj: Any = None) -> bool:
    return roles.signed_in(user)


def _reviews_any(user: Any, obj: Any = None) -> bool:
    return roles.is_editor(user) or roles.is_network_admin(user) or roles.is_staff(user)


@register
class JoinRequestPolicy(Policy[JoinRequest]):
    """A request to join an organisation, or to add a new one: the person who asked and the people who decide."""

    model = JoinRequest
    actions = {
        "ask_to_join": Action(rule=_signed_in),
        "review_join_requests": Action(rule=_reviews_any),
        "view_join_request": Action(rule=_sees, where=_sees_q, shown_by="view_join_request"),
        "decide_join_request": Action(rule=_decides, where=_decides_q, shown_by="view_join_request"),
    }
    routes = [
        Route("accounts:join", "ask_to_join", methods=("GET", "POST")),
        Route("accounts:propose", "ask_to_join", methods=("GET", "POST")),
        Route("accounts:join-requests", "review_join_requests"),
        Route(
            "accounts:join-request",
            "view_join_request",
            lambda r: {"pk": r.pk},
            methods=("GET", "POST"),
            post_action="decide_join_request",
        ),
    ]


@register
class OrganisationPeoplePolicy(Policy[Organisation]):
    """An organisation's people: its admins see who belongs and change or end their roles."""

    model = Organisation
    app_label = "accounts"
    actions = {
        "manage_members": Action(
            rule=lambda user, org: org is not None and org.pk in roles.org_admin_ids(user),
            where=lambda user: among("pk", roles.org_admin_ids(user)),
            shown_by="manage_members",
        ),
    }
    routes = [Route("accounts:members", "manage_members", lambda o: {"slug": o.slug}, methods=("GET", "POST"))]


PUBLIC_ROUTES = [
    "accounts:signup",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # The second step of signing in: it holds only a half-signed-in session and sends everyone else to sign in.
    "accounts:two_factor_verify",
]
# A person's own profile and two-factor device.
SIGNED_IN_ROUTES = ["accounts:profile", "accounts:two_factor", "accounts:verify-email-again"]
# The link in the confirmation e-mail: the signed token is the permission (accounts/verification.py).
TOKEN_ROUTES = ["accounts:verify-email"]
