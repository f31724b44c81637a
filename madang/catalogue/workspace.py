"""The catalogue's part of the workspace: initiatives not published yet that the person may publish or edit."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core.workspace import Item, Section, from_queryset, section

from .models import Initiative
from .policies import InitiativePolicy


def _draft(i: Initiative) -> Item:
    t = i.translation(i.original_language)
    return Item(t.title if t else i.slug, reverse("catalogue:detail", args=[i.slug]), _("Not published"),
                i.original_language)  # fmt: skip


@section
def catalogue_sections(user: Any) -> list[Section]:
    drafts = Initiative.objects.filter(is_published=False).prefetch_related("translations")
    to_publish = InitiativePolicy.queryset(user, "publish_initiative", base=drafts)
    return [
        from_queryset(
            "initiatives-to-publish",
            gettext_lazy("Initiatives waiting to be published"),
            to_publish.order_by("-updated_at"),
            _draft,
            order=14,
        ),  # fmt: skip
    ]
