"""The workspace's matching sections: invitations waiting for the provider, answers waiting for the city."""

import pytest
from django.urls import reverse

from madang.matching.services import match_transition

pytestmark = pytest.mark.django_db


def _invite(market):
    for step in ("shortlisted", "invited"):
        match_transition(need=market["need"], solution=market["kiosk"], action=step, by=market["users"]["editor_a"])


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("core:workspace"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_provider_sees_the_invitation_waiting_for_its_answer_and_the_city_does_not(client, market):
    _invite(market)
    page = _page(client, market["users"]["provider"])
    section = page.split("Invitations and contacts waiting for your answer")[1].split("</section>")[0]
    assert market["need"].title in section and "Waiting for you" in section
    assert "Your organisation&#x27;s solutions" in page and "Basement flood alarms" in page
    city = _page(client, market["users"]["editor_a"])
    assert "Invitations and contacts waiting for your answer" not in city
    assert market["need"].title in city.split("Your organisation&#x27;s needs")[1]


def test_the_city_sees_the_providers_interest(client, market):
    _invite(market)
    match_transition(need=market["need"], solution=market["kiosk"], action="interested",
                     by=market["users"]["provider"])  # fmt: skip
    page = _page(client, market["users"]["editor_a"])
    assert market["kiosk"].title in page.split("Providers&#x27; answers to your needs")[1].split("</section>")[0]


def test_the_providers_page_shows_its_solutions_and_its_matches_only_to_its_people(client, market):
    _invite(market)
    public = client.get(reverse("core:organisation", args=["provider"])).content.decode()
    assert market["kiosk"].title in public and "Unpublished" not in public
    assert "Matches (seen by this organisation" not in public
    client.force_login(market["users"]["provider"])
    own = client.get(reverse("core:organisation", args=["provider"])).content.decode()
    assert "Unpublished" in own and market["need"].title in own.split("Matches (seen by")[1].split("</section>")[0]
    client.force_login(market["users"]["editor_b"])
    assert "Matches (seen by" not in client.get(reverse("core:organisation", args=["provider"])).content.decode()
