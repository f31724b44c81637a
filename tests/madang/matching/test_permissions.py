"""Role x action matrix for needs, solutions and matches."""

import pytest
from django.contrib.auth.models import AnonymousUser

from madang.matching.models import Match

ROLES = ["anonymous", "citizen", "provider", "editor_a", "editor_b", "admin", "other_admin"]

EXPECTED = {
    #               view open need, view B's draft, add need, change A's need, add solution, change solution,
    #               view hidden solution, shortlist on A's need, respond for provider
    "anonymous":   (True, False, False, False, False, False, False, False, False),
    "citizen":     (True, False, False, False, False, False, False, False, False),
    "provider":    (True, False, False, False, True,  True,  True,  False, True),
    "editor_a":    (True, False, True,  True,  True,  False, False, True,  False),
    "editor_b":    (True, True,  True,  False, True,  False, False, False, False),
    "admin":       (True, True,  True,  True,  False, False, True,  True,  False),
    "other_admin": (True, False, True,  False, False, False, False, False, False),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_matching_permission_matrix(market, role):
    user = AnonymousUser() if role == "anonymous" else market["users"][role]
    match = Match(need=market["need"], solution=market["kiosk"])
    actual = (
        user.has_perm("matching.view_need", market["need"]),
        user.has_perm("matching.view_need", market["draft_need"]),
        user.has_perm("matching.add_need"),
        user.has_perm("matching.change_need", market["need"]),
        user.has_perm("matching.add_solution"),
        user.has_perm("matching.change_solution", market["kiosk"]),
        user.has_perm("matching.view_solution", market["hidden"]),
        user.has_perm("matching.shortlist", match),
        user.has_perm("matching.respond", match),
    )
    assert actual == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_shortlist_post_per_role(client, market, role):
    if role != "anonymous":
        client.force_login(market["users"][role])
    need, kiosk = market["need"], market["kiosk"]
    response = client.post(f"/needs/{need.pk}/matches/{kiosk.pk}/", {"action": "shortlisted"})
    created = Match.objects.filter(need=need, solution=kiosk).exists()
    assert created is (role in {"editor_a", "admin"})
    assert response.status_code == (302 if role in {"anonymous", "editor_a", "admin"} else 403)


@pytest.mark.parametrize("role", ROLES)
def test_draft_need_page_is_hidden(client, market, role):
    if role != "anonymous":
        client.force_login(market["users"][role])
    response = client.get(f"/needs/{market['draft_need'].pk}/")
    assert response.status_code == (200 if role in {"editor_b", "admin"} else 404)
