"""Writes for conversations on matches: sending (with attachments), reporting, hiding and consenting to share
contact details. Each checks MessagePolicy itself, so no caller can skip the rule."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.limits import key_of, rate_limit_use
from madang.accounts.models import User
from madang.core import roles
from madang.core.i18n import CONTENT_LANGUAGES
from madang.matching.models import Match

from . import attachments as files_check
from .models import MAX_BODY, MAX_REASON, Attachment, ContactConsent, Message, MessageReport, Side
from .policies import MessagePolicy, consent_sides

RATE_SCOPE = "message_send"


def writer_side(*, user: User, match: Match) -> tuple[str, int | None]:
    """The side the user writes for on this match, and the organisation shown beside their name."""
    own = roles.editor_org_ids(user)
    if match.need.organisation_id in own:
        return Side.NEED, match.need.organisation_id
    if match.solution.organisation_id in own:
        return Side.SOLUTION, match.solution.organisation_id
    return Side.FACILITATOR, None


def _clean_text(text: str, *, field: str, limit: int, empty: str) -> str:
    """The text without NULs and outer blanks, or a ValidationError for `field` (a form shows it there)."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        message = _("Please keep it to %(limit)d characters (it has %(count)d).") % {"limit": limit, "count": len(text)}
        raise ValidationError({field: message})
    return text


def _recipients(match: Match) -> list[Any]:
    from madang.notifications.recipients import admins_of, editors_of

    need_org = match.need.organisation
    people = [*editors_of(need_org), *editors_of(match.solution.organisation)]
    for membership in need_org.memberships.select_related("network"):
        people += list(admins_of(membership.network))
    return people


@transaction.atomic
def message_send(
    *, match: Match, by: User, body: str, language: str, files: list[UploadedFile] | None = None
) -> Message:
    """Post a message on the match; raises ValidationError (nothing saved, nothing counted) for bad input and
    RateLimited when the person has sent too many within the hour."""
    if not MessagePolicy.allows(by, "send_message", Message(match=match)):
        raise PermissionDenied
    text = _clean_text(body, field="body", limit=MAX_BODY, empty=_("Please write a message."))
    if language not in CONTENT_LANGUAGES:
        raise ValidationError({"language": _("Choose the language the message is written in.")})
    try:
        checked = files_check.check_files(list(files or []))
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.error_list}) from exc
    # Counted only once the message is acceptable: a refused upload should not use up the person's hour.
    rate_limit_use(scope=RATE_SCOPE, keys=[key_of("user", str(by.pk))])
    side, org_id = writer_side(user=by, match=match)
    message = Message.objects.create(
        match=match, author=by, side=side, organisation_id=org_id, body=text, language=language
    )
    Attachment.objects.bulk_create(
        [
            Attachment(message=message, name=f.name, content_type=f.content_type, size=len(f.data), data=f.data)
            for f in checked
        ]
    )
    from madang.notifications.services import notify

    notify(recipients=_recipients(match), verb="match_message", target=match, actor=by)
    return message


@transaction.atomic
def message_report(*, message: Message, by: User, reason: str) -> MessageReport:
    """A participant tells the moderators that a message is abusive; one report per person, the latest reason."""
    if not MessagePolicy.allows(by, "report_message", message):
        raise PermissionDenied
    text = _clean_text(reason, field="reason", limit=MAX_REASON, empty=_("Please say why you report this message."))
    report, _created = MessageReport.objects.update_or_create(
        message=message, reporter=by, defaults={"reason": text, "created_at": timezone.now()}
    )
    return report


@transaction.atomic
def message_hide(*, message: Message, by: User, reason: str) -> Message:
    """A moderator hides a message from the conversation, recording who, when and why."""
    if not MessagePolicy.allows(by, "hide_message", message):
        raise PermissionDenied
    text = _clean_text(reason, field="reason", limit=MAX_REASON, empty=_("Please say why the message is hidden."))
    message.hidden_at, message.hidden_by, message.hidden_reason = timezone.now(), by, text
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return message


@transaction.atomic
def contact_consent_give(*, match: Match, by: User, side: str) -> ContactConsent:
    """One side agrees to show its editors' e-mail addresses to the other; shown once both sides agree."""
    probe = Message(match=match)
    if not MessagePolicy.allows(by, "share_contacts", probe):
        raise PermissionDenied
    allowed = consent_sides(by, match) or ([Side.NEED, Side.SOLUTION] if roles.is_superuser(by) else [])
    if side not in allowed:
        raise ValidationError(_("You can agree only for your own organisation's side."))
    consent, _created = ContactConsent.objects.get_or_create(match=match, side=side, defaults={"by": by})
    return consent
