import pytest

from engines.stats import sus_grade, sus_score


@pytest.mark.parametrize(
    ("answers", "score"),
    [((5, 1) * 5, 100.0), ((1, 5) * 5, 0.0), ((3,) * 10, 50.0), ((4, 1, 5, 1, 4, 2, 5, 1, 4, 2), 87.5)],
)
def test_sus_scoring_follows_brooke(answers, score):
    # Brooke (1996): odd items contribute answer - 1, even items 5 - answer; the sum times 2.5.
    assert sus_score(answers) == score


@pytest.mark.parametrize("answers", [(3,) * 9, (0, 3, 3, 3, 3, 3, 3, 3, 3, 3), (6,) * 10])
def test_sus_rejects_wrong_answers(answers):
    with pytest.raises(ValueError):
        sus_score(answers)


def test_grades_around_the_average_of_68():
    assert sus_grade(68.0)[0] == "C"
    assert sus_grade(90.0) == ("A+", "Best imaginable")
    assert sus_grade(40.0)[0] == "F"
