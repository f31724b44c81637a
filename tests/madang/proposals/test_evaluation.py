"""The city's evaluation through its real pages: evaluators named, criteria from the need, independent scoring,
conflicts of interest, the comparison with its spread, shortlisting, results released to providers, and a pilot
started from the chosen proposal."""

import pytest
from django.urls import reverse

from madang.matching.models import Match, MatchEvent
from madang.notifications.models import Notice
from madang.pilots.models import Pilot
from madang.proposals import selectors
from madang.proposals.models import ConflictDeclaration, Criterion, Evaluator, ScoreSheet

from .conftest import close_call
from .helpers import as_user, propose

pytestmark = pytest.mark.django_db


def _url(name, obj):  # type: ignore[no-untyped-def]
    return reverse(f"proposals:{name}", kwargs={"pk": obj.pk})


def _name(client, call, **data):  # type: ignore[no-untyped-def]
    as_user(client, call["users"]["editor_a"])
    return client.post(_url("evaluators", call["need"]), data)


def _score(client, user, proposal, values, comments=("",) * 3):  # type: ignore[no-untyped-def]
    as_user(client, user)
    data = {"no_conflict": "on"}
    for criterion, value, comment in zip(Criterion.objects.order_by("order"), values, comments, strict=True):
        data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = comment
    return client.post(_url("score", proposal), data)


@pytest.fixture
def scoring(client, call):
    """Both providers submitted; editor_a2 (of the city) and the invited expert evaluate."""
    users = call["users"]
    first = propose(client, users["provider"], call["need"], call["solution"])
    second = propose(client, users["provider_b"], call["need"], call["solution_b"])
    assert _name(client, call, person=str(users["editor_a2"].pk)).status_code == 302
    assert _name(client, call, username_or_email="EXPERT@university.example").status_code == 302
    return {**call, "first": first, "second": second}


def test_naming_the_first_evaluator_makes_the_scoring_sheet_from_the_needs_criteria(client, scoring):
    assert list(Criterion.objects.order_by("order").values_list("text", "weight")) == [
        ("Fit for seniors", 1), ("Cost", 1), ("Accessibility", 1),
    ]  # fmt: skip
    assert set(Evaluator.objects.values_list("user__username", flat=True)) == {"editor_a2", "expert"}
    response = _name(client, scoring, username_or_email="nobody@nowhere.example")
    assert response.status_code == 400 and "No single active account" in response.content.decode()
    assert "nobody@nowhere.example" in response.content.decode()
    assert _name(client, scoring, username_or_email="expert").status_code == 400  # named already


def test_weights_change_until_scoring_starts(client, scoring):
    fit, cost, access = Criterion.objects.order_by("order")
    url = _url("weights", scoring["need"])
    as_user(client, scoring["users"]["editor_a"])
    assert client.post(url, {f"w{fit.pk}": "2", f"w{cost.pk}": "1", f"w{access.pk}": "1"}).status_code == 302
    assert Criterion.objects.get(pk=fit.pk).weight == 2
    assert client.post(url, {f"w{fit.pk}": "0", f"w{cost.pk}": "1", f"w{access.pk}": "1"}).status_code == 400
    _score(client, scoring["users"]["expert"], scoring["first"], [5, 5, 5])
    as_user(client, scoring["users"]["editor_a"])
    response = client.post(url, {f"w{fit.pk}": "3", f"w{cost.pk}": "1", f"w{access.pk}": "1"})
    assert response.status_code == 400 and "Scoring has started" in response.content.decode()


def test_an_evaluator_does_not_see_others_scores_before_submitting_their_own(client, scoring):
    users, first = scoring["users"], scoring["first"]
    assert (
        _score(client, users["expert"], first, [8, 4, 6], ["Expert: seniors will love it", "", ""]).status_code == 302
    )
    page = as_user(client, users["editor_a2"]).get(_url("score", first)).content.decode()
    assert "Expert: seniors will love it" not in page and "Submit my scores" in page
    assert _score(client, users["editor_a2"], first, [6, 10, 6]).status_code == 302
    page = client.get(_url("score", first)).content.decode()
    assert "Expert: seniors will love it" in page
    again = _score(client, users["editor_a2"], first, [1, 1, 1])
    assert again.status_code == 400 and ScoreSheet.objects.count() == 2


