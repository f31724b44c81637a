"""Reads for proposals: what a person may see, and the evaluation's results (means, spread, weighted totals)."""

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from madang.catalogue.models import Initiative
from madang.core.models import Place
from madang.matching.models import Match, Need, Solution
from madang.matching.policies import SolutionPolicy
from madang.pilots.models import Pilot

from .models import ConflictDeclaration, Criterion, Evaluation, Evaluator, Proposal, ProposalDocument, Score, ScoreSheet
from .policies import CallPolicy, ProposalPolicy, evaluated_need_ids


def call_get_for(*, user: Any, pk: int, action: str) -> Need:
    return CallPolicy.get(user, action, base=Need.objects.select_related("organisation", "city"), pk=pk)


def proposal_get_for(*, user: Any, pk: int, action: str = "view_proposal") -> Proposal:
    base = Proposal.objects.select_related("need__organisation", "need__city", "organisation", "solution")
    return ProposalPolicy.get(user, action, base=base, pk=pk)


def document_get_for(*, user: Any, pk: int, doc: int, action: str = "view_proposal") -> ProposalDocument:
    proposal = proposal_get_for(user=user, pk=pk, action=action)
    found = proposal.documents.filter(pk=doc).first()
    if found is None:
        raise Http404
    return found


def solutions_to_propose(*, user: Any) -> QuerySet[Solution]:
    """The published solutions of the organisations the person edits for: a proposal offers one of its own."""
    base = Solution.objects.filter(is_published=True).select_related("organisation")
    return SolutionPolicy.queryset(user, "change_solution", base=base).order_by("title", "pk")


def reference_choices(*, solutions: QuerySet[Solution]) -> dict[str, QuerySet[Any]]:
    """What a proposal may cite: deployments and initiatives of these solutions (and their organisations'
    published initiatives), and published pilot reports of their organisations. The service checks the fit."""
    orgs = solutions.values("organisation_id")
    return {
        "deployments": Place.objects.filter(solutions__in=solutions).distinct().order_by("name"),
        "initiatives": Initiative.objects.filter(Q(solutions__in=solutions) | Q(owner_id__in=orgs, is_published=True))
        .distinct()
        .order_by("slug"),
        "pilot_reports": Pilot.objects.filter(
            solution__organisation_id__in=orgs, report_published_at__isnull=False
        ).order_by("title"),
    }


def own_proposal(*, user: Any, need: Need) -> Proposal | None:
    """The proposal of one of the person's organisations to this call, if any."""
    return ProposalPolicy.queryset(user, "change_proposal", base=Proposal.objects.filter(need=need)).first()


def submitted_count(*, need: Need) -> int:
    return Proposal.objects.filter(need=need, status=Proposal.Status.SUBMITTED).count()


def proposals_of_call(*, user: Any, need: Need) -> QuerySet[Proposal]:
    base = Proposal.objects.filter(need=need, status=Proposal.Status.SUBMITTED).select_related(
        "organisation", "solution"
    )
    return ProposalPolicy.queryset(user, "view_proposal", base=base).order_by("submitted_at", "pk")


def my_proposals(*, user: Any) -> QuerySet[Proposal]:
    base = Proposal.objects.select_related("need__organisation", "organisation", "solution")
    return ProposalPolicy.queryset(user, "change_proposal", base=base).order_by("-updated_at", "pk")


def my_evaluations(*, user: Any) -> list[tuple[Need, list[tuple[Proposal, bool]]]]:
    """The calls the person evaluates, each with its submitted proposals and whether they have scored it."""
    needs = Need.objects.filter(pk__in=evaluated_need_ids(user)).order_by("call_closes", "pk")
    done = set(ScoreSheet.objects.filter(evaluator__user_id=user.pk).values_list("proposal_id", flat=True))
    done |= set(
        ConflictDeclaration.objects.filter(evaluator__user_id=user.pk, has_conflict=True).values_list(
            "proposal_id", flat=True
        )
    )
    out = []
    for need in needs:
        proposals = Proposal.objects.filter(need=need, status=Proposal.Status.SUBMITTED).select_related(
            "solution", "organisation"
        )
        out.append((need, [(p, p.pk in done) for p in proposals]))
    return out


def evaluation_of(*, need: Need) -> Evaluation | None:
    return (
        Evaluation.objects.filter(need=need)
        .prefetch_related("criteria", Prefetch("evaluators", queryset=Evaluator.objects.select_related("user")))
        .first()
    )


def evaluator_for(*, user: Any, need: Need) -> Evaluator | None:
    if not user.is_authenticated:
        return None
    return Evaluator.objects.filter(evaluation__need=need, user_id=user.pk).select_related("evaluation").first()


