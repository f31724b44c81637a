"""The seeded data set the generated permission tests run on (tests/madang/core/test_policies.py).

Two cities in two countries. Seoul is governed by its city hall ("same"); a district office is located in Seoul but
governs only its district ("other organisation in the same city"). A provider company is in Seoul. Network A has all
three as members; network B has only Makati's city hall. Every app adds its own objects in
`tests/madang/<app>/policy_seed.py` (a `seed(world)` function), owned by the Seoul city hall and by Makati's, in
every state its policy distinguishes (draft and published, open and closed ...).
"""

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tests.factories import (
    MembershipFactory,
    NetworkAdminFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganisationRoleFactory,
    PlaceFactory,
    UserFactory,
)

PERSONAS = [
    "anonymous",
    "citizen",
    "provider",
    "editor_same",  # editor of the Seoul city hall, which governs Seoul
    "editor_other",  # editor of a district office located in Seoul (another organisation in the same city)
    "admin_same",  # admin of network A (Seoul's city hall, the district office and the provider are members)
    "admin_other",  # admin of network B (only Makati's city hall)
    "member_same",  # a member (not an editor) of the Seoul city hall: belongs, edits nothing
    "org_admin",  # admin of the Seoul city hall: edits its content and manages its people
    "two_orgs",  # editor of the provider and of Makati's city hall at once
    "admin_both",  # admin of networks A and B
    "staff",
    "superuser",
]


@dataclass
class World:
    places: dict[str, Any] = field(default_factory=dict)
    orgs: dict[str, Any] = field(default_factory=dict)
    networks: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def user(self, persona: str) -> Any:
        return AnonymousUser() if persona == "anonymous" else self.users[persona]


def _base() -> World:
    w = World()
    kr = PlaceFactory(kind="country", code="KR", name="Republic of Korea", slug="kr", parent=None)
    ph = PlaceFactory(kind="country", code="PH", name="Philippines", slug="ph", parent=None)
    seoul = PlaceFactory(kind="city", name="Seoul", slug="seoul", parent=kr)
    district = PlaceFactory(kind="district", name="Seongdong-gu", slug="seongdong", parent=seoul)
    makati = PlaceFactory(kind="city", name="Makati", slug="makati", parent=ph)
    w.places = {"kr": kr, "ph": ph, "seoul": seoul, "district": district, "makati": makati}
    net_a, net_b = NetworkFactory(slug="net-a"), NetworkFactory(slug="net-b")
    w.networks = {"a": net_a, "b": net_b}
    same = OrganisationFactory(slug="seoul-hall", kind="city", city=seoul, governs=seoul)
    other = OrganisationFactory(slug="seongdong-office", kind="city", city=seoul, governs=district)
    provider = OrganisationFactory(slug="provider", kind="company", city=seoul, governs=None)
    makati_hall = OrganisationFactory(slug="makati-hall", kind="city", city=makati, governs=makati)
    w.orgs = {"same": same, "other": other, "provider": provider, "makati": makati_hall}
    for org in (same, other, provider):
        MembershipFactory(organisation=org, network=net_a)
    MembershipFactory(organisation=makati_hall, network=net_b)
    w.users = {
        "citizen": UserFactory(username="p-citizen", role="citizen"),
        "provider": UserFactory(username="p-provider", role="provider_editor", organisation=provider),
        "editor_same": UserFactory(username="p-editor-same", role="city_editor", organisation=same),
        "editor_other": UserFactory(username="p-editor-other", role="city_editor", organisation=other),
        "admin_same": UserFactory(username="p-admin-same", role="network_admin", network=net_a),
        "admin_other": UserFactory(username="p-admin-other", role="network_admin", network=net_b),
        "member_same": UserFactory(username="p-member-same", role="citizen", organisation=same),
        "org_admin": UserFactory(username="p-org-admin", role="city_editor", organisation=same, memberships="admin"),
        "two_orgs": UserFactory(username="p-two-orgs", role="provider_editor", organisation=provider),
        "admin_both": UserFactory(username="p-admin-both", role="network_admin", network=net_a),
        "staff": UserFactory(username="p-staff", role="citizen", is_staff=True),
        "superuser": UserFactory(username="p-superuser", role="citizen", is_staff=True, is_superuser=True),
    }
    OrganisationRoleFactory(user=w.users["two_orgs"], organisation=makati_hall, role="editor")
    NetworkAdminFactory(user=w.users["admin_both"], network=net_b)
    return w


def seed_modules() -> list[Any]:
    root = Path(__file__).parent / "madang"
    names = sorted(p.parent.name for p in root.glob("*/policy_seed.py"))
    return [importlib.import_module(f"tests.madang.{name}.policy_seed") for name in names]


def build() -> World:
    world = _base()
    for module in seed_modules():
        module.seed(world)
    return world
