"""The role helpers every permission policy is built from (madang/core/policy.py).

A person belongs to organisations with a role in each (`accounts.OrganisationRole`: member, editor, admin) and may
administer networks (`accounts.NetworkAdmin`); `User.role`, `User.organisation` and `User.network` are only the kind
of account and where it started, and decide nothing here. From the rows follow the only facts a policy may ask:
which organisations' content the person edits, which places those organisations govern (a city is governed by its
own government organisation, `Organisation.governs`, never by whatever is located in it), which organisations are
members of the admin's networks and which places those members govern.

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


def _organisation_roles(user: Any) -> tuple[tuple[int, str, str, int | None], ...]:
    """(organisation id, role, organisation kind, place it governs) for every organisation the person belongs to."""
    if not signed_in(user):
        return ()

    def compute() -> tuple[tuple[int, str, str, int | None], ...]:
        from madang.accounts.models import OrganisationRole

        rows = OrganisationRole.objects.filter(user_id=user.pk).values_list(
            "organisation_id", "role", "organisation__kind", "organisation__governs_id"
        )
        return tuple(rows)

    return remember(user, "org_roles", compute)  # type: ignore[no-any-return]


def member_org_ids(user: Any) -> frozenset[int]:
    """Every organisation the person belongs to, whatever their role in it."""
    return frozenset(org for org, _role, _kind, _gov in _organisation_roles(user))


def editor_org_ids(user: Any) -> frozenset[int]:
    """The organisations whose content the person edits (their editors and admins)."""
    return frozenset(org for org, role, _kind, _gov in _organisation_roles(user) if role in ("editor", "admin"))


def org_admin_ids(user: Any) -> frozenset[int]:
    """The organisations whose people the person manages (its admins)."""
    return frozenset(org for org, role, _kind, _gov in _organisation_roles(user) if role == "admin")


def is_editor(user: Any) -> bool:
    return bool(editor_org_ids(user))


def city_editor_org_ids(user: Any) -> frozenset[int]:
    """The local-government organisations (city halls, district offices) the person edits for."""
    return frozenset(
        org
        for org, role, kind, _gov in _organisation_roles(user)
        if role in ("editor", "admin") and kind == Organisation.Kind.CITY
    )


def is_city_editor(user: Any) -> bool:
    """An editor of a local-government organisation (a city hall, a district office)."""
    return bool(city_editor_org_ids(user))


def governed_place_ids(user: Any) -> frozenset[int]:
    """The places (cities or districts) whose government the person edits for."""
    return frozenset(
        gov
        for org, role, kind, gov in _organisation_roles(user)
        if role in ("editor", "admin") and kind == Organisation.Kind.CITY and gov is not None
    )


def admin_network_ids(user: Any) -> frozenset[int]:
    """The networks the person administers."""
    if not signed_in(user):
        return frozenset()

    def compute() -> frozenset[int]:
        from madang.accounts.models import NetworkAdmin

        return frozenset(NetworkAdmin.objects.filter(user_id=user.pk).values_list("network_id", flat=True))

    return remember(user, "admin_networks", compute)  # type: ignore[no-any-return]


def is_network_admin(user: Any) -> bool:
    return bool(admin_network_ids(user))


def network_org_ids(user: Any) -> frozenset[int]:
    """The organisations that are members of any network the user administers (empty for everyone else)."""
    networks = admin_network_ids(user)
    if not networks:
        return frozenset()
    return remember(  # type: ignore[no-any-return]
        user,
        "network_orgs",
        lambda: frozenset(Membership.objects.filter(network_id__in=networks).values_list("organisation_id", flat=True)),
    )


def acting_org_ids(user: Any) -> frozenset[int]:
    """Organisations the user acts for: those they edit for, and the members of the networks they administer."""
    return network_org_ids(user) | editor_org_ids(user)


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
    # The kind of account counts too: a secretariat account whose network is yet to be granted will administer one.
    return (
        is_staff(user)
        or is_superuser(user)
        or is_network_admin(user)
        or bool(org_admin_ids(user))
        or (signed_in(user) and user.role == "network_admin")
    )
