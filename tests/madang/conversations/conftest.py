import pytest

from madang.matching.models import Match, MatchEvent, Need, Solution


@pytest.fixture
def talk(world):
    """City A's open need shortlisted with the provider's solution: the city's editor, the provider's editor and the
    network's admin (city A is a member) talk; city B's editor, the other network's admin and a citizen do not."""
    need = Need.objects.create(
        organisation=world["city_a"], city=world["seoul"], language="ko", title="어르신 키오스크 교육",
        description="노인을 위한 키오스크 교육이 필요합니다.", domain="open_inclusive",
        evaluation_criteria="Seniors order unaided", status="open_call",
    )  # fmt: skip
    solution = Solution.objects.create(
        organisation=world["provider"], language="ja", title="高齢者向けキオスク体験教室",
        description="練習用の端末で注文を練習する教室です。", domain="open_inclusive", maturity="piloted",
    )  # fmt: skip
    match = Match.objects.create(need=need, solution=solution, state="shortlisted")
    MatchEvent.objects.create(match=match, action="shortlisted", by=world["users"]["editor_a"])
    return {**world, "match": match, "need": need, "solution": solution}
