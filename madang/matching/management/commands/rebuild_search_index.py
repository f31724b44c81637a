from typing import Any

from django.core.management.base import BaseCommand

from madang.matching.models import SearchVector
from madang.matching.search import engine_get, vectors_refresh


class Command(BaseCommand):
    help = "Re-embed every searchable initiative, solution and need (or only what changed, with --changed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--changed", action="store_true", help="keep vectors whose text did not change")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["changed"]:
            SearchVector.objects.all().delete()
        written = vectors_refresh()
        self.stdout.write(f"Search index: {written} vectors written, {len(engine_get())} documents searchable.")
