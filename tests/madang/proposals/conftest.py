import datetime as dt

import pytest
from django.utils import timezone

from madang.matching.models import Need, Solution
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def call(world):
    """City A's open call with three criteria; two providers (one in Seoul, one in Makati) with a published
    solution each; a second editor of city A and an outside expert (the citizen) to evaluate."""
    need = Need.objects.create(
        organisation=world["city_a"], city=world["seoul"], language="en", title="Kiosk training for seniors",
        description="Seniors cannot order at kiosks.", domain="open_inclusive",
        evaluation_criteria="Fit for seniors\n- Cost\nAccessibility", status="open_call",
    )  # fmt: skip
    solution = Solution.objects.create(
        organisation=world["provider"], language="en", title="Kiosk practice class",
        description="Practice kiosks in community centres.", domain="open_inclusive", maturity="piloted",
    )  # fmt: skip
    solution.deployments.add(world["seoul"])
    provider_b = OrganisationFactory(slug="provider-b", kind="company", city=world["makati"])
    MembershipFactory(organisation=provider_b, network=world["network"])
    solution_b = Solution.objects.create(
        organisation=provider_b, language="en", title="Voice kiosk", description="A kiosk that listens.",
        domain="open_inclusive", maturity="prototype",
    )  # fmt: skip
    users = {
        **world["users"],
        "provider_b": UserFactory(username="provider_b", role="provider_editor", organisation=provider_b),
        "editor_a2": UserFactory(username="editor_a2", role="city_editor", organisation=world["city_a"]),
        "expert": UserFactory(username="expert", email="expert@university.example", role="citizen"),
    }
    return {**world, "need": need, "solution": solution, "solution_b": solution_b, "users": users}


def close_call(need):  # type: ignore[no-untyped-def]
    """Move the call into the past (the model refuses calls shorter than 28 days, the database does not)."""
    today = timezone.localdate()
    Need.objects.filter(pk=need.pk).update(
        call_opens=today - dt.timedelta(days=40), call_closes=today - dt.timedelta(days=1)
    )
    need.refresh_from_db()
