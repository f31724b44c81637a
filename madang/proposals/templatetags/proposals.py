from typing import Any

from django import template

from madang.matching.models import Need
from madang.proposals import selectors, services
from madang.proposals.policies import evaluated_need_ids

register = template.Library()


@register.inclusion_tag("proposals/_need_links.html", takes_context=True)
def proposal_links(context: dict[str, Any], need: Need) -> dict[str, Any]:
    """On a need's page: "Proposals (N)" for the owner's editors, "Submit a proposal" for providers while open."""
    user = context["request"].user
    owner = user.has_perm("proposals.view_proposals", need)
    can_propose = user.has_perm("proposals.propose", need) and services.call_is_open(need)
    own = selectors.own_proposal(user=user, need=need) if user.is_authenticated and not owner else None
    return {
        "need": need,
        "evaluates": need.pk in evaluated_need_ids(user),
        "count": selectors.submitted_count(need=need) if owner else None,
        "own": own,
        "can_propose": can_propose and not owner,
    }
