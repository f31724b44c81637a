"""Sending: never in the request, retried after a mail server failure, capped, rate-limited, and digests."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from madang.core.jobs import SCHEDULE
from madang.notifications import tasks
from madang.notifications.delivery import HELD, MAX_ATTEMPTS, deliver, digests_send
from madang.notifications.models import Notice, Preference
from madang.notifications.services import notify
from madang.notifications.verbs import Verb
from tests.madang.notifications.data import market

DOWN = "tests.madang.notifications.failing_mail.DownEmailBackend"


@pytest.fixture
def w(world):
    return market(world)


def _shortlist_by_post(client, w):  # type: ignore[no-untyped-def]
    client.force_login(w["users"]["editor_a"])
    url = reverse("matching:match-action", args=[w["need"].pk, w["kiosk"].pk])
    return client.post(url, {"action": "shortlisted"})


def test_no_mail_is_sent_inside_the_request_only_by_the_job_after_commit(client, w, after_commit):
    with after_commit(execute=False) as callbacks:
        response = _shortlist_by_post(client, w)
    assert response.status_code == 302
    assert Notice.objects.get().recipient == w["users"]["provider"]
    assert mail.outbox == [], "nothing is sent while the request runs"
    for callback in callbacks:
        callback()  # the transaction committed: the job is enqueued and (immediate backend) runs
    assert [m.to for m in mail.outbox] == [[w["users"]["provider"].email]]


def test_a_mail_server_that_is_down_fails_neither_the_page_nor_the_notice(client, w, settings, caplog, after_commit):
    settings.EMAIL_BACKEND = DOWN
    with caplog.at_level(logging.WARNING), after_commit(execute=True):
        response = _shortlist_by_post(client, w)
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.emailed_at, notice.attempts) == (None, 1)
    assert "SMTPConnectError" in notice.error
    assert "@example.org" not in notice.error and "@example.org" not in caplog.text, "no address in logs"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.retry_notices.call() == 1  # the hourly job tries again
    notice.refresh_from_db()
    assert notice.emailed_at is not None and notice.attempts == 2 and notice.error == ""
    assert len(mail.outbox) == 1
    assert tasks.retry_notices.call() == 0, "sent once, never again"


def test_attempts_are_capped(w, settings):
    settings.EMAIL_BACKEND = DOWN
    (notice,) = notify(recipients=[w["users"]["provider"]], verb=Verb.NEED_INVITED, target=w["need"])
    for _ in range(MAX_ATTEMPTS + 3):
        deliver()
    notice.refresh_from_db()
    assert notice.attempts == MAX_ATTEMPTS and notice.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver() == 0 and mail.outbox == []


def test_a_flood_mails_at_most_the_daily_limit_and_the_rest_wait_for_one_digest(w):
    provider = w["users"]["provider"]
    for n in range(40):
        notify(recipients=[provider], verb=Verb.FOLLOWED_CHANGED, target=w["need"], note=f"change {n}")
        Notice.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))  # past the one-minute collapse
    assert Notice.objects.count() == 40
    deliver()
    assert len(mail.outbox) == 10  # the `message_to` limit of madang/accounts/limits.py
    assert Notice.objects.filter(error=HELD).count() == 30
    assert digests_send(period="daily") == 1
    assert len(mail.outbox) == 11
    assert mail.outbox[-1].body.count("Something you follow changed") == 30
    assert not Notice.objects.filter(emailed_at__isnull=True).exists()


def test_daily_and_weekly_digests_go_to_those_who_chose_them_once(w):
    daily, weekly = w["users"]["provider"], w["users"]["editor_a"]
    Preference.objects.create(user=daily, email="daily")
    Preference.objects.create(user=weekly, email="weekly")
    weekly.preferred_language = "ja"
    weekly.save()
    notify(recipients=[daily, weekly], verb=Verb.NEED_INVITED, target=w["need"])
    notify(recipients=[daily, weekly], verb=Verb.MATCH_SHORTLISTED, target=w["need"])
    assert deliver() == 0 and mail.outbox == []
    assert digests_send(period="daily") == 1
    (digest,) = mail.outbox
    assert digest.to == [daily.email]
    assert "You were invited to a need" in digest.body and "Your solution was shortlisted" in digest.body
    assert f"https://madang.example/needs/{w['need'].pk}/" in digest.body
    assert digests_send(period="daily") == 0, "nothing twice"
    assert digests_send(period="weekly") == 1
    assert mail.outbox[-1].to == [weekly.email]
    assert "Your Madang notices of the week" not in mail.outbox[-1].subject  # written in Japanese


def test_never_means_inbox_only(w):
    provider = w["users"]["provider"]
    Preference.objects.create(user=provider, email="never")
    notify(recipients=[provider], verb=Verb.NEED_INVITED, target=w["need"])
    deliver()
    digests_send(period="daily")
    digests_send(period="weekly")
    assert mail.outbox == []
    assert Notice.objects.filter(recipient=provider).count() == 1


def test_a_failed_digest_is_tried_again_next_time(w, settings):
    provider = w["users"]["provider"]
    Preference.objects.create(user=provider, email="daily")
    notify(recipients=[provider], verb=Verb.NEED_INVITED, target=w["need"])
    settings.EMAIL_BACKEND = DOWN
    assert digests_send(period="daily") == 0
    assert Notice.objects.get().attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send(period="daily") == 1


def test_the_digests_and_retries_are_scheduled_jobs():
    jobs = {job.name: job for job in SCHEDULE}
    assert jobs["notice-digests-daily"].every == dt.timedelta(days=1)
    assert jobs["notice-digests-weekly"].every == dt.timedelta(days=7)
    assert jobs["notice-retries"].task_path == "madang.notifications.tasks.retry_notices"


def test_a_digest_of_a_deleted_target_still_goes(w):
    provider = w["users"]["provider"]
    Preference.objects.create(user=provider, email="daily")
    notify(recipients=[provider], verb=Verb.NEED_INVITED, target=w["need"])
    w["need"].delete()
    assert digests_send(period="daily") == 1
    assert "(no longer available)" in mail.outbox[0].body


def test_a_long_digest_lists_fifty_and_points_to_the_inbox_for_the_rest(w):
    provider = w["users"]["provider"]
    Preference.objects.create(user=provider, email="daily")
    Notice.objects.bulk_create([Notice(recipient=provider, verb=Verb.FOLLOWED_CHANGED) for _ in range(60)])
    assert digests_send(period="daily") == 1
    (digest,) = mail.outbox
    assert digest.body.count("Something you follow changed") == 50
    assert "And 10 more notices in your inbox." in digest.body
    assert not Notice.objects.filter(emailed_at__isnull=True).exists()


def test_a_title_with_a_line_break_still_makes_a_subject(w):
    w["need"].title = "Two\nlines"
    w["need"].save()
    notify(recipients=[w["users"]["provider"]], verb=Verb.NEED_INVITED, target=w["need"])
    assert deliver() == 1
    assert mail.outbox[0].subject == "You were invited to a need: Two lines"


def test_a_person_with_a_phone_only_hears_by_text_message_in_their_language(client, w, after_commit):
    from madang.training import sms

    provider = w["users"]["provider"]
    provider.email, provider.phone, provider.preferred_language = "", "010-9876-5432", "ko"
    provider.save()
    Preference.objects.update_or_create(user=provider, defaults={"email": "daily"})  # digests are e-mails
    with after_commit(execute=True):
        assert _shortlist_by_post(client, w).status_code == 302
    (text,) = sms.outbox
    assert text.to == "010-9876-5432" and "https://madang.example/" in text.text and len(text.text) <= 300
    assert "010-9876-5432" not in text.text and mail.outbox == []
    notice = Notice.objects.get(recipient=provider)
    assert notice.emailed_at is not None and notice.error == ""


def test_a_person_with_a_phone_only_who_wants_nothing_gets_no_text(client, w, after_commit):
    from madang.training import sms

    provider = w["users"]["provider"]
    provider.email, provider.phone = "", "010-9876-5432"
    provider.save()
    Preference.objects.update_or_create(user=provider, defaults={"email": "never"})
    with after_commit(execute=True):
        _shortlist_by_post(client, w)
    assert sms.outbox == [] and Notice.objects.filter(recipient=provider).exists()
