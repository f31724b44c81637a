"""Writes for proposals and their evaluation. The call's deadline is enforced here: after the end of the closing
day (settings.TIME_ZONE) nothing of a proposal changes and nothing is submitted."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TypedDict, Unpack
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madang.accounts.limits import key_of, rate_limit_use
from madang.accounts.models import User
from madang.catalogue.models import Initiative
from madang.conversations.attachments import check_files
from madang.core.models import Place
from madang.matching.models import Match, Need, Solution
from madang.matching.services import match_transition
from madang.notifications.recipients import editors_of
from madang.notifications.services import notify
from madang.notifications.verbs import Verb
from madang.pilots.models import Pilot
from madang.pilots.services import pilot_create

from .models import (
    MAX_APPROACH,
    MAX_DOCUMENTS,
    MAX_SCORE,
    MAX_TIMELINE,
    ConflictDeclaration,
    Criterion,
    Evaluation,
    Evaluator,
    Proposal,
    ProposalDocument,
    Score,
    ScoreSheet,
)
from .policies import CallPolicy, EvaluatorPolicy, ProposalPolicy

MAX_CRITERIA = 30


class ProposalFields(TypedDict, total=False):
    """What the proposal form edits: never its need, organisation, solution or status."""

    approach: str
    price_amount: Decimal | None
    currency: str
    cost_model: str
    timeline: str
    deployments: Iterable[Place]
    initiatives: Iterable[Initiative]
    pilot_reports: Iterable[Pilot]


# ------------------------------------------------------------------ the call's deadline
def call_deadline(need: Need) -> dt.datetime:
    """The first moment after the call: midnight ending its closing day, in the site's time zone."""
    day = need.call_closes + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def call_has_closed(need: Need, now: dt.datetime | None = None) -> bool:
    """Past its deadline, or moved on by the city (shortlisting, piloting, closed) before it."""
    past = (now or timezone.now()) >= call_deadline(need)
    return need.is_public and (past or need.status != Need.Status.OPEN_CALL)


