"""Public class registration is rate-limited per address, phone and e-mail; staff's phone registration is not."""

import re

from django.core import mail
from django.urls import reverse

from madang.training import sms
from madang.training.models import Notification, Registration

from .factories import person


def _form(n, **extra):
    return {**person(n), "accessibility_needs": ["vision"], "consent": "on", **extra}


def test_forty_bot_registrations_from_one_address_cannot_fill_a_class_or_send_forty_messages(
    client, t, django_capture_on_commit_callbacks
):
    session = t["session"]
    session.capacity = 12
    session.save()
    url = reverse("training:register", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post(url, _form(n), REMOTE_ADDR="203.0.113.9").status_code for n in range(40)]
    assert statuses == [302] * 10 + [429] * 30
    assert Registration.objects.count() == 10
    session.refresh_from_db()
    assert session.seats_taken == 10  # two seats are still there for people
    assert sorted(m.to for m in sms.outbox) == sorted(f"0100000{n:04d}" for n in range(10))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"person{n}@example.org" for n in range(10))
    assert Notification.objects.count() == 20


def test_a_refused_registration_shows_the_form_again_with_a_translated_message(client, t, settings):
    settings.MADANG_RATE_LIMITS = {"registration": (1, 3600)}
    url = reverse("training:register", args=[t["session"].pk])
    assert client.post(url, _form(1)).status_code == 302
    mail.outbox.clear()
    sms.outbox.clear()
    refused = client.post(url, _form(2, name="Lee Mal-soon"))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many attempts from here" in page
    assert 'value="Lee Mal-soon"' in page and 'value="010-0000-0002"' in page and 'value="person2@example.org"' in page
    assert re.search(r'value="vision"[^>]*checked', page)
    assert list(Registration.objects.values_list("name", flat=True)) == ["Person 1"]
    assert mail.outbox == [] and sms.outbox == []
    korean = client.post(url, _form(3), HTTP_ACCEPT_LANGUAGE="ko")
    assert korean.status_code == 429 and "Too many attempts from here" not in korean.content.decode()


def test_the_same_phone_from_other_addresses_is_limited_too(client, t, settings):
    settings.MADANG_RATE_LIMITS = {"registration": (2, 3600)}
    url = reverse("training:register", args=[t["session"].pk])
    # One victim's number, each try from a new address with a new e-mail: the phone's own key refuses the third
    # (the second is refused as a duplicate, and counts).
    statuses = [
        client.post(url, _form(n, phone="010-9999-0000"), REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [302, 400, 429]


def test_staff_registering_callers_on_the_phone_are_not_limited(client, t, settings):
    settings.MADANG_RATE_LIMITS = {"registration": (1, 3600)}
    t["session"].capacity = 5
    t["session"].save()
    client.force_login(t["trainer"])
    url = reverse("training:register-caller", args=[t["session"].pk])
    statuses = [client.post(url, _form(n)).status_code for n in range(4)]
    assert statuses == [302] * 4
    assert Registration.objects.filter(registered_by=t["trainer"]).count() == 4
