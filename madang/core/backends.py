"""Django's ModelBackend, minus the permissions Madang's policies define.

A policy's action `training.add_course` has the same name as the database permission Django creates for the model,
and ModelBackend grants database permissions given to a user or group in the admin. Without this, a grant there
would open a page the policy refuses (and the service would then fail). Superusers keep every permission through
the policies themselves (`Policy.allows`)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .policy import policy_for


def _is_policy_perm(perm: str) -> bool:
    try:
        policy_for(perm)
    except (LookupError, ValueError):
        return False
    return True


class PolicyAwareModelBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if _is_policy_perm(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
