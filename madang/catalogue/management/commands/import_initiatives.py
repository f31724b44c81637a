from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madang.catalogue.importing import guess_format
from madang.catalogue.services import initiatives_import
from madang.core.imports import ImportFailed


class Command(BaseCommand):
    help = "Import initiatives from a CSV or JSON file (all or nothing). See docs/import-format.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "json"], help="default: from the file name")
        parser.add_argument("--publish", action="store_true", help="publish the imported initiatives")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = initiatives_import(
                data=path.read_bytes(),
                fmt=options["format"] or guess_format(path.name),
                by=None,
                publish=options["publish"],
            )
        except ImportFailed as failed:
            for e in failed.errors:
                self.stderr.write(f"row {e.row}, column {e.column or '-'}: {e.message}")
            raise CommandError(f"Nothing imported: {len(failed.errors)} error(s).") from failed
        self.stdout.write(f"Imported {report.created} new and {report.updated} updated initiatives.")
