"""Writes for digital guides: the editors of the city's government manage guides; a guide records assists in three
short steps, each saved on the server (like the pilots' SessionDraft), so a dropped connection loses at most one
page. Who may do which is madang/inclusion/policies.py's."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.core.models import Organisation, Place

from .models import AssistDraft, AssistLog, Facility, Guide
from .policies import GuidePolicy, InclusionCityPolicy, guide_city_id

STEPS = ("where", "what", "result")


def guide_add(*, organisation: Organisation, username: str, by: User) -> Guide:
    """Register an existing account as a guide of a city's government (or reactivate it)."""
    if organisation.governs is None or not InclusionCityPolicy.allows(by, "manage_guides", organisation.governs):
        raise PermissionDenied
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"username": _("No account with the user name “%(name)s”. Ask the guide to sign up "
                                             "first.") % {"name": username}})  # fmt: skip
    guide, created = Guide.objects.get_or_create(user=user, organisation=organisation, defaults={"added_by": by})
    if not created and not guide.is_active:
        guide.is_active = True
        guide.save(update_fields=["is_active"])
    return guide


def _may_change(by: User, guide: Guide) -> None:
    if not GuidePolicy.allows(by, "change_guide", guide):
        raise PermissionDenied


def guide_set_active(*, guide: Guide, active: bool, by: User) -> Guide:
    """Deactivating keeps the guide's entries (they count in the dashboards); the guide can no longer record."""
    _may_change(by, guide)
    guide.is_active = active
    guide.save(update_fields=["is_active"])
    return guide


def guide_set_sites(*, guide: Guide, sites: list[Facility], by: User) -> Guide:
    _may_change(by, guide)
    city_id = guide_city_id(guide)
    if any(s.city_id != city_id for s in sites):
        raise ValidationError(_("A guide's sites must be in the guide's city."))
    guide.sites.set(sites)
    return guide


def _may_record(guide: Guide, by: User) -> int:
    """The city the assist is recorded for, if `by` may record as this guide."""
    city_id = guide_city_id(guide)
    # Even a superuser cannot record for a guide whose organisation governs no city: the entry would have no city.
    if city_id is None or not GuidePolicy.allows(by, "record_as_guide", guide):
        raise PermissionDenied
    return city_id


def assist_start(*, guide: Guide, by: User) -> AssistDraft:
    """Resume the guide's open draft, or start one."""
    _may_record(guide, by)
    draft = AssistDraft.objects.filter(guide=guide, submitted_at__isnull=True).first()
    return draft or AssistDraft.objects.create(guide=guide)


def _check_step(city_id: int, key: str, values: dict[str, Any]) -> None:
    if key == "where":
        facility, area = values.get("facility"), values.get("area")
        if facility and not Facility.objects.filter(pk=facility, city_id=city_id).exists():
            raise ValidationError(_("This site is not in your city."))
        if area and not Place.objects.filter(pk=area, parent_id=city_id, kind=Place.Kind.DISTRICT).exists():
            raise ValidationError(_("This area is not in your city."))
        if not facility and not values.get("place_text"):
            raise ValidationError(_("Choose a site or write where you are."))


def assist_save_step(*, draft: AssistDraft, by: User, key: str, values: dict[str, Any]) -> AssistDraft:
    """Keep one page's answers; the draft moves on to the first step not yet answered."""
    city_id = _may_record(draft.guide, by)
    if draft.submitted_at is not None:
        raise PermissionDenied
    if key not in STEPS:
        raise ValidationError(_("This step is not part of the form."))
    _check_step(city_id, key, values)
    draft.data = {**draft.data, key: values}
    draft.step = next((i for i, k in enumerate(STEPS) if k not in draft.data), len(STEPS))
    draft.save(update_fields=["data", "step", "updated_at"])
    return draft


@transaction.atomic
def assist_submit(*, draft: AssistDraft, by: User) -> AssistLog:
    """Turn a complete draft into one log entry."""
    city_id = _may_record(draft.guide, by)
    draft = AssistDraft.objects.select_for_update().get(pk=draft.pk)  # a double tap must not save twice
    if draft.submitted_at is not None:
        raise ValidationError(_("This assist is already saved."))
    missing = [k for k in STEPS if k not in draft.data]
    if missing:
        raise ValidationError(_("Some steps are not filled in yet."))
    where, what, result = (draft.data[k] for k in STEPS)
    for key in STEPS:
        _check_step(city_id, key, draft.data[key])
    facility = Facility.objects.filter(pk=where.get("facility")).first() if where.get("facility") else None
    area_id = where.get("area") or (facility.area_id if facility else None)
    log = AssistLog(
        guide=draft.guide, city_id=city_id, facility=facility,
        place_text="" if facility else where.get("place_text", "")[:200], area_id=area_id,
        occurred_on=dt.date.fromisoformat(where["occurred_on"]), device=what["device"], task=what["task"],
        minutes=result["minutes"], outcome=result["outcome"], age_band=result["age_band"],
    )  # fmt: skip
    log.full_clean()
    log.save()
    draft.submitted_at, draft.log = timezone.now(), log
    draft.save(update_fields=["submitted_at", "log", "updated_at"])
    return log
