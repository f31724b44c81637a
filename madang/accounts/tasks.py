"""Daily: forget sign-in failures and rate-limit uses once they can no longer lock anyone out.

Both hold a network address (an HMAC of it, for the limits) that is personal data; keeping them past their use
would turn an abuse limit into a record of who tried what."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .limits import DEFAULT_LIMITS
from .models import RateLimitHit


@task()
def forget_old_attempts() -> int:
    now = timezone.now()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME).delete()
    windows = {**DEFAULT_LIMITS, **getattr(settings, "MADANG_RATE_LIMITS", {})}.values()
    longest = dt.timedelta(seconds=max(int(seconds) for _uses, seconds in windows))
    hits, _ = RateLimitHit.objects.filter(at__lt=now - longest).delete()
    return int(attempts + hits)


@task()
def send_email_verification(user_id: int) -> bool:
    from .verification import verification_mail

    return verification_mail(user_id=user_id)
