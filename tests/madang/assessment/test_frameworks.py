"""Network admins' own frameworks: from an iMeta table or forms, copies of shipped ones with other weights."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from madang.assessment.models import Framework, Node
from madang.assessment.scoring import framework_scores
from madang.assessment.services import framework_copy, framework_create, node_save, nodes_import
from madang.core.imports import ImportFailed

IMETA = """iCode,iName,Level,Parent,Type,Direction,Weight,Unit
Wifi,Free Wi-Fi points,1,Access,Indicator,1,1,per 10000
Cost,Cost of a mobile plan,1,Access,Indicator,-1,1,USD
Class,Digital classes,1,Skills,Indicator,1,2,per 1000
Access,Access,2,Index,Aggregate,1,1,
Skills,Skills,2,Index,Aggregate,1,1,
Index,Our index,3,,Aggregate,1,1,
"""


def test_a_framework_is_created_from_an_imeta_table(world):
    framework = framework_create(by=world["users"]["admin"], slug="our-index", name={"en": "Our index"},
                                 imeta=IMETA.encode(), filename="imeta.csv")  # fmt: skip
    nodes = {n.code: n for n in framework.nodes.select_related("parent")}
    assert set(nodes) == {"Wifi", "Cost", "Class", "Access", "Skills", "Index"}
    assert nodes["Cost"].direction == -1 and nodes["Class"].weight == 2 and nodes["Wifi"].parent.code == "Access"
    assert framework.network == world["network"] and not framework.is_published


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (IMETA.replace("Wifi,Free Wi-Fi points,1,Access", "Wifi,Free Wi-Fi points,1,Nowhere"), "Nowhere"),
        (IMETA.replace("Skills,Indicator,1,2", "Skills,Indicator,1,heavy"), "Class"),
        (IMETA.replace("Index,Our index,3,,Aggregate", "Index,Our index,3,,Magic"), "Indicator, Aggregate"),
    ],
)  # fmt: skip
def test_a_bad_imeta_table_is_refused_with_its_problems(world, table, expected):
    with pytest.raises(ImportFailed) as failed:
        framework_create(by=world["users"]["admin"], slug="bad", name={"en": "Bad"}, imeta=table.encode())
    assert any(expected in e.message for e in failed.value.errors), failed.value.errors


def test_a_refused_table_keeps_the_existing_tree(world):
    framework = framework_create(by=world["users"]["admin"], slug="keep", name={"en": "Keep"}, imeta=IMETA.encode())
    with pytest.raises(ImportFailed):
        nodes_import(framework=framework, data=IMETA.replace(",Access,Indicator", ",Nowhere,Indicator").encode(),
                     filename="imeta.csv", by=world["users"]["admin"])  # fmt: skip
    assert framework.nodes.count() == 6


def test_a_copy_of_the_shipped_index_takes_other_weights_and_scores_change(scored):
    admin = scored["users"]["admin"]
    copy = framework_copy(framework=scored["framework"], by=admin)
    assert copy.network == scored["network"] and copy.nodes.count() == scored["framework"].nodes.count()
    assert copy.nodes.get(code="ACC1").parent.framework == copy
    before = framework_scores(framework=copy).score(2024, "seoul", "DII")
    access = copy.nodes.get(code="ACC")
    node_save(framework=copy, by=admin, node=access, weight=0.6)  # access now counts 60 / 140 of the index
    after = framework_scores(framework=copy).score(2024, "seoul", "DII")
    expected = (0.6 * (226 / 3) + 0.4 * (151 / 3) + 0.4 * (176 / 3)) / 1.4  # Seoul 2024, weights 0.6/0.4/0.4
    assert before != after and after == pytest.approx(expected)
    assert scored["framework"].nodes.get(code="ACC").weight == 0.2  # the shipped framework is unchanged


def test_a_node_cannot_hang_under_an_indicator(world):
    framework = framework_create(by=world["users"]["admin"], slug="t", name={"en": "T"}, imeta=IMETA.encode())
    wifi = framework.nodes.get(code="Wifi")
    with pytest.raises(ValidationError):
        node_save(framework=framework, by=world["users"]["admin"], code="Sub", kind=Node.Kind.INDICATOR, level=1,
                  parent=wifi, name={"en": "Sub"})  # fmt: skip


def test_the_framework_pages_create_edit_and_publish(client, world):
    client.force_login(world["users"]["admin"])
    response = client.post(reverse("assessment:framework-new"), {
        "slug": "page-made", "kind": "index", "unit_kind": "city", "name_en": "Made on a page", "name_ko": "화면에서",
        "spec": '{"normalise": {"method": "minmax"}}',
    })  # fmt: skip
    assert response.status_code == 302
    framework = Framework.objects.get(slug="page-made")
    assert framework.name == {"en": "Made on a page", "ko": "화면에서"}
    assert framework.spec["normalise"]["method"] == "minmax"
    edit = reverse("assessment:framework-edit", args=["page-made"])
    client.post(edit, {"code": "Root", "kind": "aggregate", "level": 2, "direction": 1, "weight": 1, "name_en": "Root"})
    client.post(edit, {"code": "X", "kind": "indicator", "level": 1, "direction": 1, "weight": 1, "name_en": "X",
                       "parent": framework.nodes.get(code="Root").pk})  # fmt: skip
    assert set(framework.nodes.values_list("code", flat=True)) == {"Root", "X"}
    bad = client.post(reverse("assessment:framework-new"), {"slug": "bad-json", "kind": "index", "unit_kind": "city",
                                                            "name_en": "Typed name", "spec": "{not json"})  # fmt: skip
    assert bad.status_code == 400 and "Typed name" in bad.content.decode() and "not valid JSON" in bad.content.decode()
    client.post(reverse("assessment:framework-publish", args=["page-made"]), {"publish": "1"})
    framework.refresh_from_db()
    assert framework.is_published


def test_an_admin_of_two_networks_chooses_whose_framework_it_is(client, world):
    from tests.factories import NetworkAdminFactory, NetworkFactory, UserFactory

    first, second = NetworkFactory(slug="two-a"), NetworkFactory(slug="two-b")
    admin = UserFactory(username="two-nets", role="network_admin", network=first)
    NetworkAdminFactory(user=admin, network=second)
    client.force_login(admin)
    form = client.get(reverse("assessment:framework-new")).context["form"]
    assert {n.pk for n in form.fields["network"].queryset} == {first.pk, second.pk}
    data = {"slug": "for-b", "kind": "index", "unit_kind": "city", "name_en": "For B"}
    assert client.post(reverse("assessment:framework-new"), data).status_code == 400
    assert client.post(reverse("assessment:framework-new"), {**data, "network": second.pk}).status_code == 302
    assert Framework.objects.get(slug="for-b").network == second
    other = NetworkFactory(slug="not-theirs")
    refused = client.post(reverse("assessment:framework-new"), {**data, "slug": "x", "network": other.pk})
    assert refused.status_code == 400
