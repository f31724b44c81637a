"""Role x action matrix for catalogue entries (anonymous, citizen, provider, city editors A/B, network admin)."""

import pytest
from django.contrib.auth.models import AnonymousUser

ROLES = ["anonymous", "citizen", "provider", "editor_a", "editor_b", "admin", "other_admin"]

# What each role may do with city B's initiative (published and draft).
EXPECTED = {
    #               view_pub view_draft add   change publish import
    "anonymous": (True, False, False, False, False, False),
    "citizen": (True, False, False, False, False, False),
    "provider": (True, False, True, False, False, True),
    "editor_a": (True, False, True, False, False, True),
    "editor_b": (True, True, True, True, False, True),
    "admin": (True, True, True, True, True, True),
    "other_admin": (True, False, True, False, False, True),
}


def _user(world, role):
    return AnonymousUser() if role == "anonymous" else world["users"][role]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_on_city_b_initiative(world, role):
    user = _user(world, role)
    published, draft = world["initiative_b"], world["draft_b"]
    actual = (
        user.has_perm("catalogue.view_initiative", published),
        user.has_perm("catalogue.view_initiative", draft),
        user.has_perm("catalogue.add_initiative"),
        user.has_perm("catalogue.change_initiative", published),
        user.has_perm("catalogue.publish_initiative", draft),
        user.has_perm("catalogue.import_initiatives"),
    )
    assert actual == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_edit_page_answers_per_role(client, world, role):
    user = _user(world, role)
    if role != "anonymous":
        client.force_login(user)
    response = client.get("/initiatives/b-published/edit/")
    expected = {"anonymous": 302, "editor_b": 200, "admin": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_draft_detail_is_hidden_from_those_who_cannot_edit(client, world, role):
    if role != "anonymous":
        client.force_login(_user(world, role))
    response = client.get("/initiatives/b-draft/")
    assert response.status_code == (200 if role in {"editor_b", "admin"} else 404)


@pytest.mark.parametrize("role", ROLES)
def test_publish_post_only_by_network_admin_of_owner(client, world, role):
    if role != "anonymous":
        client.force_login(_user(world, role))
    response = client.post("/initiatives/b-draft/publish/", {"publish": "1"})
    world["draft_b"].refresh_from_db()
    assert world["draft_b"].is_published is (role == "admin")
    if role == "admin":
        assert response.status_code == 302


def test_city_editor_a_cannot_post_changes_to_city_b_initiative(client, world):
    client.force_login(world["users"]["editor_a"])
    response = client.post("/initiatives/b-published/edit/", {"stage": "discontinued"})
    assert response.status_code == 403
    world["initiative_b"].refresh_from_db()
    assert world["initiative_b"].stage == "pilot"
