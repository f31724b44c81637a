"""Writes for a pilot's lifecycle: create, plan (sites, tasks, criteria), phases, decision, report, catalogue."""

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.catalogue.models import Initiative, Stage
from madang.catalogue.services import initiative_create
from madang.core import roles
from madang.core.models import Place
from madang.matching.models import Need, Solution
from madang.notifications import events as notices
from madang.surveys.models import Survey

from .models import Pilot, ProviderChange, Site, SuccessCriterion, Task
from .policies import PilotPolicy, SuccessCriterionPolicy, TaskPolicy

PHASES = list(Pilot.Phase.values)


def _require(user: User, action: str, pilot: Pilot | None = None) -> None:
    if not PilotPolicy.allows(user, action, pilot):
        raise PermissionDenied


class PilotFields(TypedDict, total=False):
    """What the pilot form edits (PilotForm.Meta.fields): a pilot's own fields, never its manager or phase."""

    title: str
    language: str
    summary: str
    success_criteria: str
    need: Need | None
    solution: Solution
    city: Place
    plan_starts: dt.date | None
    recruit_starts: dt.date | None
    test_starts: dt.date | None
    evaluate_starts: dt.date | None
    decide_by: dt.date | None
    survey: Survey | None


def _manager_for(by: User, need: Need | None) -> int | None:
    """The organisation that manages a new pilot: the need's, when the creator edits for it, else the one
    organisation they edit for (a superuser without one is told by full_clean)."""
    own = roles.editor_org_ids(by)
    if need is not None and need.organisation_id in own:
        return need.organisation_id
    if len(own) > 1:
        raise ValidationError(
            _("You edit for several organisations: choose one of their needs, and its organisation manages the pilot.")
        )
    return next(iter(own), None)


def pilot_create(*, by: User, **fields: Unpack[PilotFields]) -> Pilot:
    _require(by, "add_pilot")
    pilot = Pilot(**fields)
    pilot.manager_id = _manager_for(by, fields.get("need"))  # type: ignore[assignment]
    pilot.full_clean()
    pilot.save()
    return pilot


def pilot_update(*, pilot: Pilot, by: User, **fields: Unpack[PilotFields]) -> Pilot:
    _require(by, "change_pilot", pilot)
    for name, value in fields.items():
        setattr(pilot, name, value)
    pilot.full_clean()
    pilot.save()
    return pilot


def _unlocked(pilot: Pilot) -> None:
    if pilot.criteria_locked:
        raise ValidationError(_("Testing has started: the success criteria and tasks are fixed."))


class CriterionFields(TypedDict, total=False):
    """What the criterion form sets (CriterionForm.Meta.fields)."""

    metric: str
    segment: str
    task: Task | None
    comparator: str
    target: float


class SiteFields(TypedDict, total=False):
    """What the site form sets (SiteForm.Meta.fields)."""

    name: str
    address: str
    kind: str
    helpline_phone: str
    helpline_hours: str


def criterion_add(*, pilot: Pilot, by: User, **fields: Unpack[CriterionFields]) -> SuccessCriterion:
    _require(by, "change_pilot", pilot)
    _unlocked(pilot)
    task = fields.get("task")
    if task is not None and task.pilot_id != pilot.pk:
        raise ValidationError(_("That task belongs to another pilot."))
    criterion = SuccessCriterion(pilot=pilot, **fields)
    criterion.full_clean()
    criterion.save()
    return criterion


def criterion_delete(*, criterion: SuccessCriterion, by: User) -> None:
    if not SuccessCriterionPolicy.allows(by, "delete_criterion", criterion):
        raise PermissionDenied
    _unlocked(criterion.pilot)
    criterion.delete()


def task_add(*, pilot: Pilot, by: User, title: str) -> Task:
    _require(by, "change_pilot", pilot)
    _unlocked(pilot)
    return Task.objects.create(pilot=pilot, title=title, order=pilot.tasks.count())


def task_delete(*, task: Task, by: User) -> None:
    if not TaskPolicy.allows(by, "delete_task", task):
        raise PermissionDenied
    _unlocked(task.pilot)
    task.delete()


@transaction.atomic
def site_add(*, pilot: Pilot, by: User, hosts: list[User] | None = None, **fields: Unpack[SiteFields]) -> Site:
    _require(by, "change_pilot", pilot)
    site = Site(pilot=pilot, **fields)
    site.full_clean()
    site.save()
    site.hosts.set(hosts or [])
    roles.forget(by)  # the manager may have made themselves a host
    return site


