from typing import Any

from django.core.management.base import BaseCommand

from madang.core.i18n_tools import compile_mo_files


class Command(BaseCommand):
    help = "Compile madang/locale/*/LC_MESSAGES/django.po into .mo files (Babel; no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in compile_mo_files():
            self.stdout.write(f"compiled {path}")
