from typing import Any

from django.core.management.base import BaseCommand

from madang.training.services import registrations_erase_expired


class Command(BaseCommand):
    help = "Erase names and contacts of training registrations past their retention date. Run it daily; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Training registrations erased: {registrations_erase_expired()}.")
