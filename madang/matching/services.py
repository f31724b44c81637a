"""Writes for needs, solutions and the match workflow. Every match transition is an event with who and when."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.catalogue.models import Group

from .models import DomainFollow, Match, MatchEvent, Need, Solution
from .policies import DomainFollowPolicy, MatchPolicy, NeedPolicy, SolutionPolicy

CITY_ACTIONS = {Match.State.SHORTLISTED, Match.State.CONTACTED, Match.State.INVITED}
PROVIDER_ACTIONS = {Match.State.INTERESTED, Match.State.DECLINED}
# Which state each action may follow (None: the first event of a match).
ALLOWED_FROM: dict[str, set[str | None]] = {
    Match.State.SHORTLISTED: {None},
    Match.State.CONTACTED: {Match.State.SHORTLISTED, Match.State.INTERESTED},
    Match.State.INVITED: {Match.State.SHORTLISTED, Match.State.CONTACTED, Match.State.INTERESTED},
    Match.State.INTERESTED: {None, Match.State.SHORTLISTED, Match.State.CONTACTED, Match.State.INVITED},
    Match.State.DECLINED: {Match.State.SHORTLISTED, Match.State.CONTACTED, Match.State.INVITED},
}


@transaction.atomic
def need_save(
    *,
    by: User,
    need: Need | None = None,
    groups_served: Iterable[str] = (),
    initiatives: Iterable[Any] = (),
    **fields: Any,
) -> Need:
    if need is None:
        need = Need(created_by=by, **fields)
        if not NeedPolicy.allows(by, "add_need") or not NeedPolicy.allows(by, "change_need", need):
            raise PermissionDenied
    else:
        if not NeedPolicy.allows(by, "change_need", need):
            raise PermissionDenied
        fields.pop("organisation", None)  # ownership never moves through an edit
        for key, value in fields.items():
            setattr(need, key, value)
    need.full_clean(exclude=["groups_served", "initiatives"])
    need.save()
    need.groups_served.set(Group.objects.filter(code__in=list(groups_served)))
    need.initiatives.set(list(initiatives))
    return need


@transaction.atomic
def solution_save(
    *,
    by: User,
    solution: Solution | None = None,
    deployments: Iterable[Any] = (),
    initiatives: Iterable[Any] = (),
    **fields: Any,
) -> Solution:
    if solution is None:
        solution = Solution(created_by=by, **fields)
        if not SolutionPolicy.allows(by, "add_solution") or not SolutionPolicy.allows(by, "change_solution", solution):
            raise PermissionDenied
    else:
        if not SolutionPolicy.allows(by, "change_solution", solution):
            raise PermissionDenied
        fields.pop("organisation", None)
        for key, value in fields.items():
            setattr(solution, key, value)
    solution.full_clean(exclude=["deployments", "initiatives"])
    solution.save()
    solution.deployments.set(list(deployments))
    solution.initiatives.set(list(initiatives))
    return solution


@transaction.atomic
def follows_set(*, user: User, domains: Iterable[str]) -> list[str]:
    """The domains whose new needs the user hears about in digests."""
    if not DomainFollowPolicy.allows(user, "follow_domains"):
        raise PermissionDenied
    wanted = set(domains)
    DomainFollow.objects.filter(user=user).exclude(domain__in=wanted).delete()
    for domain in wanted:
        DomainFollow.objects.get_or_create(user=user, domain=domain)
    return sorted(wanted)


@transaction.atomic
def match_transition(
    *, need: Need, solution: Solution, action: str, by: User, note: str = "", score: float | None = None
) -> Match:
    """Move a match to `action`, recording who did it and when. The city shortlists, contacts and invites;
    the provider says it is interested or declines."""
    match = Match.objects.select_for_update().filter(need=need, solution=solution).first()
    probe = match or Match(need=need, solution=solution)
    step = "shortlist" if action in CITY_ACTIONS else "respond"
    if action not in ALLOWED_FROM or not MatchPolicy.allows(by, step, probe):
        raise PermissionDenied
    current = match.state if match else None
    if current not in ALLOWED_FROM[action]:
        raise ValidationError(_("This step is not possible now."))
    if match is None:
        match = Match.objects.create(need=need, solution=solution, state=action, score=score)
    else:
        match.state = action
        match.save(update_fields=["state", "updated_at"])
    MatchEvent.objects.create(match=match, action=action, by=by, note=note[:2000])
    return match
