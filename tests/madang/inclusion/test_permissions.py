"""Who sees what: the map is public; the field log is private (guides: their own entries; the city's staff: their
city's; network admins: aggregates of their members' cities; everyone else: nothing)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from madang.inclusion.fieldlog import assist_save_step, assist_start, assist_submit, guide_add
from madang.inclusion.models import AssistLog

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "provider", "editor_a", "editor_b", "admin", "other_admin", "guide", "other_guide"]


def _user(iw, who):
    if who == "guide":
        return iw["guide_user"]
    if who == "other_guide":
        return iw["other_guide_user"]
    return iw["users"][who]


def _client(client, iw, who):
    if who != "anonymous":
        client.force_login(_user(iw, who))
    return client


def record(guide, *, facility=None, place_text="", area=None, day=None, **result):
    draft = assist_start(guide=guide, by=guide.user)
    assist_save_step(draft=draft, by=guide.user, key="where", values={
        "facility": facility.pk if facility else None, "place_text": place_text, "area": area.pk if area else None,
        "occurred_on": (day or dt.date.today()).isoformat()})  # fmt: skip
    assist_save_step(draft=draft, by=guide.user, key="what", values={"device": "kiosk", "task": "order"})
    assist_save_step(draft=draft, by=guide.user, key="result", values={
        "minutes": 10, "outcome": "solved", "age_band": "75_84", **result})  # fmt: skip
    return assist_submit(draft=draft, by=guide.user)


# role x page: expected HTTP status (302 = sent to sign in).
MATRIX = {
    #              anon citizen provider editor_a editor_b admin other_admin guide other_guide
    "index":      (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "map":        (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "area":       (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "import":     (302, 403, 403, 200, 403, 403, 403, 403, 403),
    "guides":     (302, 403, 403, 200, 403, 403, 403, 403, 403),
    "dashboard":  (302, 403, 403, 200, 403, 200, 403, 403, 403),
    "entries":    (302, 403, 403, 200, 403, 403, 403, 200, 403),
    "planner":    (302, 403, 403, 200, 403, 403, 403, 403, 403),
    "plans":      (302, 403, 403, 200, 403, 200, 403, 403, 403),
    "log":        (302, 200, 200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip


def _url(action):
    if action in ("index", "log"):
        return reverse(f"inclusion:{action}")
    if action == "area":
        return reverse("inclusion:area", args=["seoul", "A1"])
    return reverse(f"inclusion:{action}", args=["seoul"])


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", ROLES)
def test_role_action_matrix(client, iw, who, action):
    response = _client(client, iw, who).get(_url(action))
    assert response.status_code == MATRIX[action][ROLES.index(who)]


def test_a_guide_sees_only_their_own_entries_and_staff_see_the_whole_city(client, iw):
    second = guide_add(organisation=iw["city_a"], username=iw["users"]["citizen"].username,
                       by=iw["users"]["editor_a"])  # fmt: skip
    record(iw["guide"], place_text="Own market stall")
    record(second, place_text="Colleague's library")
    record(iw["other_guide"], place_text="Makati mall", area=None)
    url = reverse("inclusion:entries", args=["seoul"])
    mine = _client(client, iw, "guide").get(url).content.decode()
    assert "Own market stall" in mine and "Colleague" not in mine and "Makati mall" not in mine
    staff = _client(client, iw, "editor_a").get(url).content.decode()
    assert "Own market stall" in staff and "Colleague" in staff and "Makati mall" not in staff


@pytest.mark.parametrize("who", ROLES)
def test_only_the_guide_and_the_citys_staff_may_see_an_entry(iw, who):
    log = record(iw["guide"], place_text="Station exit 3")
    allowed = who in ("guide", "editor_a")
    user = _user(iw, who) if who != "anonymous" else AnonymousUser()
    assert user.has_perm("inclusion.view_assist", log) is allowed


def test_no_log_detail_reaches_the_public_map_only_the_per_area_rate(client, iw):
    record(iw["guide"], place_text="Private note place", area=iw["areas"]["A2"])
    page = client.get(reverse("inclusion:map", args=["seoul"]) + "?indicator=assists_per_1000_65plus")
    body = page.content.decode()
    assert page.status_code == 200 and "Private note place" not in body
    assert "2.0" in body  # 1 assist per 500 residents 65+ in Bravo = 2.0 per 1,000
    dashboard = _client(client, iw, "admin").get(reverse("inclusion:dashboard", args=["seoul"])).content.decode()
    assert "Private note place" in dashboard  # aggregated by place for the network admin, without guide or person
    assert "guide" not in dashboard.split('id="sites-h"')[1].split("</section>")[0]


def test_a_deactivated_guide_can_no_longer_record(client, iw):
    c = _client(client, iw, "editor_a")
    c.post(reverse("inclusion:guide-change", args=["seoul", iw["guide"].pk]), {"active": "0"})
    iw["guide"].refresh_from_db()
    assert not iw["guide"].is_active
    c.force_login(iw["guide_user"])
    response = c.post(reverse("inclusion:log-start"), {"guide": iw["guide"].pk})
    assert response.status_code == 404 and not AssistLog.objects.exists()


def test_an_editor_of_another_city_cannot_manage_this_citys_guides(client, iw):
    c = _client(client, iw, "editor_b")
    response = c.post(reverse("inclusion:guide-change", args=["seoul", iw["guide"].pk]), {"active": "0"})
    assert response.status_code == 403
    iw["guide"].refresh_from_db()
    assert iw["guide"].is_active
