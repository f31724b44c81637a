"""E-mailing notices: one at a time for people who want them at once, or as daily and weekly digests; a person who
gave only a phone number gets each notice as a text message (madang/training/sms.py's backend).

Run only by jobs (tasks.py), never in a request. Each e-mail is written in the recipient's language with links to
the site's own address. A notice is claimed (emailed_at set) before it is sent, so two workers never send it twice;
a failed send clears the claim and counts an attempt, up to MAX_ATTEMPTS. However many notices a flood creates,
one address gets at most the `message_to` limit of single e-mails a day (madang/accounts/limits.py); the rest wait
for that person's next digest. Logs never name an address."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madang.accounts.limits import RateLimited, key_of, rate_limit_use
from madang.core.formatting import absolute_url
from madang.core.redaction import redact

from .display import shown
from .models import Notice, Preference

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
HELD = "held for the digest: too many e-mails to this recipient today"
DIGEST_MAX_ITEMS = 50  # a digest after a flood lists this many and points to the inbox for the rest


def _pending() -> QuerySet[Notice]:
    """Notices still to send: by e-mail, or by text message to people who gave only a phone number."""
    return Notice.objects.filter(
        emailed_at__isnull=True, dropped_at__isnull=True, attempts__lt=MAX_ATTEMPTS, recipient__is_active=True
    ).exclude(recipient__email="", recipient__phone="")


def _preferences(user_ids: Iterable[int]) -> dict[int, str]:
    return dict(Preference.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "email"))


def _context(notices: list[Notice]) -> list[dict[str, object]]:
    items = []
    for n in notices:
        item = shown(n)
        item["link"] = absolute_url(str(item["path"])) if item["path"] else ""
        items.append(item)
    return items


def _settings_link() -> str:
    return absolute_url(reverse("notifications:preferences"))


def _send(subject: str, body: str, to: str) -> str:
    """Send one e-mail; returns the error ('' when sent). Any failure of the mail backend counts as one."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception as exc:  # noqa: BLE001 (a broken mail server must not stop the other recipients)
        error = redact(f"{type(exc).__name__}: {exc}")[:500]
        log.warning("notice e-mail failed: %s", error)
        return error
    return ""


def render_one(notice: Notice) -> tuple[str, str]:
    with translation.override(notice.recipient.preferred_language):
        item = _context([notice])[0]
        subject = f"{item['verb']}: {item['title']}" if item["title"] else str(item["verb"])
        subject = " ".join(subject.split())[:200]  # a title with a line break must not break the header
        body = render_to_string("notifications/email_notice.txt", {
            "item": item, "user": notice.recipient, "inbox": absolute_url(reverse("notifications:inbox")),
            "settings_link": _settings_link(),
        }).strip()  # fmt: skip
    return subject, body


def _by_text(notice: Notice) -> bool:
    return not notice.recipient.email and bool(notice.recipient.phone)


def _may_mail(notice: Notice) -> bool:
    kind, address = ("phone", notice.recipient.phone) if _by_text(notice) else ("email", notice.recipient.email)
    try:
        rate_limit_use(scope="message_to", keys=[key_of(kind, address)])
    except RateLimited:
        return False
    return True


def render_text(notice: Notice) -> str:
    """The text message for a person without e-mail: what happened, to what, and the link (short: SMS are paid)."""
    with translation.override(notice.recipient.preferred_language):
        item = _context([notice])[0]
        parts = [str(item["verb"]), str(item["title"])[:80] if item["title"] else "", str(item["link"])]
    return " ".join(" ".join(p.split()) for p in parts if p)[:300]


def _text(notice: Notice) -> str:
    """Send one text message; returns the error ('' when sent)."""
    from madang.training.sms import SmsError, send_sms

    try:
        send_sms(to=notice.recipient.phone, text=render_text(notice))
    except (SmsError, OSError) as exc:
        error = redact(f"{type(exc).__name__}: {exc}")[:500]
        log.warning("notice text message failed: %s", error)
        return error
    return ""


