"""Writes for needs, solutions and the match workflow. Every match transition is an event with who and when."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.catalogue.models import Group
from madang.notifications import events as notices

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


def _criteria_unchanged(need: Need, criteria: str) -> None:
    """Proposals are written against the criteria the call opened with (and scored on them): fixed from then."""
    stored = Need.objects.filter(pk=need.pk).values_list("evaluation_criteria", flat=True).first() or ""

    def same(text: str) -> str:
        return "\n".join(line.strip() for line in text.strip().splitlines())

    if same(criteria or "") != same(stored):
        fixed = _("The evaluation criteria are fixed once the call is open: providers answer them.")
        raise ValidationError({"evaluation_criteria": fixed})


@transaction.atomic
def need_save(
    *,
    by: User,
    need: Need | None = None,
    groups_served: Iterable[str] = (),
    initiatives: Iterable[Any] = (),
    **fields: Any,
) -> Need:
    # Read from the database: a form may already have changed the object it was given.
    was_public = need is not None and Need.objects.filter(pk=need.pk).exclude(status=Need.Status.DRAFT).exists()
    if need is None:
        need = Need(created_by=by, **fields)
        if not NeedPolicy.allows(by, "add_need") or not NeedPolicy.allows(by, "change_need", need):
            raise PermissionDenied
    else:
        if not NeedPolicy.allows(by, "change_need", need):
            raise PermissionDenied
        fields.pop("organisation", None)  # ownership never moves through an edit
        # Also once answered: a call sent back to draft keeps the criteria its proposals were written against.
        answered = Need.objects.filter(pk=need.pk, proposals__isnull=False).exists()
        if (was_public or answered) and "evaluation_criteria" in fields:
            _criteria_unchanged(need, fields["evaluation_criteria"])
        for key, value in fields.items():
            setattr(need, key, value)
    need.full_clean(exclude=["groups_served", "initiatives"])
    need.save()
    need.groups_served.set(Group.objects.filter(code__in=list(groups_served)))
    need.initiatives.set(list(initiatives))
    notices.need_saved(need=need, by=by, was_public=was_public)
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
    was_public = solution is not None and Solution.objects.filter(pk=solution.pk, is_published=True).exists()
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
    notices.solution_saved(solution=solution, by=by, was_public=was_public)
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
    notices.match_step(match=match, action=action, by=by, note=note)
    return match
