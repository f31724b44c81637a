"""Writes for pilots: tester registration (self or assisted), withdrawal, and recorded results."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from madang.accounts.models import User

from .models import Pilot, Questionnaire, Task, TaskResult, Tester

RETENTION_DAYS = 365
CONSENT_VERSION = "2026-11"


@transaction.atomic
def tester_register(*, pilot: Pilot, by: User | None, assisted: bool = False, **fields: Any) -> Tester:
    """A resident volunteers (by=None or themselves) or staff register them (assisted; the staff member is kept)."""
    if assisted and (by is None or not by.has_perm("pilots.register_tester", pilot)):
        raise PermissionDenied
    number = pilot.testers.count() + 1
    tester = Tester(
        pilot=pilot, code=f"T{number:04d}", consent_version=CONSENT_VERSION, consented_at=timezone.now(),
        retain_until=timezone.localdate() + dt.timedelta(days=RETENTION_DAYS),
        registered_by=by if assisted else None, **fields,
    )  # fmt: skip
    tester.full_clean()
    tester.save()
    return tester


@transaction.atomic
def tester_withdraw(*, tester: Tester) -> Tester:
    """Erase the tester's name and contact now; their results stay, under the anonymous code, for statistics."""
    tester.name = ""
    tester.contact = ""
    tester.neighbourhood = ""
    tester.withdrawn_at = timezone.now()
    tester.save(update_fields=["name", "contact", "neighbourhood", "withdrawn_at"])
    Questionnaire.objects.filter(tester=tester).update(comments="")  # free text may identify a person
    return tester


def result_record(*, tester: Tester, task: Task, by: User, **fields: Any) -> TaskResult:
    if not by.has_perm("pilots.record_results", tester.pilot) or task.pilot_id != tester.pilot_id:
        raise PermissionDenied
    if tester.withdrawn_at is not None:
        raise PermissionDenied
    result, _ = TaskResult.objects.update_or_create(tester=tester, task=task, defaults=fields)
    return result
