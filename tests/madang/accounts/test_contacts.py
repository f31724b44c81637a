"""Signing up with an e-mail address or a phone only, confirming the address by its link, and what a confirmed
address on an organisation's domain changes for those who decide requests to join it."""

import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from madang.accounts.models import JoinRequest, User
from madang.accounts.services_joining import join_request_create
from madang.accounts.verification import verification_token
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-kiosk-password-2026"


def _sign_up(client, **fields):
    data = {"username": "minji", "preferred_language": "ko", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(reverse("accounts:signup"), data)


def test_a_person_without_e_mail_signs_up_with_a_phone_number(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, email="", phone="010-1234-5678")
    assert response.status_code == 302
    user = User.objects.get(username="minji")
    assert (user.email, user.phone) == ("", "010-1234-5678") and mail.outbox == []


def test_sign_up_needs_an_e_mail_address_or_a_phone_and_keeps_what_was_typed(client):
    response = _sign_up(client, email="", phone="")
    page = response.content.decode()
    assert response.status_code == 400 and "Please give an e-mail address or a mobile phone number" in page
    assert 'value="minji"' in page and not User.objects.exists()
    bad = _sign_up(client, email="", phone="call me")
    assert bad.status_code == 400 and "Please use only digits" in bad.content.decode()


def test_the_address_is_confirmed_by_the_emailed_link_and_a_post(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, email="minji@example.org")
    (sent,) = mail.outbox  # sent by the job after the sign-up committed, in Korean
    assert sent.to == ["minji@example.org"] and sent.subject == "마당 이메일 주소를 확인해 주십시오"
    link = re.search(r"https?://\S+/accounts/verify-email/\S+/", sent.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200  # opening the link (or a mail scanner) confirms nothing
    user = User.objects.get(username="minji")
    assert user.email_verified_at is None
    assert client.post(path).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None
    client.cookies["django_language"] = "en"
    assert (
        "Your e-mail address minji@example.org is confirmed."
        in client.get(reverse("accounts:profile")).content.decode()
    )


def test_an_old_wrong_or_stale_link_confirms_nothing(client, monkeypatch):
    user = UserFactory(username="minji", email="minji@example.org")
    bad = client.post(reverse("accounts:verify-email", args=["not-a-token"]))
    assert bad.status_code == 400 and "not valid" in bad.content.decode()
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 8 * 86400)  # a link made eight days ago
    old = verification_token(user)
    monkeypatch.undo()
    expired = client.post(reverse("accounts:verify-email", args=[old]))
    assert expired.status_code == 400 and "more than 7 days old" in expired.content.decode()
    token = verification_token(user)
    user.email = "other@example.org"
    user.save()
    stale = client.post(reverse("accounts:verify-email", args=[token]))
    assert stale.status_code == 400 and "no longer on the account" in stale.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_changing_the_address_unconfirms_it_and_sends_a_new_link(client, django_capture_on_commit_callbacks):
    from django.utils import timezone

    user = UserFactory(username="minji", email="minji@example.org", email_verified_at=timezone.now())
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:profile"), {
            "first_name": "", "last_name": "", "phone": "", "email": "new@example.org", "preferred_language": "en",
        })  # fmt: skip
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is None and [m.to for m in mail.outbox] == [["new@example.org"]]


def test_asking_for_the_link_again_is_limited(client, settings, django_capture_on_commit_callbacks):
    settings.MADANG_RATE_LIMITS = {"email_verification": (1, 86400)}
    client.force_login(UserFactory(username="minji", email="minji@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:verify-email-again"))
        second = client.post(reverse("accounts:verify-email-again"), follow=True)
    assert len(mail.outbox) == 1 and "Please try again in" in second.content.decode()


def test_a_confirmed_address_on_the_domain_is_listed_first_and_still_decided_by_a_person(client):
    jp = PlaceFactory(kind="country", code="JP", name="Japan", slug="jp", parent=None)
    city = PlaceFactory(kind="city", name="Yokohama", slug="yokohama", parent=jp)
    org = OrganisationFactory(slug="yokohama-city", kind="city", city=city, website="https://www.city.yokohama.lg.jp/")
    editor = UserFactory(username="tanaka", role="city_editor", organisation=org)
    from django.utils import timezone

    plain = UserFactory(username="ito", email="ito@city.yokohama.lg.jp")
    confirmed = UserFactory(username="sato", email="sato@city.yokohama.lg.jp", email_verified_at=timezone.now())
    first = join_request_create(by=plain, organisation=org, role="editor", message="")
    second = join_request_create(by=confirmed, organisation=org, role="editor", message="")
    client.force_login(editor)
    listing = client.get(reverse("accounts:join-requests"))
    assert listing.context["rows"] == [(second, "confirmed"), (first, "unconfirmed")]
    assert "Yes, confirmed" in listing.content.decode()
    assert JoinRequest.objects.filter(status="pending").count() == 2  # nothing approved by itself
