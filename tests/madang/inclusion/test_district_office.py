"""The reproduced bug: the editor of a district office (a local-government organisation LOCATED in Seoul that
governs only its district) read every Seoul guide's field log, deactivated Seoul's guide and replaced a map area's
name. Only the editors of the organisation that GOVERNS the city act for it; these pages are asked as a browser
would, and the city hall's editor still can."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madang.core.imports import ImportFailed
from madang.core.models import Place
from madang.core.policy import Action
from madang.inclusion.models import AreaStatistic, AssistLog, DeploymentPlan, Guide
from madang.inclusion.policies import InclusionCityPolicy
from madang.inclusion.services import areas_import, statistics_import
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, PlaceFactory, UserFactory
from tests.madang.inclusion.factories import LAT0, LON0, collection, feature, square
from tests.madang.inclusion.test_permissions import record
from tests.madang.inclusion.test_planner import INPUTS, _inputs

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(iw):
    """Seongdong's district office, located in Seoul, governing only its district, and its editor."""
    district = PlaceFactory(kind="district", parent=iw["city"], slug="seongdong", name="Seongdong-gu", code="SD")
    org = OrganisationFactory(slug="seongdong-office", kind="city", city=iw["city"], governs=district)
    editor = UserFactory(username="district_editor", role="city_editor", organisation=org)
    return {"district": district, "org": org, "editor": editor}


def _areas_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("areas.geojson", collection(feature("A1", square(LON0, LAT0), name)))


# ---------------------------------------------------------------------- the field log
def test_a_district_office_editor_cannot_read_seouls_field_log(client, iw, office):
    record(iw["guide"], place_text="Seoul guide's stall")
    client.force_login(office["editor"])
    for name in ("entries", "dashboard", "guides"):
        response = client.get(reverse(f"inclusion:{name}", args=["seoul"]))
        assert response.status_code == 403, name
        assert "Seoul guide&#x27;s stall" not in response.content.decode()
    assert not office["editor"].has_perm("inclusion.view_assist", AssistLog.objects.get())


def test_the_city_hall_editor_reads_seouls_field_log(client, iw, office):
    record(iw["guide"], place_text="Seoul guide's stall")
    client.force_login(iw["users"]["editor_a"])
    response = client.get(reverse("inclusion:entries", args=["seoul"]))
    assert response.status_code == 200 and "Seoul guide&#x27;s stall" in response.content.decode()


def test_a_district_office_editor_cannot_deactivate_seouls_guide(client, iw, office):
    client.force_login(office["editor"])
    url = reverse("inclusion:guide-change", args=["seoul", iw["guide"].pk])
    assert client.post(url, {"active": "0"}).status_code == 403
    assert client.post(url, {"sites": [iw["facilities"]["S1"].pk]}).status_code == 403
    iw["guide"].refresh_from_db()
    assert iw["guide"].is_active and not iw["guide"].sites.exists()
    assert client.post(reverse("inclusion:guides", args=["seoul"]), {"username": "citizen"}).status_code == 403
    assert not Guide.objects.filter(user=iw["users"]["citizen"]).exists()


def test_the_city_hall_editor_deactivates_seouls_guide(client, iw, office):
    client.force_login(iw["users"]["editor_a"])
    response = client.post(reverse("inclusion:guide-change", args=["seoul", iw["guide"].pk]), {"active": "0"})
    assert response.status_code == 302
    iw["guide"].refresh_from_db()
    assert not iw["guide"].is_active


def test_a_guide_of_the_district_office_records_nothing_for_seoul(client, iw, office):
    """A guide registered with the district office before the fix is no guide of Seoul's government."""
    guide = Guide.objects.create(user=iw["users"]["citizen"], organisation=office["org"])
    client.force_login(iw["users"]["citizen"])
    assert "not registered as a digital guide" in client.get(reverse("inclusion:log")).content.decode()
    assert client.post(reverse("inclusion:log-start"), {"guide": guide.pk}).status_code == 404
    assert client.get(reverse("inclusion:entries", args=["seoul"])).status_code == 403


def test_the_guides_page_lists_only_the_city_governments_guides(client, iw, office):
    Guide.objects.create(user=iw["users"]["citizen"], organisation=office["org"])
    client.force_login(iw["users"]["editor_a"])
    page = client.get(reverse("inclusion:guides", args=["seoul"])).content.decode()
    assert iw["guide_user"].username in page and '<th scope="row">citizen</th>' not in page


