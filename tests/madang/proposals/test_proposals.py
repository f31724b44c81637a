"""A provider's proposal through its real pages: drafts, edits and submission before the deadline, refusal after
it with what was typed kept, one proposal per organisation, documents checked by content, and who sees what."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madang.notifications.models import Notice
from madang.proposals.models import Proposal

from .conftest import close_call
from .helpers import as_user, proposal_data, propose

pytestmark = pytest.mark.django_db


def _url(name, obj, **kwargs):  # type: ignore[no-untyped-def]
    return reverse(f"proposals:{name}", kwargs={"pk": obj.pk, **kwargs})


def test_the_need_page_offers_providers_to_submit_a_proposal_and_the_owner_the_proposals(client, call):
    users, need = call["users"], call["need"]
    page = as_user(client, users["provider"]).get(reverse("matching:need", kwargs={"pk": need.pk})).content.decode()
    assert "Submit a proposal" in page and _url("new", need) in page
    page = as_user(client, users["editor_a"]).get(reverse("matching:need", kwargs={"pk": need.pk})).content.decode()
    assert "Proposals (0)" in page and "Submit a proposal" not in page


def test_provider_drafts_edits_and_submits_before_the_deadline_and_the_city_hears_of_it(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    as_user(client, users["provider"])
    assert client.get(_url("new", need)).status_code == 200
    draft = propose(client, users["provider"], need, solution, submit=False, deployments=[call["seoul"].pk])
    assert draft.status == "draft" and draft.submitted_at is None
    assert list(draft.deployments.all()) == [call["seoul"]]
    assert not Notice.objects.filter(verb="proposal_submitted").exists()

    changed = proposal_data(solution, approach="A better approach, typed again.", cost_model="subscription")
    assert client.post(_url("edit", draft), changed).status_code == 302
    draft.refresh_from_db()
    assert draft.approach == "A better approach, typed again." and draft.cost_model == "subscription"

    assert client.post(_url("submit", draft)).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_at is not None
    told = set(Notice.objects.filter(verb="proposal_submitted").values_list("recipient__username", flat=True))
    assert told == {"editor_a", "editor_a2"}
    inbox = as_user(client, users["editor_a"]).get(reverse("notifications:inbox")).content.decode()
    assert "A proposal was submitted" in inbox and _url("detail", draft) in inbox
    assert (
        "Proposals (1)"
        in as_user(client, users["editor_a"]).get(reverse("matching:need", args=[need.pk])).content.decode()
    )


def test_a_submitted_proposal_is_withdrawn_to_change_it(client, call):
    users = call["users"]
    proposal = propose(client, users["provider"], call["need"], call["solution"])
    response = client.post(_url("edit", proposal), proposal_data(call["solution"], approach="Sneaky change."))
    assert response.status_code == 400 and "withdraw it to change it" in response.content.decode()
    assert client.post(_url("withdraw", proposal)).status_code == 302
    assert (
        client.post(_url("edit", proposal), proposal_data(call["solution"], approach="Open change.")).status_code == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and proposal.approach == "Open change."


def test_after_the_deadline_edit_and_submit_are_refused_with_the_text_kept(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    draft = propose(client, users["provider"], need, solution, submit=False)
    close_call(need)
    typed = proposal_data(solution, approach="Typed after the deadline, kept on the page.")
    response = client.post(_url("edit", draft), typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "late proposals are refused" in page and "Typed after the deadline, kept on the page." in page
    response = client.post(_url("edit", draft), {**typed, "submit": "1"})
    assert response.status_code == 400
    assert client.post(_url("submit", draft)).status_code == 400
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.approach == "Practice kiosks in every community centre."
    late = as_user(client, users["provider_b"]).post(_url("new", need), proposal_data(call["solution_b"], submit="1"))
    assert late.status_code == 400 and "late proposals are refused" in late.content.decode()
    assert not Proposal.objects.filter(organisation=call["solution_b"].organisation).exists()


def test_the_deadline_is_refused_in_korean_too(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    draft = propose(client, users["provider"], need, solution, submit=False)
    close_call(need)
    client.cookies["django_language"] = "ko"
    response = client.post(_url("submit", draft), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert "마감 후 제안서는 받지 않으며" in response.content.decode()


def test_a_second_proposal_by_the_same_organisation_is_refused(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    propose(client, users["provider"], need, solution, submit=False)
    response = client.post(_url("new", need), proposal_data(solution, approach="A second one."))
    assert response.status_code == 400
    assert "already answered this call" in response.content.decode()
    assert Proposal.objects.filter(need=need).count() == 1
    assert client.get(_url("new", need)).status_code == 302  # the form sends them to their proposal instead


def test_documents_are_accepted_by_content_and_served_as_attachments_to_the_city(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    proposal = propose(client, users["provider"], need, solution, documents=[pdf])
    document = proposal.documents.get()
    assert document.content_type == "application/pdf"
    response = as_user(client, users["editor_a"]).get(_url("document", proposal, doc=document.pk))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_program_renamed_as_a_pdf_is_refused_with_the_text_kept(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    program = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf")
    as_user(client, users["provider"])
    data = proposal_data(solution, approach="Kept although the file was refused.", documents=[program])
    response = client.post(_url("new", need), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a file type that can be attached" in page and "Kept although the file was refused." in page
    assert not Proposal.objects.exists()


def test_a_solution_of_another_organisation_cannot_be_proposed(client, call):
    users, need = call["users"], call["need"]
    response = as_user(client, users["provider"]).post(_url("new", need), proposal_data(call["solution_b"]))
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_a_price_is_required_unless_free(client, call):
    users, need, solution = call["users"], call["need"], call["solution"]
    as_user(client, users["provider"])
    response = client.post(_url("new", need), proposal_data(solution, price_amount="", currency=""))
    assert response.status_code == 400 and "Give the price and its currency" in response.content.decode()
    free = proposal_data(solution, price_amount="", currency="", cost_model="free")
    assert client.post(_url("new", need), free).status_code == 302


def test_drafts_are_the_providers_own_and_submitted_ones_never_reach_other_providers(client, call):
    users, need = call["users"], call["need"]
    draft = propose(client, users["provider"], need, call["solution"], submit=False)
    for persona in ("editor_a", "provider_b", "citizen", "admin", "editor_b"):
        assert as_user(client, users[persona]).get(_url("detail", draft)).status_code == 404, persona
    as_user(client, users["provider"]).post(_url("submit", draft))
    assert as_user(client, users["editor_a"]).get(_url("detail", draft)).status_code == 200
    for persona in ("provider_b", "citizen", "admin", "editor_b", "other_admin"):
        as_user(client, users[persona])
        assert client.get(_url("detail", draft)).status_code == 404, persona
        assert client.post(_url("edit", draft), proposal_data(call["solution"])).status_code == 404, persona
        assert client.post(_url("submit", draft)).status_code == 404, persona
        assert client.get(_url("score", draft)).status_code == 404, persona


@pytest.mark.parametrize("persona", ["provider", "citizen", "admin", "editor_b"])
def test_outsiders_cannot_open_the_citys_pages(client, call, persona):
    need = call["need"]
    as_user(client, call["users"][persona])
    for name in ("need", "compare", "evaluators"):
        assert client.get(_url(name, need)).status_code == 403, name
    assert client.post(_url("evaluators", need), {"username_or_email": "citizen"}).status_code == 403
    assert client.post(_url("release", need)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, call):
    response = client.get(_url("new", call["need"]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_evaluation_criteria_are_fixed_once_the_call_is_open(client, call):
    need = call["need"]
    as_user(client, call["users"]["editor_a"])
    url = reverse("matching:need-edit", kwargs={"pk": need.pk})
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    response = client.post(url, {**data, "evaluation_criteria": "Cheapest wins"})
    assert response.status_code == 400
    assert "fixed once the call is open" in response.content.decode()
    need.refresh_from_db()
    assert need.evaluation_criteria == "Fit for seniors\n- Cost\nAccessibility"
    assert client.post(url, {**data, "title": "Kiosk training for older people"}).status_code == 302


def test_proposal_text_is_shown_as_text_never_as_html(client, call):
    users = call["users"]
    proposal = propose(client, users["provider"], call["need"], call["solution"], approach="<script>alert(1)</script>")
    page = as_user(client, users["editor_a"]).get(_url("detail", proposal)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_approach_longer_than_allowed_is_refused_and_re_shown(client, call):
    as_user(client, call["users"]["provider"])
    response = client.post(_url("new", call["need"]), proposal_data(call["solution"], approach="x" * 10_001))
    assert response.status_code == 400 and "x" * 10_001 in response.content.decode()
    assert not Proposal.objects.exists()


def test_four_documents_at_once_are_accepted_and_a_sixth_is_refused(client, call):
    def pdf(n):  # type: ignore[no-untyped-def]
        return SimpleUploadedFile(f"part{n}.pdf", b"%PDF-1.4\n" + bytes([n]), content_type="application/pdf")

    proposal = propose(client, call["users"]["provider"], call["need"], call["solution"], submit=False,
                       documents=[pdf(n) for n in range(4)])  # fmt: skip
    assert proposal.documents.count() == 4
    response = client.post(_url("edit", proposal), proposal_data(call["solution"], documents=[pdf(5), pdf(6)]))
    assert response.status_code == 400 and "at most 5 documents" in response.content.decode()
    assert proposal.documents.count() == 4


def test_a_call_moved_on_by_the_city_before_its_deadline_takes_no_more_changes(client, call):
    users, need = call["users"], call["need"]
    draft = propose(client, users["provider"], need, call["solution"], submit=False)
    need.status = "shortlisting"
    need.save(update_fields=["status"])
    assert as_user(client, users["provider"]).post(_url("submit", draft)).status_code == 400
    page = as_user(client, users["editor_a"]).get(_url("compare", need)).content.decode()
    assert "Results for the providers" in page


def test_a_document_is_removed_from_a_draft_but_not_after_submission(client, call):
    users = call["users"]
    pdf = SimpleUploadedFile("old.pdf", b"%PDF-1.4\nold", content_type="application/pdf")
    draft = propose(client, users["provider"], call["need"], call["solution"], submit=False, documents=[pdf])
    document = draft.documents.get()
    other = as_user(client, users["provider_b"]).post(_url("document-delete", draft, doc=document.pk))
    assert other.status_code == 404
    as_user(client, users["provider"])
    assert client.post(_url("document-delete", draft, doc=document.pk)).status_code == 302
    assert not draft.documents.exists()
    pdf = SimpleUploadedFile("new.pdf", b"%PDF-1.4\nnew", content_type="application/pdf")
    client.post(_url("edit", draft), proposal_data(call["solution"], documents=[pdf], submit="1"))
    document = draft.documents.get()
    assert client.post(_url("document-delete", draft, doc=document.pk)).status_code == 400
    assert draft.documents.count() == 1


def test_saving_drafts_is_rate_limited_and_the_text_is_kept(client, call, settings):
    settings.MADANG_RATE_LIMITS = {"proposal_save": (1, 3600)}
    proposal = propose(client, call["users"]["provider"], call["need"], call["solution"], submit=False)
    data = proposal_data(call["solution"], approach="A second approach, typed with care.")
    response = client.post(reverse("proposals:edit", kwargs={"pk": proposal.pk}), data)
    page = response.content.decode()
    assert response.status_code == 429 and "A second approach, typed with care." in page
    assert "Please try again in" in page
    proposal.refresh_from_db()
    assert proposal.approach == "Practice kiosks in every community centre."


def test_a_call_sent_back_to_draft_keeps_the_criteria_its_proposals_answer(client, call):
    from madang.matching.services import need_save

    propose(client, call["users"]["provider"], call["need"], call["solution"])
    need = call["need"]
    need_save(need=need, by=call["users"]["editor_a"], status="draft")
    with pytest.raises(ValidationError):
        need_save(need=need, by=call["users"]["editor_a"], evaluation_criteria="Cheapest wins")
    need.refresh_from_db()
    assert need.evaluation_criteria == "Fit for seniors\n- Cost\nAccessibility"
