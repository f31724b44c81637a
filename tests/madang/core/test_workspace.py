"""The workspace after sign-in: what needs each person, from every app, and nothing they may not act on."""

import pytest
from django.urls import reverse

from madang.accounts.models import NetworkAdmin
from madang.assessment.models import Value
from madang.core.services_networks import network_invite
from tests.assessment_data import put
from tests.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("core:workspace"))
    assert response.status_code == 200
    return response.content.decode()


def test_signing_in_lands_on_the_workspace(client, world):
    user = world["users"]["citizen"]
    user.set_password("a long enough password 1")
    user.save()
    response = client.post(reverse("accounts:login"), {"username": "citizen", "password": "a long enough password 1"})
    assert response.status_code == 302 and response["Location"] == reverse("core:workspace")


def test_values_returned_to_the_city_and_waiting_for_the_network_admin(client, scored):
    node = scored["nodes"][next(iter(scored["nodes"]))]
    put(node, scored["seoul"], 2025, 0.5, status=Value.Status.SUBMITTED, by=scored["users"]["editor_a"])
    admin = _page(client, scored["users"]["admin"])
    assert "Values waiting for your validation" in admin and f"{node.code} · Seoul 2025" in admin
    Value.objects.filter(year=2025).update(status=Value.Status.REJECTED, review_note="Source is from 2019")
    city = _page(client, scored["users"]["editor_a"])
    assert "Values returned to you to fix" in city and "Source is from 2019" in city
    assert "Values returned to you to fix" not in _page(client, scored["users"]["editor_b"])


def test_a_citizen_with_nothing_waiting_is_shown_what_they_can_do(client, world):
    page = _page(client, world["users"]["citizen"])
    assert "Nothing is waiting for you" in page and reverse("pilots:list") in page


def test_the_workspace_needs_a_sign_in(client, world):
    response = client.get(reverse("core:workspace"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unread_notices_come_first(client, world):
    from madang.notifications.services import notify

    notify(recipients=[world["users"]["citizen"]], verb="class_place_freed", target=world["city_a"],
           actor=world["users"]["editor_a"])  # fmt: skip
    page = _page(client, world["users"]["citizen"])
    assert "Unread in your inbox" in page and "Nothing is waiting for you" not in page


def test_a_request_to_join_waits_for_the_organisations_editor_and_not_for_others(client, world):
    from madang.accounts.services_joining import join_request_create

    join_request_create(by=world["users"]["citizen"], organisation=world["city_a"], role="editor",
                        message="I work in the digital team.")  # fmt: skip
    page = _page(client, world["users"]["editor_a"])
    section = page.split("Requests to join that you decide")[1].split("</section>")[0]
    assert "citizen" in section and "Waiting for you" in section
    assert "Requests to join that you decide" not in _page(client, world["users"]["editor_b"])
    assert "Your requests to join" in _page(client, world["users"]["citizen"])


def test_an_invitation_to_a_network_waits_for_the_organisations_admin(client, world):
    other = NetworkFactory(slug="cjk")
    NetworkAdmin.objects.create(user=world["users"]["other_admin"], network=other)
    network_invite(network=other, organisation=world["city_a"], by=world["users"]["other_admin"], message="")
    org_admin = UserFactory(username="city-a-admin", role="city_editor", organisation=world["city_a"],
                            memberships="admin")  # fmt: skip
    assert "Network memberships waiting for your answer" in _page(client, org_admin)
    assert "Network memberships waiting for your answer" not in _page(client, world["users"]["editor_b"])
