"""Who may read, write and moderate the conversation on a match.

The conversation is the match's: whoever may see the match (madang/matching/policies.py) reads it and writes in it,
that is the need owner's side (its editors, and the admins of a network it belongs to, who facilitate) and the
solution owner's editors. A match the person may not see answers 404, so a page never confirms that it exists.
Each side's consent to share contact details is given by that side's own editors, not by a facilitator.
Moderation (hiding a reported message) is for the admins of a network the need's organisation belongs to, and for
site staff, who run the site's abuse handling; staff read reported messages, not whole conversations.

Every rule is asked of a message; a page about the whole conversation asks it of `Message(match=match)`.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, among, register
from madang.matching.policies import MatchPolicy

from .models import Message, Side


def _match_visible(user: Any, m: Any) -> bool:
    return m is not None and MatchPolicy.allows(user, "view_match", m.match)


def _match_visible_q(user: Any) -> Q:
    return Q(match__in=MatchPolicy.queryset(user, "view_match").values("pk"))


def consent_sides(user: Any, match: Any) -> list[str]:
    """The sides of the match this person gives consent for: the sides whose organisation they edit for."""
    own = roles.editor_org_ids(user)
    if not own or match is None:
        return []
    return [
        side
        for side, org_id in ((Side.NEED, match.need.organisation_id), (Side.SOLUTION, match.solution.organisation_id))
        if org_id in own
    ]


def _may_consent(user: Any, m: Any) -> bool:
    return _match_visible(user, m) and bool(consent_sides(user, m.match))


def _may_consent_q(user: Any) -> Q:
    own = roles.editor_org_ids(user)
    if not own:
        return NOTHING
    return _match_visible_q(user) & (
        among("match__need__organisation_id", own) | among("match__solution__organisation_id", own)
    )


def _moderates(user: Any, m: Any) -> bool:
    if m is None:
        return False
    if roles.is_staff(user):
        return True
    return m.match.need.organisation_id in roles.network_org_ids(user) and _match_visible(user, m)


def _moderates_q(user: Any) -> Q:
    if roles.is_staff(user):
        return Q()
    return among("match__need__organisation_id", roles.network_org_ids(user)) & _match_visible_q(user)


def _may_see_reports(user: Any, obj: Any = None) -> bool:
    return roles.is_staff(user) or roles.is_network_admin(user)


def _with_attachment(qs: Any) -> Any:
    return qs.filter(attachments__isnull=False, hidden_at__isnull=True).distinct()


@register
class MessagePolicy(Policy[Message]):
    model = Message
    actions = {
        "view_messages": Action(rule=_match_visible, where=_match_visible_q, shown_by="view_messages"),
        "send_message": Action(rule=_match_visible, where=_match_visible_q, shown_by="view_messages"),
        "report_message": Action(rule=_match_visible, where=_match_visible_q, shown_by="view_messages"),
        "share_contacts": Action(rule=_may_consent, where=_may_consent_q, shown_by="view_messages"),
        "hide_message": Action(rule=_moderates, where=_moderates_q, shown_by="view_messages"),
        "view_reports": Action(rule=_may_see_reports),
    }
    routes = [
        Route(
            "conversations:match",
            "view_messages",
            lambda m: {"pk": m.match_id},
            methods=("GET", "POST"),
            post_action="send_message",
        ),
        Route("conversations:consent", "share_contacts", lambda m: {"pk": m.match_id}, methods=("POST",)),
        Route(
            "conversations:attachment",
            "view_messages",
            lambda m: {"pk": m.attachments.order_by("pk").first().pk},
            objects=_with_attachment,
        ),
        Route("conversations:report", "report_message", lambda m: {"pk": m.pk}, methods=("GET", "POST")),
        Route("conversations:hide", "hide_message", lambda m: {"pk": m.pk}, methods=("GET", "POST")),
        Route("conversations:reports", "view_reports"),
    ]
