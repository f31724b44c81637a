"""A person's workspace, the page they land on after signing in: what needs them, gathered from every app.

Each app's `workspace.py` registers functions that give its sections for a user (`@section`), built from its policy
querysets, so the workspace never shows what the person may not act on. A section with nothing in it is left out,
so a citizen sees their pilots and classes, a provider its solutions and invitations, a network admin the requests
and values waiting for a decision.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

MAX_ITEMS = 8


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    note: str | Promise = ""
    lang: str = ""  # the language of `label` when it is content (a need's title), for the lang attribute
    urgent: bool = False  # waits for this person (an answer, a decision, a deadline)


@dataclass
class Section:
    key: str
    title: str | Promise
    items: list[Item] = field(default_factory=list)
    total: int = 0  # how many there are in all (the list shows the first MAX_ITEMS)
    more_url: str = ""
    order: int = 50


SectionFn = Callable[[Any], list[Section]]
PROVIDERS: list[SectionFn] = []


def section(fn: SectionFn) -> SectionFn:
    PROVIDERS.append(fn)
    return fn


def workspace_for(*, user: Any) -> list[Section]:
    found = [s for fn in PROVIDERS for s in fn(user) if s.items]
    return sorted(found, key=lambda s: (s.order, str(s.title)))


def from_queryset(key: str, title: str | Promise, qs: Any, item: Callable[[Any], Item], *, more_url: str = "",
                  order: int = 50) -> Section:  # fmt: skip
    """A section of the first MAX_ITEMS rows of `qs`, with the total count."""
    rows = list(qs[: MAX_ITEMS + 1])
    total = len(rows) if len(rows) <= MAX_ITEMS else qs.count()
    return Section(key, title, [item(r) for r in rows[:MAX_ITEMS]], total, more_url, order)


@section
def network_request_sections(user: Any) -> list[Section]:
    """Organisations' requests to join a network, and networks' invitations, that the person answers."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from .models import MembershipRequest
    from .policies import MembershipRequestPolicy

    if not user.is_authenticated:
        return []
    pending = MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).select_related(
        "organisation", "network"
    )
    to_decide = MembershipRequestPolicy.queryset(user, "decide_membership_request", pending)
    return [
        from_queryset(
            "network-requests",
            gettext_lazy("Network memberships waiting for your answer"),
            to_decide.order_by("created_at"),
            lambda r: Item(
                f"{r.organisation.name} → {r.network.name}",
                reverse("core:membership-request", args=[r.pk]),
                r.get_direction_display(),
                urgent=True,
            ),
            order=9,
        ),  # fmt: skip
    ]
