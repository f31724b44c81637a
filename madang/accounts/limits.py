"""Rate limits for actions anyone can take without an account, shared by every process through the database.

Each scope allows `limit` uses per `window` for each key (an address, a phone number, an e-mail, a target), and
a use is refused when any of its keys is over. Limits come from `settings.MADANG_RATE_LIMITS`, so a deployment can
loosen them for a registration day; staff lift them for a person from /accounts/limits/.
"""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import RateLimitHit

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    # scope: (uses, per seconds)
    "signup": (5, 3600),
    "password_reset": (3, 3600),
    "registration": (10, 3600),  # classes, pilots and events: per address, phone and e-mail
    "message_to": (10, 86400),  # messages sent to one phone or e-mail address, whoever caused them
    "message_send": (30, 3600),  # messages on matches, per person who writes them
    "join_request": (10, 86400),  # requests to join or propose organisations, per person
    "proposal_save": (60, 3600),  # proposal drafts saved (with their documents), per person
    "email_verification": (5, 86400),  # confirmation links asked again from the profile, per person
}


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope)
        self.scope, self.retry_after = scope, retry_after


@dataclass(frozen=True)
class Limit:
    uses: int
    window: timedelta


def limit_for(scope: str) -> Limit:
    uses, seconds = {**DEFAULT_LIMITS, **getattr(settings, "MADANG_RATE_LIMITS", {})}[scope]
    return Limit(uses=int(uses), window=timedelta(seconds=int(seconds)))


def key_of(kind: str, value: str) -> str:
    """An HMAC, so a leaked table reveals no phone or address; normalised so "Kim@X.org " and "kim@x.org" agree."""
    normal = "".join(value.split()).lower()
    if kind == "phone":
        normal = "".join(ch for ch in normal if ch.isdigit())
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{normal}".encode(), hashlib.sha256)
    return digest.hexdigest()


def client_address(request: HttpRequest) -> str:
    # Behind the documented reverse proxy the client is the last address the proxy appended; otherwise the peer.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def request_keys(request: HttpRequest, **contacts: str) -> list[str]:
    """The keys of one request: its address, plus each contact given (email=..., phone=...)."""
    keys = [key_of("ip", client_address(request))]
    keys += [key_of(kind, value) for kind, value in contacts.items() if value]
    return keys


def rate_limit_use(*, scope: str, keys: Iterable[str]) -> None:
    """Record one use, or raise RateLimited (recording nothing) when any key has used up its window."""
    limit = limit_for(scope)
    now = timezone.now()
    since = now - limit.window
    keys = list(dict.fromkeys(keys))
    with transaction.atomic():
        RateLimitHit.objects.filter(scope=scope, at__lt=since).delete()
        for key in keys:
            hits = list(
                RateLimitHit.objects.filter(scope=scope, key=key, at__gte=since)
                .order_by("at")
                .values_list("at", flat=True)
            )
            if len(hits) >= limit.uses:
                retry = hits[len(hits) - limit.uses] + limit.window - now
                raise RateLimited(scope, max(1, int(retry.total_seconds())))
        RateLimitHit.objects.bulk_create([RateLimitHit(scope=scope, key=key, at=now) for key in keys])


def rate_limits_lift(*, keys: Iterable[str]) -> int:
    """Staff lift every limit on these keys (all scopes); returns how many recorded uses were removed."""
    deleted, _ = RateLimitHit.objects.filter(key__in=list(keys)).delete()
    return int(deleted)
