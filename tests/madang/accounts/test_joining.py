"""Joining organisations and networks through the real pages: ask, propose, decide, hear of it, manage people."""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from madang.accounts.models import JoinRequest, NetworkAdmin, OrganisationRole, User
from madang.core import roles
from madang.core.models import Membership, MembershipRequest, Organisation
from madang.notifications.models import Notice
from tests.factories import (
    MembershipFactory,
    NetworkAdminFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganisationRoleFactory,
    PlaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def yokohama():  # type: ignore[no-untyped-def]
    jp = PlaceFactory(kind="country", code="JP", name="Japan", slug="jp", parent=None)
    city = PlaceFactory(kind="city", name="Yokohama", slug="yokohama", parent=jp)
    org = OrganisationFactory(slug="yokohama-city", kind="city", city=city, website="https://www.city.yokohama.lg.jp/")
    editor = UserFactory(username="tanaka", role="city_editor", organisation=org)
    return {"jp": jp, "city": city, "org": org, "editor": editor}


def _ask(client, org, role="editor", message="I work in the digital office."):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:join"), {"organisation": org.pk, "role": role, "message": message})


def test_a_japanese_official_asks_for_the_editor_role_is_approved_and_can_then_edit(client, yokohama):
    official = UserFactory(username="sato", email="sato@city.yokohama.lg.jp", preferred_language="ja")
    client.force_login(official)
    assert client.get(reverse("matching:need-new")).status_code == 403
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    page = client.get(reverse("accounts:join"), {"organisation": "yokohama-city"})
    assert "組織に参加する" in page.content.decode() and page.context["form"].initial["organisation"] == yokohama["org"]
    response = _ask(client, yokohama["org"])
    req = JoinRequest.objects.get(user=official)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:join-request", args=[req.pk])
    assert Notice.objects.filter(recipient=yokohama["editor"], verb="membership_requested").exists()

    client.force_login(yokohama["editor"])
    listing = client.get(reverse("accounts:join-requests"))
    assert listing.status_code == 200 and "sato" in listing.content.decode()
    assert listing.context["rows"] == [(req, "unconfirmed")]  # on the city's domain, not confirmed: shown, not acted on
    assert JoinRequest.objects.get(pk=req.pk).pending
    decided = client.post(reverse("accounts:join-request", args=[req.pk]), {"decision": "approve"})
    assert decided.status_code == 302

    assert OrganisationRole.objects.get(user=official, organisation=yokohama["org"]).role == "editor"
    notice = Notice.objects.get(recipient=official, verb="membership_approved")
    assert notice.target == JoinRequest.objects.get(pk=req.pk)
    client.force_login(official)
    assert client.get(reverse("matching:need-new")).status_code == 200


def test_membership_request_refused_tells_the_person_why(client, yokohama):
    official = UserFactory(username="suzuki", email="suzuki@example.org", preferred_language="ja")
    client.force_login(official)
    _ask(client, yokohama["org"])
    req = JoinRequest.objects.get(user=official)
    client.force_login(yokohama["editor"])
    url = reverse("accounts:join-request", args=[req.pk])
    without_reason = client.post(url, {"decision": "refuse", "reason": ""})
    assert without_reason.status_code == 400 and JoinRequest.objects.get(pk=req.pk).pending
    assert (
        client.post(url, {"decision": "refuse", "reason": "We could not find you in our staff list."}).status_code
        == 302
    )
    req.refresh_from_db()
    assert req.status == "refused" and req.decided_by == yokohama["editor"]
    notice = Notice.objects.get(recipient=official, verb="membership_refused")
    assert notice.note == "We could not find you in our staff list."
    assert not OrganisationRole.objects.filter(user=official).exists()
    client.force_login(official)
    assert "We could not find you in our staff list." in client.get(url).content.decode()


def test_a_proposed_organisation_is_approved_by_the_network_admin_and_the_proposer_administers_it(client, yokohama):
    network = NetworkFactory(slug="citynet")
    admin = UserFactory(username="net-admin", role="network_admin", network=network)
    proposer = UserFactory(username="kim", email="kim@kawasaki.jp")
    client.force_login(proposer)
    response = client.post(reverse("accounts:propose"), {
        "name": "Kawasaki Smart City Office", "kind": "city", "country": yokohama["jp"].pk, "website": "kawasaki.jp",
        "email_domain": "@kawasaki.jp", "network": network.pk, "message": "We run the city's data platform.",
    })  # fmt: skip
    assert response.status_code == 302
    req = JoinRequest.objects.get(user=proposer)
    assert req.proposed and req.email_domain == "kawasaki.jp" and req.organisation is None
    assert Notice.objects.filter(recipient=admin, verb="membership_requested").exists()
    # The editors of another organisation do not decide it.
    client.force_login(yokohama["editor"])
    assert client.post(reverse("accounts:join-request", args=[req.pk]), {"decision": "approve"}).status_code == 404

    client.force_login(admin)
    page = client.get(reverse("accounts:join-request", args=[req.pk]))
    assert page.context["on_domain"] == "unconfirmed"
    assert client.post(reverse("accounts:join-request", args=[req.pk]), {"decision": "approve"}).status_code == 302
    org = Organisation.objects.get(name="Kawasaki Smart City Office")
    assert Membership.objects.filter(organisation=org, network=network).exists()
    assert OrganisationRole.objects.get(user=proposer, organisation=org).role == "admin"
    assert Notice.objects.filter(recipient=proposer, verb="membership_approved").exists()


def test_a_proposal_with_a_name_already_on_madang_is_sent_to_join_it_instead(client, yokohama):
    client.force_login(UserFactory(username="dup"))
    response = client.post(reverse("accounts:propose"), {"name": yokohama["org"].name, "kind": "city",
                                                         "country": yokohama["jp"].pk})  # fmt: skip
    assert response.status_code == 400 and "ask to join it instead" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_an_outsider_neither_sees_nor_decides_requests(client, yokohama):
    official = UserFactory(username="ito")
    client.force_login(official)
    _ask(client, yokohama["org"])
    req = JoinRequest.objects.get(user=official)
    outsider = UserFactory(username="outsider", role="city_editor", organisation=OrganisationFactory(slug="elsewhere"))
    client.force_login(outsider)
    url = reverse("accounts:join-request", args=[req.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert req.pk not in [r.pk for r, _on in client.get(reverse("accounts:join-requests")).context["rows"]]
    # The person who asked sees the request but does not decide it.
    client.force_login(official)
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert JoinRequest.objects.get(pk=req.pk).pending
    client.force_login(UserFactory(username="plain"))
    assert client.get(reverse("accounts:join-requests")).status_code == 403


def test_the_admin_of_a_network_the_organisation_belongs_to_decides_its_requests(client, yokohama):
    network = NetworkFactory(slug="cjk")
    MembershipFactory(organisation=yokohama["org"], network=network)
    admin = UserFactory(username="cjk-admin", role="network_admin", network=network)
    official = UserFactory(username="mori")
    client.force_login(official)
    _ask(client, yokohama["org"], role="member")
    req = JoinRequest.objects.get(user=official)
    client.force_login(admin)
    assert client.post(reverse("accounts:join-request", args=[req.pk]), {"decision": "approve"}).status_code == 302
    assert OrganisationRole.objects.get(user=official).role == "member"
    assert not roles.is_editor(User.objects.get(pk=official.pk))


def test_asking_twice_or_for_a_role_one_has_is_refused_with_a_clear_message(client, yokohama):
    client.force_login(yokohama["editor"])
    again = _ask(client, yokohama["org"], role="member")
    assert again.status_code == 400 and "already have this role" in again.content.decode()
    client.force_login(UserFactory(username="twice"))
    _ask(client, yokohama["org"])
    second = _ask(client, yokohama["org"])
    assert second.status_code == 400 and "wait for the answer" in second.content.decode()
    assert JoinRequest.objects.count() == 1


def test_the_organisation_admin_changes_a_members_role_and_removes_them(client, yokohama):
    org = yokohama["org"]
    admin = UserFactory(username="boss", role="city_editor", organisation=org, memberships="admin")
    member = OrganisationRoleFactory(user=UserFactory(username="newcomer"), organisation=org, role="member")
    url = reverse("accounts:members", args=[org.slug])
    client.force_login(yokohama["editor"])  # an editor, not an admin: no say over people
    assert client.get(url).status_code == 404
    client.force_login(admin)
    assert "newcomer" in client.get(url).content.decode()
    assert client.post(url, {"member": member.pk, "role": "editor"}).status_code == 302
    member.refresh_from_db()
    assert member.role == "editor" and member.approved_by == admin
    assert roles.is_city_editor(User.objects.get(username="newcomer"))
    # The last admin stays an admin.
    own = OrganisationRole.objects.get(user=admin)
    demoted = client.post(url, {"member": own.pk, "role": "member"})
    assert demoted.status_code == 400 and OrganisationRole.objects.get(pk=own.pk).role == "admin"
    assert client.post(url, {"member": member.pk, "remove": "on"}).status_code == 302
    assert not OrganisationRole.objects.filter(pk=member.pk).exists()
    other = OrganisationRoleFactory(user=UserFactory(username="far"), organisation=OrganisationFactory(slug="far"))
    assert client.post(url, {"member": other.pk, "remove": "on"}).status_code == 400
    assert OrganisationRole.objects.filter(pk=other.pk).exists()


def test_a_person_editing_for_two_organisations_chooses_the_owner_of_a_new_questionnaire(client, yokohama):
    second = OrganisationFactory(slug="yokohama-lab", kind="research")
    OrganisationRoleFactory(user=yokohama["editor"], organisation=second, role="editor")
    client.force_login(yokohama["editor"])
    form = client.get(reverse("surveys:new")).context["form"]
    assert {o.pk for o in form.fields["owner"].queryset} == {yokohama["org"].pk, second.pk}
    outsider_org = OrganisationFactory(slug="not-mine")
    refused = client.post(reverse("surveys:new"), {"title_en": "Ours", "owner": outsider_org.pk})
    assert refused.status_code == 400
    assert client.post(reverse("surveys:new"), {"title_en": "Lab survey", "owner": second.pk}).status_code == 302
    from madang.surveys.models import Survey

    assert Survey.objects.get(title__en="Lab survey").owner == second
    # With one organisation the choice is not asked.
    client.force_login(UserFactory(username="single", role="city_editor", organisation=OrganisationFactory(slug="s")))
    assert "owner" not in client.get(reverse("surveys:new")).context["form"].fields


def test_a_network_admin_of_two_networks_decides_for_both_and_an_invitation_is_answered_by_the_org_admin(
    client, yokohama
):
    net_a, net_b = NetworkFactory(slug="wego"), NetworkFactory(slug="ascn")
    admin = UserFactory(username="both", role="network_admin", network=net_a)
    NetworkAdminFactory(user=admin, network=net_b)
    org_admin = UserFactory(username="org-admin", role="city_editor", organisation=yokohama["org"], memberships="admin")
    client.force_login(admin)
    invited = client.post(reverse("core:network-members", args=[net_b.slug]),
                          {"organisation": yokohama["org"].pk, "message": "Join us"})  # fmt: skip
    assert invited.status_code == 302
    req = MembershipRequest.objects.get(network=net_b)
    assert Notice.objects.filter(recipient=org_admin, verb="network_invited").exists()
    # The inviting side does not accept its own invitation.
    assert client.post(reverse("core:membership-request", args=[req.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(org_admin)
    accepted = client.post(reverse("core:membership-request", args=[req.pk]), {"decision": "approve"})
    assert accepted.status_code == 302 and Membership.objects.filter(network=net_b).exists()
    assert Notice.objects.filter(recipient=admin, verb="membership_approved").exists()
    # The organisation asks to join the other network; its admin refuses with a reason.
    assert client.post(reverse("core:network-join", args=[net_a.slug]),
                       {"organisation": yokohama["org"].pk}).status_code == 302  # fmt: skip
    asked = MembershipRequest.objects.get(network=net_a)
    client.force_login(admin)
    url = reverse("core:membership-request", args=[asked.pk])
    assert client.post(url, {"decision": "refuse", "reason": "Cities of over 1 million only."}).status_code == 302
    asked.refresh_from_db()
    assert asked.status == "refused" and not Membership.objects.filter(network=net_a).exists()
    assert Notice.objects.get(recipient=org_admin, verb="membership_refused").note == "Cities of over 1 million only."
    # An outsider sees neither.
    client.force_login(UserFactory(username="nobody"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("core:network-members", args=[net_a.slug])).status_code == 404


def test_the_profile_lists_the_persons_organisations_and_networks(client, yokohama):
    NetworkAdminFactory(user=yokohama["editor"], network=NetworkFactory(slug="citynet", name="CityNet"))
    client.force_login(yokohama["editor"])
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Yokohama City" in page and "CityNet" in page and reverse("accounts:join") in page


def test_sign_up_says_what_each_kind_of_account_can_do(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert "join pilots and classes" in page and "ask to join your organisation" in page
    assert "network secretariat" in page


def test_the_data_migration_turns_the_old_single_keys_into_rows():
    from importlib import import_module

    migration = import_module("madang.accounts.migrations.0004_roles_from_account_fields")
    network, org = NetworkFactory(slug="old-net"), OrganisationFactory(slug="old-org")
    editor = User.objects.create_user(username="old-editor", role="provider_editor", organisation=org)
    citizen = User.objects.create_user(username="old-member", role="citizen", organisation=org)
    admin = User.objects.create_user(username="old-admin", role="network_admin", network=network, organisation=org)
    nobody = User.objects.create_user(username="old-nobody", role="citizen")
    assert not OrganisationRole.objects.exists() and not NetworkAdmin.objects.exists()
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # run twice: nothing doubles
    assert OrganisationRole.objects.get(user=editor, organisation=org).role == "editor"
    assert OrganisationRole.objects.get(user=citizen, organisation=org).role == "member"
    assert OrganisationRole.objects.get(user=admin, organisation=org).role == "member"
    assert list(NetworkAdmin.objects.values_list("user__username", "network__slug")) == [("old-admin", "old-net")]
    assert not OrganisationRole.objects.filter(user=nobody).exists()
    assert OrganisationRole.objects.count() == 3


def test_a_person_editing_for_two_organisations_says_whose_copy_of_a_questionnaire_it_is(client, yokohama):
    from madang.surveys.models import Survey

    template = Survey.objects.create(owner=None, title={"en": "Template"}, is_template=True)
    second = OrganisationFactory(slug="yokohama-lab-2", kind="research")
    OrganisationRoleFactory(user=yokohama["editor"], organisation=second, role="editor")
    client.force_login(yokohama["editor"])
    detail = client.get(reverse("surveys:detail", args=[template.pk]))
    assert {o.pk for o in detail.context["copy_owners"]} == {yokohama["org"].pk, second.pk}
    assert client.post(reverse("surveys:copy", args=[template.pk]), {"owner": second.pk}).status_code == 302
    assert Survey.objects.get(title__en="Template", owner=second)
    stranger = OrganisationFactory(slug="stranger-org")
    assert client.post(reverse("surveys:copy", args=[template.pk]), {"owner": stranger.pk}).status_code == 403
