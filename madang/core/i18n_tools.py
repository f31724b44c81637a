"""Extract and compile UI translations with Babel, so no GNU gettext install is needed.

Templates go through Django's own `templatize` (what makemessages does) and then Babel's Python
extractor, so the message ids match Django's exactly.
"""

import os
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SOURCE_DIRS = ("madang", "config")
UI_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _source_files(base: Path) -> Iterator[Path]:
    for top in SOURCE_DIRS:
        for path in sorted((base / top).rglob("*")):
            if "migrations" in path.parts or "demo_data" in path.parts:
                continue
            if path.suffix in {".py", ".html", ".txt"}:
                yield path


def extract(base: Path | None = None) -> Catalog:
    """Every translatable UI string in the project, as a template catalog."""
    base = base or Path(settings.BASE_DIR)
    catalog = Catalog(project="Madang", charset="utf-8")
    for path in _source_files(base):
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            if "{%" not in text:
                continue
            text = templatize(text, origin=str(path))
        rel = str(path.relative_to(base))
        found = extract_python(BytesIO(text.encode()), KEYWORDS.keys(), [], {})  # type: ignore[arg-type]
        for lineno, _func, message, _comments in found:
            spec = KEYWORDS[str(_func)]
            msgid, context = _select(message, spec)
            if msgid and (msgid[0] if isinstance(msgid, tuple) else msgid):
                catalog.add(msgid, locations=[(rel, lineno)], context=context)  # type: ignore[arg-type]
    return catalog


def _select(message: object, spec: object) -> tuple[object, str | None]:
    parts = list(message) if isinstance(message, tuple | list) else [message]
    if spec is None:
        return parts[0], None
    context = None
    ids = []
    for item in spec:  # type: ignore[attr-defined]
        if isinstance(item, tuple):
            context = parts[item[0] - 1]
        else:
            ids.append(parts[item - 1])
    if any(not isinstance(i, str) for i in ids):
        return None, None
    return (tuple(ids) if len(ids) > 1 else ids[0]), context


def locale_dir(base: Path | None = None) -> Path:
    """madang/locale: inside the package, so an installed copy carries its .po and .mo files."""
    return base / "madang" / "locale" if base else Path(settings.LOCALE_PATHS[0])


def po_path(lang: str, base: Path | None = None) -> Path:
    return locale_dir(base) / to_locale(lang) / "LC_MESSAGES" / "django.po"


def read_catalog(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=to_locale(lang), charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=to_locale(lang))


def update_po_files() -> dict[str, int]:
    """Merge the extracted template into each language's .po; returns untranslated counts."""
    template = extract()
    untranslated = {}
    for lang in UI_LANGUAGES:
        catalog = read_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=0, omit_header=False, sort_output=False, include_previous=False)
        untranslated[lang] = sum(1 for m in catalog if m.id and not _translated(m))
    return untranslated


def _translated(message: object) -> bool:
    string = message.string  # type: ignore[attr-defined]
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def missing_translations(lang: str) -> list[str]:
    """UI strings in the code that lack a (non-fuzzy) translation in `lang`."""
    catalog = read_catalog(lang)
    missing = []
    for message in extract():
        if not message.id:  # the catalog header
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None or found.fuzzy or not _translated(found):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def compile_mo_files() -> list[Path]:
    written = []
    for lang in UI_LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            continue
        catalog = read_catalog(lang)
        mo = path.with_suffix(".mo")
        # Written beside and renamed over: a server or test process reading the catalogue meanwhile (two test
        # workers compile at once) sees the old file or the new one, never a half-written one.
        tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        os.replace(tmp, mo)
        written.append(mo)
    return written
