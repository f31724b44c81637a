"""A guide records an assist in three short pages, each kept on the server; dashboards count them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from madang.inclusion import fieldlog
from madang.inclusion.models import AssistDraft, AssistLog
from madang.inclusion.selectors_log import dashboard
from tests.madang.inclusion.test_permissions import record

pytestmark = pytest.mark.django_db


def _guide_client(client, iw):
    client.force_login(iw["guide_user"])
    return client


def _start(c, iw):
    response = c.post(reverse("inclusion:log-start"), {"guide": iw["guide"].pk})
    draft = AssistDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inclusion:log-step", args=[draft.pk, 0])
    return draft


def test_a_guide_records_an_assist_in_three_saved_steps(client, iw):
    c = _guide_client(client, iw)
    iw["guide"].sites.add(iw["facilities"]["C1"])
    draft = _start(c, iw)
    step0 = c.get(reverse("inclusion:log-step", args=[draft.pk, 0])).content.decode()
    assert "Bravo centre" in step0 and "Somewhere else" in step0 and 'type="radio"' in step0
    today = timezone.localdate().isoformat()
    response = c.post(reverse("inclusion:log-step", args=[draft.pk, 0]),
                      {"site": iw["facilities"]["C1"].pk, "occurred_on": today})  # fmt: skip
    assert response["Location"] == reverse("inclusion:log-step", args=[draft.pk, 1])
    draft.refresh_from_db()
    assert draft.step == 1 and draft.data["where"]["facility"] == iw["facilities"]["C1"].pk
    c.post(reverse("inclusion:log-step", args=[draft.pk, 1]), {"device": "smartphone", "task": "messages"})
    response = c.post(reverse("inclusion:log-step", args=[draft.pk, 2]),
                      {"minutes": "15", "outcome": "with_help", "age_band": "85_plus"})  # fmt: skip
    assert response["Location"] == reverse("inclusion:log")
    log = AssistLog.objects.get()
    assert (log.facility, log.area, log.device, log.task, log.minutes, log.outcome, log.age_band) == (
        iw["facilities"]["C1"],
        iw["areas"]["A2"],
        "smartphone",
        "messages",
        15,
        "with_help",
        "85_plus",
    )
    assert log.guide == iw["guide"] and log.city == iw["city"] and log.occurred_on.isoformat() == today
    draft.refresh_from_db()
    assert draft.submitted_at is not None and draft.log == log


def test_after_a_dropped_connection_the_log_resumes_where_it_stopped(client, iw):
    c = _guide_client(client, iw)
    draft = _start(c, iw)
    c.post(reverse("inclusion:log-step", args=[draft.pk, 0]), {
        "site": "other", "place_text": "Bus stop 12", "area": iw["areas"]["A3"].pk,
        "occurred_on": timezone.localdate().isoformat()})  # fmt: skip
    # The second page never reached the server. Opening the field log again offers the draft...
    home = c.get(reverse("inclusion:log")).content.decode()
    assert "unfinished assist" in home and reverse("inclusion:log-draft", args=[draft.pk]) in home
    # ...which continues at the first unanswered page, with the first page's answers kept.
    assert c.get(reverse("inclusion:log-draft", args=[draft.pk]))["Location"] == reverse(
        "inclusion:log-step", args=[draft.pk, 1]
    )
    back = c.get(reverse("inclusion:log-step", args=[draft.pk, 0])).content.decode()
    assert 'value="Bus stop 12"' in back and f'value="{iw["areas"]["A3"].pk}" lang' not in back
    assert f'<option value="{iw["areas"]["A3"].pk}" selected>' in back
    # Starting again resumes the same draft instead of a new one.
    c.post(reverse("inclusion:log-start"), {"guide": iw["guide"].pk})
    assert AssistDraft.objects.count() == 1
    # Steps ahead of the draft cannot be skipped to.
    assert c.get(reverse("inclusion:log-step", args=[draft.pk, 2]))["Location"].endswith(f"/{draft.pk}/1/")


def test_invalid_answers_are_shown_again_with_what_was_typed(client, iw):
    c = _guide_client(client, iw)
    draft = _start(c, iw)
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = c.post(reverse("inclusion:log-step", args=[draft.pk, 0]),
                      {"site": "other", "place_text": "", "occurred_on": future})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400 and "cannot be in the future" in page and "Write where you are" in page
    draft.refresh_from_db()
    assert draft.data == {}


def test_a_guide_cannot_open_another_guides_draft_or_log_a_site_of_another_city(client, iw):
    draft = fieldlog.assist_start(guide=iw["guide"], by=iw["guide_user"])
    client.force_login(iw["other_guide_user"])
    assert client.get(reverse("inclusion:log-step", args=[draft.pk, 0])).status_code == 404
    with pytest.raises(PermissionDenied):
        fieldlog.assist_save_step(draft=draft, by=iw["other_guide_user"], key="what",
                                  values={"device": "atm", "task": "pay"})  # fmt: skip
    other_draft = fieldlog.assist_start(guide=iw["other_guide"], by=iw["other_guide_user"])
    with pytest.raises(ValidationError):
        fieldlog.assist_save_step(draft=other_draft, by=iw["other_guide_user"], key="where", values={
            "facility": iw["facilities"]["S1"].pk, "place_text": "", "area": None,
            "occurred_on": "2026-01-01"})  # fmt: skip


def test_a_draft_is_saved_only_once(iw):
    log = record(iw["guide"], place_text="Market")
    draft = AssistDraft.objects.get(log=log)
    with pytest.raises(ValidationError):
        fieldlog.assist_submit(draft=draft, by=iw["guide_user"])
    assert AssistLog.objects.count() == 1


def test_a_user_who_is_not_a_guide_is_told_whom_to_ask(client, iw):
    client.force_login(iw["users"]["citizen"])
    page = client.get(reverse("inclusion:log")).content.decode()
    assert "not registered as a digital guide" in page
    assert client.post(reverse("inclusion:log-start"), {"guide": iw["guide"].pk}).status_code == 404


def test_editors_add_guides_by_user_name(client, iw):
    client.force_login(iw["users"]["editor_a"])
    url = reverse("inclusion:guides", args=["seoul"])
    missing = client.post(url, {"username": "nobody"})
    assert missing.status_code == 400 and "No account with the user name" in missing.content.decode()
    client.post(url, {"username": "citizen"})
    assert iw["users"]["citizen"].guide_roles.get().organisation == iw["city_a"]


def test_the_dashboard_counts_by_month_site_area_and_outcome(client, iw):
    f, a = iw["facilities"], iw["areas"]
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=5)
    record(iw["guide"], facility=f["C1"], day=today)
    record(iw["guide"], facility=f["C1"], day=today, outcome="not_solved")
    record(iw["guide"], place_text="Bus stop", area=a["A4"], day=last_month)
    board = dashboard(city=iw["city"])
    assert board.total == 3 and board.minutes == 30 and board.solved_share == pytest.approx(2 / 3)
    assert [(t.label, t.count) for t in board.months] == [(last_month.strftime("%Y-%m"), 1),
                                                          (today.strftime("%Y-%m"), 2)]  # fmt: skip
    assert [(t.label, t.count) for t in board.sites] == [("Bravo centre", 2), ("Bus stop", 1)]
    areas = {t.label: (t.count, t.extra) for t in board.areas}
    assert areas == {"Bravo (West)": (2, "4.0"), "Delta (East)": (1, "4.0")}  # per 1,000 residents 65+
    this_month = dashboard(city=iw["city"], month=today.replace(day=1))
    assert this_month.total == 2 and [t.count for t in this_month.outcomes] == [1, 1]
    client.force_login(iw["users"]["editor_a"])
    page = client.get(reverse("inclusion:dashboard", args=["seoul"]) + f"?month={today:%Y-%m}").content.decode()
    assert "2 assists, 20 minutes in total." in page and 'role="img"' in page and "<caption>Assists by site" in page
