"""Matching pages and services asked as the policy says (madang/matching/policies.py), on the seeded world of
tests/policy_world.py: rights follow the owning organisation, never the city the user's organisation is in."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from madang.accounts.models import OrganisationRole
from madang.matching import search
from madang.matching.digests import digests_send
from madang.matching.models import DomainFollow, Match, MatchEvent, Need, Solution
from madang.matching.services import match_transition
from tests import policy_world
from tests.madang.matching import policy_seed


@pytest.fixture
def w(db):
    world = policy_world._base()
    policy_seed.seed(world)
    return world


def _as(client, world, persona):
    client.force_login(world.users[persona])
    return client


def test_district_office_editor_gets_404_for_seoul_halls_draft_need_and_its_edit_page(client, w):
    draft = w.objects["needs"]["same-draft"]
    _as(client, w, "editor_other")
    assert client.get(f"/needs/{draft.pk}/").status_code == 404
    assert client.get(f"/needs/{draft.pk}/edit/").status_code == 404
    assert client.post(f"/needs/{draft.pk}/edit/", {"title": "Replaced"}).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Need same-draft"


def test_district_office_editor_may_not_edit_seoul_halls_open_need(client, w):
    need = w.objects["needs"]["same-open"]
    _as(client, w, "editor_other")
    assert client.get(f"/needs/{need.pk}/").status_code == 200
    assert client.get(f"/needs/{need.pk}/edit/").status_code == 403


def test_district_office_editor_may_not_shortlist_on_seoul_halls_need(client, w):
    need, solution = w.objects["needs"]["same-open"], w.objects["solutions"]["provider-published"]
    _as(client, w, "editor_other")
    response = client.post(f"/needs/{need.pk}/matches/{solution.pk}/", {"action": "contacted"})
    assert response.status_code == 403
    assert not MatchEvent.objects.exists()


def test_need_list_shows_drafts_only_to_those_acting_for_their_owner(client, w):
    def listed(persona):
        client.logout()
        if persona != "anonymous":
            _as(client, w, persona)
        return {n.title for n in client.get("/needs/").context["page"]}

    assert listed("anonymous") == {"Need same-open"}
    assert listed("editor_same") == {"Need same-open", "Need same-draft"}
    assert listed("editor_other") == {"Need same-open", "Need other-draft"}
    # The admin of the network opens its members' drafts, so the list shows them too.
    assert listed("admin_same") == {"Need same-open", "Need same-draft", "Need other-draft"}
    assert listed("staff") == {"Need same-open"}


def test_staff_without_a_role_may_not_post_or_edit_needs_or_solutions(client, w):
    _as(client, w, "staff")
    assert client.get("/needs/new/").status_code == 403
    assert client.get("/solutions/new/").status_code == 403
    assert client.get(f"/needs/{w.objects['needs']['same-open'].pk}/edit/").status_code == 403
    assert client.get(f"/solutions/{w.objects['solutions']['provider-published'].pk}/edit/").status_code == 403


def test_network_admin_may_open_but_not_edit_a_members_unpublished_solution(client, w):
    hidden = w.objects["solutions"]["provider-hidden"]
    _as(client, w, "admin_same")
    assert client.get(f"/solutions/{hidden.pk}/").status_code == 200
    assert client.get(f"/solutions/{hidden.pk}/edit/").status_code == 403


def test_city_may_not_shortlist_a_solution_it_may_not_see(w):
    hidden = Solution.objects.create(
        organisation=w.orgs["provider"], language="en", title="Not yet offered", description="-", domain="mobility",
        maturity="prototype", is_published=False,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        match_transition(need=w.objects["needs"]["same-open"], solution=hidden, action="shortlisted",
                         by=w.users["editor_same"])  # fmt: skip
    assert not Match.objects.filter(solution=hidden).exists()


def test_provider_does_not_see_its_match_on_a_need_returned_to_draft(client, w):
    solution = w.objects["solutions"]["provider-published"]
    _as(client, w, "provider")
    matched = {m.need.title for m in client.get(f"/solutions/{solution.pk}/").context["matches"]}
    assert matched == {"Need same-open"}  # not "Need same-draft", which only Seoul's city hall may read


def test_empty_step_on_a_match_is_refused_with_a_message_not_an_error(client, w):
    need, solution = w.objects["needs"]["same-open"], w.objects["solutions"]["provider-published"]
    _as(client, w, "editor_same")
    response = client.post(f"/needs/{need.pk}/matches/{solution.pk}/", {})
    assert response.status_code == 302
    assert response["Location"] == f"/needs/{need.pk}/"
    assert not MatchEvent.objects.exists()


def test_following_domains_is_refused_to_those_who_may_not_offer_solutions(client, w):
    for persona in ("citizen", "admin_same", "staff"):
        _as(client, w, persona)
        assert client.post("/solutions/follows/", {"domains": ["mobility"]}).status_code == 403
    assert not DomainFollow.objects.exists()


def _night_bus_need(world):  # type: ignore[no-untyped-def]
    return Need.objects.create(
        organisation=world.orgs["same"], city=world.places["seoul"], language="en",
        title="Night buses for shift workers",
        description="Workers on late shifts cannot get home after midnight: we need night bus routes.",
        domain="mobility", evaluation_criteria="-", status="open_call",
    )  # fmt: skip


def test_no_digest_for_someone_who_no_longer_edits_for_a_provider(settings, w):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Solution.objects.create(
        organisation=w.orgs["provider"], language="en", title="Night bus routes for shift workers",
        description="Night bus routes that take late-shift workers home after midnight.", domain="mobility",
        maturity="at_scale",
    )  # fmt: skip
    provider = w.users["provider"]
    DomainFollow.objects.create(user=provider, domain="mobility")
    _night_bus_need(w)
    search.vectors_refresh()
    assert digests_send() == 1  # while an editor of the provider
    _night_bus_need(w)
    search.vectors_refresh()
    OrganisationRole.objects.filter(user=provider).delete()
    assert digests_send() == 0
    assert len(mail.outbox) == 1
