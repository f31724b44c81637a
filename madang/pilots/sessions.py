"""Writes for the tester panel and the facilitator's sessions: registration, withdrawal, drafts, results."""

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.surveys.models import Answer, Question, Response
from madang.surveys.services import response_submit

from .models import Pilot, Questionnaire, SessionDraft, Task, TaskResult, Tester
from .policies import PilotPolicy, SessionDraftPolicy, SitePolicy, TesterPolicy

RETENTION_DAYS = 365
CONSENT_VERSION = "2026-11"
OPEN_FOR_SELF_REGISTRATION = (Pilot.Phase.RECRUIT, Pilot.Phase.TEST)
OPEN_FOR_ASSISTED_REGISTRATION = (Pilot.Phase.PLAN, Pilot.Phase.RECRUIT, Pilot.Phase.TEST)


def retention_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=RETENTION_DAYS)


@transaction.atomic
def tester_register(*, pilot: Pilot, by: User | None, assisted: bool = False, **fields: Any) -> Tester:
    """A resident volunteers (by=None or themselves) or staff register them (assisted; the staff member is kept)."""
    if assisted:
        if by is None or not PilotPolicy.allows(by, "register_tester", pilot):
            raise PermissionDenied
        site = fields.get("site")
        if site is not None and (site.pilot_id != pilot.pk or not SitePolicy.allows(by, "register_at_site", site)):
            raise PermissionDenied
        if pilot.phase not in OPEN_FOR_ASSISTED_REGISTRATION:
            raise ValidationError(_("This pilot is no longer recruiting testers."))
    elif pilot.phase not in OPEN_FOR_SELF_REGISTRATION:
        raise ValidationError(_("This pilot is not recruiting testers right now."))
    # Lock the pilot row so two registrations at once cannot take the same code.
    Pilot.objects.select_for_update().filter(pk=pilot.pk).first()
    number = pilot.testers.count() + 1
    tester = Tester(
        pilot=pilot, code=f"T{number:04d}", consent_version=CONSENT_VERSION, consented_at=timezone.now(),
        retain_until=retention_date(), registered_by=by if assisted else None,
        user=by if (by is not None and by.is_authenticated and not assisted) else None,
        withdraw_token=secrets.token_urlsafe(32), iteration=pilot.iteration, **fields,
    )  # fmt: skip
    tester.full_clean()
    tester.save()
    return tester


@transaction.atomic
def tester_withdraw(*, tester: Tester, by: User | None = None) -> Tester:
    """Erase the tester's name and contact now; their results stay, under the anonymous code, for statistics."""
    # The volunteer themselves (signed in) may always leave; staff as the policy says.
    if by is not None and tester.user_id != by.pk and not TesterPolicy.allows(by, "withdraw_tester", tester):
        raise PermissionDenied
    tester.withdrawn_at = tester.withdrawn_at or timezone.now()
    _contacts_erase(tester)
    return tester


@transaction.atomic
def _contacts_erase(tester: Tester) -> None:
    """One erasure for withdrawal and for the retention date, so the promise in the consent text is the same."""
    tester.name = ""
    tester.contact = ""
    tester.neighbourhood = ""
    tester.user = None
    tester.erased_at = tester.erased_at or timezone.now()
    tester.save(update_fields=["name", "contact", "neighbourhood", "user", "withdrawn_at", "erased_at"])
    # Free text may identify a person: comments and free-text answers go, numbers stay.
    Questionnaire.objects.filter(tester=tester).update(comments="", comment_vector=None)
    response_ids = Questionnaire.objects.filter(tester=tester).values_list("response_id", flat=True)
    Answer.objects.filter(response_id__in=response_ids, question__kind=Question.Kind.TEXT).delete()
    tester.drafts.all().delete()


def testers_erase_expired(*, today: dt.date | None = None) -> int:
    """Erase the contacts of testers whose retention date has passed, as withdrawal does; results stay anonymous.
    Rows already erased are skipped, so running it again changes nothing."""
    today = today or timezone.localdate()
    expired = Tester.objects.filter(retain_until__lt=today, erased_at__isnull=True, withdrawn_at__isnull=True)
    count = 0
    for tester in expired.iterator():
        _contacts_erase(tester)
        count += 1
    return count


