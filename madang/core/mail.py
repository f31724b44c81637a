"""The default e-mail backend for development and demos: prints messages with their secrets removed."""

from email.message import Message

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend
from django.core.mail.message import EmailMessage

from madang.core.redaction import redact


class RedactingConsoleEmailBackend(ConsoleEmailBackend):
    """Like Django's console backend, but links, addresses and phone numbers are removed from what is printed.
    To read whole messages locally, use the file backend (docs/deploy.md)."""

    def write_message(self, message: EmailMessage) -> None:
        msg: Message = message.message()
        lines = [
            f"Subject: {redact(str(msg.get('Subject', '')))}",
            f"To: {redact(', '.join(message.recipients()))}",
            "",
        ]
        lines.append(redact(str(message.body)))
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
