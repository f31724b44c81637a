# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Who may manage sign-in lockouts and rate limits: Django staff (the operators), nobody else."""

import rules


@rules.predicate
def is_staff(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user.is_authenticated and user.is_active and user.is_staff)


rules.add_perm("accounts.lift_limits", is_staff)
