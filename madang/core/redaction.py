"""Keep secrets and personal contacts out of logs and console output.

A password-reset or cancel link is a working key, and phones and e-mail addresses are personal data that must be
erasable: none of them may outlive their purpose in a log file. Links keep their scheme and host (useful when
debugging a wrong site address) and lose their path and query, where tokens live.
"""

import logging
import re

_URL = re.compile(r"(?P<origin>https?://[^/\s<>\"']+)(?P<rest>/[^\s<>\"']*)?", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers as people write them: international (+82 2 120 1234), grouped national (010-1234-5678,
# 02 120 1234) or a bare run of nine or more digits. Dates, times, status codes and sizes do not have these shapes.
_PHONE = re.compile(r"(?<![\w/])(?:\+\d[\d\s().-]{6,}\d|\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{4}|\d{9,})(?![\w/])")

# Private-link tokens in bare paths (request logs print "/pilots/me/<token>/"): a long URL-safe run with digits.
_TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{16,}(?![\w-])")

REDACTED_LINK = "/[link removed]"
REDACTED_TOKEN = "[token removed]"  # noqa: S105  (a placeholder, not a secret)
REDACTED_EMAIL = "[e-mail removed]"
REDACTED_PHONE = "[phone removed]"


def redact(text: str) -> str:
    text = _URL.sub(lambda m: m.group("origin") + (REDACTED_LINK if m.group("rest") not in (None, "/") else ""), text)
    text = _EMAIL.sub(REDACTED_EMAIL, text)
    text = _PHONE.sub(REDACTED_PHONE, text)
    return _TOKEN.sub(REDACTED_TOKEN, text)


class RedactingFilter(logging.Filter):
    """A logging filter for every handler: the formatted message and any traceback text are redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
