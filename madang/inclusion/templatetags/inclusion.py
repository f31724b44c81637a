"""Names with their language marked, and bar widths for the CSS charts."""

from typing import Any

from django import template

from madang.core.i18n import Localised
from madang.core.templatetags.madang import marked

from ..selectors import place_name

register = template.Library()


@register.simple_tag
def pname(place: Any) -> str:
    """An area's or city's name; `lang` marks a name shown in another language than the page's."""
    return marked(place_name(place)) if place is not None else ""


@register.simple_tag
def lname(name: Localised | None) -> str:
    return marked(name) if name is not None else ""


@register.simple_tag
def fname(facility: Any) -> str:
    return marked(Localised(facility.name, facility.name_language)) if facility is not None else ""


@register.filter
def bar(fraction: float | None) -> str:
    """The bar's length as a CSS custom property (0-100% of the track)."""
    if fraction is None:
        return "--v:0%"
    return f"--v:{max(0.0, min(1.0, fraction)) * 100:.1f}%"


@register.filter
def pct(fraction: float | None, digits: int = 0) -> str:
    return "—" if fraction is None else f"{fraction * 100:.{digits}f}%"
