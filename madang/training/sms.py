"""Text messages through a pluggable backend, like Django's e-mail backends.

`MADANG_SMS_BACKEND` names the class (default: the console backend, which prints each message, redacted). A city
points `HttpSmsBackend` at its gateway, or subclasses `SmsBackend`; tests use `LocmemSmsBackend` and read `outbox`.
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from madang.core.redaction import redact

DEFAULT_BACKEND = "madang.training.sms.ConsoleSmsBackend"


class SmsError(Exception):
    """The gateway refused or could not be reached; the message stays queued and is tried again."""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class SmsBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: SmsMessage) -> None:
        # Like the console e-mail backend: the number and the private links in the text never reach a log.
        self.stream.write(f"SMS to {redact(message.to)}\n{redact(message.text)}\n{'-' * 40}\n")
        self.stream.flush()


class HttpSmsBackend(SmsBackend):
    """Posts each message as JSON to the city's SMS gateway: `{"to": ..., "text": ..., "sender": ...}` with
    `Authorization: Bearer <MADANG_SMS_HTTP_TOKEN>` to `MADANG_SMS_HTTP_URL`; any 2xx is sent. Most gateways take
    this shape directly or through a small relay.

    Refuses a plain-http address that is not this machine (the token and the numbers would cross the network in
    clear). Errors name the status, never the number, the text or the token, since they are stored and logged."""

    def __init__(self) -> None:
        self.url = getattr(settings, "MADANG_SMS_HTTP_URL", "")
        self.token = getattr(settings, "MADANG_SMS_HTTP_TOKEN", "")
        self.sender = getattr(settings, "MADANG_SMS_SENDER", "")
        self.timeout = float(getattr(settings, "MADANG_SMS_HTTP_TIMEOUT", 10))
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ImproperlyConfigured("MADANG_SMS_HTTP_URL must be an https:// address of the SMS gateway.")
        if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ImproperlyConfigured("MADANG_SMS_HTTP_URL must use https unless the gateway runs on this machine.")

    def send(self, message: SmsMessage) -> None:
        body = json.dumps({"to": message.to, "text": message.text, "sender": self.sender}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")  # noqa: S310 - scheme checked above
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"the SMS gateway answered {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmsError(f"the SMS gateway could not be reached ({type(reason).__name__})") from None
        if not 200 <= status < 300:
            raise SmsError(f"the SMS gateway answered {status}")


outbox: list[SmsMessage] = []


class LocmemSmsBackend(SmsBackend):
    """Keeps messages in `madang.training.sms.outbox` (for tests)."""

    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def get_backend() -> SmsBackend:
    backend_class = import_string(getattr(settings, "MADANG_SMS_BACKEND", DEFAULT_BACKEND))
    backend: SmsBackend = backend_class()
    return backend


def send_sms(*, to: str, text: str) -> None:
    get_backend().send(SmsMessage(to=to, text=text))
