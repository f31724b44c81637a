"""The daily job that keeps the consent text's promise: contacts go once the retention date has passed."""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from madang.pilots import models
from madang.pilots.models import Questionnaire, SessionDraft, TaskResult
from madang.pilots.sessions import tester_register


def _expire(tester: models.Tester) -> None:
    models.Tester.objects.filter(pk=tester.pk).update(retain_until=timezone.localdate() - dt.timedelta(days=1))


def test_contacts_are_erased_after_the_retention_date_and_the_results_stay(p):
    expired, pilot = p["tester"], p["pilot"]
    kept = tester_register(pilot=pilot, by=p["users"]["editor_a"], assisted=True, site=p["centre"],
                           name="Lee Mal-soon", contact="010-1111-2222", age_band="65_74", digital_skill=2)  # fmt: skip
    models.Tester.objects.filter(pk=expired.pk).update(neighbourhood="Mangwon-dong")
    TaskResult.objects.create(tester=expired, task=p["tasks"][0], outcome="helped", seconds=200, assists=1)
    Questionnaire.objects.create(tester=expired, sus=[3] * 10, comments="I am Kim from Mangwon-dong")
    draft = {"0": {"comments": "Kim's daughter helped"}}
    SessionDraft.objects.create(pilot=pilot, tester=expired, facilitator=p["host"], data=draft)
    _expire(expired)

    out = io.StringIO()
    call_command("erase_pilot_contacts", stdout=out)
    assert "erased: 1" in out.getvalue()
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert (expired.name, expired.contact, expired.neighbourhood) == ("", "", "")
    assert expired.erased_at is not None and expired.withdrawn_at is None  # expired, not withdrawn
    assert Questionnaire.objects.get(tester=expired).comments == ""
    assert not SessionDraft.objects.filter(tester=expired).exists()
    assert TaskResult.objects.filter(tester=expired).count() == 1  # the statistics stay whole
    assert (kept.name, kept.contact, kept.erased_at) == ("Lee Mal-soon", "010-1111-2222", None)

    erased_at = expired.erased_at
    call_command("erase_pilot_contacts", stdout=out)
    assert "erased: 0" in out.getvalue()
    expired.refresh_from_db()
    assert expired.erased_at == erased_at  # idempotent: a second run touches nothing


def test_the_retention_date_itself_is_still_kept(p):
    models.Tester.objects.filter(pk=p["tester"].pk).update(retain_until=timezone.localdate())
    out = io.StringIO()
    call_command("erase_pilot_contacts", stdout=out)
    assert "erased: 0" in out.getvalue()
    p["tester"].refresh_from_db()
    assert p["tester"].name == "Kim Ok-soon"


def test_withdrawn_testers_are_not_erased_twice(client, p):
    tester = p["tester"]
    models.Tester.objects.filter(pk=tester.pk).update(withdraw_token="token-for-kim-" + "k" * 20)
    client.post(reverse("pilots:leave", args=["token-for-kim-" + "k" * 20]), {"confirm": "yes"})
    _expire(tester)
    out = io.StringIO()
    call_command("erase_pilot_contacts", stdout=out)
    assert "erased: 0" in out.getvalue()


def test_the_testers_own_page_and_the_panel_say_the_details_were_deleted(client, p):
    tester = p["tester"]
    models.Tester.objects.filter(pk=tester.pk).update(withdraw_token="token-for-kim-" + "k" * 20)
    _expire(tester)
    call_command("erase_pilot_contacts", stdout=io.StringIO())
    page = client.get(reverse("pilots:participation", args=["token-for-kim-" + "k" * 20])).content.decode()
    assert "were deleted after" in page and "Leave the pilot" not in page
    client.force_login(p["users"]["editor_a"])
    panel = client.get(reverse("pilots:panel", args=[p["pilot"].pk])).content.decode()
    assert "Retention date passed" in panel and "Kim Ok-soon" not in panel
