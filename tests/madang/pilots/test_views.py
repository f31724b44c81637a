"""Pilot pages as each role sees them, the volunteer's registration and withdrawal, and the session flow."""

import pytest
from django.urls import reverse

from madang.pilots import models
from madang.pilots.models import SessionDraft, TaskResult
from madang.pilots.services import pilot_advance

ROLES = ["anonymous", "citizen", "provider", "editor_a", "editor_b", "admin", "host", "other_host"]


def _client(client, p, who):
    if who != "anonymous":
        client.force_login(p[who] if who in ("host", "other_host") else p["users"][who])
    return client


# role x action: expected HTTP status on a pilot in its test phase (a host's testers are only those of their site).
MATRIX = {
    #              anonymous citizen provider editor_a editor_b admin host other_host
    "detail":      (200, 200, 200, 200, 200, 200, 200, 200),
    "edit":        (302, 403, 403, 200, 403, 403, 403, 403),
    "panel":       (302, 403, 403, 200, 403, 403, 200, 200),
    "tester-new":  (302, 403, 403, 200, 403, 403, 200, 200),
    "report":      (403, 403, 200, 200, 403, 403, 200, 200),
    "sessions-csv": (403, 403, 200, 200, 403, 403, 200, 200),
    "decide":      (302, 403, 403, 200, 403, 403, 403, 403),
}  # fmt: skip


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", ROLES)
def test_role_action_matrix(client, p, who, action):
    pilot = p["pilot"]
    pilot.phase = "test"
    pilot.save()
    response = _client(client, p, who).get(reverse(f"pilots:{action}", args=[pilot.pk]))
    assert response.status_code == MATRIX[action][ROLES.index(who)]


@pytest.mark.parametrize("who", ROLES)
def test_a_pilot_in_planning_is_visible_only_to_its_roles(client, p, who):
    response = _client(client, p, who).get(reverse("pilots:detail", args=[p["pilot"].pk]))
    assert response.status_code == (200 if who in ("provider", "editor_a", "host", "other_host") else 404)


def test_a_host_sees_only_testers_of_their_own_site(client, p):
    other = models.Tester.objects.create(
        pilot=p["pilot"], site=p["station"], code="T0099", name="Park", contact="010-9", age_band="65_74",
        digital_skill=2, consent_version="x", consented_at="2026-01-01T00:00Z", retain_until="2027-01-01",
    )  # fmt: skip
    page = _client(client, p, "host").get(reverse("pilots:panel", args=[p["pilot"].pk])).content.decode()
    assert "Kim Ok-soon" in page and "010-0000-0000" in page
    assert other.code not in page and "Park" not in page
    manager_page = _client(client, p, "editor_a").get(reverse("pilots:panel", args=[p["pilot"].pk])).content.decode()
    assert "Park" in manager_page and "Kim Ok-soon" in manager_page


def test_the_providers_team_never_sees_contacts_anywhere(client, p):
    pilot = p["pilot"]
    pilot.phase = "test"
    pilot.save()
    c = _client(client, p, "provider")
    for name in ("detail", "report", "sessions-csv", "report-csv"):
        body = c.get(reverse(f"pilots:{name}", args=[pilot.pk])).content.decode()
        assert "Kim Ok-soon" not in body and "010-0000-0000" not in body
    assert c.get(reverse("pilots:panel", args=[pilot.pk])).status_code == 403


def test_a_volunteer_registers_without_an_account_and_withdraws_with_their_link(client, p):
    pilot = p["pilot"]
    pilot.phase = "recruit"
    pilot.save()
    url = reverse("pilots:join", args=[pilot.pk])
    page = client.get(url).content.decode()
    assert "keep" in page.lower() and "captcha" not in page.lower()
    data = {"name": "Lee Mal-soon", "contact": "010-1234-5678", "age_band": "75_plus", "digital_skill": "1",
            "accessibility_needs": ["vision"], "languages": ["ko"], "site": p["centre"].pk}  # fmt: skip
    refused = client.post(url, data)  # no consent ticked
    assert refused.status_code == 400
    assert "Lee Mal-soon" in refused.content.decode()  # what was typed is shown again
    assert not models.Tester.objects.filter(name="Lee Mal-soon").exists()
    response = client.post(url, {**data, "consent": "on"})
    tester = models.Tester.objects.get(name="Lee Mal-soon")
    assert response.status_code == 302 and response["Location"].endswith(f"/me/{tester.withdraw_token}/")
    assert tester.registered_by is None and tester.accessibility_needs == ["vision"]
    leave = reverse("pilots:leave", args=[tester.withdraw_token])
    assert leave in client.get(response["Location"]).content.decode()
    client.post(leave, {"confirm": "yes"})
    tester.refresh_from_db()
    assert (tester.name, tester.contact, tester.withdrawn_at is not None) == ("", "", True)


def _self_registered(p):
    pilot = p["pilot"]
    pilot.phase = "recruit"
    pilot.save()
    return models.Tester.objects.create(
        pilot=pilot, site=p["centre"], code="T0042", name="Choi Bok-nam", contact="010-4242-4242", age_band="75_plus",
        digital_skill=1, consent_version="2026-11", consented_at="2026-01-01T00:00Z", retain_until="2027-01-01",
        withdraw_token="tok-" + "x" * 30,
    )  # fmt: skip