def call_is_open(need: Need, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    opens = dt.datetime.combine(need.call_opens, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return need.status == Need.Status.OPEN_CALL and opens <= now < call_deadline(need)


def _refuse_unless_open(need: Need) -> None:
    if not call_is_open(need):
        raise ValidationError(
            _("The call for this need is not open (it closed at the end of %(date)s): late proposals are refused, "
              "and nothing of a proposal can be changed or submitted.") % {"date": need.call_closes.isoformat()}
        )  # fmt: skip


def _refuse_until_closed(need: Need) -> None:
    if not call_has_closed(need):
        raise ValidationError(
            _("The call is open until the end of %(date)s: proposals are compared after it closes.")
            % {"date": need.call_closes.isoformat()}
        )


# ------------------------------------------------------------------ the provider's proposal
def _check_terms(proposal: Proposal) -> None:
    if proposal.cost_model != Proposal.CostModel.FREE and (proposal.price_amount is None or not proposal.currency):
        raise ValidationError({"price_amount": _("Give the price and its currency, or choose free or donated.")})
    if proposal.price_amount is not None and proposal.price_amount < 0:
        raise ValidationError({"price_amount": _("A price cannot be negative.")})


def _set_references(proposal: Proposal, fields: ProposalFields) -> None:
    solution, org = proposal.solution, proposal.organisation_id
    allowed = {
        "deployments": set(solution.deployments.values_list("pk", flat=True)),
        "initiatives": set(solution.initiatives.values_list("pk", flat=True))
        | set(Initiative.objects.filter(owner_id=org, is_published=True).values_list("pk", flat=True)),
        "pilot_reports": set(
            Pilot.objects.filter(solution__organisation_id=org, report_published_at__isnull=False).values_list(
                "pk", flat=True
            )
        ),
    }
    for name, ids in allowed.items():
        if name not in fields:
            continue
        chosen = list(fields[name])  # type: ignore[literal-required]
        if any(item.pk not in ids for item in chosen):
            raise ValidationError({name: _("Choose references of this solution and of your own organisation only.")})
        getattr(proposal, name).set(chosen)


def _save(proposal: Proposal, fields: ProposalFields) -> Proposal:
    for name in ("approach", "price_amount", "currency", "cost_model", "timeline"):
        if name in fields:
            setattr(proposal, name, fields[name])
    if len(proposal.approach) > MAX_APPROACH or len(proposal.timeline) > MAX_TIMELINE:
        raise ValidationError(_("The approach or the timeline is longer than allowed."))
    if proposal.cost_model == Proposal.CostModel.FREE and not proposal.price_amount:
        proposal.price_amount, proposal.currency = None, ""
    _check_terms(proposal)
    proposal.full_clean(exclude=["deployments", "initiatives", "pilot_reports"])
    proposal.save()
    _set_references(proposal, fields)
    return proposal


@transaction.atomic
def proposal_create(
    *,
    need: Need,
    solution: Solution,
    by: User,
    files: list[UploadedFile] | None = None,
    **fields: Unpack[ProposalFields],
) -> Proposal:
    """A draft answer to the call for the solution's organisation, which must be one the person edits for."""
    if not CallPolicy.allows(by, "propose", need):
        raise PermissionDenied
    probe = Proposal(need=need, organisation=solution.organisation, solution=solution)
    if not ProposalPolicy.allows(by, "change_proposal", probe):
        raise PermissionDenied
    _refuse_unless_open(need)
    if not solution.is_published:
        raise ValidationError({"solution": _("Publish the solution first: the city must be able to read it.")})
    if Proposal.objects.filter(need=need, organisation=solution.organisation).exists():
        raise ValidationError(_("Your organisation has already answered this call: edit its proposal instead."))
    probe.created_by = by
    _count_save(by)
    try:
        with transaction.atomic():
            proposal = _save(probe, fields)
    except IntegrityError as exc:  # the same organisation's second tab, a moment later
        raise ValidationError(
            _("Your organisation has already answered this call: edit its proposal instead.")
        ) from exc
    documents_add(proposal=proposal, by=by, files=files or [])
    return proposal


def _editable(proposal: Proposal, by: User) -> None:
    if not ProposalPolicy.allows(by, "change_proposal", proposal):
        raise PermissionDenied
    _refuse_unless_open(proposal.need)
    if proposal.status == Proposal.Status.SUBMITTED:
        raise ValidationError(_("The proposal is submitted: withdraw it to change it, then submit it again."))


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, by: User, files: list[UploadedFile] | None = None, **fields: Unpack[ProposalFields]
) -> Proposal:
    _editable(proposal, by)
    _count_save(by)
    _save(proposal, fields)
    documents_add(proposal=proposal, by=by, files=files or [])
    return proposal


def _count_save(by: User) -> None:
    """Saving a draft stores up to 25 MB of documents: a person saves at most 60 times an hour (RateLimited)."""
    rate_limit_use(scope="proposal_save", keys=[key_of("user", str(by.pk))])


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: User) -> Proposal:
    """Submit before the deadline; the need owner's editors hear of it."""
    _editable(proposal, by)
    proposal.full_clean(exclude=["deployments", "initiatives", "pilot_reports"])
    _check_terms(proposal)
    proposal.status, proposal.submitted_at = Proposal.Status.SUBMITTED, timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    # The need owner's editors, and the evaluators already named, who have a proposal to score.
    evaluators = User.objects.filter(evaluations__evaluation__need_id=proposal.need_id, is_active=True)
    recipients = {u.pk: u for u in [*editors_of(proposal.need.organisation), *evaluators]}
    notify(recipients=recipients.values(), verb=Verb.PROPOSAL_SUBMITTED, target=proposal, actor=by)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User) -> Proposal:
    if not ProposalPolicy.allows(by, "change_proposal", proposal):
        raise PermissionDenied
    _refuse_unless_open(proposal.need)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be withdrawn."))
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


