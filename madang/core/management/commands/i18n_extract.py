from typing import Any

from django.core.management.base import BaseCommand

from madang.core.i18n_tools import update_po_files


class Command(BaseCommand):
    help = "Update madang/locale/*/LC_MESSAGES/django.po from the code and templates (Babel; no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for lang, n in update_po_files().items():
            self.stdout.write(f"{lang}: {n} untranslated")