# ---------------------------------------------------------------------- the map's areas
def test_a_district_office_editor_cannot_replace_a_seoul_area_through_the_import(client, iw, office):
    client.force_login(office["editor"])
    url = reverse("inclusion:import", args=["seoul"])
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": "areas", "file": _areas_upload("Taken over")})
    assert response.status_code == 403
    stats = SimpleUploadedFile("stats.csv", b"area_code,pop_total\nA1,1\n", content_type="text/csv")
    assert client.post(url, {"kind": "statistics", "file": stats, "year": "2024"}).status_code == 403
    assert Place.objects.get(parent=iw["city"], code="A1").name == "Alpha"
    assert AreaStatistic.objects.get(area__code="A1", indicator="pop_total", year=2024).value == 1000
    with pytest.raises(PermissionDenied):
        areas_import(city=iw["city"], data=collection(feature("A1", square(LON0, LAT0), "X")), by=office["editor"])


def test_the_city_hall_editor_renames_a_seoul_area_through_the_import(client, iw, office):
    client.force_login(iw["users"]["editor_a"])
    upload = _areas_upload("Alpha renamed")
    response = client.post(reverse("inclusion:import", args=["seoul"]), {"kind": "areas", "file": upload})
    assert response.status_code == 302
    assert Place.objects.get(parent=iw["city"], code="A1").name == "Alpha renamed"


def test_each_row_naming_an_area_is_checked_even_when_the_city_is_let_through(iw, office, monkeypatch):
    """Were the city-level check ever to let an importer through, every feature and row naming an area the
    importer may not change is refused, with its number."""
    monkeypatch.setitem(InclusionCityPolicy.actions, "import_data", Action(rule=lambda user, city: True))
    with pytest.raises(ImportFailed) as excinfo:
        areas_import(city=iw["city"], data=collection(feature("A1", square(LON0, LAT0), "X")), by=office["editor"])
    assert [(e.row, e.column) for e in excinfo.value.errors] == [(1, "code")]
    with pytest.raises(ImportFailed) as excinfo:
        statistics_import(city=iw["city"], data=b"area_code,pop_total\nA1,5\nA2,6\n", by=office["editor"], year=2024)
    assert [(e.row, e.column) for e in excinfo.value.errors] == [(2, "area_code"), (3, "area_code")]
    assert Place.objects.get(parent=iw["city"], code="A1").name == "Alpha"


# ---------------------------------------------------------------------- plans and network admins
def test_a_district_office_editor_neither_plans_nor_reads_seouls_plans(client, iw, office):
    plan = DeploymentPlan.objects.create(city=iw["city"], title="Private plan", inputs=_inputs().as_dict(),
                                         result={"rota": [], "sites": []})  # fmt: skip
    client.force_login(office["editor"])
    assert client.get(reverse("inclusion:planner", args=["seoul"])).status_code == 403
    assert client.post(reverse("inclusion:planner", args=["seoul"]), {**INPUTS, "title": "Mine"}).status_code == 403
    assert client.get(reverse("inclusion:plans", args=["seoul"])).status_code == 403
    assert client.get(reverse("inclusion:plan", args=["seoul", plan.pk])).status_code == 404
    assert client.post(reverse("inclusion:plan", args=["seoul", plan.pk]), {}).status_code == 404
    assert DeploymentPlan.objects.count() == 1


def test_an_admin_whose_network_has_only_the_district_office_sees_nothing_of_seoul(client, iw, office):
    network = NetworkFactory(slug="districts")
    MembershipFactory(organisation=office["org"], network=network)
    admin = UserFactory(username="district_admin", role="network_admin", network=network)
    client.force_login(admin)
    assert client.get(reverse("inclusion:dashboard", args=["seoul"])).status_code == 403
    assert client.get(reverse("inclusion:plans", args=["seoul"])).status_code == 403
    client.force_login(iw["users"]["admin"])  # Seoul's city hall is a member of this one
    assert client.get(reverse("inclusion:dashboard", args=["seoul"])).status_code == 200
    assert client.get(reverse("inclusion:entries", args=["seoul"])).status_code == 403  # aggregates only
