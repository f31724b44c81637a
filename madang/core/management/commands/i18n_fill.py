import json
from pathlib import Path
from typing import Any

from babel.messages.pofile import write_po
from django.core.management.base import BaseCommand, CommandParser

from madang.core.i18n_tools import UI_LANGUAGES, po_path, read_catalog, update_po_files

# Keys of the JSON files as people write them, mapped to the UI language codes.
ALIASES = {"zh": "zh-hans", "zh_Hans": "zh-hans", "zh-Hans": "zh-hans"}


class Command(BaseCommand):
    help = (
        "Merge the code's strings into the .po files, then fill translations from JSON files of the shape "
        '{"English msgid": {"ko": "...", "ja": "...", "zh-hans": "..."}} (a key "msgctxt|msgid" sets a context).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        update_po_files()
        wanted: dict[str, dict[tuple[str | None, str], str]] = {lang: {} for lang in UI_LANGUAGES}
        for path in options["files"]:
            for key, by_lang in json.loads(path.read_text(encoding="utf-8")).items():
                context, _, msgid = key.rpartition("|") if "|" in key else (None, "", key)
                for lang, text in by_lang.items():
                    lang = ALIASES.get(lang, lang)
                    if lang in wanted and text:
                        wanted[lang][(context or None, msgid)] = text
        for lang in UI_LANGUAGES:
            catalog = read_catalog(lang)
            filled = 0
            for message in catalog:
                if not message.id:
                    continue
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                text = wanted[lang].get((message.context, msgid))
                if text is None:
                    continue
                if isinstance(message.id, tuple):
                    # Plural entries: the JSON gives one form; CJK languages use a single plural form.
                    message.string = tuple(text for _ in range(max(1, catalog.num_plurals)))
                else:
                    message.string = text
                message.flags.discard("fuzzy")
                filled += 1
            with po_path(lang).open("wb") as f:
                write_po(f, catalog, width=0, omit_header=False, sort_output=False, include_previous=False)
            self.stdout.write(f"{lang}: {filled} filled")
