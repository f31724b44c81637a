"""The matching app's part of the workspace (madang/core/workspace.py): needs and solutions the person looks after,
and matches waiting for their answer."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core import roles
from madang.core.workspace import Item, Section, from_queryset, section

from .models import Match, Need, Solution
from .policies import MatchPolicy, NeedPolicy, SolutionPolicy


def _need(n: Need) -> Item:
    note = n.get_status_display()
    if n.status == Need.Status.OPEN_CALL:
        note = _("Open call until %(date)s") % {"date": n.call_closes.isoformat()}
    return Item(n.title, reverse("matching:need", args=[n.pk]), note, n.language)


def _solution(s: Solution) -> Item:
    note = _("Published") if s.is_published else _("Not published")
    return Item(s.title, reverse("matching:solution", args=[s.pk]), note, s.language)


def _match_for_provider(m: Match) -> Item:
    return Item(m.need.title, reverse("matching:need", args=[m.need_id]),
                _("%(state)s · for %(solution)s") % {"state": m.get_state_display(), "solution": m.solution.title},
                m.need.language, urgent=m.state in (Match.State.INVITED, Match.State.CONTACTED))  # fmt: skip


def _match_for_city(m: Match) -> Item:
    return Item(m.solution.title, reverse("matching:need", args=[m.need_id]),
                _("%(state)s · for %(need)s") % {"state": m.get_state_display(), "need": m.need.title},
                m.solution.language, urgent=m.state == Match.State.INTERESTED)  # fmt: skip


@section
def matching_sections(user: Any) -> list[Section]:
    if not roles.acting_org_ids(user):
        return []
    needs = NeedPolicy.queryset(user, "change_need", base=Need.objects.exclude(status=Need.Status.CLOSED))
    solutions = SolutionPolicy.queryset(user, "change_solution")
    matches = Match.objects.select_related("need", "solution")
    answer = MatchPolicy.queryset(user, "respond", base=matches.filter(
        state__in=[Match.State.INVITED, Match.State.CONTACTED]))  # fmt: skip
    answered = MatchPolicy.queryset(user, "shortlist", base=matches.filter(
        state__in=[Match.State.INTERESTED, Match.State.DECLINED]))  # fmt: skip
    return [
        from_queryset(
            "matches-to-answer",
            gettext_lazy("Invitations and contacts waiting for your answer"),
            answer.order_by("-updated_at"),
            _match_for_provider,
            order=10,
        ),  # fmt: skip
        from_queryset(
            "provider-answers",
            gettext_lazy("Providers' answers to your needs"),
            answered.order_by("-updated_at"),
            _match_for_city,
            order=11,
        ),  # fmt: skip
        from_queryset(
            "needs",
            gettext_lazy("Your organisation's needs"),
            needs.order_by("-updated_at"),
            _need,
            more_url=reverse("matching:needs"),
            order=30,
        ),  # fmt: skip
        from_queryset(
            "solutions",
            gettext_lazy("Your organisation's solutions"),
            solutions.order_by("-updated_at"),
            _solution,
            more_url=reverse("matching:solutions"),
            order=31,
        ),  # fmt: skip
    ]
