"""A place's values are the business of the organisation that governs it and of its network's admins, not of an
organisation merely located there; and once a value is validated only a validator changes it.

The reproduced bug: the editor of a district office located in Seoul reset a validated Seoul value to "submitted"
by resubmitting it.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madang.assessment.models import ActionPlan, Framework, Node, Value
from madang.assessment.services import value_submit, values_import, values_review
from madang.core.imports import ImportFailed
from tests.assessment_data import put
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, PlaceFactory, UserFactory

HEADER = "place,indicator,year,value,source,source_date\n"


@pytest.fixture
def district(world):
    """A district office located in Seoul (governing only its district), alone in a network of its own."""
    gu = PlaceFactory(kind="district", slug="seongdong", name="Seongdong-gu", parent=world["seoul"])
    office = OrganisationFactory(slug="seongdong-office", kind="city", city=world["seoul"], governs=gu)
    network = NetworkFactory(slug="districts")
    MembershipFactory(organisation=office, network=network)
    return {
        "office": office,
        "editor": UserFactory(username="district-editor", role="city_editor", organisation=office),
        "admin": UserFactory(username="district-admin", role="network_admin", network=network),
    }


@pytest.fixture
def validated(world):
    node = Framework.objects.get(slug="digital-inclusion-index").nodes.get(code="ACC1")
    return put(node, world["seoul"], 2024, 81.0)


def _one(value, **extra):  # type: ignore[no-untyped-def]
    return {"action": "one", "place": value.place_id, "node": value.node_id, "year": value.year, "value": 12,
            "source": "Other survey", "source_date": "2024-11-01", **extra}  # fmt: skip


def _unchanged(value):  # type: ignore[no-untyped-def]
    fresh = Value.objects.get(pk=value.pk)
    return fresh.status == Value.Status.VALIDATED and fresh.value == value.value


def test_a_district_office_editor_cannot_resubmit_a_validated_city_value(client, world, district, validated):
    client.force_login(district["editor"])
    url = reverse("assessment:submit", args=["digital-inclusion-index"])
    assert client.post(url, _one(validated)).status_code == 403
    upload = SimpleUploadedFile("v.csv", (HEADER + "seoul,ACC1,2024,12,Other survey,2024-11-01\n").encode())
    assert client.post(url, {"action": "upload", "file": upload}).status_code == 403
    self_assess = reverse("assessment:self-assess", args=["smart-city-maturity"])
    assert client.post(self_assess, {"place": world["seoul"].pk, "year": 2024}).status_code == 403
    with pytest.raises(PermissionDenied):
        value_submit(node=validated.node, place=world["seoul"], year=2024, value=12.0, source="Other survey",
                     source_date=dt.date(2024, 11, 1), by=district["editor"])  # fmt: skip
    assert _unchanged(validated)


def test_the_citys_own_editor_does_not_put_a_validated_value_back_to_waiting(client, world, validated):
    client.force_login(world["users"]["editor_a"])
    response = client.post(reverse("assessment:submit", args=["digital-inclusion-index"]), _one(validated))
    assert response.status_code == 400 and "only a network admin can change it" in response.content.decode()
    assert _unchanged(validated)


def test_a_network_admin_changes_a_validated_value_which_then_waits_again(client, world, validated):
    client.force_login(world["users"]["admin"])
    response = client.post(reverse("assessment:submit", args=["digital-inclusion-index"]), _one(validated))
    assert response.status_code == 302
    fresh = Value.objects.get(pk=validated.pk)
    assert (fresh.status, fresh.value) == (Value.Status.SUBMITTED, 12)


def test_an_upload_row_changing_a_validated_value_is_a_row_error_and_nothing_is_saved(world, validated):
    text = HEADER + "seoul,ACC2,2024,50,Survey,2024-11-01\nseoul,ACC1,2024,12,Other survey,2024-11-01\n"
    with pytest.raises(ImportFailed) as failed:
        values_import(framework=validated.node.framework, data=text.encode(), filename="v.csv",
                      by=world["users"]["editor_a"])  # fmt: skip
    assert [(e.row, e.column) for e in failed.value.errors] == [(3, "value")]
    assert Value.objects.count() == 1 and _unchanged(validated)


def test_uploading_a_validated_value_again_unchanged_keeps_it_validated(world, validated):
    date = validated.source_date.isoformat()
    text = HEADER + f"seoul,ACC1,2024,81,Test survey,{date}\nseoul,ACC2,2024,50,Survey,2024-11-01\n"
    report = values_import(framework=validated.node.framework, data=text.encode(), filename="v.csv",
                           by=world["users"]["editor_a"])  # fmt: skip
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    assert _unchanged(validated)


def test_an_upload_row_for_a_place_the_user_does_not_govern_is_a_row_error(world, district):
    text = HEADER + "seoul,ACC1,2024,12,Other survey,2024-11-01\n"
    with pytest.raises(ImportFailed) as failed:
        values_import(framework=Framework.objects.get(slug="digital-inclusion-index"), data=text.encode(),
                      filename="v.csv", by=district["editor"])  # fmt: skip
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "place")]
    assert not Value.objects.exists()


def test_the_admin_of_a_network_whose_member_is_only_located_in_the_city_does_not_validate_it(client, world,
                                                                                             district):  # fmt: skip
    node = Framework.objects.get(slug="digital-inclusion-index").nodes.get(code="ACC1")
    waiting = put(node, world["seoul"], 2024, 81.0, status=Value.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        values_review(values=[waiting], by=district["admin"], accept=True)
    client.force_login(district["admin"])
    page = client.get(reverse("assessment:review"))
    assert page.status_code == 200 and waiting not in page.context["rows"]
    assert (
        client.post(reverse("assessment:review"), {"values": [waiting.pk], "decision": "validate"}).status_code == 400
    )
    assert Value.objects.get(pk=waiting.pk).status == Value.Status.SUBMITTED


def test_validated_self_assessment_answers_are_not_changed_by_the_city(client, world):
    framework = Framework.objects.get(slug="smart-city-maturity")
    questions = list(framework.nodes.filter(kind=Node.Kind.INDICATOR).order_by("order"))
    for q in questions:
        put(q, world["seoul"], 2024, 3)
    client.force_login(world["users"]["editor_a"])
    data = {"place": world["seoul"].pk, "year": 2024}
    for q in questions:
        data[f"level_{q.code}"], data[f"evidence_{q.code}"] = 4, ""
    response = client.post(reverse("assessment:self-assess", args=[framework.slug]), data)
    assert response.status_code == 400 and "only a network admin can change them" in response.content.decode()
    assert set(Value.objects.values_list("status", "value")) == {(Value.Status.VALIDATED, 3)}


def test_a_district_office_editor_neither_plans_for_the_city_nor_drafts_its_needs(client, scored, district):
    client.force_login(district["editor"])
    assert client.get(reverse("assessment:plan-new")).status_code == 403
    gap = reverse("assessment:gap-need", args=["digital-inclusion-index", "seoul"])
    assert client.post(gap, {"node": "USE3"}).status_code == 403
    assert "draft need" not in client.get(reverse("assessment:gaps", args=["digital-inclusion-index", "seoul"])
                                          ).content.decode()  # fmt: skip


def test_a_city_editors_plan_is_for_the_city_their_organisation_governs(client, scored):
    client.force_login(scored["users"]["editor_a"])
    response = client.post(reverse("assessment:plan-new"), {
        "title": "Seoul plan", "framework": scored["framework"].pk, "vision": "Nobody left behind.",
        "start_year": 2025, "end_year": 2028, "status": "draft", "organisation": scored["city_b"].pk,
    })  # fmt: skip
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert (plan.organisation, plan.city) == (scored["city_a"], scored["seoul"])  # the posted organisation is ignored


def test_a_superuser_makes_a_plan_for_the_city_government_they_choose(client, scored):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(reverse("assessment:plan-new"), {
        "title": "Makati plan", "framework": scored["framework"].pk, "vision": "Nobody left behind.",
        "start_year": 2025, "end_year": 2028, "status": "draft", "organisation": scored["city_b"].pk,
    })  # fmt: skip
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert (plan.organisation, plan.city) == (scored["city_b"], scored["makati"])