def deliver(*, notice_ids: Iterable[int] | None = None) -> int:
    """E-mail pending notices of people who want each one at once; returns how many were sent."""
    pending = _pending().exclude(error=HELD)
    if notice_ids is not None:
        pending = pending.filter(pk__in=list(notice_ids))
    notices = list(pending.select_related("recipient", "actor", "target_type").order_by("created_at", "pk"))
    chosen = _preferences(n.recipient_id for n in notices)
    sent = 0
    for n in notices:
        wanted = chosen.get(n.recipient_id, Preference.Email.IMMEDIATE)
        # Digests are e-mails: a person with a phone only gets each notice as a text, unless they want none.
        if wanted != Preference.Email.IMMEDIATE and not (_by_text(n) and wanted != Preference.Email.NEVER):
            continue  # their digest takes it
        if not Notice.objects.filter(pk=n.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue  # another worker claimed it
        if not _may_mail(n):
            Notice.objects.filter(pk=n.pk).update(emailed_at=None, error=HELD)
            continue
        if _by_text(n):
            error = _text(n)
        else:
            subject, body = render_one(n)
            error = _send(subject, body, n.recipient.email)
        if error:
            Notice.objects.filter(pk=n.pk).update(emailed_at=None, attempts=F("attempts") + 1, error=error)
        else:
            Notice.objects.filter(pk=n.pk).update(attempts=F("attempts") + 1, error="")
            sent += 1
    return sent


def worst_pending_attempts(*, notice_ids: Iterable[int] | None = None) -> int:
    failed = _pending().filter(attempts__gt=0).exclude(error=HELD)
    if notice_ids is not None:
        failed = failed.filter(pk__in=list(notice_ids))
    return max(failed.values_list("attempts", flat=True), default=0)


def digests_send(*, period: str, now: dt.datetime | None = None) -> int:
    """One e-mail per person whose preference is `period` and who has notices not yet e-mailed; the daily run
    also carries what was held back from people who want e-mails at once. Returns how many digests were sent."""
    now = now or timezone.now()
    wanted = [period] if period == "weekly" else [period, Preference.Email.IMMEDIATE]
    pending = _pending().filter(created_at__lte=now)
    by_user: dict[int, list[Notice]] = {}
    for n in (
        pending.exclude(recipient__email="")
        .select_related("recipient", "actor", "target_type")
        .order_by("created_at", "pk")
    ):
        by_user.setdefault(n.recipient_id, []).append(n)
    chosen = _preferences(by_user)
    sent = 0
    for user_id, notices in by_user.items():
        preference = chosen.get(user_id, Preference.Email.IMMEDIATE)
        if preference not in wanted:
            continue
        if preference == Preference.Email.IMMEDIATE:
            notices = [n for n in notices if n.error == HELD]
        ids = [n.pk for n in notices]
        if not ids or Notice.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now) != len(ids):
            Notice.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
            continue  # nothing, or another worker is sending some of them
        user = notices[0].recipient
        with translation.override(user.preferred_language):
            body = render_to_string("notifications/email_digest.txt", {
                "items": _context(notices[:DIGEST_MAX_ITEMS]), "more": max(0, len(notices) - DIGEST_MAX_ITEMS),
                "user": user, "inbox": absolute_url(reverse("notifications:inbox")),
                "settings_link": _settings_link(), "period": period,
            }).strip()  # fmt: skip
            subject = _("Your Madang notices of the day") if period == "daily" else _("Your Madang notices of the week")
        error = _send(subject, body, user.email)
        if error:
            Notice.objects.filter(pk__in=ids).update(emailed_at=None, attempts=F("attempts") + 1, error=error)
            continue
        Notice.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, error="")
        Preference.objects.filter(user_id=user_id).update(last_digest_at=now)
        sent += 1
    return sent
