"""Who may do what with an open call's proposals and their evaluation.

The call (a need) is answered by providers: any editor may propose to a need in its open call, for one of the
organisations they edit for. A proposal is the provider's own until it is submitted: only its organisation's editors
see a draft. Once submitted, the need owner's editors and the evaluators they named see it; evaluators score it, the
owner's editors compare, shortlist and start a pilot from it. Nobody else, network admins included, sees proposals:
they carry prices and business terms.
"""

from typing import Any

from django.db.models import Q

from madang.core import roles
from madang.core.policy import NOTHING, Action, Policy, Route, among, register
from madang.matching.models import Need
from madang.matching.policies import NeedPolicy

from .models import Evaluator, Proposal


def evaluated_need_ids(user: Any) -> frozenset[int]:
    """The needs whose proposals the person was named to evaluate. Not a role: any account may be named."""
    if not roles.signed_in(user):
        return frozenset()
    rows = Evaluator.objects.filter(user_id=user.pk).values_list("evaluation__need_id", flat=True)
    return roles.remember(user, "evaluated_needs", lambda: frozenset(rows))  # type: ignore[no-any-return]


# ------------------------------------------------------------------ the call (a need), from the proposals' side
def _call_visible(user: Any, need: Any) -> bool:
    return NeedPolicy.action("view_need").rule(user, need)


def _call_visible_q(user: Any) -> Q:
    where = NeedPolicy.action("view_need").where
    assert where is not None
    return where(user)


def _may_propose(user: Any, need: Any) -> bool:
    return need is not None and need.status == Need.Status.OPEN_CALL and roles.is_editor(user)


def _may_propose_q(user: Any) -> Q:
    return Q(status=Need.Status.OPEN_CALL) if roles.is_editor(user) else NOTHING


def _owns_call(user: Any, need: Any) -> bool:
    return need is not None and need.organisation_id in roles.editor_org_ids(user)


def _owns_call_q(user: Any) -> Q:
    return among("organisation_id", roles.editor_org_ids(user))


@register
class CallPolicy(Policy[Need]):
    """A need's open call, seen from its proposals: who may answer it, and who runs its evaluation."""

    model = Need
    app_label = "proposals"
    actions = {
        "view_call": Action(rule=_call_visible, where=_call_visible_q, shown_by="view_call"),
        "propose": Action(rule=_may_propose, where=_may_propose_q, shown_by="view_call"),
        # The need owner's editors: the list, the comparison, evaluators and weights, releasing the results.
        "view_proposals": Action(rule=_owns_call, where=_owns_call_q, shown_by="view_call"),
        "manage_evaluation": Action(rule=_owns_call, where=_owns_call_q, shown_by="view_call"),
    }
    routes = [
        Route("proposals:new", "propose", lambda n: {"pk": n.pk}, methods=("GET", "POST")),
        Route("proposals:need", "view_proposals", lambda n: {"pk": n.pk}),
        Route("proposals:compare", "view_proposals", lambda n: {"pk": n.pk}),
        Route("proposals:evaluators", "manage_evaluation", lambda n: {"pk": n.pk}, methods=("GET", "POST")),
        Route("proposals:weights", "manage_evaluation", lambda n: {"pk": n.pk}, methods=("POST",)),
        Route("proposals:release", "manage_evaluation", lambda n: {"pk": n.pk}, methods=("POST",)),
    ]


# ------------------------------------------------------------------ a proposal
def _provider(user: Any, p: Any) -> bool:
    return p is not None and p.organisation_id in roles.editor_org_ids(user)


def _provider_q(user: Any) -> Q:
    return among("organisation_id", roles.editor_org_ids(user))


def _submitted(p: Any) -> bool:
    return p is not None and p.status == Proposal.Status.SUBMITTED


def _call_owner(user: Any, p: Any) -> bool:
    return _submitted(p) and p.need.organisation_id in roles.editor_org_ids(user)


def _call_owner_q(user: Any) -> Q:
    return Q(status=Proposal.Status.SUBMITTED) & among("need__organisation_id", roles.editor_org_ids(user))


