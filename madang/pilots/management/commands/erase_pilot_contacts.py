from typing import Any

from django.core.management.base import BaseCommand

from madang.pilots.sessions import testers_erase_expired


class Command(BaseCommand):
    help = "Erase names and contacts of pilot testers past their retention date. Run it daily; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Pilot testers erased: {testers_erase_expired()}.")
