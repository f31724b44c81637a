"""The notifications' part of the workspace (madang/core/workspace.py): the newest unread notices."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from madang.core.workspace import Item, Section, from_queryset, section

from .display import shown
from .models import Notice
from .selectors import notices_for


def _notice(n: Notice) -> Item:
    seen = shown(n)
    return Item(str(seen["verb"]), str(seen["path"]) or reverse("notifications:inbox"), str(seen["title"]))


@section
def notification_sections(user: Any) -> list[Section]:
    if not user.is_authenticated:
        return []
    unread = notices_for(user=user).filter(read_at__isnull=True)
    return [
        from_queryset(
            "unread",
            gettext_lazy("Unread in your inbox"),
            unread,
            _notice,
            more_url=reverse("notifications:inbox"),
            order=1,
        ),  # fmt: skip
    ]
