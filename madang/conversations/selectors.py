"""Reads for conversations: the match a person may talk on, its timeline (match events and messages in one
order), the state of contact consent, and the reported messages a moderator may act on."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404

from madang.matching.models import Match

from .models import Attachment, ContactConsent, Message, Side
from .policies import MessagePolicy


def match_get_for(*, user: Any, pk: int, action: str = "view_messages") -> Match:
    """The match, if the user may do `action` on its conversation: 404 when they may not see it, else 403."""
    try:
        match = Match.objects.select_related("need__organisation", "solution__organisation").get(pk=pk)
    except Match.DoesNotExist as exc:
        raise Http404 from exc
    MessagePolicy.require(user, action, Message(match=match))
    return match


def _files() -> Prefetch:
    """A message's attachments without their bytes: a page lists names and sizes, only a download reads the data."""
    return Prefetch("attachments", queryset=Attachment.objects.defer("data"))


def message_get_for(*, user: Any, pk: int, action: str) -> Message:
    base = (
        Message.objects.select_related("match__need__organisation", "match__solution__organisation", "author")
        .select_related("organisation", "hidden_by")
        .prefetch_related(_files())
    )
    return MessagePolicy.get(user, action, base=base, pk=pk)


def attachment_get_for(*, user: Any, pk: int) -> Attachment:
    """An attachment of a message the user may read; a hidden message's files are gone for everyone."""
    base = Attachment.objects.select_related("message__match__need", "message__match__solution")
    try:
        attachment = base.get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    MessagePolicy.require(user, "view_messages", attachment.message)
    if attachment.message.is_hidden:
        raise Http404
    return attachment


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: a match event (a step) or a message."""

    at: Any
    event: Any = None
    message: Any = None


def _messages(match: Match) -> QuerySet[Message]:
    return (
        Message.objects.filter(match=match)
        .select_related("author", "organisation", "hidden_by")
        .prefetch_related(_files())
    )


def timeline(*, match: Match) -> list[Entry]:
    events = [Entry(at=e.at, event=e) for e in match.events.select_related("by")]
    messages = [Entry(at=m.created_at, message=m) for m in _messages(match)]
    return sorted(events + messages, key=lambda e: (e.at, e.message is not None))


@dataclass
class Contacts:
    need: ContactConsent | None = None
    solution: ContactConsent | None = None
    # Filled only once both sides agreed: each side's editors' names and e-mail addresses.
    need_people: list[Any] = field(default_factory=list)
    solution_people: list[Any] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        return self.need is not None and self.solution is not None


def contacts_for(*, match: Match) -> Contacts:
    consents = {c.side: c for c in ContactConsent.objects.filter(match=match).select_related("by")}
    contacts = Contacts(need=consents.get(Side.NEED), solution=consents.get(Side.SOLUTION))
    if contacts.shared:
        from madang.notifications.recipients import editors_of

        contacts.need_people = [u for u in editors_of(match.need.organisation) if u.email]
        contacts.solution_people = [u for u in editors_of(match.solution.organisation) if u.email]
    return contacts


def reported_messages(*, user: Any) -> QuerySet[Message]:
    """Messages someone reported that this user may moderate: not yet hidden first, then the newest."""
    base = (
        Message.objects.filter(reports__isnull=False)
        .select_related("author", "organisation", "hidden_by", "match__need", "match__solution")
        .prefetch_related("reports", _files())
        .annotate(report_count=Count("reports", distinct=True))
        .order_by(F("hidden_at").desc(nulls_first=True), "-created_at", "-id")
    )
    return MessagePolicy.queryset(user, "hide_message", base=base).distinct()
