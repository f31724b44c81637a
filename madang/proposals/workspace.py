"""The proposals' part of the workspace: proposals to score, the provider's own proposals and their deadlines, and
calls whose proposals the city compares."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core.workspace import MAX_ITEMS, Item, Section, from_queryset, section

from .models import Proposal
from .selectors import my_evaluations, my_proposals


def _own(p: Proposal) -> Item:
    if p.status == Proposal.Status.DRAFT:
        note = _("Draft: submit by %(date)s") % {"date": p.need.call_closes.isoformat()}
    else:
        note = p.get_status_display()
    return Item(p.need.title, reverse("proposals:detail", args=[p.pk]), note, p.need.language,
                urgent=p.status == Proposal.Status.DRAFT)  # fmt: skip


@section
def proposal_sections(user: Any) -> list[Section]:
    if not user.is_authenticated:
        return []
    to_score = [
        Item(
            p.solution.title,
            reverse("proposals:score", args=[p.pk]),
            _("for %(need)s") % {"need": need.title},
            p.solution.language,
            urgent=True,
        )  # fmt: skip
        for need, proposals in my_evaluations(user=user)
        for p, done in proposals
        if not done
    ]
    return [
        Section(
            "proposals-to-score",
            gettext_lazy("Proposals waiting for your scores"),
            to_score[:MAX_ITEMS],
            len(to_score),
            reverse("proposals:mine"),
            order=7,
        ),  # fmt: skip
        from_queryset(
            "own-proposals",
            gettext_lazy("Your organisation's proposals"),
            my_proposals(user=user).exclude(status=Proposal.Status.WITHDRAWN),
            _own,
            more_url=reverse("proposals:mine"),
            order=15,
        ),  # fmt: skip
    ]
