"""The assessment app's part of the workspace: values returned to the person's city, values waiting for their
validation."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madang.core.workspace import Item, Section, from_queryset, section

from .models import Value
from .policies import ValuePolicy
from .selectors import values_to_review_for


def _returned(v: Value) -> Item:
    note = _("Returned: %(note)s") % {"note": v.review_note} if v.review_note else _("Returned")
    return Item(f"{v.node.code} · {v.place.name} {v.year}", reverse("assessment:submit", args=[v.node.framework.slug]),
                note, urgent=True)  # fmt: skip


def _pending(v: Value) -> Item:
    return Item(f"{v.node.code} · {v.place.name} {v.year}", reverse("assessment:review"),
                _("Waiting for validation"), urgent=True)  # fmt: skip


@section
def assessment_sections(user: Any) -> list[Section]:
    values = Value.objects.select_related("node__framework", "place")
    returned = ValuePolicy.queryset(user, "change_value", values.filter(status=Value.Status.REJECTED))
    pending = values_to_review_for(user=user).select_related("node__framework", "place")
    return [
        from_queryset(
            "values-returned",
            gettext_lazy("Values returned to you to fix"),
            returned.order_by("-reviewed_at"),
            _returned,
            order=12,
        ),  # fmt: skip
        from_queryset(
            "values-to-validate",
            gettext_lazy("Values waiting for your validation"),
            pending.order_by("submitted_at"),
            _pending,
            more_url=reverse("assessment:review"),
            order=13,
        ),  # fmt: skip
    ]
