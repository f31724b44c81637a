"""Reads for the field log: a guide's roles and drafts, entries as each role may see them, dashboards."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.core import roles
from madang.core.models import Place

from .indicators import CityData
from .models import AssistDraft, AssistLog, Facility, Guide
from .policies import AssistDraftPolicy, AssistLogPolicy, GuidePolicy
from .selectors import area_group, place_name


def guide_roles_for(*, user: User) -> QuerySet[Guide]:
    """The user's own registrations they may record under (a superuser, allowed everything, is no one's guide)."""
    if not roles.signed_in(user):
        return Guide.objects.none()
    own = Guide.objects.filter(user_id=user.pk).select_related("organisation__governs", "organisation__city")
    return GuidePolicy.queryset(user, "record_as_guide", base=own)


def draft_get_for(*, user: User, pk: int) -> AssistDraft:
    """The draft, if it is the user's to fill in; 404 otherwise (a draft gives no sign that it exists)."""
    base = AssistDraft.objects.select_related("guide__organisation__governs", "guide__user")
    return AssistDraftPolicy.get(user, "change_draft", base=base, pk=pk)


def recent_sites(*, guide: Guide, n: int = 6) -> list[Facility]:
    ids: list[int] = []
    latest = guide.assists.filter(facility__isnull=False).order_by("-created_at")
    for fid in latest.values_list("facility_id", flat=True)[:50]:
        if fid not in ids:
            ids.append(fid)
        if len(ids) == n:
            break
    found = {f.pk: f for f in Facility.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def assists_visible_to(*, user: User, city: Place) -> QuerySet[AssistLog]:
    """Every entry of the city for its staff; a guide only their own; anyone else nothing."""
    logs = AssistLog.objects.filter(city=city).select_related("facility", "area", "guide__user")
    return AssistLogPolicy.queryset(user, "view_assist", base=logs)


@dataclass
class Tally:
    label: Any
    count: int
    minutes: int
    share: float  # of all assists in the table
    extra: str = ""  # e.g. assists per 1,000 residents 65+
    lang: str = ""
    frac: float = 0.0  # bar length: this count over the largest in its table


def _scaled(tallies: list[Tally]) -> list[Tally]:
    top = max((t.count for t in tallies), default=0)
    for t in tallies:
        t.frac = t.count / top if top else 0.0
    return tallies


@dataclass
class Dashboard:
    total: int
    minutes: int
    solved_share: float | None
    months: list[Tally]
    sites: list[Tally]
    areas: list[Tally]
    devices: list[Tally]
    tasks: list[Tally]
    outcomes: list[Tally]
    ages: list[Tally]
    month: dt.date | None
    month_choices: list[dt.date]


def _tallies(rows: list[dict[str, Any]], key: str, labels: dict[Any, Any], total: int) -> list[Tally]:
    return _scaled([Tally(labels.get(r[key], r[key]), r["n"], r["m"] or 0, r["n"] / total if total else 0.0)
                    for r in rows])  # fmt: skip


def dashboard(*, city: Place, month: dt.date | None = None) -> Dashboard:
    """Aggregates only (no entry, no guide): by month over all time; the rest for the chosen month or all time."""
    all_logs = AssistLog.objects.filter(city=city)
    by_month = list(all_logs.annotate(mo=TruncMonth("occurred_on")).values("mo").annotate(
        n=Count("id"), m=Sum("minutes")).order_by("mo"))  # fmt: skip
    months_seen = [r["mo"] if isinstance(r["mo"], dt.date) else r["mo"].date() for r in by_month]
    logs = all_logs
    if month is not None:
        nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        logs = logs.filter(occurred_on__gte=month, occurred_on__lt=nxt)
    totals = logs.aggregate(n=Count("id"), m=Sum("minutes"), solved=Count("id", filter=Q(outcome="solved")))
    total = totals["n"] or 0
    grand = sum(r["n"] for r in by_month)
    months = [Tally(mo.strftime("%Y-%m"), r["n"], r["m"] or 0, r["n"] / grand if grand else 0.0)
              for mo, r in zip(months_seen, by_month, strict=True)]  # fmt: skip

    def group(field: str) -> list[dict[str, Any]]:
        return list(logs.values(field).annotate(n=Count("id"), m=Sum("minutes")).order_by("-n", field))

    site_rows = list(logs.values("facility_id", "facility__name", "facility__name_language", "place_text").annotate(
        n=Count("id"), m=Sum("minutes")).order_by("-n", "facility__name", "place_text")[:50])  # fmt: skip
    sites = [Tally(r["facility__name"] or r["place_text"] or _("not given"), r["n"], r["m"] or 0,
                   r["n"] / total if total else 0.0, lang=r["facility__name_language"] or "")
             for r in site_rows]  # fmt: skip
    data = CityData(city)
    older = data.values("pop_65plus")
    area_rows = group("area_id")
    areas = []
    for r in area_rows:
        area = data.by_id.get(r["area_id"])
        if area is None:
            label, lang, extra = _("area not given"), "", ""
        else:
            name, part_of = place_name(area), area_group(area)
            label, lang = f"{name.text} ({part_of.text})" if part_of.text else name.text, name.language
            extra = f"{1000 * r['n'] / older[area.pk]:.1f}" if older.get(area.pk) else ""
        areas.append(Tally(label, r["n"], r["m"] or 0, r["n"] / total if total else 0.0, extra=extra, lang=lang))
    return Dashboard(
        total=total, minutes=totals["m"] or 0, solved_share=(totals["solved"] / total) if total else None,
        months=_scaled(months), sites=_scaled(sites), areas=_scaled(areas),
        devices=_tallies(group("device"), "device", dict(AssistLog.Device.choices), total),
        tasks=_tallies(group("task"), "task", dict(AssistLog.Task.choices), total),
        outcomes=_tallies(group("outcome"), "outcome", dict(AssistLog.Outcome.choices), total),
        ages=_tallies(group("age_band"), "age_band", dict(AssistLog.AgeBand.choices), total),
        month=month, month_choices=months_seen,
    )  # fmt: skip