def test_leaving_a_pilot_asks_for_confirmation_before_erasing_anything(client, p):
    tester = _self_registered(p)
    participation = reverse("pilots:participation", args=[tester.withdraw_token])
    leave = reverse("pilots:leave", args=[tester.withdraw_token])
    # One tap on the participation page, or a POST to it, never erases: it leads to the question.
    assert client.post(participation)["Location"] == leave
    page = client.get(leave)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Yes, leave the pilot and delete my details" in body and participation in body
    tester.refresh_from_db()
    assert (tester.name, tester.withdrawn_at) == ("Choi Bok-nam", None)
    # A POST without the explicit yes keeps everything.
    assert client.post(leave).status_code == 400
    tester.refresh_from_db()
    assert (tester.name, tester.contact, tester.withdrawn_at) == ("Choi Bok-nam", "010-4242-4242", None)
    # The confirmed POST withdraws and returns to the participation page, which says so.
    response = client.post(leave, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == participation
    assert "You have left this pilot" in response.content.decode()
    tester.refresh_from_db()
    assert (tester.name, tester.contact, tester.withdrawn_at is not None) == ("", "", True)


def test_the_participation_page_shows_the_testers_own_retention_date(client, p):
    tester = _self_registered(p)
    page = client.get(reverse("pilots:participation", args=[tester.withdraw_token])).content.decode()
    assert "2027-01-01" in page


def test_self_registration_is_closed_outside_recruiting(client, p):
    response = client.post(reverse("pilots:join", args=[p["pilot"].pk]), {"consent": "on"})
    assert response.status_code == 404  # a pilot in planning is not public at all


def test_assisted_registration_records_the_staff_member(client, p):
    pilot = p["pilot"]
    _client(client, p, "host").post(reverse("pilots:tester-new", args=[pilot.pk]), {
        "name": "Choi", "age_band": "65_74", "digital_skill": "2", "site": p["centre"].pk, "consent": "on",
    })  # fmt: skip
    tester = models.Tester.objects.get(name="Choi")
    assert tester.registered_by == p["host"]
    # A host cannot register someone at another host's site.
    response = client.post(reverse("pilots:tester-new", args=[pilot.pk]), {
        "name": "Jung", "age_band": "65_74", "digital_skill": "2", "site": p["station"].pk, "consent": "on",
    })  # fmt: skip
    assert response.status_code == 400 and not models.Tester.objects.filter(name="Jung").exists()


def _session_post(c, draft, step, data):
    return c.post(reverse("pilots:session-step", args=[draft.pk, step]), data)


def test_a_facilitator_records_a_session_step_by_step_and_resumes_after_a_drop(client, p):
    pilot, tester = p["pilot"], p["tester"]
    pilot.phase = "test"
    pilot.save()
    c = _client(client, p, "host")
    response = c.post(reverse("pilots:session-start", args=[pilot.pk, tester.pk]))
    draft = SessionDraft.objects.get(tester=tester)
    assert response["Location"] == reverse("pilots:session", args=[draft.pk])
    r = _session_post(c, draft, 0, {"outcome": "helped", "minutes": "2", "seconds": "5", "mistakes": "1",
                                    "assists": "2", "ease": "3"})  # fmt: skip
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.step == 1 and draft.data[f"task:{p['tasks'][0].pk}"]["seconds"] == 125
    # The connection drops; the facilitator opens the session again and lands on the first unanswered step.
    resumed = c.get(reverse("pilots:session", args=[draft.pk]))
    assert resumed["Location"] == reverse("pilots:session-step", args=[draft.pk, 1])
    # An invalid page is shown again with what was typed.
    bad = _session_post(c, draft, 1, {"outcome": "", "minutes": "7"})
    assert bad.status_code == 400 and 'value="7"' in bad.content.decode()
    _session_post(c, draft, 1, {"outcome": "unaided", "minutes": "1", "seconds": "0", "mistakes": "0", "assists": "0"})
    _session_post(c, draft, 2, {f"sus_{i}": str(3 + (i % 2)) for i in range(1, 11)})
    _session_post(c, draft, 3, {"satisfaction": "7", "comments": "글씨가 너무 작아요"})
    review = c.get(reverse("pilots:session-step", args=[draft.pk, 4]))
    assert "글씨가 너무 작아요" in review.content.decode()
    done = c.post(reverse("pilots:session-step", args=[draft.pk, 4]))
    assert done.status_code == 302
    results = {r.task_id: r for r in TaskResult.objects.filter(tester=tester)}
    assert results[p["tasks"][0].pk].seconds == 125 and results[p["tasks"][0].pk].assists == 2
    assert results[p["tasks"][0].pk].ease == 3 and results[p["tasks"][1].pk].outcome == "unaided"
    assert tester.questionnaire.sus == [4, 3, 4, 3, 4, 3, 4, 3, 4, 3]
    assert tester.questionnaire.satisfaction == 7


def test_another_sites_host_cannot_record_for_this_tester(client, p):
    pilot = p["pilot"]
    pilot.phase = "test"
    pilot.save()
    response = _client(client, p, "other_host").post(reverse("pilots:session-start", args=[pilot.pk, p["tester"].pk]))
    assert response.status_code == 404
    assert not SessionDraft.objects.exists()


def test_testing_fixes_the_criteria_in_the_page_too(client, p):
    pilot = p["pilot"]
    c = _client(client, p, "editor_a")
    assert "Add a success criterion" in c.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    pilot_advance(pilot=pilot, by=p["users"]["editor_a"])
    pilot_advance(pilot=pilot, by=p["users"]["editor_a"])
    page = c.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert "Add a success criterion" not in page and "before testing started" in page
    response = c.post(reverse("pilots:criterion-add", args=[pilot.pk]), {"metric": "sus_mean", "comparator": "ge",
                                                                            "target": "68"})  # fmt: skip
    assert response.status_code == 400 and pilot.criteria.count() == 1
