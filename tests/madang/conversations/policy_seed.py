"""Conversation objects for the generated permission tests.

Seeded before matching's own objects (seeds run by app name), so the matches are made here: Seoul city hall's open
need with the provider's solution (a message from each side, one with an attachment, one reported, one hidden),
Makati's draft need with the provider's solution (only Makati's network admin sees it), and the district office's
open need with the provider's solution.
"""

from madang.conversations.models import Attachment, ContactConsent, Message, MessageReport
from madang.matching.models import Match, Need, Solution


def _match(world, slug, org, city, status):  # type: ignore[no-untyped-def]
    need = Need.objects.create(
        organisation=world.orgs[org], city=world.places[city], language="en", title=f"Talk need {slug}",
        description="A need to talk about.", domain="mobility", evaluation_criteria="-", status=status,
    )  # fmt: skip
    solution = Solution.objects.create(
        organisation=world.orgs["provider"], language="en", title=f"Talk solution {slug}",
        description="A solution to talk about.", domain="mobility", maturity="piloted", is_published=True,
    )  # fmt: skip
    return Match.objects.create(need=need, solution=solution, state="shortlisted")


def seed(world):  # type: ignore[no-untyped-def]
    seoul = _match(world, "seoul", "same", "seoul", "open_call")
    makati = _match(world, "makati", "makati", "makati", "draft")
    district = _match(world, "district", "other", "seoul", "open_call")
    provider, editor = world.users["provider"], world.users["editor_same"]
    question = Message.objects.create(
        match=seoul, author=editor, side="need", body="When can you start?", language="ko"
    )
    answer = Message.objects.create(match=seoul, author=provider, side="solution", body="In May.", language="ja")
    Attachment.objects.create(
        message=answer, name="plan.pdf", content_type="application/pdf", size=9, data=b"%PDF-1.4\n"
    )
    hidden = Message.objects.create(
        match=seoul, author=provider, side="solution", body="Rude words.", language="en",
        hidden_at=answer.created_at, hidden_by=world.users["admin_same"], hidden_reason="Abusive.",
    )  # fmt: skip
    MessageReport.objects.create(message=hidden, reporter=editor, reason="Rude.")
    MessageReport.objects.create(message=question, reporter=provider, reason="Spam?")
    note = Message.objects.create(
        match=makati, author=world.users["admin_other"], side="facilitator", body="Draft notes.", language="en"
    )
    Attachment.objects.create(
        message=note, name="notes.txt", content_type="text/plain; charset=utf-8", size=5, data=b"notes"
    )
    Message.objects.create(match=district, author=provider, side="solution", body="Hello district.", language="en")
    ContactConsent.objects.create(match=seoul, side="need", by=editor)
    world.objects["conversations"] = {"seoul": seoul, "makati": makati, "district": district}
