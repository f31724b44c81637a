"""Demo accounts for the demo loaders (load_demo, load_training_demo, load_inclusion_demo, load_pilot_example).

The loaders also fill staging and production databases with example data, and their password is public. So an
account gets the demo password only when MADANG_DEMO_LOGINS=1 (set by `make demo`); otherwise it is created with an
unusable password (courses, pilots and guides still have their people, but nobody can sign in as them) and the
superuser is not created at all.
"""

import os
from typing import Any

from madang.accounts.models import NetworkAdmin, OrganisationRole, User

DEMO_PASSWORD_DEFAULT = "madang-demo"  # noqa: S105 (public on purpose: it works only under `make demo`)


def demo_logins() -> bool:
    return os.environ.get("MADANG_DEMO_LOGINS") == "1"


def demo_password() -> str:
    return os.environ.get("MADANG_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def demo_user(username: str, **fields: Any) -> User:
    """The demo account `username`, created with `fields` if it is new.

    An existing account keeps a password someone chose. With demo logins off, one that still has the public demo
    password (loaded before this rule) is locked, so running a loader again closes the hole; with them on, one
    without a usable password gets the demo password."""
    logins = demo_logins()
    defaults = {k: v for k, v in fields.items() if k != "administers"}
    user, created = User.objects.get_or_create(username=username, defaults=defaults)
    if logins and (created or not user.has_usable_password()):
        # `make demo` on a database loaded without demo logins: its accounts become demo logins now.
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif not logins:
        _lock_if_public(user)
    _grant(user, fields)
    return user


def _grant(user: User, fields: dict[str, Any]) -> None:
    """The rows permissions read: an editor kind of account edits for its `organisation`, a network admin
    administers its `network` (and every network in `administers`)."""
    org = fields.get("organisation")
    if org is not None:
        editor = fields.get("role") in (User.Role.CITY_EDITOR, User.Role.PROVIDER_EDITOR)
        OrganisationRole.objects.get_or_create(
            user=user, organisation=org, defaults={"role": "editor" if editor else "member"}
        )
    networks = list(fields.get("administers", []))
    if fields.get("role") == User.Role.NETWORK_ADMIN and fields.get("network") is not None:
        networks.append(fields["network"])
    for network in networks:
        NetworkAdmin.objects.get_or_create(user=user, network=network)


def demo_superuser(username: str, **fields: Any) -> User | None:
    """The demo superuser, only with demo logins; without them none is made (and an old one with the public
    password is locked)."""
    if demo_logins():
        return demo_user(username, is_staff=True, is_superuser=True, **fields)
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        _lock_if_public(existing)
    return None


def _lock_if_public(user: User) -> None:
    if user.has_usable_password() and user.check_password(demo_password()):
        user.set_unusable_password()
        user.save(update_fields=["password"])
