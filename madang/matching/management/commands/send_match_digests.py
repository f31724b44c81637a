from typing import Any

from django.core.management.base import BaseCommand

from madang.matching.digests import digests_send


class Command(BaseCommand):
    help = "E-mail providers the new open needs that fit their solutions (none when there is nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{digests_send()} digest e-mail(s) sent.")
