"""Who may do what with needs, solutions, matches and digest follows.

Rights follow the owning organisation, never the city a user's organisation is located in: a need belongs to the
organisation that posted it, a solution to the one that offers it. A need's owner acts through its editors and the
admins of a network it belongs to (who post needs for member cities); a solution is changed by its owner's editors
only, as it is the provider's own offer. A match has two sides: the need's owner shortlists, contacts and invites;
the solution's owner says it is interested or declines. Neither side sees or steps on a match whose other half it
may not see (a draft need, an unpublished solution): the match would show its title.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.models import Organisation
from madang.core.policy import Action, Policy, Route, among, register

from .models import DomainFollow, Match, Need, Solution


def organisation_may_offer_solutions(org: Organisation) -> bool:
    """A business rule, not a right: a network's secretariat coordinates its members and offers nothing itself."""
    return org.kind != Organisation.Kind.SECRETARIAT


def _acts_for(user: Any, org_id: int | None) -> bool:
    return org_id is not None and org_id in roles.acting_org_ids(user)


def _acts_for_q(user: Any, field: str) -> Q:
    return among(field, roles.acting_org_ids(user))


def _edits_for(user: Any, org_id: int | None) -> bool:
    return org_id is not None and org_id in roles.editor_org_ids(user)


def _edits_for_q(user: Any, field: str) -> Q:
    return among(field, roles.editor_org_ids(user))


# Visibility, written once with a path prefix so that the match policy asks it of a match's need and solution.
def _need_visible(user: Any, need: Any) -> bool:
    return need is not None and (need.status != Need.Status.DRAFT or _acts_for(user, need.organisation_id))


def _need_visible_q(user: Any, prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status": Need.Status.DRAFT}) | _acts_for_q(user, f"{prefix}organisation_id")


def _solution_visible(user: Any, solution: Any) -> bool:
    return solution is not None and (solution.is_published or _acts_for(user, solution.organisation_id))


def _solution_visible_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_published": True}) | _acts_for_q(user, f"{prefix}organisation_id")


def _may_post_need(user: Any, obj: Any = None) -> bool:
    return roles.is_city_editor(user) or roles.is_network_admin(user)


@register
class NeedPolicy(Policy[Need]):
    model = Need
    actions = {
        "view_need": Action(rule=_need_visible, where=_need_visible_q, shown_by="view_need"),
        "add_need": Action(rule=_may_post_need),
        # Also asked of a need not yet saved, so that a new need is only posted for an organisation the user acts for.
        "change_need": Action(
            rule=lambda user, n: n is not None and _acts_for(user, n.organisation_id),
            where=lambda user: _acts_for_q(user, "organisation_id"),
            shown_by="view_need",
        ),
    }
    routes = [
        Route("matching:need-new", "add_need", methods=("GET", "POST")),
        Route("matching:need", "view_need", lambda n: {"pk": n.pk}),
        Route("matching:need-edit", "change_need", lambda n: {"pk": n.pk}, methods=("GET", "POST")),
    ]


def _may_offer(user: Any, obj: Any = None) -> bool:
    return roles.is_editor(user)


@register
class SolutionPolicy(Policy[Solution]):
    model = Solution
    actions = {
        "view_solution": Action(rule=_solution_visible, where=_solution_visible_q, shown_by="view_solution"),
        "add_solution": Action(rule=_may_offer),
        "change_solution": Action(
            rule=lambda user, s: s is not None and _edits_for(user, s.organisation_id),
            where=lambda user: _edits_for_q(user, "organisation_id"),
            shown_by="view_solution",
        ),
    }
    routes = [
        Route("matching:solution-new", "add_solution", methods=("GET", "POST")),
        Route("matching:solution", "view_solution", lambda s: {"pk": s.pk}),
        Route("matching:solution-edit", "change_solution", lambda s: {"pk": s.pk}, methods=("GET", "POST")),
    ]


# A match not yet made may lack its other half: a page asking whether to show a side's buttons at all passes
# Match(need=need) or Match(solution=solution), and only the side is asked then.
def _need_side(user: Any, m: Any) -> bool:
    return m is not None and m.need_id is not None and _acts_for(user, m.need.organisation_id)


def _solution_side(user: Any, m: Any) -> bool:
    return m is not None and m.solution_id is not None and _edits_for(user, m.solution.organisation_id)


def _may_shortlist(user: Any, m: Any) -> bool:
    return _need_side(user, m) and (m.solution_id is None or _solution_visible(user, m.solution))


def _may_shortlist_q(user: Any) -> Q:
    return _acts_for_q(user, "need__organisation_id") & _solution_visible_q(user, "solution__")


def _may_respond(user: Any, m: Any) -> bool:
    return _solution_side(user, m) and (m.need_id is None or _need_visible(user, m.need))


def _may_respond_q(user: Any) -> Q:
    return _edits_for_q(user, "solution__organisation_id") & _need_visible_q(user, "need__")


def _either_side(user: Any, m: Any) -> bool:
    return _may_shortlist(user, m) or _may_respond(user, m)


def _either_side_q(user: Any) -> Q:
    return _may_shortlist_q(user) | _may_respond_q(user)


@register
class MatchPolicy(Policy[Match]):
    model = Match
    actions = {
        "view_match": Action(rule=_either_side, where=_either_side_q),
        "shortlist": Action(rule=_may_shortlist, where=_may_shortlist_q),  # shortlist, contact, invite
        "respond": Action(rule=_may_respond, where=_may_respond_q),  # interested, declined
        # The match page takes either side's step; which one is in the posted form, and the service checks it.
        "take_step": Action(rule=_either_side, where=_either_side_q),
    }
    routes = [
        Route(
            "matching:match-action",
            "take_step",
            lambda m: {"need_pk": m.need_id, "solution_pk": m.solution_id},
            methods=("POST",),
        )
    ]


@register
class DomainFollowPolicy(Policy[DomainFollow]):
    """Digests fit new needs to the follower's own solutions, so following is for those who may offer them."""

    model = DomainFollow
    actions = {"follow_domains": Action(rule=_may_offer)}
    routes = [Route("matching:follows", "follow_domains", methods=("POST",))]


PUBLIC_ROUTES = ["matching:needs", "matching:needs-export", "matching:solutions", "matching:solutions-export"]
