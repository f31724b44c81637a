"""Action plans: the city's own, with focus areas, targets measured against validated values, priority projects."""

import pytest
from django.urls import reverse

from madang.assessment.models import ActionPlan, Target
from madang.assessment.reports import plan_progress
from madang.matching.models import Need


@pytest.fixture
def plan(scored):
    return ActionPlan.objects.create(organisation=scored["city_a"], city=scored["seoul"], framework=scored["framework"],
                                     title="Seoul digital inclusion plan", vision="Nobody left behind.",
                                     start_year=2023, end_year=2027)  # fmt: skip


def test_progress_is_measured_from_the_latest_validated_value(scored, plan):
    # Seoul's USE3 was 40 in 2023 and 42 in 2024; the target is 60 in 2027: 2 of 20 points = 10% of the way,
    # while a straight path would be at 25% after one of four years -> behind.
    Target.objects.create(plan=plan, node=scored["nodes"]["USE3"], baseline_year=2023, baseline=40, target_year=2027,
                          target=60)  # fmt: skip
    Target.objects.create(plan=plan, node=scored["nodes"]["ACC1"], baseline_year=2023, baseline=90, target_year=2024,
                          target=91)  # fmt: skip
    by_code = {p.target.node.code: p for p in plan_progress(plan=plan)}
    use3, acc1 = by_code["USE3"], by_code["ACC1"]
    assert (use3.latest, use3.latest_year) == (42, 2024)
    assert use3.share == pytest.approx(0.1) and use3.on_track is False
    assert acc1.share == pytest.approx(2.0) and acc1.on_track is True  # 92 against a target of 91: passed


def test_the_city_builds_its_plan_on_its_pages(client, scored, plan):
    need = Need.objects.create(organisation=scored["city_a"], city=scored["seoul"], language="en", title="Kiosk help",
                               description="x", domain="open_inclusive", evaluation_criteria="x")  # fmt: skip
    client.force_login(scored["users"]["editor_a"])
    add = lambda part, data: client.post(reverse("assessment:plan-add", args=[plan.pk, part]), data)  # noqa: E731
    assert add("focus", {"focus-title": "Seniors and kiosks", "focus-domain": "open_inclusive"}).status_code == 302
    area = plan.focus_areas.get()
    bad = add("target", {"target-node": scored["nodes"]["USE3"].pk, "target-baseline_year": 2024,
                         "target-baseline": 42, "target-target_year": 2023, "target-target": 60})  # fmt: skip
    assert bad.status_code == 400 and "comes after the baseline year" in bad.content.decode()
    assert add("target", {"target-focus_area": area.pk, "target-node": scored["nodes"]["USE3"].pk,
                          "target-baseline_year": 2024, "target-baseline": 42, "target-target_year": 2027,
                          "target-target": 60}).status_code == 302  # fmt: skip
    assert add("project", {"project-focus_area": area.pk, "project-title": "Digital guides at kiosks",
                           "project-needs": [need.pk]}).status_code == 302  # fmt: skip
    page = client.get(reverse("assessment:plan", args=[plan.pk])).content.decode()
    assert "Seniors and kiosks" in page and "Digital guides at kiosks" in page and "Kiosk help" in page


@pytest.mark.parametrize(("who", "draft", "published"), [
    ("anonymous", 404, 200), ("citizen", 404, 200), ("editor_a", 200, 200), ("editor_b", 404, 200),
    ("admin", 200, 200), ("other_admin", 404, 200),
])  # fmt: skip
def test_a_draft_plan_is_seen_by_its_city_and_its_network_admins(client, scored, plan, who, draft, published):
    if who != "anonymous":
        client.force_login(scored["users"][who])
    url = reverse("assessment:plan", args=[plan.pk])
    assert client.get(url).status_code == draft
    plan.status = ActionPlan.Status.PUBLISHED
    plan.save()
    assert client.get(url).status_code == published


@pytest.mark.parametrize(("who", "status"), [("editor_a", 200), ("editor_b", 404), ("admin", 403)])
def test_only_the_citys_editors_change_its_plan(client, scored, plan, who, status):
    client.force_login(scored["users"][who])
    assert client.get(reverse("assessment:plan-edit", args=[plan.pk])).status_code == status
