"""The maturity self-assessment: levels 1-5 per question with evidence, scored on goalposts 1-5 -> 0-100."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from madang.assessment.models import Framework, Node, Value
from madang.assessment.scoring import framework_scores
from madang.assessment.services import self_assessment_submit, values_review


@pytest.fixture
def maturity(db):
    framework = Framework.objects.get(slug="smart-city-maturity")
    return framework, list(framework.nodes.filter(kind=Node.Kind.INDICATOR).order_by("order"))


def test_answers_are_scored_on_the_levels_once_validated(world, maturity):
    framework, questions = maturity
    answers = {q: (5 if q.parent.code == "LG" else 1, "https://example.org/plan.pdf") for q in questions}
    assert self_assessment_submit(framework=framework, place=world["seoul"], year=2025, answers=answers,
                                  by=world["users"]["editor_a"]) == 15  # fmt: skip
    assert framework_scores(framework=framework).years == []  # nothing counts before validation
    values_review(values=Value.objects.filter(place=world["seoul"]), by=world["users"]["admin"], accept=True)
    scores = framework_scores(framework=framework)
    # Level 5 -> 100 and level 1 -> 0 on the 1-5 goalposts; one dimension of five at 100 -> index 20.
    assert scores.score(2025, "seoul", "LG") == 100 and scores.score(2025, "seoul", "SE") == 0
    assert scores.score(2025, "seoul", "MAT") == pytest.approx(20)


def test_a_level_outside_1_to_5_is_refused(world, maturity):
    framework, questions = maturity
    with pytest.raises(ValidationError):
        self_assessment_submit(framework=framework, place=world["seoul"], year=2025, answers={questions[0]: (7, "")},
                               by=world["users"]["editor_a"])  # fmt: skip


def test_the_questionnaire_page_keeps_answers_when_one_is_missing(client, world, maturity):
    framework, questions = maturity
    client.force_login(world["users"]["editor_a"])
    url = reverse("assessment:self-assess", args=[framework.slug])
    page = client.get(url).content.decode()
    assert "Not started" in page and "Optimised" in page and "<legend" in page  # every level is described
    data = {"place": world["seoul"].pk, "year": 2025}
    for q in questions[1:]:
        data[f"level_{q.code}"] = 3
        data[f"evidence_{q.code}"] = f"evidence for {q.code}"
    response = client.post(url, data)
    assert response.status_code == 400 and "evidence for SM3" in response.content.decode()
    assert Value.objects.count() == 0
    data[f"level_{questions[0].code}"] = 4
    assert client.post(url, data).status_code == 302
    assert Value.objects.filter(status="submitted").count() == 15
    assert Value.objects.get(node=questions[-1]).source == "evidence for SM3"
