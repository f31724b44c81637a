"""Confirming an e-mail address: a signed link sent by the job worker, opened within 7 days, confirmed by a POST
(a mail scanner that follows links must not confirm for the person). A confirmed address on an organisation's
domain is shown to the people who decide requests to join it, first in their list; it never approves by itself."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madang.core.formatting import absolute_url
from madang.core.jobs import enqueue_on_commit

from .limits import key_of, rate_limit_use
from .models import User

SALT = "madang.accounts.email-verification"
MAX_AGE = dt.timedelta(days=7)


def verification_token(user: User) -> str:
    # The address is inside the token: a link sent to an old address confirms nothing once it has changed.
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT, compress=True)


def verification_send(*, user: User) -> None:
    """Send (by the worker, after the request commits) the link that confirms the person's e-mail address."""
    if not user.email:
        return
    from .tasks import send_email_verification

    enqueue_on_commit(send_email_verification, user_id=user.pk)


def verification_resend(*, user: User) -> None:
    """Asked again from the profile: at most 5 a day, so the button cannot mail someone else's address a hundred
    times (RateLimited)."""
    rate_limit_use(scope="email_verification", keys=[key_of("user", str(user.pk))])
    verification_send(user=user)


def verification_mail(*, user_id: int) -> bool:
    """The job: e-mail the link in the person's language. False when there is nothing to send."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or user.email_verified_at is not None:
        return False
    link = absolute_url(reverse("accounts:verify-email", args=[verification_token(user)]))
    with translation.override(user.preferred_language):
        body = render_to_string("accounts/verify_email.txt", {"user": user, "link": link, "days": MAX_AGE.days})
        send_mail(_("Confirm your e-mail address for Madang"), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def email_verify(*, token: str) -> User:
    """Confirm the address the token was made for; ValidationError for a link that is wrong, old or stale."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This link is more than 7 days old. Ask for a new one from your profile.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid. Copy the whole address from the e-mail.")) from exc
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email.lower() != data.get("e"):
        raise ValidationError(_("This link was for an address that is no longer on the account."))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user
