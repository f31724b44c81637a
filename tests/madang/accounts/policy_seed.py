"""Requests to join organisations and networks for the generated permission tests.

The citizen asks to edit for Seoul's city hall and for Makati's; the citizen proposes an organisation decided by
network A and one decided by site staff (no network). Makati's city hall asks to join network A; network B invites
Seoul's city hall."""

from madang.accounts.models import JoinRequest
from madang.core.models import MembershipRequest


def seed(world):  # type: ignore[no-untyped-def]
    citizen = world.users["citizen"]
    world.objects["join_requests"] = [
        JoinRequest.objects.create(user=citizen, organisation=world.orgs["same"], role="editor", message="Hello"),
        JoinRequest.objects.create(user=citizen, organisation=world.orgs["makati"], role="member"),
        JoinRequest.objects.create(
            user=citizen, proposed=True, name="Busan Lab", kind="research", country=world.places["kr"],
            network=world.networks["a"],
        ),
        JoinRequest.objects.create(user=citizen, proposed=True, name="Orphan Lab", kind="research"),
    ]  # fmt: skip
    world.objects["membership_requests"] = [
        MembershipRequest.objects.create(
            organisation=world.orgs["makati"], network=world.networks["a"], direction="asked"
        ),
        MembershipRequest.objects.create(
            organisation=world.orgs["same"], network=world.networks["b"], direction="invited"
        ),
    ]
