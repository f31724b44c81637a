"""Text messages through a pluggable backend, like Django's e-mail backends.

`MADANG_SMS_BACKEND` names the class (default: the console backend, which prints each message). A city plugs in its
SMS gateway by subclassing `SmsBackend`; tests use `LocmemSmsBackend` and read `outbox`.
"""

import sys
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
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
