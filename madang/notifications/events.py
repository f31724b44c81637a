"""Who hears of each event of the other apps. Their services make one call here where the event happens, inside
their transaction; this module decides the recipients and the verb, so the services stay as they were."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from .recipients import editors_governing, editors_of
from .services import followers_of, notify, notify_domain_followers
from .verbs import Verb

if TYPE_CHECKING:
    from madang.accounts.models import User

MATCH_VERBS = {
    "shortlisted": Verb.MATCH_SHORTLISTED,
    "contacted": Verb.MATCH_CONTACTED,
    "invited": Verb.NEED_INVITED,
    "interested": Verb.SOLUTION_INTERESTED,
    "declined": Verb.SOLUTION_DECLINED,
}
CITY_SIDE = {"interested", "declined"}  # the provider acted: the need's side hears of it


def _users(ids: Iterable[int | None]) -> list[User]:
    wanted = [pk for pk in ids if pk is not None]
    return list(get_user_model()._default_manager.filter(pk__in=wanted, is_active=True)) if wanted else []


def match_step(*, match: Any, action: str, by: User, note: str = "") -> None:
    """The other side of a match hears of each step; the target is the need, which both sides open."""
    side = match.need if action in CITY_SIDE else match.solution
    recipients = editors_of(side.organisation)
    notify(recipients=recipients, verb=MATCH_VERBS[action], target=match.need, actor=by, note=note)


def need_saved(*, need: Any, by: User, was_public: bool) -> None:
    """A need that became visible is news to whoever follows its organisation, its city or its domain; a visible
    need that changed is news to its own followers."""
    if need.status == "draft":
        return
    if was_public:
        notify(recipients=followers_of(need), verb=Verb.FOLLOWED_CHANGED, target=need, actor=by)
        return
    people = chain(followers_of(need.organisation), followers_of(need.city) if need.city_id else ())
    notify(recipients=people, verb=Verb.FOLLOWED_CHANGED, target=need, actor=by)
    notify_domain_followers(domain=need.domain, target=need, actor=by)


def solution_saved(*, solution: Any, by: User, was_public: bool) -> None:
    if not solution.is_published:
        return
    if was_public:
        notify(recipients=followers_of(solution), verb=Verb.FOLLOWED_CHANGED, target=solution, actor=by)
        return
    notify(recipients=followers_of(solution.organisation), verb=Verb.FOLLOWED_CHANGED, target=solution, actor=by)
    notify_domain_followers(domain=solution.domain, target=solution, actor=by)


def values_reviewed(*, values: Iterable[Any], by: User, accept: bool, note: str = "") -> None:
    """Whoever submitted the values, and the editors of the place's government, hear once per place."""
    by_place: dict[int, list[Any]] = {}
    for value in values:
        by_place.setdefault(value.place_id, []).append(value)
    verb = Verb.VALUES_VALIDATED if accept else Verb.VALUES_RETURNED
    for group in by_place.values():
        people = chain(_users(v.submitted_by_id for v in group), editors_governing(group[0].place))
        notify(recipients=people, verb=verb, target=group[0], actor=by, note=note)


def initiative_published(*, initiative: Any, by: User, published: bool) -> None:
    owners = chain(editors_of(initiative.owner) if initiative.owner_id else (), _users([initiative.created_by_id]))
    verb = Verb.INITIATIVE_PUBLISHED if published else Verb.INITIATIVE_SENT_BACK
    notify(recipients=owners, verb=verb, target=initiative, actor=by)
    if published:
        people = chain(
            followers_of(initiative.owner) if initiative.owner_id else (),
            followers_of(initiative.city) if initiative.city_id else (),
        )
        notify(recipients=people, verb=Verb.FOLLOWED_CHANGED, target=initiative, actor=by)


def pilot_decided(*, pilot: Any, by: User) -> None:
    """The manager's editors, the provider's team and the need's owner hear of the decision."""
    people = chain(
        editors_of(pilot.manager),
        editors_of(pilot.solution.organisation),
        editors_of(pilot.need.organisation) if pilot.need_id else (),
        followers_of(pilot.solution),
    )
    notify(recipients=people, verb=Verb.PILOT_DECIDED, target=pilot, actor=by, note=pilot.get_decision_display())


def class_place_freed(*, registration: Any) -> None:
    """An account holder promoted from the waitlist sees it in their inbox. Training already sent the message to
    the registration's own address or phone, so the inbox notice is e-mailed only when the registration gave no
    address (never two e-mails for one seat)."""
    if registration.user_id is None:
        return
    notify(
        recipients=_users([registration.user_id]), verb=Verb.CLASS_PLACE_FREED, target=registration.session,
        email=not registration.email,
    )  # fmt: skip
