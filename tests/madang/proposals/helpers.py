from django.urls import reverse

from madang.proposals.models import Proposal


def as_user(client, user):  # type: ignore[no-untyped-def]
    client.logout()
    client.force_login(user)
    return client


def proposal_data(solution, **extra):  # type: ignore[no-untyped-def]
    return {
        "solution": solution.pk, "approach": "Practice kiosks in every community centre.", "cost_model": "one_off",
        "price_amount": "12000000", "currency": "KRW", "timeline": "Three months from signature.", **extra,
    }  # fmt: skip


def propose(client, user, need, solution, submit=True, **extra):  # type: ignore[no-untyped-def]
    as_user(client, user)
    data = proposal_data(solution, **extra)
    if submit:
        data["submit"] = "1"
    response = client.post(reverse("proposals:new", kwargs={"pk": need.pk}), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Proposal.objects.get(need=need, organisation=solution.organisation)
