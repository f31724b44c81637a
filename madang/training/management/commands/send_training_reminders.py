from typing import Any

from django.core.management.base import BaseCommand

from madang.training.tasks import send_training_messages


class Command(BaseCommand):
    help = (
        "Queue and send training messages: reminders for classes starting within a day, questionnaire links for "
        "people who came to a class that has ended, and anything queued earlier that could not be sent. "
        "Run it every hour or so; running it again sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The same work as the worker's hourly job, run here and now.
        done = send_training_messages.call()
        self.stdout.write(f"Training messages: {done['reminders']} reminders and {done['questionnaires']} "
                          f"questionnaire links queued, {done['sent']} messages sent.")  # fmt: skip
