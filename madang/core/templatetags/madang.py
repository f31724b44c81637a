import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html

from madang.core.formatting import format_day, format_time_range, format_when
from madang.core.i18n import AUTONYMS, Localised, current_language

register = template.Library()


def marked(text: Localised) -> str:
    """Content text, wrapped in `lang` when it is not in the page's language (screen readers switch voice)."""
    if text.language and text.language != current_language():
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return format_html("{}", text.text)


@register.simple_tag
def tname(obj: Any) -> str:
    """A place's or organisation's name in the visitor's language, marked with `lang` when it falls back."""
    return "" if obj is None else marked(obj.display_name())


@register.simple_tag
def loc(text: Localised | None) -> str:
    """Any localised content text (a framework's or indicator's name, say), marked like `tname`."""
    return "" if text is None else marked(text)


@register.simple_tag
def lang_attr(language: str) -> str:
    """` lang="xx"` when content is not in the page's language (screen readers switch voice)."""
    if language and language != current_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter
def script_lang(text: str) -> str:
    """Best guess of a short free text's language from its script (tags carry no language of their own)."""
    if any("\uac00" <= ch <= "\ud7a3" for ch in text):
        return "ko"
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return "ja"
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "zh-hans"
    return "en" if text.isascii() else ""


@register.filter
def engine_lang(code: str) -> str:
    """The search engine says `zh`; pages say `zh-hans`."""
    return "zh-hans" if code == "zh" else code


@register.filter
def autonym(code: str) -> str:
    return AUTONYMS.get(code, code)


@register.filter
def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


@register.simple_tag
def when(start: dt.datetime | None, end: dt.datetime | None = None) -> str:
    """A date with its time or same-day time range in the page's (or message's) language, by CLDR through Babel."""
    return "" if start is None else format_when(start, end)


@register.simple_tag
def time_range(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """The times of a same-day range as the language writes them ("오전 10:00 ~ 오후 12:00")."""
    return "" if start is None or end is None else format_time_range(start, end)


@register.filter
def day(value: dt.datetime | dt.date | None) -> str:
    """A date with its weekday in the current language ("2026年3月14日(土)")."""
    return "" if value is None else format_day(value)