def _evaluates(user: Any, p: Any) -> bool:
    return _submitted(p) and p.need_id in evaluated_need_ids(user)


def _evaluates_q(user: Any) -> Q:
    return Q(status=Proposal.Status.SUBMITTED) & among("need_id", evaluated_need_ids(user))


def _may_view(user: Any, p: Any) -> bool:
    return _provider(user, p) or _call_owner(user, p) or _evaluates(user, p)


def _may_view_q(user: Any) -> Q:
    return _provider_q(user) | _call_owner_q(user) | _evaluates_q(user)


# A pilot is started by a city's editors (pilots.add_pilot), so only the owner's city editors start one.
def _may_start_pilot(user: Any, p: Any) -> bool:
    return _submitted(p) and p.need.organisation_id in roles.city_editor_org_ids(user)


def _may_start_pilot_q(user: Any) -> Q:
    return Q(status=Proposal.Status.SUBMITTED) & among("need__organisation_id", roles.city_editor_org_ids(user))


def _pk(p: Any) -> dict[str, Any]:
    return {"pk": p.pk}


def _with_document(qs: Any) -> Any:
    return qs.filter(documents__isnull=False).distinct()


def _document(p: Any) -> dict[str, Any]:
    return {"pk": p.pk, "doc": p.documents.order_by("pk").first().pk}


@register
class ProposalPolicy(Policy[Proposal]):
    model = Proposal
    actions = {
        "view_proposal": Action(rule=_may_view, where=_may_view_q, shown_by="view_proposal"),
        # Edit, submit, withdraw, documents: the provider's editors (the deadline is the service's to enforce).
        "change_proposal": Action(rule=_provider, where=_provider_q, shown_by="view_proposal"),
        # The provider sees its own scores and comments, once the results are released.
        "view_results": Action(rule=_provider, where=_provider_q, shown_by="view_proposal"),
        "score_proposal": Action(rule=_evaluates, where=_evaluates_q, shown_by="view_proposal"),
        "shortlist_proposal": Action(rule=_call_owner, where=_call_owner_q, shown_by="view_proposal"),
        "start_pilot": Action(rule=_may_start_pilot, where=_may_start_pilot_q, shown_by="view_proposal"),
    }
    routes = [
        Route("proposals:detail", "view_proposal", _pk),
        Route("proposals:edit", "change_proposal", _pk, methods=("GET", "POST")),
        Route("proposals:submit", "change_proposal", _pk, methods=("POST",)),
        Route("proposals:withdraw", "change_proposal", _pk, methods=("POST",)),
        Route("proposals:document", "view_proposal", _document, objects=_with_document),
        Route("proposals:document-delete", "change_proposal", _document, methods=("POST",), objects=_with_document),
        Route("proposals:score", "score_proposal", _pk, methods=("GET", "POST")),
        Route("proposals:conflict", "score_proposal", _pk, methods=("POST",)),
        Route("proposals:shortlist", "shortlist_proposal", _pk, methods=("POST",)),
        Route("proposals:start-pilot", "start_pilot", _pk, methods=("POST",)),
    ]


def _names_evaluators(user: Any, e: Any) -> bool:
    return e is not None and e.evaluation.need.organisation_id in roles.editor_org_ids(user)


def _names_evaluators_q(user: Any) -> Q:
    return among("evaluation__need__organisation_id", roles.editor_org_ids(user))


@register
class EvaluatorPolicy(Policy[Evaluator]):
    """An evaluator is named and removed by the need owner's editors (naming is CallPolicy.manage_evaluation)."""

    model = Evaluator
    actions = {"remove_evaluator": Action(rule=_names_evaluators, where=_names_evaluators_q)}
    routes = [Route("proposals:evaluator-remove", "remove_evaluator", lambda e: {"pk": e.pk}, methods=("POST",))]


# A person's own proposals and evaluations: the list shows only what the policies above let them see.
SIGNED_IN_ROUTES = ["proposals:mine"]
