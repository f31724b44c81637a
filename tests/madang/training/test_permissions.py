"""Who may do what, as a role x action table: pages (HTTP status) and the rules behind them."""

import pytest
from django.urls import reverse

from madang.training.services import registration_create

from .factories import person

ROLES = ["anonymous", "citizen", "provider", "editor_a", "editor_b", "admin", "trainer"]


def _login(client, t, who):
    if who != "anonymous":
        client.force_login(t["trainer"] if who == "trainer" else t["users"][who])
    return client


# Pages of editor_a's (city_a's) published course and its session. 302: sign in first.
MATRIX = {
    #                   anonymous citizen provider editor_a editor_b admin trainer
    "courses":          (200, 200, 200, 200, 200, 200, 200),
    "course":           (200, 200, 200, 200, 200, 200, 200),
    "register":         (200, 200, 200, 200, 200, 200, 200),
    "results":          (200, 200, 200, 200, 200, 200, 200),
    "course-new":       (302, 403, 403, 200, 200, 403, 403),
    "course-edit":      (302, 403, 403, 200, 403, 403, 403),
    "session-new":      (302, 403, 403, 200, 403, 403, 403),
    "session-edit":     (302, 403, 403, 200, 403, 403, 403),
    "attendees":        (302, 403, 403, 200, 403, 403, 200),
    "register-caller":  (302, 403, 403, 200, 403, 403, 200),
    "attendance":       (302, 403, 403, 200, 403, 403, 200),
    "manage":           (302, 200, 200, 200, 200, 200, 200),
}  # fmt: skip
ARGS = {"courses": "none", "manage": "none", "course-new": "none", "course": "course", "course-edit": "course",
        "session-new": "course"}  # fmt: skip


def _url(t, action):
    kind = ARGS.get(action, "session")
    args = [] if kind == "none" else [t["course"].pk if kind == "course" else t["session"].pk]
    return reverse(f"training:{action}", args=args)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", ROLES)
def test_role_action_matrix(client, t, who, action):
    response = _login(client, t, who).get(_url(t, action))
    assert response.status_code == MATRIX[action][ROLES.index(who)]


# The rules themselves, including who sees names and contacts.
RULES = {
    #                      anonymous citizen provider editor_a editor_b admin trainer
    "add_course":          (0, 0, 0, 1, 1, 0, 0),
    "change_course":       (0, 0, 0, 1, 0, 0, 0),
    "add_session":         (0, 0, 0, 1, 0, 0, 0),
    "change_session":      (0, 0, 0, 1, 0, 0, 0),
    "view_attendees":      (0, 0, 0, 1, 0, 0, 1),
    "register_others":     (0, 0, 0, 1, 0, 0, 1),
    "mark_attendance":     (0, 0, 0, 1, 0, 0, 1),
    "view_results":        (1, 1, 1, 1, 1, 1, 1),
    "view_comments":       (0, 0, 0, 1, 0, 0, 1),
}  # fmt: skip
COURSE_RULES = {"change_course", "add_session"}


@pytest.mark.parametrize("rule", list(RULES))
def test_rule_matrix(t, rule):
    from django.contrib.auth.models import AnonymousUser

    users = [AnonymousUser(), *(t["users"][w] for w in ROLES[1:-1]), t["trainer"]]
    obj = None if rule == "add_course" else t["course"] if rule in COURSE_RULES else t["session"]
    assert tuple(int(u.has_perm(f"training.{rule}", obj)) for u in users) == RULES[rule]


@pytest.mark.parametrize("who", ROLES)
def test_contacts_appear_only_on_the_staff_pages_of_the_organiser_and_the_trainer(client, t, who):
    registration_create(session=t["session"], by=None, **person(7, phone="010-7777-7777"))
    c = _login(client, t, who)
    for action in ("course", "register", "results"):
        body = c.get(_url(t, action)).content.decode()
        assert "01077777777" not in body and "010-7777" not in body and "person7@example.org" not in body
    body = c.get(_url(t, "attendees")).content.decode()
    assert ("01077777777" in body and "person7@example.org" in body) is (who in ("editor_a", "trainer"))


@pytest.mark.parametrize("who", ROLES)
def test_an_unpublished_course_is_seen_only_by_its_organiser_and_trainers(client, t, who):
    t["course"].is_published = False
    t["course"].save()
    c = _login(client, t, who)
    expected = 200 if who in ("editor_a", "trainer") else 404
    assert c.get(_url(t, "course")).status_code == expected
    assert c.get(_url(t, "register")).status_code == expected
    listed = t["course"].title in c.get(_url(t, "courses")).content.decode()
    assert listed is (who in ("editor_a", "trainer"))


@pytest.mark.parametrize("who", ROLES)
def test_only_staff_cancel_a_place_from_the_attendee_list(client, t, who):
    r = registration_create(session=t["session"], by=None, **person(1))
    response = _login(client, t, who).post(reverse("training:attendee-cancel", args=[t["session"].pk, r.pk]))
    r.refresh_from_db()
    allowed = who in ("editor_a", "trainer")
    assert response.status_code == (302 if allowed or who == "anonymous" else 403)
    assert (r.status == "cancelled") is allowed
