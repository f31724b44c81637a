from typing import Any

from django.core.management.base import BaseCommand

from madang.training import notifications


class Command(BaseCommand):
    help = (
        "Queue and send training messages: reminders for classes starting within a day, questionnaire links for "
        "people who came to a class that has ended, and anything queued earlier that could not be sent. "
        "Run it every hour or so; running it again sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = notifications.reminders_queue()
        invitations = notifications.questionnaire_invitations_queue()
        sent = notifications.deliver()
        self.stdout.write(f"Training messages: {reminders} reminders and {invitations} questionnaire links queued, "
                          f"{sent} messages sent.")  # fmt: skip
