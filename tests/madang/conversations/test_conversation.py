"""The conversation on a match, through its real pages: who reads and writes, languages, escaping, rate limits,
reports and hiding, and contact details shared only when both sides agree."""

import pytest
from django.conf import settings
from django.urls import reverse

from madang.conversations.models import ContactConsent, Message, MessageReport
from madang.notifications.models import Notice

pytestmark = pytest.mark.django_db


def _url(match):  # type: ignore[no-untyped-def]
    return reverse("conversations:match", kwargs={"pk": match.pk})


def _as(client, user):  # type: ignore[no-untyped-def]
    client.logout()
    client.force_login(user)
    return client


def _send(client, match, body, language="en", **extra):  # type: ignore[no-untyped-def]
    return client.post(_url(match), {"body": body, "language": language, **extra})


def test_city_and_provider_exchange_messages_and_the_facilitator_reads_them(client, talk):
    users, match = talk["users"], talk["match"]
    response = _send(_as(client, users["editor_a"]), match, "언제 시작할 수 있습니까?", language="ko")
    assert response.status_code == 302
    page = _as(client, users["provider"]).get(_url(match)).content.decode()
    assert "언제 시작할 수 있습니까?" in page
    assert "Written in 한국어" in page
    assert "City A" in page  # the writer's organisation beside their name
    assert _send(client, match, "五月から始められます。", language="ja").status_code == 302
    page = _as(client, users["admin"]).get(_url(match)).content.decode()
    assert "언제 시작할 수 있습니까?" in page and "五月から始められます。" in page
    assert "Written in 日本語" in page
    assert "Shortlisted" in page  # the match's steps in the same timeline
    assert _send(client, match, "Facilitator here.").status_code == 302
    sides = list(Message.objects.order_by("pk").values_list("side", flat=True))
    assert sides == ["need", "solution", "facilitator"]


def test_a_new_message_notifies_the_other_participants_not_the_writer(client, talk):
    users, match = talk["users"], talk["match"]
    _send(_as(client, users["provider"]), match, "Hello from the provider.")
    told = set(Notice.objects.filter(verb="match_message").values_list("recipient__username", flat=True))
    assert told == {"editor_a", "netadmin"}