def _may_record(by: User, tester: Tester) -> None:
    if not TesterPolicy.allows(by, "record_for_tester", tester):
        raise PermissionDenied
    if tester.withdrawn_at is not None:
        raise ValidationError(_("This tester has withdrawn; no new results can be recorded."))


def result_record(*, tester: Tester, task: Task, by: User, **fields: Any) -> TaskResult:
    _may_record(by, tester)
    if task.pilot_id != tester.pilot_id:
        raise PermissionDenied
    result, _created = TaskResult.objects.update_or_create(tester=tester, task=task, defaults=fields)
    return result


# ------------------------------------------------------------------ sessions, one step at a time
def session_steps(pilot: Pilot) -> list[str]:
    """Step keys: one per task, then the SUS, then the closing questions."""
    return [f"task:{pk}" for pk in pilot.tasks.values_list("pk", flat=True)] + ["sus", "closing"]


def session_start(*, tester: Tester, by: User) -> SessionDraft:
    """Resume this facilitator's open draft for the tester, or start one."""
    _may_record(by, tester)
    if tester.pilot.phase != Pilot.Phase.TEST:
        raise ValidationError(_("Sessions are recorded during the test phase."))
    draft = SessionDraft.objects.filter(tester=tester, facilitator=by, submitted_at__isnull=True).first()
    return draft or SessionDraft.objects.create(pilot=tester.pilot, tester=tester, facilitator=by)


def _may_continue(by: User, draft: SessionDraft) -> None:
    if not SessionDraftPolicy.allows(by, "record_session", draft):
        raise PermissionDenied
    if draft.submitted_at is not None:
        raise ValidationError(_("This session is already submitted."))
    _may_record(by, draft.tester)


def session_save_step(*, draft: SessionDraft, by: User, key: str, values: dict[str, Any]) -> SessionDraft:
    """Keep what was entered on one page; the draft moves on to the first step not yet answered."""
    _may_continue(by, draft)
    steps = session_steps(draft.pilot)
    if key not in steps:
        raise ValidationError(_("This step is not part of the session."))
    draft.data = {**draft.data, key: values}
    draft.step = next((i for i, k in enumerate(steps) if k not in draft.data), len(steps))
    draft.save(update_fields=["data", "step", "updated_at"])
    return draft


@transaction.atomic
def session_submit(*, draft: SessionDraft, by: User, language: str) -> Questionnaire:
    """Turn a complete draft into results, the SUS questionnaire and the pilot's extra answers, all or nothing."""
    _may_continue(by, draft)
    tester = draft.tester
    steps = session_steps(draft.pilot)
    missing = [k for k in steps if k not in draft.data]
    if missing:
        raise ValidationError(_("Some steps are not filled in yet."))
    tasks = {f"task:{t.pk}": t for t in draft.pilot.tasks.all()}
    for key, task in tasks.items():
        v = draft.data[key]
        result_record(
            tester=tester, task=task, by=by, outcome=v["outcome"], seconds=v.get("seconds"),
            errors=v.get("errors") or 0, assists=v.get("assists") or 0, ease=v.get("ease"),
        )  # fmt: skip
    closing = draft.data["closing"]
    extra = {int(k[1:]): v for k, v in closing.items() if k.startswith("q")}
    response: Response | None = None
    if draft.pilot.survey_id is not None and extra:
        response = response_submit(survey=draft.pilot.survey, language=language, answers=extra)  # type: ignore[arg-type]
    sus = [draft.data["sus"][f"sus_{n}"] for n in range(1, 11)]
    questionnaire, _created = Questionnaire.objects.update_or_create(
        tester=tester,
        defaults={"sus": sus, "satisfaction": closing.get("satisfaction"), "comments": closing.get("comments", ""),
                  "comment_vector": None, "response": response},
    )  # fmt: skip
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["submitted_at", "updated_at"])
    if questionnaire.comments:
        from .reports import comment_vectors_schedule

        comment_vectors_schedule(pilot=draft.pilot)  # embedded by the worker, ready for the report's themes
    return questionnaire
