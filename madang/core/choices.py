"""Choice lists in the reader's language: names picked per language, sorted as they read, grouped for people.

A model's __str__ is its canonical English name or slug; the forms officials use show what the page's language
calls it, mark a fallback with `lang`, and group long lists (cities by country, districts by city) so they can be
scanned, and searched with the browser's own find, without JavaScript.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from madang.core.i18n import Localised, current_language
from madang.core.models import Organisation, Place
from madang.core.templatetags.madang import marked

Choices = list[tuple[Any, Any]]


def sort_key(text: Localised | str) -> str:
    return str(text).casefold()


def name_choices(objects: Iterable[Organisation | Place]) -> Choices:
    """(pk, name) in the reader's language, sorted by that name."""
    return sorted(((o.pk, o.display_name()) for o in objects), key=lambda pair: sort_key(pair[1]))


def parent_label(place: Place | None) -> Localised:
    """The name of the place above (a city's country, a district's city), or "Other places"."""
    parent = place.parent if place is not None else None
    return parent.display_name() if parent is not None else Localised(str(_("Other places")), current_language())


def places_by_parent(places: Iterable[Place]) -> Choices:
    """Places grouped under the place above them, both named in the reader's language and sorted as they read.
    Pass places with `parent` selected."""
    groups: dict[Localised, list[tuple[int, Localised]]] = {}
    for place in places:
        groups.setdefault(parent_label(place), []).append((place.pk, place.display_name()))
    return [
        (group, sorted(members, key=lambda pair: sort_key(pair[1])))
        for group, members in sorted(groups.items(), key=lambda item: sort_key(item[0]))
    ]


class LocalisedSelect(forms.Select):
    """A select whose labels may be Localised: an option not in the page's language carries `lang`."""

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, str(label), *args, **kwargs)
        if isinstance(label, Localised) and label.language and label.language != current_language():
            option["attrs"]["lang"] = label.language
        return option

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        return [(str(group) if group else group, options, index) for group, options, index in groups]


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group (legend: the group's name); labels in another language carry `lang`."""

    template_name = "includes/widgets/grouped_checkboxes.html"

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        shown = marked(label) if isinstance(label, Localised) else label
        return super().create_option(name, value, shown, *args, **kwargs)

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> Any:
        return [
            (marked(group) if isinstance(group, Localised) else group, options, index)
            for group, options, index in super().optgroups(name, value, attrs)
        ]
