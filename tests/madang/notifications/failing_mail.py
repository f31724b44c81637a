"""A mail backend whose server is down: every send raises, as smtplib does when it cannot connect."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class DownEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPConnectError(421, "mail.example.org: service not available for user@example.org")
