from typing import Any

from django import template
from django.utils.html import format_html

from madang.core.i18n import AUTONYMS, Localised, current_language

register = template.Library()


@register.simple_tag
def tname(obj: Any) -> str:
    """A place's or organisation's name in the visitor's language, marked with `lang` when it falls back."""
    if obj is None:
        return ""
    name: Localised = obj.display_name()
    if name.language != current_language():
        return format_html('<span lang="{}">{}</span>', name.language, name.text)
    return format_html("{}", name.text)


@register.simple_tag
def lang_attr(language: str) -> str:
    """` lang="xx"` when content is not in the page's language (screen readers switch voice)."""
    if language and language != current_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter
def autonym(code: str) -> str:
    return AUTONYMS.get(code, code)


@register.filter
def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]
