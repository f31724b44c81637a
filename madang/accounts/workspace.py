"""The accounts' part of the workspace: requests to join an organisation (or to create one) that the person
decides, and their own requests still waiting."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core.workspace import Item, Section, from_queryset, section

from .models import JoinRequest
from .policies import JoinRequestPolicy


def _to_decide(r: JoinRequest) -> Item:
    what = r.name if r.proposed else (r.organisation.name if r.organisation else "")
    return Item(f"{r.user.get_username()} → {what}", reverse("accounts:join-request", args=[r.pk]),
                r.get_role_display(), urgent=True)  # fmt: skip


def _own(r: JoinRequest) -> Item:
    what = r.name if r.proposed else (r.organisation.name if r.organisation else "")
    return Item(what, reverse("accounts:join-request", args=[r.pk]), _("Waiting for a decision"))


@section
def join_sections(user: Any) -> list[Section]:
    if not user.is_authenticated:
        return []
    base = JoinRequest.objects.filter(status="pending").select_related("user", "organisation")
    to_decide = JoinRequestPolicy.queryset(user, "decide_join_request", base)
    return [
        from_queryset(
            "join-requests",
            gettext_lazy("Requests to join that you decide"),
            to_decide.order_by("created_at"),
            _to_decide,
            more_url=reverse("accounts:join-requests"),
            order=8,
        ),  # fmt: skip
        from_queryset(
            "own-join-requests",
            gettext_lazy("Your requests to join"),
            base.filter(user=user).order_by("-created_at"),
            _own,
            order=40,
        ),  # fmt: skip
    ]
