"""Who may see and mark notices, and who may follow things.

A notice is its recipient's alone: nobody else, not even an admin, reads what someone else was told (staff see the
delivery state in the Django admin). Following is for anyone signed in, of what they may see."""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, register

from .models import Follow, Notice


def _own(user: Any, obj: Any) -> bool:
    return obj is not None and roles.signed_in(user) and obj.user_id == user.pk


def _own_q(user: Any) -> Q:
    return Q(user_id=user.pk) if roles.signed_in(user) else NOTHING


def _recipient(user: Any, notice: Any) -> bool:
    return notice is not None and roles.signed_in(user) and notice.recipient_id == user.pk


def _recipient_q(user: Any) -> Q:
    return Q(recipient_id=user.pk) if roles.signed_in(user) else NOTHING


def _signed_in(user: Any, obj: Any = None) -> bool:
    return roles.signed_in(user)


@register
class NoticePolicy(Policy[Notice]):
    model = Notice
    actions = {
        "view_notice": Action(rule=_recipient, where=_recipient_q, shown_by="view_notice"),
        "mark_notice_read": Action(rule=_recipient, where=_recipient_q, shown_by="view_notice"),
    }
    routes = [Route("notifications:read", "mark_notice_read", lambda n: {"pk": n.pk}, methods=("POST",))]


@register
class FollowPolicy(Policy[Follow]):
    model = Follow
    actions = {
        # Which target may be followed is the target's own policy's question (its page must be visible).
        "follow": Action(rule=_signed_in),
        "view_follow": Action(rule=_own, where=_own_q, shown_by="view_follow"),
        "unfollow": Action(rule=_own, where=_own_q, shown_by="view_follow"),
    }
    routes = [
        Route("notifications:follow", "follow", methods=("POST",)),
        Route("notifications:unfollow", "unfollow", lambda f: {"pk": f.pk}, methods=("POST",)),
    ]


# A person's own inbox, its "mark all as read" and their e-mail preference.
SIGNED_IN_ROUTES = ["notifications:inbox", "notifications:read-all", "notifications:preferences"]
