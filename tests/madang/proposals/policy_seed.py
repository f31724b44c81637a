"""Proposal objects for the generated permission tests.

Seeded after matching's (seeds run by app name): the provider's submitted proposal (with a document) to Seoul city
hall's open need, scored by an invited expert (the citizen) and evaluated by a member of the city hall; the
provider's draft (with a document) to the district office's open need; Seoul city hall's withdrawn proposal to the
same need; and the provider's submitted proposal to Makati's need whose call has closed.
"""

import datetime as dt

from django.utils import timezone

from madang.matching.models import Need, Solution
from madang.proposals.models import (
    Criterion,
    Evaluation,
    Evaluator,
    Proposal,
    ProposalDocument,
    Score,
    ScoreSheet,
)


def _need(world, slug, org, city):  # type: ignore[no-untyped-def]
    return Need.objects.create(
        organisation=world.orgs[org], city=world.places[city], language="en", title=f"Call {slug}",
        description=f"The {slug} call.", domain="mobility", evaluation_criteria="Fit\nCost", status="open_call",
    )  # fmt: skip


def _proposal(need, solution, status):  # type: ignore[no-untyped-def]
    return Proposal.objects.create(
        need=need, organisation=solution.organisation, solution=solution, approach="Our approach.",
        cost_model="free", timeline="Three months.", status=status,
        submitted_at=timezone.now() if status == "submitted" else None,
    )  # fmt: skip


def seed(world):  # type: ignore[no-untyped-def]
    seoul_open = world.objects["needs"]["same-open"]
    provider_solution = world.objects["solutions"]["provider-published"]
    district_open = _need(world, "district", "other", "seoul")
    makati_closed = _need(world, "makati", "makati", "makati")
    today = timezone.localdate()
    Need.objects.filter(pk=makati_closed.pk).update(
        call_opens=today - dt.timedelta(days=40), call_closes=today - dt.timedelta(days=5)
    )
    hall_solution = Solution.objects.create(
        organisation=world.orgs["same"], language="en", title="Hall solution", description="The hall's offer.",
        domain="mobility", maturity="piloted", is_published=True,
    )  # fmt: skip
    submitted = _proposal(seoul_open, provider_solution, "submitted")
    draft = _proposal(district_open, provider_solution, "draft")
    withdrawn = _proposal(district_open, hall_solution, "withdrawn")
    closed = _proposal(makati_closed, provider_solution, "submitted")
    for proposal in (submitted, draft):
        ProposalDocument.objects.create(
            proposal=proposal, name="plan.pdf", content_type="application/pdf", size=9, data=b"%PDF-1.4\n"
        )
    evaluation = Evaluation.objects.create(need=seoul_open)
    criteria = [Criterion.objects.create(evaluation=evaluation, text=t, order=i) for i, t in enumerate(["Fit", "Cost"])]
    expert = Evaluator.objects.create(evaluation=evaluation, user=world.users["citizen"])
    Evaluator.objects.create(evaluation=evaluation, user=world.users["member_same"])
    sheet = ScoreSheet.objects.create(evaluator=expert, proposal=submitted)
    for criterion in criteria:
        Score.objects.create(sheet=sheet, criterion=criterion, value=7, comment="Good.")
    world.objects["proposals"] = {"submitted": submitted, "draft": draft, "withdrawn": withdrawn, "closed": closed}
