"""Scores from validated values through engines.composite, the place report, peers and the shipped frameworks."""

import csv
import json

import pytest
from django.core.management import call_command

from madang.assessment.models import Framework, Value
from madang.assessment.reports import benchmark, place_report
from madang.assessment.scoring import framework_scores
from madang.assessment.standard import ASEM_DIR
from tests.assessment_data import put


def test_shipped_frameworks_have_their_trees_and_default_weights(db):
    dii = Framework.objects.get(slug="digital-inclusion-index")
    weights = {n.code: n.weight for n in dii.nodes.filter(parent__code="DII")}
    assert weights == {"ACC": 0.2, "COM": 0.4, "USE": 0.4}  # Korea's digital-divide index
    maturity = Framework.objects.get(slug="smart-city-maturity")
    assert maturity.nodes.filter(parent__code="MAT").count() == 5  # WeGO's five dimensions
    assert maturity.nodes.filter(kind="indicator").count() == 15
    assert all(set(n.name) == {"en", "ko", "ja", "zh-hans"} for n in maturity.nodes.all())
    assert Framework.objects.get(slug="asem-connectivity").nodes.filter(kind="indicator").count() == 49


def test_index_is_the_weighted_mean_of_goalpost_scores(scored):
    # Goalposts 0-100% keep each value as its score; pillars average their indicators; the index weighs the
    # pillars 20/40/40. Seoul 2023: ACC (90+60+70)/3, COM (70+55+20)/3, USE (80+50+40)/3 -> 56.667.
    scores = framework_scores(framework=scored["framework"])
    assert scores.years == [2023, 2024]
    assert scores.score(2023, "seoul", "ACC") == pytest.approx(220 / 3)
    assert scores.score(2023, "seoul", "DII") == pytest.approx(0.2 * 220 / 3 + 0.4 * 145 / 3 + 0.4 * 170 / 3)
    assert scores.score(2024, "makati", "DII") == pytest.approx(39.3333 + 5, abs=1e-3)
    assert [scores.rank(2024, s, "DII") for s in ("seoul", "busan", "makati", "gunsan")] == [1, 2, 3, 4]


def test_only_validated_values_count(scored):
    before = framework_scores(framework=scored["framework"]).score(2024, "gunsan", "DII")
    value = Value.objects.get(node=scored["nodes"]["USE3"], place=scored["gunsan"], year=2024)
    value.value, value.status = 100, Value.Status.SUBMITTED
    value.save()
    after = framework_scores(framework=scored["framework"])
    assert after.score(2024, "gunsan", "USE3") is None  # the submitted value is not used
    assert after.score(2024, "gunsan", "DII") != before
    value.status = Value.Status.VALIDATED
    value.save()
    assert framework_scores(framework=scored["framework"]).score(2024, "gunsan", "USE3") == 100


def test_place_report_ranks_among_all_and_among_peers(scored):
    report = place_report(framework=scored["framework"], place=scored["seoul"])
    assert report.years == [2023, 2024] and report.latest_year == 2024
    assert report.index is not None and report.index.node.code == "DII"
    assert report.index.scores == pytest.approx([56.6667, 58.6667], abs=1e-3)
    assert (report.index.rank, report.index.n_units) == (1, 4)
    # Eastern Asia: Seoul, Busan, Gunsan (Makati is in South-eastern Asia); no other city of Seoul's size.
    assert [(p.rank, p.n) for p in report.peer_ranks] == [(1, 3)]
    assert "Eastern Asia" in report.peer_ranks[0].label
    # Seoul is first or tied first nearly everywhere; Busan leads on COM3 (25 vs 22), where Seoul is second.
    assert {m.node.code for m in report.strengths} <= {"ACC1", "ACC2", "ACC3", "COM1", "COM2", "USE1", "USE2", "USE3"}
    assert len(report.strengths) == 3
    gunsan = place_report(framework=scored["framework"], place=scored["gunsan"])
    assert gunsan.strengths == []  # last everywhere: no strength to name
    assert len(gunsan.weaknesses) == 3 and all(m.rank == 4 for m in gunsan.weaknesses)


def test_benchmark_puts_places_side_by_side_with_rank_intervals(scored):
    result = benchmark(framework=scored["framework"], slugs=["makati", "seoul", "nowhere"], year=2024,
                       n_replications=64)  # fmt: skip
    assert [c.place.slug for c in result.columns] == ["makati", "seoul"]
    index_row = result.rows[0]
    assert index_row[0].code == "DII" and index_row[2] == pytest.approx([44.3333, 58.6667], abs=1e-3)
    for column in result.columns:
        median, low, high = column.interval
        assert 1 <= low <= median <= high <= 4
    assert result.columns[1].interval[2] <= 2  # Seoul leads by 4.7 points: weights +-25% never drop it below 2nd


def test_product_reproduces_coinr_asem_index_from_the_demo_values(db):
    """The shipped ASEM framework, fed the real values by the demo loader, gives COINr's published index."""
    call_command("load_assessment_demo")
    scores = framework_scores(framework=Framework.objects.get(slug="asem-connectivity"))
    assert scores.problems == []
    with (ASEM_DIR / "asem" / "COINr_ASEM_COIN_v06_Aggregated.csv").open(encoding="utf-8") as f:
        golden = {r["UnitCode"]: r for r in csv.DictReader(f)}
    with (ASEM_DIR / "asem" / "COINr_ASEM_COIN_v06_ResultsScore.csv").open(encoding="utf-8") as f:
        ranks = {r["UnitCode"]: int(float(r["Rank"])) for r in csv.DictReader(f)}
    slug = {"CHE": "ch", "NLD": "nl", "KOR": "kr", "MMR": "mm"}
    for code, place in slug.items():
        for level in ("Index", "Conn", "Sust", "Physical", "Social"):
            assert scores.score(2018, place, level) == pytest.approx(float(golden[code][level]), abs=1e-6)
        assert scores.rank(2018, place, "Index") == ranks[code]


def test_spec_of_the_asem_framework_is_the_engine_example(db):
    spec = json.loads((ASEM_DIR / "asem_coinr_v06.json").read_text())
    assert Framework.objects.get(slug="asem-connectivity").spec == spec


def test_a_framework_without_values_scores_nothing(scored):
    put(scored["nodes"]["ACC1"], scored["seoul"], 2020, 50, status=Value.Status.SUBMITTED)
    empty = framework_scores(framework=Framework.objects.get(slug="smart-city-maturity"))
    assert empty.years == [] and empty.scores is None and empty.problems == []
