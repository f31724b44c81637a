"""The inbox, marking read, preferences and follows, through their real pages and POSTs."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from madang.matching.models import Need
from madang.matching.services import need_save, solution_save
from madang.notifications.models import Follow, Notice, Preference
from madang.notifications.services import notify
from madang.notifications.verbs import Verb
from tests.madang.notifications.data import market


@pytest.fixture
def w(world):
    return market(world)


def _notice(w, who="provider", verb=Verb.NEED_INVITED, target=None):  # type: ignore[no-untyped-def]
    (notice,) = notify(recipients=[w["users"][who]], verb=verb, target=target or w["need"])
    return notice


def test_the_inbox_lists_the_persons_own_notices_newest_first_with_unread_marked_in_text(client, w):
    _notice(w)
    _notice(w, verb=Verb.MATCH_SHORTLISTED)
    _notice(w, who="editor_a", verb=Verb.SOLUTION_INTERESTED)
    client.force_login(w["users"]["provider"])
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert page.index("Your solution was shortlisted") < page.index("You were invited to a need")
    assert "A provider is interested" not in page
    assert page.count(">Unread</strong>") == 2
    assert f'href="/needs/{w["need"].pk}/"' in page
    assert "Inbox (2 unread)" in page  # the header count


def test_the_header_shows_the_inbox_in_easy_mode_too(client, w):
    _notice(w, who="citizen")
    client.force_login(w["users"]["citizen"])
    client.cookies["easy_mode"] = "1"
    page = client.get(reverse("core:home")).content.decode()
    assert "Inbox (1 unread)" in page


def test_the_header_count_is_one_query_and_none_for_visitors(client, w):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("core:home")).content.decode()
    assert "Inbox" not in page
    assert not [q for q in queries.captured_queries if "notifications_notice" in q["sql"]]
    _notice(w)
    client.force_login(w["users"]["provider"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("core:home")).content.decode()
    assert "Inbox (1 unread)" in page
    counts = [q["sql"] for q in queries.captured_queries if "notifications_notice" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0]


def test_marking_one_notice_read_by_post(client, w):
    notice = _notice(w)
    client.force_login(w["users"]["provider"])
    response = client.post(reverse("notifications:read", args=[notice.pk]), {"next": "/inbox/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/inbox/?page=1"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "Inbox (" not in client.get(reverse("notifications:inbox")).content.decode()


def test_marking_read_refuses_another_persons_notice_and_a_foreign_next(client, w):
    notice = _notice(w)
    client.force_login(w["users"]["editor_a"])
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    client.force_login(w["users"]["provider"])
    response = client.post(reverse("notifications:read", args=[notice.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_as_read_marks_only_ones_own(client, w):
    _notice(w)
    _notice(w, verb=Verb.MATCH_SHORTLISTED)
    other = _notice(w, who="editor_a", verb=Verb.SOLUTION_INTERESTED)
    client.force_login(w["users"]["provider"])
    assert client.get(reverse("notifications:read-all")).status_code == 405
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "All notices are marked as read." in response.content.decode()
    assert not Notice.objects.filter(recipient=w["users"]["provider"], read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_inbox_is_paginated(client, w):
    provider = w["users"]["provider"]
    Notice.objects.bulk_create([Notice(recipient=provider, verb=Verb.FOLLOWED_CHANGED) for _ in range(30)])
    client.force_login(provider)
    first = client.get(reverse("notifications:inbox")).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(reverse("notifications:inbox"), {"page": 2}).content.decode()
    assert second.count('<li class="card">') == 5


def test_a_deleted_target_does_not_break_the_inbox(client, w):
    _notice(w)
    Need.objects.filter(pk=w["need"].pk).delete()
    client.force_login(w["users"]["provider"])
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    assert "(no longer available)" in page.content.decode()


def test_a_note_is_shown_as_text_never_as_html(client, w):
    notify(recipients=[w["users"]["provider"]], verb=Verb.SOLUTION_DECLINED, target=w["need"],
           note="<script>alert(1)</script>")  # fmt: skip
    client.force_login(w["users"]["provider"])
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_inbox_asks_visitors_to_sign_in(client, db):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_choosing_a_weekly_digest_is_saved_and_shown(client, w):
    provider = w["users"]["provider"]
    client.force_login(provider)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'value="immediate"' in page and "checked" in page
    response = client.post(reverse("notifications:preferences"), {"email": "weekly"}, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    assert Preference.objects.get(user=provider).email == "weekly"


def test_a_bad_preference_is_refused_with_the_form_again(client, w):
    client.force_login(w["users"]["provider"])
    response = client.post(reverse("notifications:preferences"), {"email": "hourly"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()


def test_the_profile_links_to_the_inbox_and_its_settings(client, w):
    client.force_login(w["users"]["citizen"])
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("notifications:inbox") in page and reverse("notifications:preferences") in page


@pytest.mark.parametrize(
    "kind, url",
    [
        ("need", lambda w: reverse("matching:need", args=[w["need"].pk])),
        ("solution", lambda w: reverse("matching:solution", args=[w["kiosk"].pk])),
        ("organisation", lambda w: reverse("core:organisation", args=[w["city_a"].slug])),
        ("city", lambda w: reverse("core:city", args=[w["seoul"].slug])),
    ],
)
def test_following_from_the_page_and_unfollowing_again(client, w, kind, url):
    target = {"need": w["need"], "solution": w["kiosk"], "organisation": w["city_a"], "city": w["seoul"]}[kind]
    citizen = w["users"]["citizen"]
    client.force_login(citizen)
    page = client.get(url(w)).content.decode()
    assert 'action="/follows/"' in page and ">Follow</button>" in page
    response = client.post(reverse("notifications:follow"), {"kind": kind, "pk": target.pk, "next": url(w)})
    assert response.status_code == 302 and response["Location"] == url(w)
    assert Follow.objects.filter(user=citizen, target_id=target.pk).count() == 1
    page = client.get(url(w)).content.decode()
    assert ">Unfollow</button>" in page
    client.post(reverse("notifications:follow"), {"kind": kind, "pk": target.pk, "do": "unfollow"})
    assert not Follow.objects.filter(user=citizen).exists()


def test_a_hidden_need_cannot_be_followed(client, w):
    w["need"].status = "draft"
    w["need"].save()
    client.force_login(w["users"]["provider"])
    assert client.post(reverse("notifications:follow"), {"kind": "need", "pk": w["need"].pk}).status_code == 404
    assert not Follow.objects.exists()


def test_an_incomplete_follow_is_a_clear_400(client, w):
    client.force_login(w["users"]["citizen"])
    response = client.post(reverse("notifications:follow"), {"kind": "domain"})
    assert response.status_code == 400
    assert "Choose a domain to follow." in response.content.decode()


def test_following_a_domain_from_the_settings_and_removing_it(client, w):
    citizen = w["users"]["citizen"]
    client.force_login(citizen)
    client.post(reverse("notifications:follow"), {"kind": "domain", "domain": "mobility"})
    follow = Follow.objects.get(user=citizen, domain="mobility")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Mobility" in page and reverse("notifications:unfollow", args=[follow.pk]) in page
    client.force_login(w["users"]["provider"])
    assert client.post(reverse("notifications:unfollow", args=[follow.pk])).status_code == 404
    client.force_login(citizen)
    client.post(reverse("notifications:unfollow", args=[follow.pk]))
    assert not Follow.objects.exists()


def test_followers_hear_of_changes_to_a_need_and_of_new_needs_in_their_domain(client, w):
    citizen, provider, editor = w["users"]["citizen"], w["users"]["provider"], w["users"]["editor_a"]
    client.force_login(citizen)
    client.post(reverse("notifications:follow"), {"kind": "need", "pk": w["need"].pk})
    client.force_login(provider)
    client.post(reverse("notifications:follow"), {"kind": "domain", "domain": "mobility"})
    need_save(by=editor, need=w["need"], title="Seniors and kiosks (updated)")
    assert Notice.objects.get(recipient=citizen).verb == Verb.FOLLOWED_CHANGED
    new = need_save(
        by=editor, organisation=w["city_a"], city=w["seoul"], language="en", title="Night buses",
        description="Buses at night.", domain="mobility", evaluation_criteria="-", status="open_call",
    )  # fmt: skip
    assert Notice.objects.get(recipient=provider).target == new
    assert not Notice.objects.filter(recipient=editor).exists()


def test_followers_of_an_organisation_hear_of_its_new_solution(client, w):
    citizen = w["users"]["citizen"]
    client.force_login(citizen)
    client.post(reverse("notifications:follow"), {"kind": "organisation", "pk": w["provider"].pk})
    solution = solution_save(
        by=w["users"]["provider"], organisation=w["provider"], language="en", title="Talking kiosk",
        description="A kiosk that speaks.", domain="open_inclusive", maturity="piloted",
    )  # fmt: skip
    assert Notice.objects.get(recipient=citizen).target == solution
    assert mail.outbox == [], "the e-mail is the job's, after the transaction commits"


def test_followers_of_a_city_hear_of_an_initiative_published_there(client, w):
    from madang.catalogue.services import initiative_publish

    citizen = w["users"]["citizen"]
    client.force_login(citizen)
    client.post(reverse("notifications:follow"), {"kind": "city", "pk": w["makati"].pk})
    initiative_publish(initiative=w["draft_b"], by=w["users"]["admin"], published=True)
    notice = Notice.objects.get(recipient=citizen)
    assert notice.verb == Verb.FOLLOWED_CHANGED and notice.target == w["draft_b"]
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert f'href="/initiatives/{w["draft_b"].slug}/"' in page