@transaction.atomic
def pilot_advance(*, pilot: Pilot, by: User) -> Pilot:
    """Move to the next phase. Entering the test phase fixes the success criteria and the tasks."""
    _require(by, "change_pilot", pilot)
    if pilot.phase == Pilot.Phase.DECIDE:
        raise ValidationError(_("The pilot is already in its last phase."))
    following = PHASES[PHASES.index(pilot.phase) + 1]
    if following == Pilot.Phase.TEST:
        if not pilot.tasks.exists() or not pilot.criteria.exists():
            raise ValidationError(_("Define at least one task and one success criterion before testing starts."))
        pilot.criteria_locked_at = timezone.now()
    pilot.phase = following
    pilot.save(update_fields=["phase", "criteria_locked_at", "updated_at"])
    return pilot


def pilot_decide(*, pilot: Pilot, by: User, decision: str, reasons: str) -> Pilot:
    _require(by, "change_pilot", pilot)
    if pilot.phase_index < PHASES.index(Pilot.Phase.EVALUATE):
        raise ValidationError(_("Decide after the results are in: move the pilot to evaluation first."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision."))
    pilot.decision, pilot.decision_reasons = decision, reasons.strip()
    pilot.phase = Pilot.Phase.DECIDE
    pilot.decided_at, pilot.decided_by = timezone.now(), by
    pilot.full_clean()
    pilot.save()
    notices.pilot_decided(pilot=pilot, by=by)
    return pilot


@transaction.atomic
def change_record(*, pilot: Pilot, by: User, description: str) -> ProviderChange:
    """The provider changed the solution: later testers count in the next iteration."""
    _require(by, "record_change", pilot)
    if not description.strip():
        raise ValidationError(_("Say what changed."))
    pilot.iteration += 1
    pilot.save(update_fields=["iteration", "updated_at"])
    return ProviderChange.objects.create(
        pilot=pilot, iteration=pilot.iteration, description=description.strip(), recorded_by=by
    )


def report_publish(*, pilot: Pilot, by: User, published: bool = True) -> Pilot:
    _require(by, "change_pilot", pilot)
    if published and not pilot.decision:
        raise ValidationError(_("Record the decision and its reasons before publishing the report."))
    pilot.report_published_at = timezone.now() if published else None
    pilot.save(update_fields=["report_published_at", "updated_at"])
    return pilot


@transaction.atomic
def pilot_to_initiative(*, pilot: Pilot, by: User, outcomes: list[dict[str, Any]], report_url: str) -> Initiative:
    """A draft catalogue entry from a published pilot report: its measured results become the entry's outcomes."""
    _require(by, "change_pilot", pilot)
    if pilot.report_published_at is None:
        raise ValidationError(_("Publish the report first."))
    if pilot.initiative_id is not None:
        raise ValidationError(_("This pilot already has a catalogue entry."))
    stage = {Pilot.Decision.SCALE: Stage.SCALING, Pilot.Decision.STOP: Stage.DISCONTINUED}.get(
        Pilot.Decision(pilot.decision), Stage.PILOT
    )
    summary = pilot.summary or pilot.title
    testers = pilot.testers.all()
    groups = ["seniors"] if testers.filter(age_band__in=["65_74", "75_plus"]).exists() else []
    if any(t.accessibility_needs for t in testers.only("accessibility_needs")):
        groups.append("disabilities")
    initiative = initiative_create(
        by=by,
        owner=pilot.manager,
        slug=f"pilot-{pilot.pk}",
        original_language=pilot.language,
        domain=pilot.solution.domain,
        city=pilot.city,
        stage=stage,
        start_year=(pilot.test_starts or pilot.created_at).year,
        translations={
            pilot.language: {"title": pilot.title, "summary": summary[:2000], "body": pilot.decision_reasons}
        },
        groups_served=groups,
        partners=[(pilot.manager, "lead"), (pilot.solution.organisation, "technology_provider")],
        outcomes=outcomes,
        sources=[(str(_("Pilot report")), report_url)],
    )
    pilot.initiative = initiative
    pilot.save(update_fields=["initiative", "updated_at"])
    return initiative
