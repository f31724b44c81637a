"""Volunteer registration (/pilots/<pk>/join/) is rate-limited per address and contact, like class registration."""

import re

from django.core import mail
from django.urls import reverse

from madang.pilots.models import Tester


def _data(n, **extra):
    return {"name": f"Volunteer {n}", "contact": f"010-7000-{n:04d}", "age_band": "75_plus", "digital_skill": "1",
            "accessibility_needs": ["vision"], "languages": ["ko"], "consent": "on", **extra}  # fmt: skip


def _recruiting(p):
    p["pilot"].phase = "recruit"
    p["pilot"].save()
    return reverse("pilots:join", args=[p["pilot"].pk])


def test_forty_bot_volunteers_from_one_address_stop_at_the_limit(client, p):
    url = _recruiting(p)
    before = Tester.objects.count()
    statuses = [client.post(url, _data(n), REMOTE_ADDR="203.0.113.9").status_code for n in range(40)]
    assert statuses == [302] * 10 + [429] * 30
    assert Tester.objects.count() == before + 10
    assert mail.outbox == []


def test_a_refused_volunteer_sees_the_form_again_with_what_was_typed(client, p, settings):
    settings.MADANG_RATE_LIMITS = {"registration": (1, 3600)}
    url = _recruiting(p)
    assert client.post(url, _data(1)).status_code == 302
    refused = client.post(url, _data(2, name="Lee Mal-soon", contact="lee@example.org"))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many attempts from here" in page
    assert 'value="Lee Mal-soon"' in page and 'value="lee@example.org"' in page
    assert re.search(r'value="vision"[^>]*checked', page)
    assert not Tester.objects.filter(name="Lee Mal-soon").exists()


def test_one_contact_from_many_addresses_is_limited_too(client, p, settings):
    settings.MADANG_RATE_LIMITS = {"registration": (2, 3600)}
    url = _recruiting(p)
    statuses = [
        client.post(url, _data(n, contact="Victim@Example.org "), REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses[2] == 429
