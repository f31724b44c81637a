"""The planner solves a small hand-checked case through the page, saves it, and shows it again unchanged.

Hand check (see factories): with one demand point at each area's centre and a 600 m reach, the middle school
(S2, on the A2/A3 border, 442 m from both centres) reaches A2 and A3 (500 + 300 = 800 residents 65+); the west and
east schools reach only their own area (100 and 250). So p=1 picks S2: 800 of 1,150 (69.6%); p=2 adds S3: 1,050
(91.3%), leaving A1's 100 unreached. 2 guides x 5 days x 2 shifts = 20 visits, shared 800:250 by Sainte-Laguë:
15.2 and 4.8 -> 15 and 5.
"""

import re

import pytest
from django.urls import reverse

from madang.core.models import Computation
from madang.inclusion.models import DeploymentPlan
from madang.inclusion.planner import PlanInputs, plan_solve
from madang.inclusion.services import indicator_create, statistics_import

pytestmark = pytest.mark.django_db

INPUTS = {"candidates": "school", "p": "2", "radius": "600", "detour": "1.0", "demand": "pop_65plus", "weight": "",
          "points": "centroid", "n_guides": "2", "days": "5", "shifts_per_day": "2"}  # fmt: skip


def _inputs(**changes):
    values = {**INPUTS, **changes}
    return PlanInputs(candidates=values["candidates"], p=int(values["p"]), radius=float(values["radius"]),
                      detour=float(values["detour"]), demand=values["demand"], weight=values["weight"],
                      n_guides=int(values["n_guides"]), days=int(values["days"]),
                      shifts_per_day=int(values["shifts_per_day"]), points=values["points"])  # fmt: skip


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_planner_page_solves_the_hand_checked_case(client, iw):
    client.force_login(iw["users"]["editor_a"])
    response = client.get(reverse("inclusion:planner", args=["seoul"]), INPUTS)
    assert response.status_code == 200
    page = response.content.decode()
    text = _text(page)
    assert "The 2 sites reach 1,050 of 1,150 (91.3%)" in text
    assert "Proven optimal: solved exactly" in text
    sites = page.split('id="sites-caption"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td class=\"num\">(\d)</td><th scope=\"row\">([^<]+?) <span", sites)
    assert rows == [("1", "Middle school"), ("2", "East school")]
    assert re.findall(r'<td class="num">([\d,]+)</td><td class="num">(\d+)</td></tr>', sites) == [
        ("800", "15"),
        ("250", "5"),
    ]
    uncovered = _text(page.split('id="uncovered-h"')[1].split("</section>")[0])
    assert "Alpha West 100 0% 100" in uncovered and "Bravo" not in uncovered
    rota = page.split('id="rota-caption"')[1].split("</table>")[0]
    assert rota.count("<tr>") == 1 + 10 and _text(rota).count("Middle school") == 15
    svg = re.search(r'<svg [^>]*class="choropleth".*?</svg>', page, re.S).group(0)
    assert svg.count('<g class="site">') == 2 and svg.count('class="reach"') == 2
    assert not DeploymentPlan.objects.exists()  # solving alone saves nothing


def test_one_site_reaches_the_two_middle_areas(iw):
    result = plan_solve(city=iw["city"], inputs=_inputs(p="1"))
    assert [s["code"] for s in result["sites"]] == ["S2"]
    assert result["covered"] == 800 and result["total"] == 1150 and result["optimal"] and result["method"] == "exact"
    assert sum(s["visits"] for s in result["sites"]) == 20


def test_population_points_inside_a_large_reach_cover_everyone(iw):
    result = plan_solve(city=iw["city"], inputs=_inputs(p="1", radius="9000", points="grid"))
    assert result["share"] == pytest.approx(1.0) and result["n_points"] > 4  # several grid points per area
    assert sum(a["total"] for a in result["areas"]) == pytest.approx(1150)


def test_a_digital_divide_score_shifts_the_choice(iw):
    indicator_create(city=iw["city"], by=None, code="divide_index", name="Divide index", unit="score")
    statistics_import(city=iw["city"], by=None, year=2024,
                      data=b"area_code,divide_index\nA1,2\nA2,1\nA3,1\nA4,0\n")  # mean 1: A1 counts double  # fmt: skip
    result = plan_solve(city=iw["city"], inputs=_inputs(weight="divide_index"))
    assert [s["code"] for s in result["sites"]] == ["S2", "S1"]  # by demand reached; A4 weighs nothing now
    assert result["covered"] == pytest.approx(1000) and result["share"] == pytest.approx(1.0)


def test_saving_keeps_inputs_and_result_and_the_plan_page_shows_them(client, iw):
    client.force_login(iw["users"]["editor_a"])
    response = client.post(reverse("inclusion:planner", args=["seoul"]), {**INPUTS, "title": "Two schools"})
    plan = DeploymentPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inclusion:plan", args=["seoul", plan.pk])
    assert plan.inputs["radius"] == 600 and plan.result["covered"] == 1050 and plan.created_by.username == "editor_a"
    page = _text(client.get(response["Location"]).content.decode())
    assert "Two schools" in page and "The 2 sites reach 1,050 of 1,150 (91.3%)" in page
    listing = _text(client.get(reverse("inclusion:plans", args=["seoul"])).content.decode())
    assert "Two schools" in listing and "91.3%" in listing


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("citizen", 404), ("provider", 404), ("editor_a", 200), ("editor_b", 404), ("admin", 200),
    ("other_admin", 404), ("guide", 404),
])  # fmt: skip
def test_a_saved_plan_is_visible_to_the_citys_staff_and_network_admin_only(client, iw, who, status):
    plan = DeploymentPlan.objects.create(city=iw["city"], title="Private plan", inputs=_inputs().as_dict(),
                                         result=plan_solve(city=iw["city"], inputs=_inputs()))  # fmt: skip
    if who != "anonymous":
        client.force_login(iw["guide_user"] if who == "guide" else iw["users"][who])
    assert client.get(reverse("inclusion:plan", args=["seoul", plan.pk])).status_code == status


