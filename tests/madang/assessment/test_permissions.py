"""Who may do what in assessment, as a role x action matrix: pages, then the services behind them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from madang.assessment.models import Framework, Value
from madang.assessment.services import framework_create, value_submit, values_review

ROLES = ["anonymous", "citizen", "provider", "editor_a", "editor_b", "admin", "other_admin"]


def _as(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    return client


# Expected status per role: anonymous, citizen, provider, editor_a (Seoul), editor_b (Makati), admin of the network
# both cities are in, admin of another network. Published frameworks and scores are public.
MATRIX = {
    "home":           ("assessment:home", [], (200, 200, 200, 200, 200, 200, 200)),
    "framework":      ("assessment:framework", ["digital-inclusion-index"], (200, 200, 200, 200, 200, 200, 200)),
    "place":          ("assessment:place", ["digital-inclusion-index", "seoul"], (200,) * 7),
    "benchmark":      ("assessment:benchmark", ["digital-inclusion-index"], (200,) * 7),
    "submit":         ("assessment:submit", ["digital-inclusion-index"], (302, 403, 403, 200, 200, 200, 403)),
    "self-assess":    ("assessment:self-assess", ["smart-city-maturity"], (302, 403, 403, 200, 200, 200, 403)),
    "review":         ("assessment:review", [], (302, 403, 403, 403, 403, 200, 200)),
    "network":        ("assessment:network", [], (302, 403, 403, 403, 403, 200, 200)),
    "framework-new":  ("assessment:framework-new", [], (302, 403, 403, 403, 403, 200, 200)),
    "edit-shipped":   ("assessment:framework-edit", ["digital-inclusion-index"], (302, 403, 403, 403, 403, 403, 403)),
    "plan-new":       ("assessment:plan-new", [], (302, 403, 403, 200, 200, 403, 403)),
}  # fmt: skip


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", ROLES)
def test_role_action_matrix(client, world, who, action):
    name, args, expected = MATRIX[action]
    response = _as(client, world, who).get(reverse(name, args=args))
    assert response.status_code == expected[ROLES.index(who)]


@pytest.mark.parametrize("who", ROLES)
def test_a_networks_own_framework_is_edited_by_its_admins_only(client, world, who):
    framework_create(by=world["users"]["admin"], slug="wego-own", name={"en": "Our index"})
    response = _as(client, world, who).get(reverse("assessment:framework-edit", args=["wego-own"]))
    # Unpublished: other people do not even see it (404); the owning network's admin edits it.
    expected = {"anonymous": 302, "admin": 200}.get(who, 404)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("citizen", False), ("provider", False), ("editor_a", True), ("editor_b", False), ("admin", True),
     ("other_admin", False)],
)  # fmt: skip
def test_a_city_editor_submits_only_its_own_citys_values(world, who, allowed):
    node = Framework.objects.get(slug="digital-inclusion-index").nodes.get(code="ACC1")
    submit = dict(node=node, place=world["seoul"], year=2024, value=81.0, source="Household survey 2024",
                  source_date=dt.date(2024, 11, 1), by=world["users"][who])  # fmt: skip
    if allowed:
        assert value_submit(**submit).status == Value.Status.SUBMITTED
    else:
        with pytest.raises(PermissionDenied):
            value_submit(**submit)


@pytest.mark.parametrize(("who", "allowed"), [("editor_a", False), ("editor_b", False), ("provider", False),
                                              ("admin", True), ("other_admin", False)])  # fmt: skip
def test_only_network_admins_validate(world, who, allowed):
    node = Framework.objects.get(slug="digital-inclusion-index").nodes.get(code="ACC1")
    value = value_submit(node=node, place=world["seoul"], year=2024, value=81.0, source="Survey",
                         source_date=dt.date(2024, 11, 1), by=world["users"]["editor_a"])  # fmt: skip
    if allowed:
        assert values_review(values=[value], by=world["users"][who], accept=True) == 1
        value.refresh_from_db()
        assert value.status == Value.Status.VALIDATED and value.reviewed_by == world["users"][who]
    else:
        with pytest.raises(PermissionDenied):
            values_review(values=[value], by=world["users"][who], accept=True)


def test_pending_values_are_seen_by_their_city_and_validators_only(client, world):
    node = Framework.objects.get(slug="digital-inclusion-index").nodes.get(code="ACC1")
    value_submit(node=node, place=world["seoul"], year=2024, value=81.5, source="Secret draft survey",
                 source_date=dt.date(2024, 11, 1), by=world["users"]["editor_a"])  # fmt: skip
    url = reverse("assessment:place", args=["digital-inclusion-index", "seoul"])
    for who, sees in (("anonymous", False), ("editor_b", False), ("editor_a", True), ("admin", True)):
        client.logout()
        page = _as(client, world, who).get(url).content.decode()
        assert ("Secret draft survey" in page) is sees, who