@pytest.mark.parametrize("persona", ["editor_b", "other_admin", "citizen"])
def test_people_who_may_not_see_the_match_get_404_on_every_page(client, talk, persona):
    users, match = talk["users"], talk["match"]
    message = Message.objects.create(match=match, author=users["editor_a"], side="need", body="Hi", language="en")
    _as(client, users[persona])
    assert client.get(_url(match)).status_code == 404
    assert _send(client, match, "Let me in.").status_code == 404
    assert client.post(reverse("conversations:consent", kwargs={"pk": match.pk}), {"side": "need"}).status_code == 404
    assert client.get(reverse("conversations:report", kwargs={"pk": message.pk})).status_code == 404
    assert client.post(reverse("conversations:report", kwargs={"pk": message.pk}), {"reason": "x"}).status_code == 404
    assert not Message.objects.filter(body="Let me in.").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, talk):
    response = client.get(_url(talk["match"]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_facilitator_sees_the_conversation_but_may_not_agree_for_a_side(client, talk):
    users, match = talk["users"], talk["match"]
    _as(client, users["admin"])
    assert client.get(_url(match)).status_code == 200
    response = client.post(reverse("conversations:consent", kwargs={"pk": match.pk}), {"side": "need"})
    assert response.status_code == 403
    assert not ContactConsent.objects.exists()


def test_user_text_is_escaped_and_its_line_breaks_kept(client, talk):
    users, match = talk["users"], talk["match"]
    _send(_as(client, users["editor_a"]), match, "<script>alert(1)</script>\nSecond line")
    page = client.get(_url(match)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in page


def test_a_message_longer_than_5000_characters_is_refused_and_kept(client, talk):
    users, match = talk["users"], talk["match"]
    typed = "가" * 5001
    response = _send(_as(client, users["editor_a"]), match, typed)
    assert response.status_code == 400
    assert typed in response.content.decode()
    assert not Message.objects.exists()


def test_an_empty_message_is_refused(client, talk):
    response = _send(_as(client, talk["users"]["editor_a"]), talk["match"], "   ")
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_sending_is_rate_limited_per_person_with_the_typed_text_kept(client, talk, settings):
    settings.MADANG_RATE_LIMITS = {"message_send": (2, 3600)}
    users, match = talk["users"], talk["match"]
    _as(client, users["provider"])
    assert _send(client, match, "One").status_code == 302
    assert _send(client, match, "Two").status_code == 302
    response = _send(client, match, "Three, typed with care")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent many messages in the last hour" in page
    assert "Three, typed with care" in page
    # The limit is the person's, not the conversation's: the city's editor still writes.
    assert _send(_as(client, users["editor_a"]), match, "Still here").status_code == 302


def test_the_rate_limit_message_is_translated(client, talk, settings):
    settings.MADANG_RATE_LIMITS = {"message_send": (1, 3600)}
    _as(client, talk["users"]["provider"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    assert _send(client, talk["match"], "첫 번째").status_code == 302
    response = _send(client, talk["match"], "안녕하세요")
    assert response.status_code == 429
    assert "You have sent many messages" not in response.content.decode()


def test_the_language_defaults_to_the_writers_and_can_be_chosen(client, talk):
    users, match = talk["users"], talk["match"]
    _as(client, users["provider"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    page = client.get(_url(match)).content.decode()
    assert '<option value="ja" selected>' in page
    _send(client, match, "Written in English after all.", language="en")
    assert Message.objects.get().language == "en"


def test_a_participant_reports_and_a_network_admin_hides_with_a_reason(client, talk):
    users, match = talk["users"], talk["match"]
    message = Message.objects.create(
        match=match, author=users["provider"], side="solution", body="Rude words", language="en"
    )
    report_url = reverse("conversations:report", kwargs={"pk": message.pk})
    _as(client, users["editor_a"])
    assert client.post(report_url, {"reason": ""}).status_code == 400
    assert client.post(report_url, {"reason": "Insulting."}).status_code == 302
    assert MessageReport.objects.get().reason == "Insulting."

    hide_url = reverse("conversations:hide", kwargs={"pk": message.pk})
    assert client.get(hide_url).status_code == 403  # a participant, not a moderator
    # The other network's admin moderates nothing here: the list is empty and the message is not even shown.
    _as(client, users["other_admin"])
    assert "Rude words" not in client.get(reverse("conversations:reports")).content.decode()
    assert client.get(hide_url).status_code == 404

    _as(client, users["admin"])
    listing = client.get(reverse("conversations:reports")).content.decode()
    assert "Rude words" in listing and "Insulting." in listing
    assert client.post(hide_url, {"reason": ""}).status_code == 400
    assert client.post(hide_url, {"reason": "Abusive language."}).status_code == 302
    message.refresh_from_db()
    assert message.hidden_by == users["admin"] and message.hidden_at is not None
    assert message.hidden_reason == "Abusive language."

    page = _as(client, users["editor_a"]).get(_url(match)).content.decode()
    assert "This message was hidden by a moderator." in page
    assert "Rude words" not in page


def test_reported_messages_are_for_moderators_only(client, talk):
    users = talk["users"]
    assert _as(client, users["provider"]).get(reverse("conversations:reports")).status_code == 403
    assert _as(client, users["admin"]).get(reverse("conversations:reports")).status_code == 200


def test_contact_details_are_shown_only_once_both_sides_agree(client, talk):
    users, match = talk["users"], talk["match"]
    consent_url = reverse("conversations:consent", kwargs={"pk": match.pk})
    provider_mail, city_mail = users["provider"].email, users["editor_a"].email

    _as(client, users["editor_a"])
    assert client.post(consent_url, {"side": "solution"}).status_code == 400  # not the city's to give
    assert client.post(consent_url, {"side": "need"}).status_code == 302
    page = client.get(_url(match)).content.decode()
    assert provider_mail not in page
    assert "agreed on" in page

    _as(client, users["provider"])
    page = client.get(_url(match)).content.decode()
    assert city_mail not in page
    assert "agreed on" in page and "not agreed yet" in page  # the provider sees that the city agreed
    assert client.post(consent_url, {"side": "solution"}).status_code == 302

    for person in ("provider", "editor_a", "admin"):
        page = _as(client, users[person]).get(_url(match)).content.decode()
        assert provider_mail in page and city_mail in page, person


def test_the_match_pages_link_to_the_conversation(client, talk):
    users, match = talk["users"], talk["match"]
    page = _as(client, users["provider"]).get(reverse("matching:solution", kwargs={"pk": talk["solution"].pk}))
    assert _url(match) in page.content.decode()
