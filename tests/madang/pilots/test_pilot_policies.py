"""Who may act in a pilot, through the real pages: the manager's editors, the provider's team, the hosts; not another
local-government organisation of the same city, not staff, not the manager's network admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from madang.pilots.models import Pilot, SessionDraft, Site, Tester
from madang.pilots.sessions import tester_register
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


@pytest.fixture
def district_editor(p):
    """The editor of a district office located in Seoul, which governs only its district."""
    district = PlaceFactory(kind="district", name="Mapo-gu", slug="mapo", parent=p["seoul"])
    office = OrganisationFactory(slug="mapo-office", kind="city", city=p["seoul"], governs=district)
    return UserFactory(username="mapo-editor", role="city_editor", organisation=office)


def _testing(p):
    pilot = p["pilot"]
    pilot.phase = "test"
    pilot.save()
    return pilot


def test_a_district_office_editor_in_the_same_city_cannot_manage_the_city_halls_pilot(client, p, district_editor):
    pilot, tester = _testing(p), p["tester"]
    client.force_login(district_editor)
    assert client.get(reverse("pilots:detail", args=[pilot.pk])).status_code == 200  # public while testing
    for name in ("edit", "decide", "panel", "tester-new"):
        assert client.get(reverse(f"pilots:{name}", args=[pilot.pk])).status_code == 403, name
    for name in ("advance", "publish", "to-catalogue"):
        assert client.post(reverse(f"pilots:{name}", args=[pilot.pk])).status_code == 403, name
    task = p["tasks"][0]
    assert client.post(reverse("pilots:task-delete", args=[pilot.pk, task.pk])).status_code == 403
    pilot.refresh_from_db()
    assert pilot.phase == "test" and pilot.tasks.filter(pk=task.pk).exists()
    withdraw = reverse("pilots:tester-withdraw", args=[pilot.pk, tester.pk])
    assert client.post(withdraw, {"confirm": "yes"}).status_code == 403
    assert Tester.objects.get(pk=tester.pk).name == "Kim Ok-soon"


def test_a_district_office_editor_never_sees_the_contacts_of_the_city_halls_testers(client, p, district_editor):
    pilot = _testing(p)
    client.force_login(district_editor)
    assert client.get(reverse("pilots:panel", args=[pilot.pk])).status_code == 403
    assert client.get(reverse("pilots:sessions-csv", args=[pilot.pk])).status_code == 403
    assert client.post(reverse("pilots:session-start", args=[pilot.pk, p["tester"].pk])).status_code == 403
    assert not SessionDraft.objects.exists()


def test_a_pilot_in_planning_is_hidden_from_a_district_office_editor(client, p, district_editor):
    client.force_login(district_editor)
    assert client.get(reverse("pilots:detail", args=[p["pilot"].pk])).status_code == 404
    assert client.get(reverse("pilots:edit", args=[p["pilot"].pk])).status_code == 404
    assert p["pilot"].title not in client.get(reverse("pilots:list")).content.decode()


def test_staff_without_superuser_rights_have_no_part_in_a_pilot(client, p):
    pilot = _testing(p)
    client.force_login(UserFactory(username="operator", role="citizen", is_staff=True))
    for name in ("edit", "panel", "tester-new"):
        assert client.get(reverse(f"pilots:{name}", args=[pilot.pk])).status_code == 403, name
    assert client.get(reverse("pilots:new")).status_code == 403


def test_the_managers_network_admin_sees_no_panel_and_no_contacts(client, p):
    pilot = _testing(p)
    client.force_login(p["users"]["admin"])
    assert client.get(reverse("pilots:panel", args=[pilot.pk])).status_code == 403
    withdraw = reverse("pilots:tester-withdraw", args=[pilot.pk, p["tester"].pk])
    assert client.get(withdraw).status_code == 403


def test_only_the_editors_of_a_local_government_start_a_pilot(client, p):
    company_editor = UserFactory(username="odd", role="city_editor", organisation=p["provider"])
    client.force_login(company_editor)
    assert client.get(reverse("pilots:new")).status_code == 403
    client.force_login(p["users"]["editor_a"])
    assert client.get(reverse("pilots:new")).status_code == 200


def test_a_superuser_finds_every_pilot_in_the_list(client, p):
    client.force_login(UserFactory(username="root", role="citizen", is_staff=True, is_superuser=True))
    assert p["pilot"].title in client.get(reverse("pilots:list")).content.decode()


def test_a_facilitator_no_longer_hosting_the_site_cannot_open_their_draft(client, p):
    pilot, tester = _testing(p), p["tester"]
    client.force_login(p["host"])
    client.post(reverse("pilots:session-start", args=[pilot.pk, tester.pk]))
    draft = SessionDraft.objects.get(tester=tester)
    assert client.get(reverse("pilots:session-step", args=[draft.pk, 0])).status_code == 200
    p["centre"].hosts.remove(p["host"])
    assert client.get(reverse("pilots:session-step", args=[draft.pk, 0])).status_code == 404


def test_the_manager_cannot_open_a_hosts_draft(client, p):
    pilot, tester = _testing(p), p["tester"]
    draft = SessionDraft.objects.create(pilot=pilot, tester=tester, facilitator=p["host"])
    client.force_login(p["users"]["editor_a"])
    assert client.get(reverse("pilots:session", args=[draft.pk])).status_code == 404


def test_a_resident_is_registered_only_at_a_site_of_the_same_pilot(p):
    other = Pilot.objects.create(
        title="Other pilot", solution=p["solution"], city=p["seoul"], manager=p["city_a"], success_criteria="x"
    )
    elsewhere = Site.objects.create(pilot=other, name="Library", kind="other")
    with pytest.raises(PermissionDenied):
        tester_register(pilot=p["pilot"], by=p["users"]["editor_a"], assisted=True, site=elsewhere,
                        age_band="65_74", digital_skill=2)  # fmt: skip
