"""Staff withdraw a tester from the panel only after a confirmation, like the tester's own leave page."""

from django.urls import reverse

from madang.pilots.models import Tester


def _names(tester):
    tester.refresh_from_db()
    return tester.name, tester.contact, tester.withdrawn_at


def test_withdrawing_from_the_panel_asks_first_and_needs_an_explicit_yes(client, p):
    tester, pilot = p["tester"], p["pilot"]
    client.force_login(p["users"]["editor_a"])
    panel = reverse("pilots:panel", args=[pilot.pk])
    withdraw = reverse("pilots:tester-withdraw", args=[pilot.pk, tester.pk])
    # The panel offers a link to the question, not a button that erases.
    page = client.get(panel).content.decode()
    assert f'href="{withdraw}"' in page and f'action="{withdraw}"' not in page
    question = client.get(withdraw)
    assert question.status_code == 200
    body = question.content.decode()
    assert "cannot be brought back" in body and f"Yes, withdraw {tester.code} and delete their details" in body
    assert f'href="{panel}"' in body and "Kim Ok-soon" in body
    assert _names(tester) == ("Kim Ok-soon", "010-0000-0000", None)
    # A POST without the explicit yes (an old panel's one-tap form) keeps everything.
    assert client.post(withdraw).status_code == 400
    assert _names(tester) == ("Kim Ok-soon", "010-0000-0000", None)
    response = client.post(withdraw, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == panel
    assert f"{tester.code} has withdrawn" in response.content.decode()
    name, contact, withdrawn_at = _names(tester)
    assert (name, contact) == ("", "") and withdrawn_at is not None
    # Once withdrawn there is nothing left to ask.
    assert client.get(withdraw)["Location"] == panel


def test_only_those_who_see_the_contact_may_withdraw(client, p):
    tester, pilot = p["tester"], p["pilot"]
    withdraw = reverse("pilots:tester-withdraw", args=[pilot.pk, tester.pk])
    client.force_login(p["other_host"])  # hosts another site: this tester is not theirs
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw, {"confirm": "yes"}).status_code == 404
    client.force_login(p["users"]["provider"])
    assert client.post(withdraw, {"confirm": "yes"}).status_code in (403, 404)
    client.force_login(p["host"])
    assert client.get(withdraw).status_code == 200
    assert Tester.objects.get(pk=tester.pk).withdrawn_at is None
