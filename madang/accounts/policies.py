"""Who may lift sign-in lockouts and rate limits (staff, the operators), and which account pages are public."""

from typing import Any

from madang.core import roles
from madang.core.policy import Action, Policy, Route, register

from .models import RateLimitHit


def _staff(user: Any, obj: Any = None) -> bool:
    return roles.is_staff(user)


@register
class LimitPolicy(Policy[RateLimitHit]):
    model = RateLimitHit
    actions = {"lift_limits": Action(rule=_staff)}
    routes = [Route("accounts:limits", "lift_limits", methods=("GET", "POST"))]


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
SIGNED_IN_ROUTES = ["accounts:profile", "accounts:two_factor"]