def test_bad_planner_inputs_are_shown_again_with_the_reason(client, iw):
    client.force_login(iw["users"]["editor_a"])
    response = client.get(reverse("inclusion:planner", args=["seoul"]), {**INPUTS, "p": "7", "detour": "0.5"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There are only 3 candidate sites of this kind." in page and 'value="7"' in page
    assert "greater than or equal to 1" in page
    saved = client.post(reverse("inclusion:planner", args=["seoul"]), INPUTS)  # no title
    assert saved.status_code == 400 and not DeploymentPlan.objects.exists()


def test_guides_get_their_rota_sites_and_the_field_log_offers_them_first(client, iw):
    client.force_login(iw["users"]["editor_a"])
    client.post(reverse("inclusion:planner", args=["seoul"]), {**INPUTS, "title": "Two schools"})
    plan = DeploymentPlan.objects.get()
    guide = iw["guide"]
    column = plan.result["rota"][0]
    expected = {plan.result["sites"][pos]["code"] for day in column for pos in day if pos >= 0}
    url = reverse("inclusion:plan", args=["seoul", plan.pk])
    assert 'name="guide_1"' in client.get(url).content.decode()
    other_city = client.post(url, {"guide_1": str(iw["other_guide"].pk)})
    assert other_city.status_code == 400 and not iw["other_guide"].sites.exists()
    response = client.post(url, {"guide_1": str(guide.pk), "guide_2": ""})
    assert response.status_code == 302
    assert {s.code for s in guide.sites.all()} == expected
    client.force_login(iw["guide_user"])
    draft = client.post(reverse("inclusion:log-start"), {"guide": guide.pk})
    step = client.get(draft["Location"]).content.decode()
    assert all(iw["facilities"][code].name in step for code in expected)
    client.force_login(iw["users"]["admin"])  # the network admin may read the plan, not assign
    assert client.post(url, {"guide_1": str(guide.pk)}).status_code == 403


def test_a_large_solve_goes_to_the_worker_and_the_page_links_to_its_result(
    client, iw, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_PLANNER_INLINE_CANDIDATES = 2  # three schools: "large"
    client.force_login(iw["users"]["editor_a"])
    url = reverse("inclusion:planner", args=["seoul"])
    with django_capture_on_commit_callbacks() as jobs:
        response = client.get(url, INPUTS)
    assert response.status_code == 202 and len(jobs) == 1  # nothing solved in the request
    page = response.content.decode()
    assert "The plan is being solved" in page and "reach 1,050" not in page
    link = re.search(r'<a href="([^"]+prepared=[^"]+)">Show the plan</a>', page).group(1).replace("&amp;", "&")
    assert _text(client.get(link).content.decode()).count("The plan is being solved") == 1  # still waiting
    jobs[0]()  # the worker runs the job
    assert Computation.objects.get().status == "done"
    shown = client.get(link)
    assert shown.status_code == 200 and "The 2 sites reach 1,050 of 1,150 (91.3%)" in _text(shown.content.decode())
    assert 'name="prepared"' in shown.content.decode()
    # Saving uses the solve that was shown instead of solving again.
    prepared = re.search(r'name="prepared" value="([^"]+)"', shown.content.decode()).group(1)
    with django_capture_on_commit_callbacks() as more:
        saved = client.post(url, {**INPUTS, "title": "Two schools", "prepared": prepared})
    assert saved.status_code == 302 and not more and DeploymentPlan.objects.get().result["covered"] == 1050


def test_a_saved_large_solve_waits_for_the_worker_and_keeps_the_title(
    client, iw, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_PLANNER_INLINE_CANDIDATES = 2
    client.force_login(iw["users"]["editor_a"])
    url = reverse("inclusion:planner", args=["seoul"])
    with django_capture_on_commit_callbacks() as jobs:
        response = client.post(url, {**INPUTS, "title": "Two schools"})
    page = response.content.decode()
    assert response.status_code == 202 and not DeploymentPlan.objects.exists()
    assert 'value="Two schools"' in page and "Save the plan once it is solved" in page
    prepared = re.search(r'name="prepared" value="([^"]+)"', page).group(1)
    jobs[0]()
    saved = client.post(url, {**INPUTS, "title": "Two schools", "prepared": prepared})
    assert saved.status_code == 302 and DeploymentPlan.objects.get().title == "Two schools"


def test_a_worker_solve_that_finds_bad_inputs_shows_them_on_the_form(
    client, iw, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_PLANNER_INLINE_CANDIDATES = 0
    indicator_create(city=iw["city"], by=None, code="divide_index", name="Divide index", unit="score")
    statistics_import(city=iw["city"], by=None, year=2024,
                      data=b"area_code,divide_index\nA1,0\nA2,0\nA3,0\nA4,0\n")  # fmt: skip
    client.force_login(iw["users"]["editor_a"])
    url = reverse("inclusion:planner", args=["seoul"])
    asked = {**INPUTS, "weight": "divide_index"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url, asked).status_code == 202
    response = client.get(url, {**asked, "prepared": str(Computation.objects.get().pk)})
    assert response.status_code == 400
    assert "The weighting indicator has no positive values in this city." in response.content.decode()
    assert Computation.objects.get().status == "done"  # the person's mistake, not a failed job


def test_a_prepared_link_for_other_inputs_is_not_served(client, iw, settings, django_capture_on_commit_callbacks):
    settings.MADANG_PLANNER_INLINE_CANDIDATES = 2
    client.force_login(iw["users"]["editor_a"])
    url = reverse("inclusion:planner", args=["seoul"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url, INPUTS)
    first = Computation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        other = client.get(url, {**INPUTS, "p": "1", "prepared": str(first.pk)})
    assert Computation.objects.count() == 2  # a new solve for p=1, not the p=2 result under a p=1 heading
    assert other.status_code == 202 and "1,050" not in _text(other.content.decode())
