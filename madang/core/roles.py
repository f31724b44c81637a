"""The role helpers every permission policy is built from (madang/core/policy.py).

A person acts for at most one organisation (editors) or one network (network admins). From that follow the only
facts a policy may ask: which organisation's content the person edits, which place that organisation governs (a
city is governed by its own government organisation, `Organisation.governs`, never by whatever is located in it),
which organisations are members of the admin's network and which places those members govern.

Each helper answers with ids, so a policy's yes/no rule (`obj.owner_id in network_org_ids(user)`) and its queryset
(`Q(owner_id__in=network_org_ids(user))`) read the same fact. The sets are computed once per user object, which
lives for one request.
"""

from typing import Any

from .models import Membership, Organisation, Place

_CACHE = "_madang_roles"


def remember(user: Any, key: str, compute: Any) -> Any:
    """`compute()` once per user object (one request), kept under `key`; `forget` drops it all."""
    cache = user.__dict__.setdefault(_CACHE, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(user: Any) -> None:
    """Drop what was computed for this user object (after its organisation, network or memberships changed)."""
    user.__dict__.pop(_CACHE, None)


def signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_superuser(user: Any) -> bool:
    return signed_in(user) and bool(user.is_superuser)


def is_staff(user: Any) -> bool:
    return signed_in(user) and bool(user.is_staff)


def editor_org_id(user: Any) -> int | None:
    """The organisation whose content the user edits (a city or provider editor of it), else None."""
    if not signed_in(user) or user.role not in ("city_editor", "provider_editor"):
        return None
    return user.organisation_id  # type: ignore[no-any-return]


def is_editor(user: Any) -> bool:
    return editor_org_id(user) is not None


def is_city_editor(user: Any) -> bool:
    """An editor of a local-government organisation (a city hall, a district office)."""
    if not signed_in(user) or user.role != "city_editor" or user.organisation_id is None:
        return False
    return bool(remember(user, "org_kind", lambda: user.organisation.kind) == Organisation.Kind.CITY)


def governed_place_id(user: Any) -> int | None:
    """The place (city or district) whose government the user edits for, else None."""
    if not is_city_editor(user):
        return None
    return remember(user, "governs", lambda: user.organisation.governs_id)  # type: ignore[no-any-return]


def admin_network_id(user: Any) -> int | None:
    if not signed_in(user) or user.role != "network_admin":
        return None
    return user.network_id  # type: ignore[no-any-return]


def is_network_admin(user: Any) -> bool:
    return admin_network_id(user) is not None


def network_org_ids(user: Any) -> frozenset[int]:
    """The organisations that are members of the network the user administers (empty for everyone else)."""
    network_id = admin_network_id(user)
    if network_id is None:
        return frozenset()
    return remember(  # type: ignore[no-any-return]
        user,
        "network_orgs",
        lambda: frozenset(Membership.objects.filter(network_id=network_id).values_list("organisation_id", flat=True)),
    )


def acting_org_ids(user: Any) -> frozenset[int]:
    """Organisations the user acts for: their own as an editor, the network's members as its admin."""
    own = editor_org_id(user)
    return network_org_ids(user) | ({own} if own is not None else frozenset())


def network_place_ids(user: Any) -> frozenset[int]:
    """Places governed by member organisations of the admin's network, and the countries those cities are in."""
    orgs = network_org_ids(user)
    if not orgs:
        return frozenset()

    def compute() -> frozenset[int]:
        governed = set(
            Organisation.objects.filter(pk__in=orgs, governs__isnull=False).values_list("governs_id", flat=True)
        )
        countries = Place.objects.filter(pk__in=governed, kind=Place.Kind.CITY).values_list("parent_id", flat=True)
        return frozenset(governed | {c for c in countries if c is not None})

    return remember(user, "network_places", compute)  # type: ignore[no-any-return]


def network_city_ids(user: Any) -> frozenset[int]:
    """Cities (not countries) governed by member organisations of the admin's network."""
    places = network_place_ids(user)
    if not places:
        return frozenset()
    return remember(  # type: ignore[no-any-return]
        user,
        "network_cities",
        lambda: frozenset(Place.objects.filter(pk__in=places, kind=Place.Kind.CITY).values_list("pk", flat=True)),
    )


def is_privileged(user: Any) -> bool:
    """Accounts that can change other people's content or the whole site: stronger passwords, two-factor offered."""
    # The role alone counts: an admin whose network is yet to be set will administer one.
    return is_staff(user) or is_superuser(user) or (signed_in(user) and user.role == "network_admin")