def test_a_score_outside_0_to_10_is_refused_and_re_shown(client, scoring):
    response = _score(client, scoring["users"]["expert"], scoring["first"], [11, 4, 6], ["Typed comment", "", ""])
    assert response.status_code == 400
    assert "Typed comment" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_a_declared_conflict_is_recorded_and_excludes_the_evaluator(client, scoring):
    users, first = scoring["users"], scoring["first"]
    as_user(client, users["expert"])
    response = client.post(_url("conflict", first), {"note": "I advised this company last year."})
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get(evaluator__user=users["expert"], proposal=first).has_conflict
    assert _score(client, users["expert"], first, [9, 9, 9]).status_code == 400
    assert _score(client, users["editor_a2"], first, [5, 5, 5]).status_code == 302
    close_call(scoring["need"])
    page = as_user(client, users["editor_a"]).get(_url("compare", scoring["need"])).content.decode()
    assert "I advised this company last year." in page and "1 conflict of interest declared" in page
    (result,) = [r for r in selectors.results_of_call(need=scoring["need"]) if r.proposal == first]
    assert result.evaluators == 1 and result.total == 5


def test_the_comparison_shows_means_spread_and_weighted_totals_after_the_deadline(client, scoring):
    users, need, first = scoring["users"], scoring["need"], scoring["first"]
    fit, cost, access = Criterion.objects.order_by("order")
    Criterion.objects.filter(pk=fit.pk).update(weight=2)
    _score(client, users["expert"], first, [8, 4, 6])
    _score(client, users["editor_a2"], first, [6, 10, 6])
    as_user(client, users["editor_a"])
    page = client.get(_url("compare", need)).content.decode()
    assert "compared after the call closes" in page and "6.75" not in page
    close_call(need)
    page = client.get(_url("compare", need)).content.decode()
    # By hand: fit 8 and 6 (mean 7, population standard deviation 1), cost 4 and 10 (mean 7, sd 3), access 6 and
    # 6 (mean 6, sd 0); weights 2, 1, 1 give (2*7 + 7 + 6) / 4 = 6.75.
    assert "6.75" in page and "3.00" in page and "4 – 10" in page and "2 evaluators" in page
    result = selectors.results_of_call(need=need)[0]
    assert result.proposal == first
    assert [(r.mean, r.minimum, r.maximum, r.stdev) for r in result.criteria] == [
        (7, 6, 8, 1.0), (7, 4, 10, 3.0), (6, 6, 6, 0.0),
    ]  # fmt: skip
    assert result.total == 6.75
    assert selectors.results_of_call(need=need)[1].total is None  # the second, unscored, comes last


def test_provider_sees_own_scores_only_after_release_and_never_anothers_proposal(client, scoring):
    users, need, first, second = scoring["users"], scoring["need"], scoring["first"], scoring["second"]
    _score(client, users["expert"], first, [8, 4, 6], ["Clear plan for seniors", "", ""])
    _score(client, users["editor_a2"], first, [6, 10, 6])
    page = as_user(client, users["provider"]).get(_url("detail", first)).content.decode()
    assert "Clear plan for seniors" not in page
    assert client.get(_url("detail", second)).status_code == 404
    as_user(client, users["editor_a"])
    assert client.post(_url("release", need)).status_code == 400  # not before the deadline
    close_call(need)
    assert client.post(_url("release", need)).status_code == 302
    told = set(Notice.objects.filter(verb="proposal_scored").values_list("recipient__username", flat=True))
    assert told == {"provider", "provider_b"}
    page = as_user(client, users["provider"]).get(_url("detail", first)).content.decode()
    assert "Clear plan for seniors" in page and "Your scores" in page
    assert "7.0" in page and "6.7" in page  # the means and the weighted total (equal weights: 20 / 3)
    assert "expert" not in page and "editor_a2" not in page  # comments without their evaluators' names
    assert client.get(_url("detail", second)).status_code == 404
    assert as_user(client, users["provider_b"]).get(_url("detail", first)).status_code == 404


