"""Writes for notifications: telling people of events, marking notices read, preferences and follows.

Every app calls `notify` in the transaction that causes the event; the notice is stored at once and e-mailed by a
job after the transaction commits (madang/core/jobs.py), so a mail server that is down never fails the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from madang.core.jobs import enqueue_on_commit

from .models import Follow, Notice, Preference

if TYPE_CHECKING:
    from madang.accounts.models import User

COLLAPSE_WITHIN = dt.timedelta(minutes=1)


def _target_key(target: models.Model | None) -> tuple[ContentType | None, int | None]:
    if target is None or target.pk is None:
        return None, None
    return ContentType.objects.get_for_model(target), int(target.pk)


def notify(
    *,
    recipients: Iterable[User],
    verb: str,
    target: models.Model | None = None,
    actor: User | None = None,
    note: str = "",
    email: bool = True,
) -> list[Notice]:
    """Tell each recipient that `verb` happened to `target`; returns the notices stored.

    The actor is not told of their own action, inactive accounts are skipped, and the same event for the same
    person within a minute is kept once (a double-clicked button, or two services telling of one change).
    `email=False` keeps the notice to the inbox, for an event the caller already told by its own message."""
    target_type, target_id = _target_key(target)
    people = {u.pk: u for u in recipients if u.pk is not None and u.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    recent = Notice.objects.filter(
        recipient_id__in=list(people), verb=verb, target_type=target_type, target_id=target_id,
        created_at__gte=timezone.now() - COLLAPSE_WITHIN,
    ).values_list("recipient_id", flat=True)  # fmt: skip
    for pk in set(recent):
        people.pop(pk, None)
    dropped = None if email else timezone.now()
    notices = [
        Notice(recipient=u, verb=verb, actor=actor, target_type=target_type, target_id=target_id, note=note[:500],
               dropped_at=dropped)
        for u in people.values()
    ]  # fmt: skip
    Notice.objects.bulk_create(notices)
    notices = list(
        Notice.objects.filter(
            recipient_id__in=list(people), verb=verb, target_type=target_type, target_id=target_id,
            created_at__gte=timezone.now() - COLLAPSE_WITHIN,
        )
    )  # fmt: skip
    immediate = _immediate_ids(notices) if email else []
    if immediate:
        from .tasks import deliver_notices

        enqueue_on_commit(deliver_notices, notice_ids=immediate)
    return notices


def _immediate_ids(notices: list[Notice]) -> list[int]:
    """The notices to send now: those of people who want each at once, and (since digests are e-mails) those of
    people with a phone only, unless they want none."""
    recipient_ids = {n.recipient_id for n in notices}
    chosen = dict(Preference.objects.filter(user_id__in=recipient_ids).values_list("user_id", "email"))
    texted = set(
        Notice.objects.filter(pk__in=[n.pk for n in notices], recipient__email="")
        .exclude(recipient__phone="")
        .values_list("recipient_id", flat=True)
    )
    immediate, never = Preference.Email.IMMEDIATE, Preference.Email.NEVER
    return [
        n.pk for n in notices
        if chosen.get(n.recipient_id, immediate) == immediate
        or (n.recipient_id in texted and chosen.get(n.recipient_id) != never)
    ]  # fmt: skip


def followers_of(target: models.Model) -> models.QuerySet[User]:
    from django.contrib.auth import get_user_model

    target_type, target_id = _target_key(target)
    users = get_user_model()._default_manager
    return users.filter(
        notice_follows__target_type=target_type, notice_follows__target_id=target_id, is_active=True
    ).distinct()


def notify_followers(
    *, target: models.Model, verb: str = "followed_changed", actor: User | None = None, note: str = ""
) -> list[Notice]:
    """Tell everyone who follows `target` that it changed."""
    return notify(recipients=followers_of(target), verb=verb, target=target, actor=actor, note=note)


def notify_domain_followers(
    *, domain: str, target: models.Model, verb: str = "followed_changed", actor: User | None = None, note: str = ""
) -> list[Notice]:
    """Tell everyone who follows a domain (through this app's follows) of something new in it."""
    from django.contrib.auth import get_user_model

    users = get_user_model()._default_manager.filter(notice_follows__domain=domain, is_active=True).distinct()
    return notify(recipients=users, verb=verb, target=target, actor=actor, note=note)


def notice_mark_read(*, notice: Notice, by: User) -> Notice:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(*, by: User) -> int:
    return Notice.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def preference_set(*, user: User, email: str, by: User) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"email": email})
    return preference


def follow_create(*, user: User, target: models.Model | None = None, domain: str = "", by: User) -> Follow:
    if domain:
        follow, _created = Follow.objects.get_or_create(user=user, domain=domain)
        return follow
    target_type, target_id = _target_key(target)
    follow, _created = Follow.objects.get_or_create(user=user, domain="", target_type=target_type, target_id=target_id)
    return follow


def follow_delete(*, user: User, target: models.Model | None = None, domain: str = "", by: User) -> int:
    if domain:
        deleted, _kinds = Follow.objects.filter(user=user, domain=domain).delete()
        return deleted
    target_type, target_id = _target_key(target)
    deleted, _kinds = Follow.objects.filter(user=user, domain="", target_type=target_type, target_id=target_id).delete()
    return deleted


def follow_remove(*, follow: Follow, by: User) -> None:
    """Stop one follow (also one whose target was deleted since)."""
    follow.delete()
