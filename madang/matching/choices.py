"""Related-initiative choices: titles in the reader's language with their city, grouped by country."""

from collections.abc import Iterable

from django.utils.html import format_html

from madang.catalogue.models import Initiative
from madang.core.choices import Choices, parent_label, sort_key
from madang.core.i18n import Localised
from madang.core.templatetags.madang import marked


def initiative_label(initiative: Initiative) -> str:
    """The title in the reader's language (else the original) and its city, each marked with its own `lang`."""
    t = initiative.translation()
    title = Localised(t.title, t.language) if t is not None else Localised(initiative.slug, "")
    return format_html("{} · {}", marked(title), marked(initiative.city.display_name()))


def _title_key(initiative: Initiative) -> str:
    t = initiative.translation()
    return (t.title if t is not None else initiative.slug).casefold()


def initiatives_by_country(initiatives: Iterable[Initiative]) -> Choices:
    """Initiatives grouped under their country, titles in the reader's language, sorted as they read.
    Pass initiatives with `city__parent` selected and `translations` prefetched."""
    groups: dict[Localised, list[Initiative]] = {}
    for i in initiatives:
        groups.setdefault(parent_label(i.city), []).append(i)
    return [
        (country, [(i.pk, initiative_label(i)) for i in sorted(members, key=_title_key)])
        for country, members in sorted(groups.items(), key=lambda item: sort_key(item[0]))
    ]
