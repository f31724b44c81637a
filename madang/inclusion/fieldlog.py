"""Writes for digital guides: the city's editors manage guides; a guide records assists in three short steps,
each saved on the server (like the pilots' SessionDraft), so a dropped connection loses at most one page."""

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

STEPS = ("where", "what", "result")


def _may_manage(by: User, organisation: Organisation) -> None:
    if organisation.city_id is None or not by.has_perm("inclusion.manage_guides", organisation.city):
        raise PermissionDenied


def guide_add(*, organisation: Organisation, username: str, by: User) -> Guide:
    """Register an existing account as a guide of the city organisation (or reactivate it)."""
    _may_manage(by, organisation)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"username": _("No account with the user name “%(name)s”. Ask the guide to sign up "
                                             "first.") % {"name": username}})  # fmt: skip
    guide, created = Guide.objects.get_or_create(user=user, organisation=organisation, defaults={"added_by": by})
    if not created and not guide.is_active:
        guide.is_active = True
        guide.save(update_fields=["is_active"])
    return guide


def guide_set_active(*, guide: Guide, active: bool, by: User) -> Guide:
    """Deactivating keeps the guide's entries (they count in the dashboards); the guide can no longer record."""
    _may_manage(by, guide.organisation)
    guide.is_active = active
    guide.save(update_fields=["is_active"])
    return guide


def guide_set_sites(*, guide: Guide, sites: list[Facility], by: User) -> Guide:
    _may_manage(by, guide.organisation)
    if any(s.city_id != guide.organisation.city_id for s in sites):
        raise ValidationError(_("A guide's sites must be in the guide's city."))
    guide.sites.set(sites)
    return guide


def _may_record(guide: Guide, by: User) -> None:
    if guide.user_id != by.pk or not guide.is_active or guide.organisation.city_id is None:
        raise PermissionDenied


def assist_start(*, guide: Guide, by: User) -> AssistDraft:
    """Resume the guide's open draft, or start one."""
    _may_record(guide, by)
    draft = AssistDraft.objects.filter(guide=guide, submitted_at__isnull=True).first()
    return draft or AssistDraft.objects.create(guide=guide)


def _check_step(guide: Guide, key: str, values: dict[str, Any]) -> None:
    city_id = guide.organisation.city_id
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
    _may_record(draft.guide, by)
    if draft.submitted_at is not None:
        raise PermissionDenied
    if key not in STEPS:
        raise ValidationError(_("This step is not part of the form."))
    _check_step(draft.guide, key, values)
    draft.data = {**draft.data, key: values}
    draft.step = next((i for i, k in enumerate(STEPS) if k not in draft.data), len(STEPS))
    draft.save(update_fields=["data", "step", "updated_at"])
    return draft


@transaction.atomic
def assist_submit(*, draft: AssistDraft, by: User) -> AssistLog:
    """Turn a complete draft into one log entry."""
    _may_record(draft.guide, by)
    draft = AssistDraft.objects.select_for_update().get(pk=draft.pk)  # a double tap must not save twice
    if draft.submitted_at is not None:
        raise ValidationError(_("This assist is already saved."))
    missing = [k for k in STEPS if k not in draft.data]
    if missing:
        raise ValidationError(_("Some steps are not filled in yet."))
    where, what, result = (draft.data[k] for k in STEPS)
    for key in STEPS:
        _check_step(draft.guide, key, draft.data[key])
    city_id = draft.guide.organisation.city_id
    assert city_id is not None  # _may_record refuses guides of organisations without a city
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