def documents_add(*, proposal: Proposal, by: User, files: list[UploadedFile]) -> list[ProposalDocument]:
    """Files checked by their content (the conversations' rules: allowed types, 5 MB each), at most 5 a proposal."""
    if not files:
        return []
    if proposal.documents.count() + len(files) > MAX_DOCUMENTS:
        raise ValidationError(
            {"documents": _("A proposal has at most %(count)d documents.") % {"count": MAX_DOCUMENTS}}
        )
    # One file at a time: the conversations' check caps a message at 3 files, a proposal has its own cap above.
    checked, errors = [], []
    for upload in files:
        try:
            checked += check_files([upload])
        except ValidationError as exc:
            errors += exc.messages
    if errors:
        raise ValidationError({"documents": errors})
    return [
        ProposalDocument.objects.create(
            proposal=proposal, name=f.name, content_type=f.content_type, size=len(f.data), data=f.data, uploaded_by=by
        )
        for f in checked
    ]


@transaction.atomic
def document_delete(*, document: ProposalDocument, by: User) -> None:
    _editable(document.proposal, by)
    document.delete()


# ------------------------------------------------------------------ the city's evaluation
def _criteria_lines(text: str) -> list[str]:
    lines = [line.strip().lstrip("-*•·").strip() for line in text.splitlines()]
    return [line[:500] for line in lines if line][:MAX_CRITERIA]


def _evaluation_for(need: Need) -> Evaluation:
    """The scoring sheet, made from the need's criteria (fixed since the call opened) on first use."""
    evaluation, created = Evaluation.objects.get_or_create(need=need)
    if created:
        Criterion.objects.bulk_create(
            Criterion(evaluation=evaluation, text=text, order=i)
            for i, text in enumerate(_criteria_lines(need.evaluation_criteria))
        )
    return evaluation


@transaction.atomic
def evaluator_add(*, need: Need, user: User, by: User) -> Evaluator:
    if not CallPolicy.allows(by, "manage_evaluation", need):
        raise PermissionDenied
    if not need.is_public:
        raise ValidationError(_("Open the call before naming evaluators: its criteria are fixed then."))
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    evaluation = _evaluation_for(need)
    evaluator, created = Evaluator.objects.get_or_create(evaluation=evaluation, user=user, defaults={"named_by": by})
    if not created:
        raise ValidationError(_("This person is already an evaluator of this call."))
    notify(recipients=[user], verb=Verb.EVALUATOR_NAMED, target=need, actor=by)
    return evaluator


@transaction.atomic
def evaluator_remove(*, evaluator: Evaluator, by: User) -> None:
    """Named by mistake: removed while they have scored nothing (scores given stay part of the record)."""
    if not EvaluatorPolicy.allows(by, "remove_evaluator", evaluator):
        raise PermissionDenied
    if evaluator.sheets.exists():
        raise ValidationError(_("This evaluator has already scored proposals, so they stay on the record."))
    evaluator.delete()


@transaction.atomic
def criteria_weigh(*, need: Need, weights: Mapping[int, int], by: User) -> list[Criterion]:
    """Weights, equal by default, may change until the first scores are in (they would change others' results)."""
    if not CallPolicy.allows(by, "manage_evaluation", need):
        raise PermissionDenied
    evaluation = Evaluation.objects.filter(need=need).first()
    if evaluation is None:
        raise ValidationError(_("Name an evaluator first: the scoring sheet is made then."))
    if ScoreSheet.objects.filter(proposal__need=need).exists():
        raise ValidationError(_("Scoring has started: the weights are fixed."))
    criteria = list(evaluation.criteria.all())
    for criterion in criteria:
        weight = weights.get(criterion.pk, criterion.weight)
        if not 1 <= weight <= 100:
            raise ValidationError(_("Each weight is a whole number from 1 to 100."))
        criterion.weight = weight
    Criterion.objects.bulk_update(criteria, ["weight"])
    return criteria


def _evaluator_of(proposal: Proposal, by: User) -> Evaluator:
    if not ProposalPolicy.allows(by, "score_proposal", proposal):
        raise PermissionDenied
    evaluator = Evaluator.objects.filter(evaluation__need_id=proposal.need_id, user=by).first()
    if evaluator is None:
        raise ValidationError(_("You are not an evaluator of this call."))
    return evaluator


@transaction.atomic
def conflict_declare(*, proposal: Proposal, by: User, note: str) -> ConflictDeclaration:
    """Recorded for the city to see; the evaluator's scores for this proposal no longer count."""
    evaluator = _evaluator_of(proposal, by)
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        evaluator=evaluator, proposal=proposal, defaults={"has_conflict": True, "note": note.strip()[:2000]}
    )
    return declaration


