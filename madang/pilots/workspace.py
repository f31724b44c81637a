"""The pilots app's part of the workspace: pilots the person's organisation runs, pilots they take part in."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from madang.core.workspace import Item, Section, from_queryset, section

from .models import Pilot, Tester
from .policies import PilotPolicy


def _pilot(p: Pilot) -> Item:
    return Item(p.title, reverse("pilots:detail", args=[p.pk]), p.get_phase_display(), p.language)


def _taking_part(t: Tester) -> Item:
    return Item(t.pilot.title, reverse("pilots:detail", args=[t.pilot_id]), t.pilot.get_phase_display(),
                t.pilot.language)  # fmt: skip


@section
def pilot_sections(user: Any) -> list[Section]:
    if not user.is_authenticated:
        return []
    finished = Pilot.objects.exclude(phase=Pilot.Phase.DECIDE, report_published_at__isnull=False)
    run = PilotPolicy.queryset(user, "change_pilot", base=finished)
    joined = Tester.objects.filter(user=user, withdrawn_at__isnull=True).select_related("pilot")
    return [
        from_queryset(
            "pilots-run",
            gettext_lazy("Pilots you run"),
            run.order_by("-updated_at"),
            _pilot,
            more_url=reverse("pilots:list"),
            order=20,
        ),  # fmt: skip
        from_queryset(
            "pilots-joined",
            gettext_lazy("Pilots you take part in"),
            joined.order_by("-pilot__updated_at"),
            _taking_part,
            order=5,
        ),  # fmt: skip
    ]
