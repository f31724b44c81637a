"""The notification matrix: for every wired event, who finds a notice in their inbox, and who gets an e-mail under
each preference (at once, in the daily or weekly digest, never), in their own language, with a link that opens."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from madang.assessment.models import Framework
from madang.assessment.services import value_submit, values_review
from madang.catalogue.services import initiative_publish
from madang.matching.services import match_transition
from madang.notifications.delivery import digests_send
from madang.notifications.models import Notice, Preference
from madang.notifications.verbs import Verb
from madang.pilots.services import pilot_decide
from madang.training.services import registration_cancel, registration_create
from tests.factories import UserFactory
from tests.madang.notifications.data import market
from tests.madang.training.factories import training_world
from tests.pilot_data import pilot_world

SITE = "https://madang.example"


def _shortlisted(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=w["users"]["editor_a"])
    return Verb.MATCH_SHORTLISTED, "provider", ["editor_a", "editor_b", "citizen", "admin"]


def _contacted(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=w["users"]["editor_a"])
    Notice.objects.all().delete()
    match_transition(need=w["need"], solution=w["kiosk"], action="contacted", by=w["users"]["editor_a"])
    return Verb.MATCH_CONTACTED, "provider", ["editor_a", "editor_b"]


def _invited(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=w["users"]["editor_a"])
    Notice.objects.all().delete()
    match_transition(need=w["need"], solution=w["kiosk"], action="invited", by=w["users"]["editor_a"])
    return Verb.NEED_INVITED, "provider", ["editor_a", "editor_b"]


def _interested(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    match_transition(need=w["need"], solution=w["kiosk"], action="interested", by=w["users"]["provider"])
    return Verb.SOLUTION_INTERESTED, "editor_a", ["provider", "editor_b", "admin"]


def _declined(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=w["users"]["editor_a"])
    Notice.objects.all().delete()
    match_transition(need=w["need"], solution=w["kiosk"], action="declined", by=w["users"]["provider"], note="Busy")
    return Verb.SOLUTION_DECLINED, "editor_a", ["provider", "editor_b"]


def _value(w: dict[str, Any]) -> Any:
    node = Framework.objects.get(slug="digital-inclusion-index").nodes.get(code="ACC1")
    return value_submit(node=node, place=w["seoul"], year=2024, value=81.0, source="Survey",
                        source_date=dt.date(2024, 11, 1), by=w["users"]["editor_a"])  # fmt: skip


def _validated(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    values_review(values=[_value(w)], by=w["users"]["admin"], accept=True)
    return Verb.VALUES_VALIDATED, "editor_a", ["admin", "editor_b", "provider"]


def _returned(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    values_review(values=[_value(w)], by=w["users"]["admin"], accept=False, note="Source is from 2019")
    return Verb.VALUES_RETURNED, "editor_a", ["admin", "editor_b"]


def _published(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    initiative_publish(initiative=w["draft_b"], by=w["users"]["admin"], published=True)
    return Verb.INITIATIVE_PUBLISHED, "editor_b", ["admin", "editor_a", "provider"]


def _sent_back(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    initiative_publish(initiative=w["initiative_b"], by=w["users"]["admin"], published=False)
    return Verb.INITIATIVE_SENT_BACK, "editor_b", ["admin", "editor_a"]


def _pilot_decided(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    p = pilot_world(w)
    type(p["pilot"]).objects.filter(pk=p["pilot"].pk).update(phase="evaluate")
    p["pilot"].refresh_from_db()
    pilot_decide(pilot=p["pilot"], by=w["users"]["editor_a"], decision="scale", reasons="Seniors ordered unaided.")
    return Verb.PILOT_DECIDED, "provider", ["editor_a", "editor_b", "citizen"]


def _class_place_freed(w: dict[str, Any]) -> tuple[str, str, list[str]]:
    t = training_world(w)
    session = t["session"]
    first = registration_create(session=session, by=None, name="A", email="a@example.org", language="ko")
    registration_create(session=session, by=None, name="B", phone="010-1111-2222", language="ko")
    # The citizen has an account and registered with a phone only: the text message is training's, the e-mail ours.
    registration_create(session=session, by=w["users"]["citizen"], name="C", phone="010-3333-4444", language="en")
    registration_cancel(registration=first)
    return Verb.CLASS_PLACE_FREED, "citizen", ["editor_a", "provider"]


EVENTS: dict[str, Callable[[dict[str, Any]], tuple[str, str, list[str]]]] = {
    "shortlisted": _shortlisted, "contacted": _contacted, "invited": _invited, "interested": _interested,
    "declined": _declined, "validated": _validated, "returned": _returned, "published": _published,
    "sent_back": _sent_back, "pilot_decided": _pilot_decided, "class_place_freed": _class_place_freed,
}  # fmt: skip
PREFERENCES = ["immediate", "daily", "weekly", "never"]


@pytest.fixture
def w(world):
    return market(world)


def _set_language_and_preference(w: dict[str, Any], language: str, preference: str | None) -> None:
    for user in w["users"].values():
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        if preference is not None:
            Preference.objects.update_or_create(user=user, defaults={"email": preference})


@pytest.mark.parametrize("preference", PREFERENCES)
@pytest.mark.parametrize("event", list(EVENTS))
def test_each_event_reaches_its_recipient_by_the_chosen_channel(w, client, after_commit, event, preference):
    _set_language_and_preference(w, "ko", preference)
    with after_commit(execute=True):
        verb, who, not_told = EVENTS[event](w)
    recipient = w["users"][who]
    notices = list(Notice.objects.filter(verb=verb))
    assert [n.recipient for n in notices] == [recipient], "exactly the recipient has the notice in their inbox"
    assert not Notice.objects.filter(recipient__in=[w["users"][k] for k in not_told], verb=verb).exists()

    ours = [m for m in mail.outbox if m.to == [recipient.email]]
    assert len(ours) == (1 if preference == "immediate" else 0)
    for period in ("daily", "weekly"):
        digests_send(period=period)
    ours = [m for m in mail.outbox if m.to == [recipient.email]]
    assert len(ours) == (0 if preference == "never" else 1), "one e-mail, at once or in the digest, never both"
    if preference == "never":
        return
    message = ours[0]
    with translation.override("ko"):
        korean = str(Verb(verb).label)
    with translation.override("en"):
        assert korean != str(Verb(verb).label)
    assert korean in message.body, "written in the recipient's language"
    assert "Hello" not in message.body
    link = next(line.split()[-1] for line in message.body.splitlines() if f"{SITE}/" in line and "inbox" not in line)
    client.force_login(recipient)
    assert client.get(link.removeprefix(SITE)).status_code == 200, "the link in the e-mail opens for its recipient"


def test_a_person_is_not_told_of_their_own_action(w):
    from madang.notifications.services import follow_create

    editor = w["users"]["editor_a"]
    follow_create(user=editor, target=w["need"], by=editor)
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=editor)
    assert not Notice.objects.filter(recipient=editor).exists()


def test_a_class_place_freed_is_not_mailed_twice_to_an_account_holder_who_gave_an_address(w, after_commit):
    t = training_world(w)
    citizen = w["users"]["citizen"]
    with after_commit(execute=True):
        first = registration_create(session=t["session"], by=None, name="A", email="a@example.org")
        registration_create(session=t["session"], by=None, name="B", email="b@example.org")
        registration_create(session=t["session"], by=citizen, name="C", email=citizen.email)
        registration_cancel(registration=first)
    assert Notice.objects.filter(recipient=citizen, verb=Verb.CLASS_PLACE_FREED).count() == 1
    digests_send(period="daily")
    to_citizen = [m for m in mail.outbox if m.to == [citizen.email]]
    assert len(to_citizen) == 2, "the registration e-mail and training's 'a seat is free' e-mail, not a third"
    assert not any("inbox" in m.body for m in to_citizen)


def test_an_inactive_account_is_not_told(w):
    provider = w["users"]["provider"]
    provider.is_active = False
    provider.save()
    match_transition(need=w["need"], solution=w["kiosk"], action="shortlisted", by=w["users"]["editor_a"])
    assert not Notice.objects.exists()


def test_the_same_event_twice_within_a_minute_is_one_notice(w):
    from madang.notifications.services import notify

    provider = w["users"]["provider"]
    for _ in range(3):
        notify(recipients=[provider], verb=Verb.FOLLOWED_CHANGED, target=w["need"])
    assert Notice.objects.filter(recipient=provider).count() == 1


def test_other_languages_are_written_in_them(w, after_commit):
    provider = w["users"]["provider"]
    provider.preferred_language = "ja"
    provider.save()
    with after_commit(execute=True):
        _shortlisted(w)
    (message,) = mail.outbox
    with translation.override("ja"):
        assert str(Verb.MATCH_SHORTLISTED.label) in message.subject
    assert f"{SITE}/needs/{w['need'].pk}/" in message.body


def test_a_new_user_gets_e_mails_at_once_by_default(w, after_commit):
    newcomer = UserFactory(username="newcomer", role="provider_editor", organisation=w["provider"])
    with after_commit(execute=True):
        _shortlisted(w)
    assert {m.to[0] for m in mail.outbox} == {newcomer.email, w["users"]["provider"].email}