def test_the_city_shortlists_and_starts_a_pilot_from_the_chosen_proposal(client, scoring):
    users, need, first = scoring["users"], scoring["need"], scoring["first"]
    as_user(client, users["editor_a"])
    assert client.post(_url("start-pilot", first)).status_code == 400  # the call is still open
    close_call(need)
    assert client.post(_url("shortlist", first)).status_code == 302
    match = Match.objects.get(need=need, solution=scoring["solution"])
    assert match.state == "shortlisted"
    assert MatchEvent.objects.filter(match=match, action="shortlisted", by=users["editor_a"]).exists()
    assert client.post(_url("shortlist", first)).status_code == 400  # once
    response = client.post(_url("start-pilot", first))
    pilot = Pilot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pilots:detail", kwargs={"pk": pilot.pk})
    assert (pilot.need, pilot.solution, pilot.city, pilot.manager) == (
        need, scoring["solution"], scoring["seoul"], scoring["city_a"],
    )  # fmt: skip
    assert pilot.title == "Kiosk training for seniors – Kiosk practice class"
    assert client.post(_url("start-pilot", first)).status_code == 302 and Pilot.objects.count() == 1
    for persona in ("provider", "expert", "editor_b"):
        as_user(client, users[persona])
        assert client.post(_url("start-pilot", first)).status_code in (403, 404), persona
        assert client.post(_url("shortlist", first)).status_code in (403, 404), persona


def test_my_proposals_lists_what_the_person_has_to_do(client, scoring):
    page = as_user(client, scoring["users"]["expert"]).get(reverse("proposals:mine")).content.decode()
    assert "Kiosk practice class" in page and "Voice kiosk" in page and "to score" in page
    page = as_user(client, scoring["users"]["provider"]).get(reverse("proposals:mine")).content.decode()
    assert "Kiosk training for seniors" in page and "Voice kiosk" not in page


def test_a_city_editor_who_evaluates_sees_the_comparison_only_after_scoring(client, scoring):
    users, need, first = scoring["users"], scoring["need"], scoring["first"]
    _score(client, users["expert"], first, [8, 4, 6], ["Seen too early?", "", ""])
    close_call(need)
    page = as_user(client, users["editor_a2"]).get(_url("compare", need)).content.decode()
    assert "its scores are shown here once you have submitted yours" in page and "8 – 8" not in page
    _score(client, users["editor_a2"], first, [6, 10, 6])
    page = client.get(_url("compare", need)).content.decode()
    assert "6 – 8" in page


def test_evaluators_named_before_a_submission_hear_of_it(client, call):
    assert _name(client, call, username_or_email="expert").status_code == 302
    propose(client, call["users"]["provider"], call["need"], call["solution"])
    told = set(Notice.objects.filter(verb="proposal_submitted").values_list("recipient__username", flat=True))
    assert told == {"editor_a", "editor_a2", "expert"}


def test_an_evaluator_named_by_mistake_is_removed_until_they_have_scored(client, scoring):
    users = scoring["users"]
    expert = Evaluator.objects.get(user=users["expert"])
    colleague = Evaluator.objects.get(user=users["editor_a2"])
    _score(client, users["expert"], scoring["first"], [5, 5, 5])
    for persona in ("provider", "expert", "editor_b", "admin"):
        url = reverse("proposals:evaluator-remove", kwargs={"pk": colleague.pk})
        assert as_user(client, users[persona]).post(url).status_code in (403, 404), persona
    as_user(client, users["editor_a"])
    assert client.post(reverse("proposals:evaluator-remove", kwargs={"pk": colleague.pk})).status_code == 302
    response = client.post(reverse("proposals:evaluator-remove", kwargs={"pk": expert.pk}))
    assert response.status_code == 400 and "already scored" in response.content.decode()
    assert set(Evaluator.objects.values_list("user__username", flat=True)) == {"expert"}


def test_a_named_evaluator_hears_of_it_with_a_link_to_the_call(client, call):
    assert _name(client, call, username_or_email="expert").status_code == 302
    notice = Notice.objects.get(recipient=call["users"]["expert"], verb="evaluator_named")
    assert notice.target == call["need"] and notice.actor == call["users"]["editor_a"]
