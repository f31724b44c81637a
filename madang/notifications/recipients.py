"""Who hears of an organisation's or a network's events. Every such lookup lives here, so that when membership
changes shape (people in several organisations) only these bodies change, not the callers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

if TYPE_CHECKING:
    from madang.accounts.models import User
    from madang.core.models import Network, Organisation, Place


def editors_of(org: Organisation | None) -> QuerySet[User]:
    """The people who edit for an organisation."""
    users = get_user_model()._default_manager
    if org is None:
        return users.none()
    return users.filter(
        organisation_roles__organisation=org, organisation_roles__role__in=["editor", "admin"], is_active=True
    ).distinct()


def admins_of(network: Network | None) -> QuerySet[User]:
    """The people who administer a network."""
    users = get_user_model()._default_manager
    if network is None:
        return users.none()
    return users.filter(network_roles__network=network, is_active=True).distinct()


def editors_governing(place: Place | None) -> QuerySet[User]:
    """The editors of the government of a place (its city hall), who answer for the place's values."""
    users = get_user_model()._default_manager
    if place is None:
        return users.none()
    return users.filter(
        organisation_roles__organisation__governs=place,
        organisation_roles__role__in=["editor", "admin"],
        is_active=True,
    ).distinct()
