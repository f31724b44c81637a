"""Content-language helpers shared by every app.

UI strings go through gettext; *content* (names, initiative text) is stored per language and
picked here, so every place that shows content can also say which language it is in.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

CONTENT_LANGUAGES: tuple[str, ...] = tuple(code for code, _ in settings.LANGUAGES)

# Autonyms: a language switcher shows each language in its own script, never translated.
AUTONYMS: dict[str, str] = {"en": "English", "ko": "한국어", "ja": "日本語", "zh-hans": "中文（简体）"}


def reading_order(lang: str, original: str) -> list[str]:
    """The languages a reader of `lang` is shown a text in, best first: their own, then English (which every
    catalogue entry has and most readers of the other three read), then the original, then the rest.
    `MADANG_LANGUAGE_FALLBACK` ({"ja": ["ja", "en"]}) changes the chain before the original per language."""
    chain = getattr(settings, "MADANG_LANGUAGE_FALLBACK", {}).get(lang) or [lang, "en"]
    return list(dict.fromkeys([*chain, original, *CONTENT_LANGUAGES]))


def current_language() -> str:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    lang = lang.lower()
    if lang in CONTENT_LANGUAGES:
        return lang
    if lang.startswith("zh"):
        return "zh-hans"
    base = lang.split("-")[0]
    return base if base in CONTENT_LANGUAGES else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Localised:
    text: str
    language: str

    def __str__(self) -> str:
        return self.text


def pick_name(name: str, names: dict[str, str] | None, lang: str | None = None) -> Localised:
    """The name in `lang` when known, else the canonical English name (with its language)."""
    lang = lang or current_language()
    if names and names.get(lang):
        return Localised(names[lang], lang)
    return Localised(name, "en")
