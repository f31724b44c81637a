"""Figures that can be trusted: scores need enough data, values are checked against their indicator and flagged when
far from their peers', and a target must be an improvement in the indicator's direction."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from madang.assessment.models import ActionPlan, Node, Target, Value
from madang.assessment.quality import outliers, valid_range
from madang.assessment.reports import median_score, place_report, plan_progress
from madang.assessment.scoring import framework_scores
from madang.assessment.services import value_submit, values_import
from madang.assessment.standard import frameworks_ensure
from madang.core.imports import ImportFailed
from tests.assessment_data import CODES, put
from tests.factories import PlaceFactory, UserFactory

HEADER = "place,indicator,year,value,source,source_date\n"


# ---------------------------------------------------------------- 1. scores need enough data
def test_one_validated_value_of_nine_gives_no_score_but_says_how_much_data_there_is(client, scored):
    put(scored["nodes"]["ACC1"], scored["seoul"], 2025, 80)
    scores = framework_scores(framework=scored["framework"])
    assert scores.score(2025, "seoul", "ACC1") == 80  # the indicator itself is scored
    assert scores.score(2025, "seoul", "ACC") is None  # one of ACC's three: below two thirds
    assert scores.score(2025, "seoul", "DII") is None
    assert scores.coverage_of(2025, "seoul", "DII") == (1, 9)
    assert scores.default_year == 2024  # the latest year with enough scored places to rank
    report = place_report(framework=scored["framework"], place=scored["seoul"])
    assert report.latest_year == 2024 and report.index.latest == pytest.approx(58.6667, abs=1e-3)
    assert all(m.n == 4 for m in report.strengths + report.weaknesses)
    page = client.get(reverse("assessment:place", args=["digital-inclusion-index", "seoul"])).content.decode()
    assert "In 2025 the index score" not in page
    assert "In 2024 the index score is 58.7 out of 100: rank 1 of 4." in page
    assert "2025: not enough data (1 of 9 indicators), so no score yet." in page
    assert "The score rests on 9 of 9 indicators, all with validated values." in page
    framework_page = client.get(reverse("assessment:framework", args=["digital-inclusion-index"])).content.decode()
    assert "Scores in 2024" in framework_page and "at least 67% of the parts" in framework_page
    year_2025 = client.get(reverse("assessment:framework", args=["digital-inclusion-index"]), {"year": 2025})
    assert "not enough data (1 of 9 indicators)" in year_2025.content.decode()
    api = client.get("/api/frameworks/digital-inclusion-index/scores", {"year": 2025}).json()
    assert api == [
        {
            "place": "seoul",
            "year": 2025,
            "rank": None,
            "scores": {
                **dict.fromkeys(["DII", "ACC", *CODES[:3], "COM", *CODES[3:6], "USE", *CODES[6:]]),
                "ACC1": 80.0,
            },
            "indicators_with_values": 1,
            "indicators": 9,
            "min_share": pytest.approx(2 / 3),
            "is_example": False,
        }
    ]


def test_two_of_three_indicators_are_enough_for_a_dimension(scored):
    for code in ("ACC1", "ACC2", "COM1", "COM2", "USE1", "USE2"):
        put(scored["nodes"][code], scored["seoul"], 2025, 50)
    scores = framework_scores(framework=scored["framework"])
    assert scores.score(2025, "seoul", "ACC") == 50 and scores.score(2025, "seoul", "DII") == 50
    assert scores.coverage_of(2025, "seoul", "DII") == (6, 9)


def test_the_availability_rule_is_the_frameworks_own(scored):
    framework = scored["framework"]
    framework.spec = {**framework.spec, "aggregate": {"method": "arithmetic", "min_share": None}}  # any one
    framework.save()
    put(scored["nodes"]["ACC1"], scored["seoul"], 2025, 80)
    assert framework_scores(framework=framework).score(2025, "seoul", "DII") == 80


def test_a_place_scored_alone_has_no_rank_strength_or_weakness(client, scored):
    for code in CODES:
        put(scored["nodes"][code], scored["seoul"], 2025, 70)
    report = place_report(framework=scored["framework"], place=scored["seoul"])
    assert report.latest_year == 2025 and report.index.latest == 70
    assert report.index.rank is None and report.strengths == [] and report.weaknesses == []
    assert report.peer_ranks == []
    page = client.get(reverse("assessment:place", args=["digital-inclusion-index", "seoul"])).content.decode()
    assert "rank 1 of 1" not in page and "no other place is scored that year, so there is no rank" in page
    assert framework_scores(framework=scored["framework"]).default_year == 2024


def test_a_peer_median_needs_at_least_two_peers(scored):
    scores = framework_scores(framework=scored["framework"])
    assert median_score(scores, 2024, "USE3", ["busan"]) is None
    assert median_score(scores, 2024, "USE3", ["busan", "seoul"]) == pytest.approx(39)


# ---------------------------------------------------------------- 2. values are checked against their indicator
@pytest.mark.parametrize("bad", [250, -5, 1e9])
def test_a_percentage_outside_0_to_100_is_refused(scored, bad):
    with pytest.raises(ValidationError) as refused:
        value_submit(node=scored["nodes"]["ACC1"], place=scored["seoul"], year=2025, value=bad, source="Survey",
                     source_date=dt.date(2025, 1, 1), by=scored["users"]["editor_a"])  # fmt: skip
    assert "(%)”: it must be from 0 to 100." in refused.value.message_dict["value"][0]
    assert not Value.objects.filter(year=2025).exists()


def test_a_source_dated_in_the_future_is_refused(scored):
    with pytest.raises(ValidationError) as refused:
        value_submit(node=scored["nodes"]["ACC1"], place=scored["seoul"], year=2025, value=50, source="Survey",
                     source_date=dt.date(2999, 1, 1), by=scored["users"]["editor_a"])  # fmt: skip
    assert "in the future" in refused.value.message_dict["source_date"][0]


def test_ranges_come_from_the_unit_unless_the_indicator_has_its_own(db):
    dii_node = Node.objects.get(framework__slug="digital-inclusion-index", code="ACC1")
    assert valid_range(dii_node) == (0, 100)
    asem = {n.code: n for n in Node.objects.filter(framework__slug="asem-connectivity")}
    assert valid_range(asem["Cov4G"]) == (0, 100)  # "Percent"
    assert valid_range(asem["Research"]) == (0, None)  # "Number": a count
    assert valid_range(asem["PubDebt"]) == (0, None)  # a percentage of GDP can exceed 100
    assert valid_range(asem["GDPGrow"]) == (-100, None)  # growth can be negative
    assert valid_range(asem["Goods"]) == (None, None)  # money: no rule
    assert valid_range(Node.objects.get(framework__slug="smart-city-maturity", code="LG1")) == (1, 5)


def test_a_network_sets_an_indicators_own_bounds_and_values_follow_them(client, world):
    from madang.assessment.services import framework_create

    admin = world["users"]["admin"]
    framework = framework_create(by=admin, slug="budgets", name={"en": "Budgets"})
    client.force_login(admin)
    url = reverse("assessment:framework-edit", args=[framework.slug])
    fields = {"code": "SPEND", "kind": "indicator", "level": 1, "direction": 1, "weight": 1, "unit": "KRW bn",
              "name_en": "Digital spending"}  # fmt: skip
    assert client.post(url, {**fields, "min_value": 10, "max_value": 5}).status_code == 400
    assert client.post(url, {**fields, "min_value": 0, "max_value": 500}).status_code == 302
    node = framework.nodes.get(code="SPEND")
    assert valid_range(node) == (0, 500)
    with pytest.raises(ValidationError):
        value_submit(node=node, place=world["seoul"], year=2024, value=501, source="Budget",
                     source_date=dt.date(2024, 1, 1), by=admin)  # fmt: skip
    framework.is_published = True
    framework.save()
    nodes = client.get(f"/api/frameworks/{framework.slug}").json()["nodes"]
    assert nodes[0]["valid_range"] == [0, 500]


def test_the_value_form_shows_the_range_problem_at_the_value(client, scored):
    client.force_login(scored["users"]["editor_a"])
    response = client.post(reverse("assessment:submit", args=["digital-inclusion-index"]), {
        "action": "one", "place": scored["seoul"].pk, "node": scored["nodes"]["ACC1"].pk, "year": 2025,
        "value": "250", "source": "Survey", "source_date": "2025-01-01",
    })  # fmt: skip
    assert response.status_code == 400
    assert "250 is not a valid value for" in response.content.decode()
    assert response.context["form"].errors["value"]
    assert not Value.objects.filter(year=2025).exists()


def test_csv_and_excel_uploads_refuse_out_of_range_values_and_future_dates_by_row(scored):
    text = HEADER + "\n".join([
        "seoul,ACC1,2025,250,Survey,2025-01-01",
        "seoul,ACC2,2025,-5,Survey,2025-01-01",
        "seoul,ACC3,2025,1e9,Survey,2025-01-01",
        "seoul,COM1,2025,50,Survey,2999-01-01",
        "seoul,COM2,2025,50,Survey,2025-01-01",
    ]) + "\n"  # fmt: skip
    with pytest.raises(ImportFailed) as failed:
        values_import(framework=scored["framework"], data=text.encode(), filename="v.csv",
                      by=scored["users"]["editor_a"])  # fmt: skip
    assert {(e.row, e.column) for e in failed.value.errors} == {
        (2, "value"),
        (3, "value"),
        (4, "value"),
        (5, "source_date"),
    }
    book = Workbook()
    for row in (HEADER.strip().split(","), ["seoul", "ACC1", 2025, 250, "Survey", dt.date(2025, 1, 1)]):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(ImportFailed) as failed:
        values_import(framework=scored["framework"], data=data.getvalue(), filename="v.xlsx",
                      by=scored["users"]["editor_a"])  # fmt: skip
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "value")]
    assert not Value.objects.filter(year=2025).exists()


def test_the_range_message_is_translated(scored):
    from django.utils import translation

    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        value_submit(node=scored["nodes"]["ACC1"], place=scored["seoul"], year=2025, value=250, source="Survey",
                     source_date=dt.date(2025, 1, 1), by=scored["users"]["editor_a"])  # fmt: skip
    message = refused.value.message_dict["value"][0]
    assert "250" in message and "not a valid value" not in message


def _five_more_places(scored):
    places = [PlaceFactory(slug=f"peer-{i}", name=f"Peer {i}", parent=scored["kr"]) for i in range(2)]
    for place, value in zip([scored["makati"], scored["busan"], scored["gunsan"], *places], [50, 52, 54, 56, 60],
                            strict=True):  # fmt: skip
        put(scored["nodes"]["ACC1"], place, 2025, value)


def test_a_value_far_outside_its_peers_is_flagged_to_the_validator(client, scored):
    _five_more_places(scored)
    far = put(scored["nodes"]["ACC1"], scored["seoul"], 2025, 99, status=Value.Status.SUBMITTED)
    near = put(scored["nodes"]["ACC2"], scored["seoul"], 2025, 55, status=Value.Status.SUBMITTED)
    flags = outliers([far, near])
    # Peers 50, 52, 54, 56, 60: Q1 52, Q3 56, fences 52 - 12 = 40 and 56 + 12 = 68.
    assert set(flags) == {far.pk} and (flags[far.pk].low, flags[far.pk].high, flags[far.pk].n_peers) == (40, 68, 5)
    client.force_login(scored["users"]["admin"])
    page = client.get(reverse("assessment:review")).content.decode()
    assert "Unusual: outside 40 to 68, the range expected from 5 other places" in page
    assert page.count("Unusual:") == 1


def test_with_fewer_than_five_peers_nothing_is_flagged(scored):
    far = put(scored["nodes"]["ACC1"], scored["seoul"], 2025, 99, status=Value.Status.SUBMITTED)
    put(scored["nodes"]["ACC1"], scored["busan"], 2025, 50)
    assert outliers([far]) == {}


# ---------------------------------------------------------------- 3. targets make sense
@pytest.fixture
def plan(scored):
    return ActionPlan.objects.create(organisation=scored["city_a"], city=scored["seoul"], framework=scored["framework"],
                                     title="Plan", vision="x", start_year=2023, end_year=2027)  # fmt: skip


def _add_target(client, plan, node, baseline, target):
    return client.post(reverse("assessment:plan-add", args=[plan.pk, "target"]), {
        "target-node": node.pk, "target-baseline_year": 2023, "target-baseline": baseline,
        "target-target_year": 2027, "target-target": target,
    })  # fmt: skip


def test_a_target_outside_the_range_or_not_an_improvement_is_refused(client, scored, plan):
    client.force_login(scored["users"]["editor_a"])
    node = scored["nodes"]["USE3"]
    negative = _add_target(client, plan, node, 40, -20)
    assert negative.status_code == 400 and "-20 is not a valid value for" in negative.content.decode()
    backwards = _add_target(client, plan, node, 63, 30)
    assert backwards.status_code == 400
    assert "so the target must be above the baseline (63)" in backwards.content.decode()
    assert not Target.objects.exists()
    assert _add_target(client, plan, node, 40, 60).status_code == 302


def test_progress_follows_the_indicators_direction(client, scored, plan):
    node = scored["nodes"]["USE3"]
    node.direction = -1  # as if fewer were better: Seoul went from 40 (2023) to 42 (2024)
    node.save()
    fall = Target.objects.create(plan=plan, node=node, baseline_year=2023, baseline=40, target_year=2027, target=20)
    (progress,) = plan_progress(plan=plan)
    assert progress.share == pytest.approx(-0.1) and progress.on_track is False  # two points the wrong way
    fall.target = 60  # a rise is no improvement when lower is better: no progress to show, but a problem
    fall.save()
    (progress,) = plan_progress(plan=plan)
    assert progress.wrong_way and progress.share is None and progress.on_track is None
    client.force_login(scored["users"]["editor_a"])
    page = client.get(reverse("assessment:plan", args=[plan.pk])).content.decode()
    assert "the target is not below the baseline: correct the target" in page and "on track" not in page


# ---------------------------------------------------------------- 8. the network view shows the chosen network
def test_the_network_view_shows_the_network_a_superuser_chooses(client, scored):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    other = scored["users"]["other_admin"].network
    page = client.get(reverse("assessment:network"), {"network": other.slug}).content.decode()
    assert f"Where support goes in {other.name}" in page and "Where support goes in Wego" not in page
    assert client.get(reverse("assessment:network"), {"network": "nowhere"}).status_code == 404


def test_a_network_admin_sees_the_overview_of_their_own_network_only(client, scored):
    client.force_login(scored["users"]["admin"])  # an admin of "wego"
    own = client.get(reverse("assessment:network")).content.decode()
    assert "Where support goes in Wego" in own
    assert client.get(reverse("assessment:network"), {"network": "wego"}).status_code == 200
    other = scored["users"]["other_admin"].network
    assert client.get(reverse("assessment:network"), {"network": other.slug}).status_code == 404


# ---------------------------------------------------------------- 20. the benchmark preselects peers
def _checked(page):
    import re

    return set(re.findall(r'name="places" value="([^"]+)" checked', page))


def test_compare_from_a_place_preselects_its_peers(client, scored):
    page = client.get(reverse("assessment:place", args=["digital-inclusion-index", "gunsan"])).content.decode()
    assert "benchmark/?peers_of=gunsan" in page
    response = client.get(reverse("assessment:benchmark", args=["digital-inclusion-index"]), {"peers_of": "gunsan"})
    page = response.content.decode()
    # Gunsan's peers: Seoul and Busan share its sub-region (Eastern Asia); Makati does not and has no population.
    assert _checked(page) == {"gunsan", "seoul", "busan"}
    assert [c.place.slug for c in response.context["bench"].columns] == ["gunsan", "busan", "seoul"]
    assert "is compared with its peers" in page


def test_choosing_more_places_than_fit_says_which_are_left_out_and_keeps_them_ticked(client, scored):
    extra = [PlaceFactory(slug=f"town-{i}", name=f"Town {i}", parent=scored["kr"]) for i in range(6)]
    for place in extra:
        for code in CODES:
            put(scored["nodes"][code], place, 2024, 50)
    chosen = ["busan", "gunsan", "makati", "seoul", *[p.slug for p in extra]]
    response = client.get(reverse("assessment:benchmark", args=["digital-inclusion-index"]), {"places": chosen})
    page = response.content.decode()
    assert len(response.context["bench"].columns) == 8
    assert "You chose 10 places, but at most 8 fit side by side, so these are not shown:" in page
    assert "Town 4, Town 5." in page
    assert _checked(page) == set(chosen)  # the reader unticks the ones to drop


# ---------------------------------------------------------------- 4. demo figures are labelled example data
def test_demo_figures_for_real_cities_are_labelled_example_data_everywhere(client, db):
    from django.core.management import call_command

    from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

    frameworks_ensure_models()
    kr = PlaceFactory(kind="country", code="KR", slug="kr", name="Republic of Korea", parent=None)
    seoul = PlaceFactory(slug="seoul", name="Seoul", parent=kr, population=9_400_000)
    busan = PlaceFactory(slug="busan", name="Busan", parent=kr, population=3_300_000)
    org = OrganisationFactory(slug="seoul-metropolitan-government", city=seoul)
    network = NetworkFactory(slug="wego")
    MembershipFactory(organisation=org, network=network)
    MembershipFactory(organisation=OrganisationFactory(slug="busan-city", city=busan), network=network)
    call_command("load_assessment_demo")
    assert Value.objects.filter(place=seoul).exists()
    assert not Value.objects.filter(place=seoul, is_example=False).exists()
    assert not Value.objects.filter(node__framework__slug="asem-connectivity", is_example=True).exists()

    dii = "digital-inclusion-index"
    for url in (reverse("assessment:framework", args=[dii]), reverse("assessment:place", args=[dii, "seoul"]),
                reverse("assessment:benchmark", args=[dii]), reverse("assessment:gaps", args=[dii, "seoul"]),
                reverse("assessment:plan", args=[ActionPlan.objects.get().pk])):  # fmt: skip
        assert "Example data" in client.get(url).content.decode(), url
    asem = client.get(reverse("assessment:framework", args=["asem-connectivity"])).content.decode()
    assert "Example data" not in asem  # COINr's real values are not examples
    scores = client.get(f"/api/frameworks/{dii}/scores").json()
    assert scores and all(s["is_example"] for s in scores)
    values = client.get(f"/api/frameworks/{dii}/values", {"place": "seoul"}).json()
    assert values["items"] and all(v["is_example"] for v in values["items"])
    real = client.get("/api/frameworks/asem-connectivity/scores").json()
    assert real and not any(s["is_example"] for s in real)
    # The demo plan's targets are improvements on their baselines, so its progress means something.
    for target in Target.objects.all():
        assert target.target > target.baseline and 0 <= target.target <= 100
    from tests.factories import UserFactory

    admin = UserFactory(username="na", role="network_admin", network=network)
    client.force_login(admin)
    overview = client.get(reverse("assessment:network")).content.decode()
    assert "Example data" in overview


def frameworks_ensure_models():
    from madang.assessment.models import Framework

    frameworks_ensure(Framework, Node)
