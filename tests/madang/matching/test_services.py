import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from madang.matching.models import Match, MatchEvent
from madang.matching.services import match_transition, need_save


def test_workflow_records_every_step_with_who_and_when(market):
    city, provider = market["users"]["editor_a"], market["users"]["provider"]
    args = {"need": market["need"], "solution": market["kiosk"]}
    match_transition(**args, action="shortlisted", by=city)
    match_transition(**args, action="interested", by=provider, note="We can start in May.")
    match_transition(**args, action="invited", by=city)
    match = Match.objects.get(**args)
    assert match.state == "invited"
    events = list(MatchEvent.objects.filter(match=match).values_list("action", "by__username", "note"))
    assert events == [("shortlisted", "editor_a", ""), ("interested", "provider", "We can start in May."),
                      ("invited", "editor_a", "")]  # fmt: skip
    assert all(e.at is not None for e in match.events.all())


def test_steps_out_of_order_are_refused(market):
    city = market["users"]["editor_a"]
    with pytest.raises(ValidationError):
        match_transition(need=market["need"], solution=market["kiosk"], action="contacted", by=city)
    match_transition(need=market["need"], solution=market["kiosk"], action="shortlisted", by=city)
    with pytest.raises(ValidationError):
        match_transition(need=market["need"], solution=market["kiosk"], action="shortlisted", by=city)


def test_each_side_only_takes_its_own_steps(market):
    with pytest.raises(PermissionDenied):
        match_transition(need=market["need"], solution=market["kiosk"], action="shortlisted",
                         by=market["users"]["provider"])  # fmt: skip
    match_transition(
        need=market["need"], solution=market["kiosk"], action="shortlisted", by=market["users"]["editor_a"]
    )
    with pytest.raises(PermissionDenied):
        match_transition(need=market["need"], solution=market["kiosk"], action="declined",
                         by=market["users"]["editor_a"])  # fmt: skip


def test_open_call_lasts_at_least_28_days(market):
    editor = market["users"]["editor_a"]
    with pytest.raises(ValidationError) as exc:
        need_save(by=editor, organisation=market["city_a"], city=market["seoul"], language="en", title="Short call",
                  description="d", domain="mobility", evaluation_criteria="c", call_opens=dt.date(2026, 1, 1),
                  call_closes=dt.date(2026, 1, 20))  # fmt: skip
    assert "call_closes" in exc.value.message_dict


def test_closing_a_need_needs_an_outcome(market):
    need = market["need"]
    with pytest.raises(ValidationError):
        need_save(by=market["users"]["editor_a"], need=need, status="closed", outcome="")
    need_save(by=market["users"]["editor_a"], need=need, status="closed", outcome="Piloted in 3 centres.")
    need.refresh_from_db()
    assert need.status == "closed"


def test_provider_sets_followed_domains_from_the_profile(client, market):
    from madang.matching.models import DomainFollow

    client.force_login(market["users"]["provider"])
    assert "Digest e-mails" in client.get("/accounts/profile/").content.decode()
    client.post("/solutions/follows/", {"domains": ["open_inclusive", "mobility"]})
    client.post("/solutions/follows/", {"domains": ["mobility"]})
    assert list(DomainFollow.objects.filter(user=market["users"]["provider"]).values_list("domain", flat=True)) == [
        "mobility"
    ]
    client.force_login(market["users"]["citizen"])
    assert "Digest e-mails" not in client.get("/accounts/profile/").content.decode()


def test_matching_examples_load_idempotently_and_are_marked(db):
    from django.core.management import call_command

    from madang.core.services import reference_load
    from madang.matching.models import Need, Solution

    countries = [{"code": "KR", "name": {"en": "Korea"}}, {"code": "JP", "name": {"en": "Japan"}}]
    reference_load(data={"countries": countries,
                         "cities": [{"slug": "seoul", "country": "KR", "name": {"en": "Seoul"}},
                                    {"slug": "tokyo", "country": "JP", "name": {"en": "Tokyo"}}]})  # fmt: skip
    call_command("load_matching_examples")
    call_command("load_matching_examples")
    assert (Need.objects.count(), Solution.objects.count()) == (2, 3)
    titles = [*Need.objects.values_list("title", flat=True), *Solution.objects.values_list("title", flat=True)]
    assert all(("예시" in t) or ("Example" in t) or ("例" in t) for t in titles)