def sheet_of(*, evaluator: Evaluator | None, proposal: Proposal) -> ScoreSheet | None:
    if evaluator is None:
        return None
    return ScoreSheet.objects.filter(evaluator=evaluator, proposal=proposal).prefetch_related("scores").first()


def declaration_of(*, evaluator: Evaluator | None, proposal: Proposal) -> ConflictDeclaration | None:
    if evaluator is None:
        return None
    return ConflictDeclaration.objects.filter(evaluator=evaluator, proposal=proposal).first()


def awaiting_own_scores(*, user: Any, need: Need) -> set[int]:
    """The proposals this person evaluates and has neither scored nor declared a conflict on: a city editor who is
    also an evaluator sees their results only afterwards, so that evaluators stay independent."""
    evaluator = evaluator_for(user=user, need=need)
    if evaluator is None:
        return set()
    done = set(evaluator.sheets.values_list("proposal_id", flat=True))
    done |= set(evaluator.declarations.filter(has_conflict=True).values_list("proposal_id", flat=True))
    submitted = Proposal.objects.filter(need=need, status=Proposal.Status.SUBMITTED).values_list("pk", flat=True)
    return set(submitted) - done


# ------------------------------------------------------------------ results
@dataclass
class CriterionResult:
    criterion: Criterion
    values: list[int]
    comments: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @property
    def minimum(self) -> int | None:
        return min(self.values) if self.values else None

    @property
    def maximum(self) -> int | None:
        return max(self.values) if self.values else None

    @property
    def stdev(self) -> float | None:
        """The population standard deviation: the spread of these evaluators' scores, not an estimate of others'."""
        return statistics.pstdev(self.values) if self.values else None


@dataclass
class ProposalResult:
    proposal: Proposal
    criteria: list[CriterionResult]
    evaluators: int
    conflicts: list[ConflictDeclaration]
    match_state: str | None = None  # where the need-solution match stands, once shortlisted

    @property
    def match_label(self) -> str:
        return str(Match.State(self.match_state).label) if self.match_state else ""

    @property
    def total(self) -> float | None:
        """The weighted mean of the criteria's means, on the 0-10 scale (criteria nobody scored are left out)."""
        scored = [(r.criterion.weight, r.mean) for r in self.criteria if r.mean is not None]
        weight = sum(w for w, _mean in scored)
        return sum(w * m for w, m in scored) / weight if weight else None

    @property
    def comments(self) -> list[str]:
        return [c for r in self.criteria for c in r.comments]


def _result(proposal: Proposal, criteria: list[Criterion]) -> ProposalResult:
    conflicts = list(proposal.declarations.filter(has_conflict=True).select_related("evaluator__user"))
    excluded = {c.evaluator_id for c in conflicts}
    sheets = [s for s in proposal.sheets.all() if s.evaluator_id not in excluded]
    by_criterion: dict[int, CriterionResult] = {c.pk: CriterionResult(criterion=c, values=[]) for c in criteria}
    for sheet in sheets:
        for score in sheet.scores.all():
            row = by_criterion.get(score.criterion_id)
            if row is not None:
                row.values.append(score.value)
                if score.comment:
                    row.comments.append(score.comment)
    return ProposalResult(
        proposal=proposal, criteria=list(by_criterion.values()), evaluators=len(sheets), conflicts=conflicts
    )


def results_of_call(*, need: Need) -> list[ProposalResult]:
    """Every submitted proposal with its scores, best weighted total first (unscored ones last)."""
    evaluation = evaluation_of(need=need)
    criteria = list(evaluation.criteria.all()) if evaluation else []
    proposals = (
        Proposal.objects.filter(need=need, status=Proposal.Status.SUBMITTED)
        .select_related("organisation", "solution", "pilot")
        .prefetch_related(Prefetch("sheets", queryset=ScoreSheet.objects.prefetch_related("scores")))
        .annotate(documents_count=Count("documents"))
    )
    results = [_result(p, criteria) for p in proposals]
    states = dict(Match.objects.filter(need=need).values_list("solution_id", "state"))
    for result in results:
        result.match_state = states.get(result.proposal.solution_id)
    return sorted(results, key=lambda r: (r.total is None, -(r.total or 0), r.proposal.pk))


def result_of_proposal(*, proposal: Proposal) -> ProposalResult:
    evaluation = evaluation_of(need=proposal.need)
    return _result(proposal, list(evaluation.criteria.all()) if evaluation else [])


def others_scores(*, proposal: Proposal, evaluator: Evaluator) -> list[list[Score]]:
    """The other evaluators' scores for this proposal, each sheet a list in criterion order (no names)."""
    sheets = proposal.sheets.exclude(evaluator=evaluator).prefetch_related("scores__criterion").order_by("pk")
    return [list(s.scores.all()) for s in sheets]
