"""The training app's part of the workspace: the classes the person has a place in, or is waiting for."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from madang.core.workspace import Item, Section, from_queryset, section

from .models import Registration


def _registration(r: Registration) -> Item:
    when = date_format(timezone.localtime(r.session.starts_at), "DATETIME_FORMAT")
    return Item(r.session.course.title, reverse("training:course", args=[r.session.course_id]),
                f"{when} · {r.get_status_display()}", r.session.course.language)  # fmt: skip


@section
def training_sections(user: Any) -> list[Section]:
    if not user.is_authenticated:
        return []
    mine = Registration.objects.filter(user=user, session__starts_at__gte=timezone.now()).exclude(
        status=Registration.Status.CANCELLED).select_related("session__course")  # fmt: skip
    return [
        from_queryset(
            "classes",
            gettext_lazy("Your digital classes"),
            mine.order_by("session__starts_at"),
            _registration,
            more_url=reverse("training:courses"),
            order=6,
        ),  # fmt: skip
    ]