@transaction.atomic
def sheet_submit(*, proposal: Proposal, by: User, scores: Mapping[int, tuple[int, str]]) -> ScoreSheet:
    """One evaluator's scores (criterion id -> (0-10, comment)) for one proposal, with no conflict declared."""
    evaluator = _evaluator_of(proposal, by)
    if ConflictDeclaration.objects.filter(evaluator=evaluator, proposal=proposal, has_conflict=True).exists():
        raise ValidationError(_("You declared a conflict of interest with this proposal: you do not score it."))
    if ScoreSheet.objects.filter(evaluator=evaluator, proposal=proposal).exists():
        raise ValidationError(_("You have already scored this proposal."))
    criteria = list(evaluator.evaluation.criteria.all())
    if {c.pk for c in criteria} != set(scores):
        raise ValidationError(_("Score every criterion."))
    if any(not 0 <= value <= MAX_SCORE for value, _comment in scores.values()):
        raise ValidationError(_("Each score is a whole number from 0 to 10."))
    ConflictDeclaration.objects.get_or_create(evaluator=evaluator, proposal=proposal, defaults={"has_conflict": False})
    sheet = ScoreSheet.objects.create(evaluator=evaluator, proposal=proposal)
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=c, value=scores[c.pk][0], comment=scores[c.pk][1].strip()[:2000]) for c in criteria
    )
    return sheet


@transaction.atomic
def results_release(*, need: Need, by: User) -> Evaluation:
    """Providers see their own scores and the comments; each provider's editors hear of it."""
    if not CallPolicy.allows(by, "manage_evaluation", need):
        raise PermissionDenied
    _refuse_until_closed(need)
    evaluation = Evaluation.objects.select_for_update().filter(need=need).first()
    if evaluation is None:
        raise ValidationError(_("Name evaluators and let them score before releasing the results."))
    if evaluation.results_released_at is not None:
        raise ValidationError(_("The results were already released."))
    evaluation.results_released_at, evaluation.released_by = timezone.now(), by
    evaluation.save(update_fields=["results_released_at", "released_by"])
    for proposal in Proposal.objects.filter(need=need, status=Proposal.Status.SUBMITTED).select_related("organisation"):
        notify(recipients=editors_of(proposal.organisation), verb=Verb.PROPOSAL_SCORED, target=proposal, actor=by)
    return evaluation


def proposal_shortlist(*, proposal: Proposal, by: User) -> Match:
    """The need-solution match, through matching's own step, so the match's history records it."""
    if not ProposalPolicy.allows(by, "shortlist_proposal", proposal):
        raise PermissionDenied
    _refuse_until_closed(proposal.need)
    if Match.objects.filter(need_id=proposal.need_id, solution_id=proposal.solution_id).exists():
        raise ValidationError(_("This solution is already on the need's shortlist."))
    try:
        return match_transition(need=proposal.need, solution=proposal.solution, action="shortlisted", by=by)
    except PermissionDenied as exc:  # the solution was unpublished since
        raise ValidationError(_("The solution is no longer published, so it cannot be shortlisted.")) from exc


@transaction.atomic
def proposal_start_pilot(*, proposal: Proposal, by: User) -> Pilot:
    """A pilot with the need, the solution, the city and the organisations filled in, through pilots' service."""
    if not ProposalPolicy.allows(by, "start_pilot", proposal):
        raise PermissionDenied
    if proposal.pilot_id is not None:
        return proposal.pilot  # type: ignore[return-value]
    _refuse_until_closed(proposal.need)
    need, solution = proposal.need, proposal.solution
    with translation.override(need.language):
        criteria = _("To be fixed before testing starts.")
    try:
        pilot = pilot_create(
            by=by, need=need, solution=solution, city=need.city, language=need.language,
            title=f"{need.title} – {solution.title}"[:200], summary=proposal.approach, success_criteria=criteria,
        )  # fmt: skip
    except PermissionDenied as exc:
        raise ValidationError(_("Only the city's editors start a pilot.")) from exc
    proposal.pilot = pilot
    proposal.save(update_fields=["pilot", "updated_at"])
    return pilot
